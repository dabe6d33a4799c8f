package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"beianledger/ledger"
	"beianledger/ledger/letter"
	"beianledger/vault"
)

// TestLetterStoredTemplate: `letter` uses the template kept in the vault
// (as the Letters screen stores it) unless --builtin or --template-file.
func TestLetterStoredTemplate(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "l.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_TODAY=2026-11-24"}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "3"}, cheap...)...), 0, "demo")
	var sites []map[string]any
	json.Unmarshal([]byte(runCLI(t, env, "list", "--json").stdout), &sites)
	number := sites[0]["number"].(string)

	// Store a user copy the way the GUI does.
	src, _ := letter.Builtin(letter.KindSituation)
	src = strings.Replace(src, "# 情况说明", "# 特殊情况说明（本单位格式）", 1)
	v, err := vault.Open(vp, vault.NewPassphrase([]byte("pw"), vault.TestKDF), vault.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = v.Store().Write(func(w ledger.Writer) error { return letter.StoreTemplate(w, letter.KindSituation, src) })
	v.Lock()
	if err != nil {
		t.Fatal(err)
	}

	title := func(args ...string) (string, result) {
		t.Helper()
		out := filepath.Join(dir, "s.docx")
		os.Remove(out)
		r := runCLI(t, env, append([]string{"letter", letter.KindSituation, "--site", number, "--format", "docx", "--out", out}, args...)...)
		b, _ := os.ReadFile(out)
		if len(b) == 0 {
			return "", r
		}
		return docxText(t, b), r
	}
	txt, r := title()
	expect(t, r, 0, "letter with the stored copy")
	if !strings.Contains(txt, "特殊情况说明（本单位格式）") || !strings.Contains(r.stderr, "kept in the vault") {
		t.Errorf("stored copy not used: %q\n%s", txt[:min(80, len(txt))], r.stderr)
	}
	txt, r = title("--builtin")
	expect(t, r, 0, "letter --builtin")
	if strings.Contains(txt, "本单位格式") || !strings.Contains(txt, "情况说明") || strings.Contains(r.stderr, "kept in the vault") {
		t.Errorf("--builtin used the stored copy: %q", txt[:min(80, len(txt))])
	}
	mine := filepath.Join(dir, "mine.tmpl")
	os.WriteFile(mine, []byte("# 文件里的模板\n\n{{blank \"主体名称 Entity name\" .EntityName}}\n"), 0o600)
	txt, r = title("--template-file", mine)
	expect(t, r, 0, "letter --template-file")
	if !strings.Contains(txt, "文件里的模板") || strings.Contains(txt, "本单位格式") {
		t.Errorf("--template-file lost to the stored copy: %q", txt)
	}
	// Another kind is not affected.
	out := filepath.Join(dir, "a.docx")
	r = runCLI(t, env, "letter", letter.KindAgent, "--site", number, "--format", "docx", "--out", out)
	expect(t, r, 0, "agent letter")
	if strings.Contains(r.stderr, "kept in the vault") {
		t.Error("agent letter used a stored copy")
	}
}

// docxText is the text of a DOCX's document part, tags dropped.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		x, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(x), "")
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestLetterMattersAndTerm: --matter (repeatable) and --term-to replace the
// default 委托事项 and term in the PDF and the DOCX; a term that ends before
// it starts is a usage error (exit 2) that names both dates.
func TestLetterMattersAndTerm(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "l.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_TODAY=2026-11-24"}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "2"}, cheap...)...), 0, "demo")
	var sites []map[string]any
	json.Unmarshal([]byte(runCLI(t, env, "list", "--json").stdout), &sites)
	number := sites[0]["number"].(string)

	const m1, m2 = "代为向接入商申请注销网站备案；", "代为领取注销通知。"
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, f := range []string{"pdf", "docx"} {
		out := filepath.Join(dir, "a."+f)
		r := runCLI(t, env, "letter", letter.KindAgent, "--site", number, "--format", f, "--out", out,
			"--matter", m1, "--matter", "2. "+m2, "--term-to", "2027-03-31")
		expect(t, r, 0, "letter with --matter and --term-to ("+f+")")
		b, _ := os.ReadFile(out)
		var txt string
		if f == "docx" {
			txt = docxText(t, b)
		} else {
			if _, err := exec.LookPath("pdftotext"); err != nil {
				continue
			}
			o, err := exec.Command("pdftotext", "-layout", out, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			txt = string(o)
		}
		txt = squash(txt)
		for _, w := range []string{"1." + m1, "2." + m2, "自2026年11月24日起至2027年3月31日止"} {
			if !strings.Contains(txt, w) {
				t.Errorf("%s: %q not found", f, w)
			}
		}
		if strings.Contains(txt, squash(letter.DefaultMatters(letter.KindAgent)[0])) || strings.Contains(txt, "2.2.") {
			t.Errorf("%s: default matters kept, or the typed number doubled", f)
		}
	}

	out := filepath.Join(dir, "bad.pdf")
	r := runCLI(t, env, "letter", letter.KindAgent, "--site", number, "--format", "pdf", "--out", out, "--term-to", "2026-11-01")
	expect(t, r, 2, "term end before the letter date")
	if !strings.Contains(r.stderr, "ends before it starts") || !strings.Contains(r.stderr, "2026-11-01") || !strings.Contains(r.stderr, "2026-11-24") {
		t.Errorf("message %q does not say the term ends before it starts", r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a letter was written for an impossible term")
	}
	r = runCLI(t, env, "letter", letter.KindAgent, "--site", number, "--format", "pdf", "--out", out, "--term-from", "2027-01-10", "--term-to", "2027-01-09")
	expect(t, r, 2, "term end before --term-from")
	expect(t, runCLI(t, env, "letter", letter.KindAgent, "--site", number, "--format", "pdf", "--out", out, "--term-to", "2026-02-30"), 2, "impossible --term-to")
	expect(t, runCLI(t, env, "letter", letter.KindAgent, "--site", number, "--format", "pdf", "--out", out, "--matter", " "), 2, "empty --matter")
	expect(t, runCLI(t, env, "list", "--matter", "x"), 2, "--matter on another command")
}
