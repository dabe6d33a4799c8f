package cli

import (
	"bytes"
	"strings"
	"testing"
)

// allCommands is every runnable command by its full name ("access list").
func allCommands() map[string]*command {
	m := map[string]*command{}
	for _, c := range commands() {
		if c.sub == nil {
			m[c.name] = c
		}
		for _, s := range c.sub {
			m[c.name+" "+s.name] = s
		}
	}
	return m
}

// TestHelpMatchesCommands: every command has its help, every flag it lists
// has a line, and the command-specific flags it lists are exactly the ones
// the command accepts (a flag it does not take fails before anything else
// with "does not apply").
func TestHelpMatchesCommands(t *testing.T) {
	names := newCtx("x", Env{})
	specific := func(n string) bool {
		_, s := names.strs[n]
		_, i := names.ints[n]
		_, b := names.bools[n]
		_, l := names.lists[n]
		return s || i || b || l
	}
	for name, cmd := range allCommands() {
		h, ok := helps[name]
		if !ok {
			t.Errorf("%s has no help", name)
			continue
		}
		listed := map[string]bool{}
		for _, f := range h.flags {
			listed[f] = true
			if d, ok := flagDocs[f]; !ok || d.line(name) == "" {
				t.Errorf("%s --%s has no line of help", name, f)
			}
		}
		if name == "add" {
			continue // checked per kind in TestAddHelpKinds
		}
		var takes []string
		c := newCtx(name, Env{Getenv: func(string) string { return "" }})
		c.probe = &takes
		if err := cmd.run(c); err != errProbe {
			t.Errorf("%s did not check its flags first: %v", name, err)
			continue
		}
		want := map[string]bool{}
		for _, f := range takes {
			want[f] = true
			if !listed[f] {
				t.Errorf("%s takes --%s, which its help does not list", name, f)
			}
		}
		for f := range listed {
			if specific(f) && !want[f] {
				t.Errorf("%s --help lists --%s, which it does not take", name, f)
			}
		}
	}
	for f := range flagDocs {
		if f != "vault" && f != "password-file" && f != "identity" && f != "recovery-key-file" && f != "lock-timeout" && f != "json" && f != "accept-rollback" && f != "accept-changes" && !specific(f) {
			t.Errorf("help describes --%s, which no command has", f)
		}
	}
}

// TestAddHelpKinds: add's per-kind lists name flags add has.
func TestAddHelpKinds(t *testing.T) {
	h := helps["add"]
	all := map[string]bool{}
	for _, f := range h.flags {
		all[f] = true
	}
	for _, k := range h.kinds {
		for _, f := range strings.Fields(k[1]) {
			if !all[f] {
				t.Errorf("add %s --%s is not among add's flags", k[0], f)
			}
		}
	}
}

// TestCommandHelp: `COMMAND --help` shows that command's flags, each with
// a line, and no other command's; demo says where its passphrase comes from.
func TestCommandHelp(t *testing.T) {
	help := func(args ...string) string {
		var out, errb bytes.Buffer
		if code := Main(args, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}); code != ExitOK {
			t.Fatalf("%v: exit %d, %s", args, code, errb.String())
		}
		return out.String()
	}
	demo := help("demo", "--help")
	for _, want := range []string{"--out FILE", "--sites N", "BEIANLEDGER_PASSWORD", "--password-file", "口令"} {
		if !strings.Contains(demo, want) {
			t.Errorf("demo --help lacks %q:\n%s", want, demo)
		}
	}
	for _, not := range []string{"--include-secrets", "--matter", "--vault"} {
		if strings.Contains(demo, not) {
			t.Errorf("demo --help shows %s, which demo does not take", not)
		}
	}
	verify := help("verify", "-h")
	if !strings.Contains(verify, "--vault PATH") || strings.Contains(verify, "--sites") {
		t.Errorf("verify --help:\n%s", verify)
	}
	for _, l := range strings.Split(help("access", "add-passphrase", "--help"), "\n") {
		if strings.HasPrefix(l, "  --") && len(strings.Fields(l)) < 2 {
			t.Errorf("a flag without its line: %q", l)
		}
	}
}
