package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A record carrying terminal controls: an OSC that retitles the terminal
// (ended by BEL), a CSI that clears the screen, a C1 CSI, DEL, and the
// right-to-left override that turns the rest of the line around.
const (
	evilName  = "官网\x1b]0;pwned\x07\u202etxt.exe"
	evilLogin = "admin\x1b[2J\u009b31m\x7f"
	evilNotes = "first\nforged line\u2066"
)

func TestListAndShowEscapeControls(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "t.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	run := func(args ...string) result { t.Helper(); return runCLI(t, env, args...) }
	expect(t, run(append([]string{"init"}, cheap...)...), 0, "init")
	expect(t, run("add", "entity", "--name", "示例\x1b[31m公司"), 0, "add entity")
	expect(t, run("add", "site", "--number", "京ICP备2021012345号-1", "--name", evilName, "--domains", "example.cn", "--entity", "示例\x1b[31m公司"), 0, "add site")
	r := runStdin(t, os.Args[0], nil, env, "secret\x1b]52;c;ZXZpbA==\x07\n", "add", "credential", "--site", "example.cn", "--login", evilLogin, "--notes", evilNotes, "--secret-stdin")
	expect(t, r, 0, "add credential")

	raw := func(what, s string) {
		t.Helper()
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\u009b", "\x7f", "\u2066"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s prints %q raw:\n%q", what, bad, s)
			}
		}
	}
	for _, args := range [][]string{{"list"}, {"search", "官网"}, {"show", "example.cn"}, {"show", "example.cn", "--reveal"}, {"due", "--within", "3650"}} {
		r := run(args...)
		expect(t, r, 0, strings.Join(args, " "))
		raw(strings.Join(args, " "), r.stdout)
		if !strings.Contains(r.stdout, `官网\x1b]0;pwned\x07\u202etxt.exe`) {
			t.Errorf("%v does not show the name with visible escapes:\n%s", args, r.stdout)
		}
	}
	r = run("show", "example.cn", "--reveal")
	for _, want := range []string{`admin\x1b[2J\x9b31m\x7f`, `secret\x1b]52;c;ZXZpbA==\x07`, `示例\x1b[31m公司`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %s:\n%s", want, r.stdout)
		}
	}

	// JSON escapes them too, and decodes to the very values.
	r = run("list", "--json")
	raw("list --json", r.stdout)
	var sites []struct{ Name, Entity string }
	if err := json.Unmarshal([]byte(r.stdout), &sites); err != nil || len(sites) != 1 || sites[0].Name != evilName {
		t.Errorf("list --json: %v %q", err, r.stdout)
	}
	r = run("show", "example.cn", "--json", "--reveal")
	raw("show --json", r.stdout)
	var sh struct {
		Credentials []struct {
			Login  string `json:"login"`
			Notes  string `json:"notes"`
			Secret string `json:"secret"`
		} `json:"credentials"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sh); err != nil || len(sh.Credentials) != 1 ||
		sh.Credentials[0].Login != evilLogin || sh.Credentials[0].Notes != evilNotes || sh.Credentials[0].Secret != "secret\x1b]52;c;ZXZpbA==\x07" {
		t.Errorf("show --json: %v %+v", err, sh)
	}
}

func TestTermSafe(t *testing.T) {
	for in, want := range map[string]string{
		"备案台账":      "备案台账",
		"a\x00b":    `a\x00b`,
		"\xff\xfe":  `\xff\xfe`,
		"x\u2028y":  `x\u2028y`,
		"tab\there": `tab\there`,
		"é café ü":  "é café ü",
	} {
		if got := termSafe(in); got != want {
			t.Errorf("termSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// A revealed secret is written from its bytes as encoding/json writes
// the same text as a string.
func TestSecretJSONMatchesEncoding(t *testing.T) {
	for _, s := range []string{"", "hunter2", `a"b\c`, "\x00\x1b\n\t\r\b\f", "口令\u2028", "\xff\xfe", "</script>&"} {
		got, err := json.Marshal(struct {
			S secretJSON `json:"s,omitempty"`
		}{secretJSON(s)})
		if err != nil {
			t.Fatal(err)
		}
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.Encode(struct {
			S string `json:"s"`
		}{s})
		if s == "" {
			if string(got) != "{}" {
				t.Errorf("empty secret written: %s", got)
			}
			continue
		}
		if string(got) != strings.TrimSpace(buf.String()) {
			t.Errorf("%q: %s, encoding/json %s", s, got, buf.String())
		}
	}
}

// Import problems quote headers and cells of the file being imported.
func TestImportProblemsEscapeControls(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "t.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	expect(t, runCLI(t, env, append([]string{"init"}, cheap...)...), 0, "init")
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("网站备案号,网站名称,登录名,登录密码\x1b]0;pwned\x07\n京ICP备2021012345号-1,官网,admin,pw\n"), 0o600)
	r := runCLI(t, env, "import", in, "--dry-run")
	if strings.Contains(r.stderr, "\x1b") || strings.Contains(r.stderr, "\x07") || !strings.Contains(r.stderr, `登录密码\x1b]0;pwned\x07`) {
		t.Errorf("import problems:\n%q", r.stderr)
	}
}
