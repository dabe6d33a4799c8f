package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_TODAY=2026-11-24"}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", src, "--sites", "30"}, cheap...)...), 0, "demo")
	srcEnv := append(env, "BEIANLEDGER_VAULT="+src)
	for _, f := range []string{"xlsx", "csv"} {
		out := filepath.Join(dir, "ledger."+f)
		r := runCLI(t, srcEnv, "export", "--format", f, "--out", out, "--include-secrets")
		expect(t, r, 0, "export "+f)
		if !strings.Contains(r.stderr, "clear text") {
			t.Errorf("no clear-text warning: %s", r.stderr)
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("export file: %v %v", fi, err)
		}
		dst := filepath.Join(dir, "dst-"+f+".beianvault")
		dstEnv := append(env, "BEIANLEDGER_VAULT="+dst)
		expect(t, runCLI(t, dstEnv, append([]string{"init"}, cheap...)...), 0, "init dst")
		r = runCLI(t, dstEnv, "import", out, "--dry-run", "--json")
		expect(t, r, 0, "dry run")
		var dry struct {
			Summary struct{ Sites, Errors int } `json:"summary"`
		}
		json.Unmarshal([]byte(r.stdout), &dry)
		if dry.Summary.Sites != 30 || dry.Summary.Errors != 0 {
			t.Fatalf("dry run: %s", r.stdout)
		}
		r = runCLI(t, dstEnv, "list", "--json")
		if strings.TrimSpace(r.stdout) != "[]" {
			t.Fatalf("dry run wrote: %s", r.stdout)
		}
		expect(t, runCLI(t, dstEnv, "import", out), 0, "import "+f)
		a := runCLI(t, srcEnv, "list", "--json")
		b := runCLI(t, dstEnv, "list", "--json")
		if strip(a.stdout) != strip(b.stdout) {
			t.Errorf("%s round trip differs:\n%s\n%s", f, a.stdout[:min(400, len(a.stdout))], b.stdout[:min(400, len(b.stdout))])
		}
	}
	// A sheet with an impossible date is refused and changes nothing.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("网站备案号,网站名称,首次备案日期\n京ICP备2021012345号-1,官网,2023-02-29\n"), 0o600)
	r := runCLI(t, srcEnv, "import", bad)
	expect(t, r, 1, "import bad date")
	if !strings.Contains(r.stderr, "2023-02-29") || !strings.Contains(r.stderr, "nothing was written") {
		t.Errorf("bad import message: %s", r.stderr)
	}
	png := filepath.Join(dir, "photo.xlsx")
	os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o600)
	expect(t, runCLI(t, srcEnv, "import", png), 1, "png renamed xlsx")
}

// strip drops ids, which differ between vaults, from list --json output.
func strip(s string) string {
	var rows []map[string]any
	json.Unmarshal([]byte(s), &rows)
	for _, r := range rows {
		delete(r, "id")
	}
	b, _ := json.Marshal(rows)
	return string(b)
}

func TestLetterCommand(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "l.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_TODAY=2026-11-24"}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "5"}, cheap...)...), 0, "demo")
	r := runCLI(t, env, "list", "--json")
	var sites []map[string]any
	json.Unmarshal([]byte(r.stdout), &sites)
	number := sites[0]["number"].(string)
	for _, kind := range []string{"recovery-authorisation", "agent-authorisation", "situation-statement", "materials-checklist", "emergency-kit"} {
		for _, f := range []string{"pdf", "docx"} {
			out := filepath.Join(dir, kind+"."+f)
			r := runCLI(t, env, "letter", kind, "--site", number, "--format", f, "--out", out, "--agent-name", "王芳")
			expect(t, r, 0, "letter "+kind+" "+f)
			data, _ := os.ReadFile(out)
			magic := map[string]string{"pdf": "%PDF", "docx": "PK"}[f]
			if !strings.HasPrefix(string(data), magic) {
				t.Errorf("%s.%s is not a %s", kind, f, f)
			}
		}
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", filepath.Join(dir, "agent-authorisation.pdf"), "-").Output()
		if err != nil || !strings.Contains(string(out), number) || !strings.Contains(string(out), "2026年11月24日") || !strings.Contains(string(out), "王芳") {
			t.Errorf("letter text: %v\n%s", err, out)
		}
		// --addressee names the company the letter is addressed to.
		f := filepath.Join(dir, "to.pdf")
		expect(t, runCLI(t, env, "letter", "agent-authorisation", "--site", number, "--format", "pdf", "--out", f, "--addressee", "某某网络科技有限公司"), 0, "letter --addressee")
		out, err = exec.Command("pdftotext", f, "-").Output()
		if err != nil || !strings.Contains(string(out), "致：某某网络科技有限公司") {
			t.Errorf("--addressee not used: %v\n%s", err, out)
		}
		// --scenario states the guide scenario's facts in a statement.
		expect(t, runCLI(t, env, "letter", "situation-statement", "--site", number, "--format", "pdf", "--out", f, "--scenario", "responsible-left"), 0, "letter --scenario")
		out, err = exec.Command("pdftotext", f, "-").Output()
		if err != nil || !strings.Contains(strings.Join(strings.Fields(string(out)), ""), "已停用或不再由本人使用，无法接收12381") {
			t.Errorf("--scenario facts not stated: %v\n%s", err, out)
		}
	}
	bad := filepath.Join(dir, "mine.tmpl")
	os.WriteFile(bad, []byte("# 我的授权书\n\n{{.Entity.Name}\n"), 0o600)
	r = runCLI(t, env, "letter", "x", "--site", number, "--format", "pdf", "--out", filepath.Join(dir, "m.pdf"), "--template-file", bad)
	expect(t, r, 2, "broken user template")
	if !strings.Contains(r.stderr, "mine.tmpl") || !strings.Contains(r.stderr, ":3") {
		t.Errorf("broken template error does not name the line: %s", r.stderr)
	}
	expect(t, runCLI(t, env, "letter", "no-such", "--site", number, "--format", "pdf", "--out", filepath.Join(dir, "n.pdf")), 2, "unknown template")
}
