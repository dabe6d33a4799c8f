//go:build unix

package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"beianledger/ledger/letter"
)

// Every command that writes a file the user names replays the attack of
// the security review: someone who can write the destination folder
// pre-creates the file world-readable (and keeps it open), or puts a
// symbolic link there. The secret must end up only in a new 0600 file,
// and a link must be refused with its target untouched.
func TestOutputFilesArePrivateAndNew(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "v.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_TODAY=2026-11-24"}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "3"}, cheap...)...), 0, "demo")
	var sites []map[string]any
	json.Unmarshal([]byte(runCLI(t, env, "list", "--json").stdout), &sites)
	number := sites[0]["number"].(string)
	scan := filepath.Join(dir, "scan.pdf")
	os.WriteFile(scan, []byte("%PDF-1.7 licence scan"), 0o600)
	expect(t, runCLI(t, env, "attach", "add", "--to", "site:"+number, scan), 0, "attach add")
	var atts []map[string]any
	json.Unmarshal([]byte(runCLI(t, env, "attach", "list", "--to", "site:"+number, "--json").stdout), &atts)
	if len(atts) != 1 {
		t.Fatal("no attachment")
	}
	attID := atts[0]["id"].(string)

	cmds := map[string]func(out string) []string{
		"export csv": func(o string) []string { return []string{"export", "--format", "csv", "--include-secrets", "--out", o} },
		"export xlsx": func(o string) []string {
			return []string{"export", "--format", "xlsx", "--include-secrets", "--out", o}
		},
		"export json": func(o string) []string {
			return []string{"export", "--format", "json", "--include-secrets", "--out", o}
		},
		"export": func(o string) []string { return []string{"export", "--format", "csv", "--out", o} },
		"letter": func(o string) []string {
			return []string{"letter", letter.KindSituation, "--site", number, "--format", "docx", "--out", o}
		},
		"ics":        func(o string) []string { return []string{"ics", "--out", o} },
		"attach get": func(o string) []string { return []string{"attach", "get", attID, "--force", "--out", o} },
	}
	for name, args := range cmds {
		t.Run(strings.ReplaceAll(name, " ", "-"), func(t *testing.T) {
			d := t.TempDir()
			out := filepath.Join(d, "out")
			os.WriteFile(out, []byte("bait"), 0o666)
			os.Chmod(out, 0o666)
			spy, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer spy.Close()
			var before syscall.Stat_t
			syscall.Stat(out, &before)
			expect(t, runCLI(t, env, args(out)...), 0, name)
			var after syscall.Stat_t
			if err := syscall.Lstat(out, &after); err != nil {
				t.Fatal(err)
			}
			if after.Mode&0o777 != 0o600 || after.Mode&syscall.S_IFMT != syscall.S_IFREG {
				t.Errorf("mode %o, want a regular file 0600", after.Mode)
			}
			if after.Ino == before.Ino {
				t.Error("wrote into the pre-created file instead of replacing it")
			}
			b := make([]byte, 16)
			if n, _ := spy.ReadAt(b, 0); string(b[:n]) != "bait" {
				t.Errorf("the pre-created file's holder reads %q", b[:n])
			}
			if ents, _ := os.ReadDir(d); len(ents) != 1 {
				t.Errorf("left beside the output: %v", ents)
			}

			// A symbolic link at the destination is refused.
			victim := filepath.Join(d, "victim")
			os.WriteFile(victim, []byte("untouched"), 0o644)
			link := filepath.Join(d, "link")
			os.Symlink(victim, link)
			r := runCLI(t, env, args(link)...)
			expect(t, r, 1, name+" through a link")
			if !strings.Contains(r.stderr, "symbolic link") {
				t.Errorf("message: %s", r.stderr)
			}
			if b, _ := os.ReadFile(victim); string(b) != "untouched" {
				t.Errorf("the link's target now holds %q", b)
			}
			if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
				t.Error("the link itself was replaced")
			}
		})
	}
}
