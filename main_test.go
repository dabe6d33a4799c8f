package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestVaultArg: a vault file as the only argument (double-click, "open
// with", a drop on the program) opens the GUI; commands and typos do not.
func TestVaultArg(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "台账 2026.dat")
	if err := os.WriteFile(existing, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{filepath.Join(dir, "新建 备案台账.beianvault")}, true}, // not there yet: the GUI says so
		{[]string{`C:\Users\张三\Documents\备案台账.BEIANVAULT`}, true},
		{[]string{existing}, true},
		{[]string{"list"}, false},
		{[]string{"help"}, false},
		{[]string{"gui"}, false},
		{[]string{"lsit"}, false}, // a typo stays an unknown command
		{[]string{"--help"}, false},
		{[]string{dir}, false}, // a folder is no vault
		{[]string{"verify", existing}, false},
		{nil, false},
	} {
		got, ok := vaultArg(tc.args)
		if ok != tc.want || ok && got != tc.args[0] {
			t.Errorf("vaultArg(%q) = %q, %v; want %v", tc.args, got, ok, tc.want)
		}
	}
}
