package cli

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"beianledger/ledger"
	"beianledger/vault"
)

func TestAttachEndToEnd(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "a.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	run := func(args ...string) result { t.Helper(); return runCLI(t, env, args...) }
	expect(t, run(append([]string{"init"}, cheap...)...), 0, "init")
	expect(t, run("add", "entity", "--name", "北京示例科技有限公司"), 0, "add entity")
	expect(t, run("add", "site", "--number", "京ICP备2021012345号-1", "--name", "示例官网", "--domains", "example.cn", "--entity", "北京示例科技有限公司"), 0, "add site")
	expect(t, run("add", "credential", "--site", "example.cn", "--login", "admin@example.cn"), 0, "add credential")
	var sh struct {
		Credentials []struct {
			ID string `json:"id"`
		} `json:"credentials"`
	}
	json.Unmarshal([]byte(run("show", "example.cn", "--json").stdout), &sh)
	if len(sh.Credentials) != 1 {
		t.Fatal("no credential")
	}
	credID := sh.Credentials[0].ID

	scan := make([]byte, 300<<10)
	rand.Read(scan)
	scanPath := filepath.Join(dir, "营业执照.jpg")
	letterPath := filepath.Join(dir, "letter.pdf")
	os.WriteFile(scanPath, scan, 0o644)
	os.WriteFile(letterPath, []byte("%PDF-1.7 stamped"), 0o644)

	// add by filing number (any spelling) and by domain; list as JSON
	expect(t, run("attach", "add", "--to", "site:京ICP备2021012345号-1", scanPath), 0, "attach to site by number")
	expect(t, run("attach", "add", "--to", "site:https://EXAMPLE.cn/", letterPath), 0, "attach to site by domain")
	r := run("attach", "list", "--to", "site:example.cn", "--json")
	expect(t, r, 0, "list")
	var list []ledger.Attachment
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 2 {
		t.Fatalf("list --json: %v %s", err, r.stdout)
	}
	if list[0].Name != "letter.pdf" || list[0].MediaType != "application/pdf" || list[1].Name != "营业执照.jpg" || list[1].Size != int64(len(scan)) {
		t.Errorf("list: %+v", list)
	}
	r = run("attach", "list", "--to", "site:example.cn")
	if !strings.Contains(r.stdout, "营业执照.jpg") || !strings.Contains(r.stdout, "300.0 KiB") {
		t.Errorf("list table: %s", r.stdout)
	}

	// get: byte for byte, 0600, never over an existing file without --force
	out := filepath.Join(dir, "out.jpg")
	expect(t, run("attach", "get", list[1].ID, "--out", out), 0, "get")
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, scan) {
		t.Fatal("round trip changed the bytes")
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("written with mode %v", fi.Mode().Perm())
	}
	r = run("attach", "get", list[0].ID, "--out", out)
	expect(t, r, 1, "get over an existing file")
	if !strings.Contains(r.stderr, "already exists") {
		t.Errorf("overwrite message: %s", r.stderr)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, scan) {
		t.Fatal("a refused get changed the file")
	}
	expect(t, run("attach", "get", list[0].ID, "--out", out, "--force"), 0, "get --force")
	if got, _ := os.ReadFile(out); string(got) != "%PDF-1.7 stamped" {
		t.Fatalf("--force wrote %q", got)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("--force left mode %v", fi.Mode().Perm())
	}

	// 10 MiB + 1 byte is refused, saying the limit, and nothing changes.
	big := filepath.Join(dir, "big.tif")
	os.WriteFile(big, make([]byte, ledger.MaxAttachmentSize+1), 0o644)
	before, _ := os.ReadFile(vp)
	r = run("attach", "add", "--to", "credential:"+credID, letterPath, big)
	expect(t, r, 1, "oversize")
	if !strings.Contains(r.stderr, "big.tif") || !strings.Contains(r.stderr, "limit is 10485760 bytes (10.0 MiB)") {
		t.Errorf("oversize message: %s", r.stderr)
	}
	if after, _ := os.ReadFile(vp); !bytes.Equal(before, after) {
		t.Error("a refused attach changed the vault")
	}

	// wrong ids and owners
	r = run("attach", "get", "no-such-attachment", "--out", filepath.Join(dir, "x"))
	expect(t, r, 1, "get unknown id")
	if !strings.Contains(r.stderr, `attachment "no-such-attachment": not found`) {
		t.Errorf("unknown id message: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Error("a failed get left a file")
	}
	expect(t, run("attach", "rm", "no-such-attachment"), 1, "rm unknown id")
	expect(t, run("attach", "list", "--to", "site:nowhere.example"), 1, "unknown site")
	expect(t, run("attach", "list", "--to", "provider:x"), 2, "unknown kind")
	expect(t, run("attach", "list"), 2, "no --to")
	expect(t, run("attach", "add", "--to", "site:example.cn", filepath.Join(dir, "missing")), 1, "missing file")

	// rm
	expect(t, run("attach", "rm", list[0].ID), 0, "rm")
	json.Unmarshal([]byte(run("attach", "list", "--to", "site:example.cn", "--json").stdout), &list)
	if len(list) != 1 || list[0].Name != "营业执照.jpg" {
		t.Errorf("after rm: %+v", list)
	}

	// A deleted credential takes its attachments with it.
	r = run("attach", "add", "--to", "credential:"+credID, "--json", letterPath)
	expect(t, r, 0, "attach to credential")
	var added []ledger.Attachment
	json.Unmarshal([]byte(r.stdout), &added)
	if len(added) != 1 {
		t.Fatalf("add --json: %s", r.stdout)
	}
	v, err := vault.Open(vp, vault.NewPassphrase([]byte("pw"), vault.KDFParams{}), vault.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = v.Store().Write(func(w ledger.Writer) error { return w.Delete("credential", credID) })
	v.Lock()
	if err != nil {
		t.Fatal(err)
	}
	expect(t, run("attach", "list", "--to", "credential:"+credID), 1, "list of a deleted credential")
	expect(t, run("attach", "get", added[0].ID, "--out", filepath.Join(dir, "gone")), 1, "get of a deleted credential's attachment")
	expect(t, run("verify"), 0, "verify")
}
