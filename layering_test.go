package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering enforces the two hard rules of the architecture: the domain
// and the vault never depend on the GUI toolkit, the GUI never touches SQL,
// and the CLI never pulls in a GUI driver (it must run with no display).
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH")
	}
	deps := func(pkgs ...string) map[string]bool {
		args := append([]string{"list", "-deps"}, pkgs...)
		out, err := exec.Command("go", args...).Output()
		if err != nil {
			t.Fatalf("go list -deps %v: %v", pkgs, err)
		}
		m := map[string]bool{}
		for _, l := range strings.Fields(string(out)) {
			m[l] = true
		}
		return m
	}
	for _, root := range []string{"./ledger/...", "./vault/...", "./app/cli/...", "./assets/..."} {
		for d := range deps(root) {
			if strings.HasPrefix(d, "fyne.io/") {
				t.Errorf("%s depends on %s: keep it free of the GUI toolkit", root, d)
			}
		}
	}
	// The GUI may reach SQL through the vault facade, never directly.
	out, err := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "./app/gui/...").Output()
	if err != nil {
		t.Fatalf("go list ./app/gui/...: %v", err)
	}
	for _, d := range strings.Fields(string(out)) {
		if d == "database/sql" || strings.HasPrefix(d, "modernc.org/sqlite") {
			t.Errorf("app/gui imports %s: talk to the ledger, not to SQL", d)
		}
	}
	for d := range deps("./ledger/...") {
		if d == "database/sql" {
			t.Errorf("ledger depends on database/sql: SQL belongs in vault/")
		}
	}
}
