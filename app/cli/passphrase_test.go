package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// access change-passphrase: a weak new passphrase is refused and changes
// nothing; a strong one replaces the old, the other ways in still open,
// and this computer (the same known-vaults folder) asks nothing.
func TestChangePassphrase(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "台账.beianvault")
	known := "BEIANLEDGER_KNOWN_DIR=" + filepath.Join(dir, "known")
	oldPass := "BEIANLEDGER_PASSWORD=旧口令 old pass"
	admin := []string{"BEIANLEDGER_VAULT=" + vp, known, oldPass}
	expect(t, runCLI(t, admin, append([]string{"init", "--label", "王五"}, cheap...)...), 0, "init")
	rkf := filepath.Join(dir, "recovery.txt")
	expect(t, runCLI(t, admin, "access", "add-recovery-key", "--out", rkf), 0, "add-recovery-key")
	expect(t, runCLI(t, append(admin, "BEIANLEDGER_NEW_PASSWORD=second pass"), append([]string{"access", "add-passphrase", "--label", "李四"}, cheap...)...), 0, "add-passphrase")

	r := runCLI(t, append(admin, "BEIANLEDGER_NEW_PASSWORD=abc"), append([]string{"access", "change-passphrase"}, cheap...)...)
	expect(t, r, 2, "a weak new passphrase")
	if !strings.Contains(r.stderr, "新口令太弱") {
		t.Errorf("the refusal does not say why in Chinese: %s", r.stderr)
	}
	expect(t, runCLI(t, admin, "verify"), 0, "the old passphrase after the refusal")

	newPass := "BEIANLEDGER_PASSWORD=青山 绿水 慢慢 走过 2026"
	r = runCLI(t, append(admin, "BEIANLEDGER_NEW_PASSWORD=青山 绿水 慢慢 走过 2026"), append([]string{"access", "change-passphrase"}, cheap...)...)
	expect(t, r, 0, "change-passphrase")
	if !strings.Contains(r.stdout, "changed the passphrase") {
		t.Errorf("stdout: %s", r.stdout)
	}
	expect(t, runCLI(t, admin, "verify"), 3, "the old passphrase after the change")
	r = runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp, known, newPass}, "verify")
	expect(t, r, 0, "the new passphrase on this computer")
	expect(t, runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp, known, "BEIANLEDGER_PASSWORD=second pass"}, "verify"), 0, "the other passphrase")
	expect(t, runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp, known}, "verify", "--recovery-key-file", rkf), 0, "the recovery key")
	r = runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp, known, newPass}, "list", "--json")
	expect(t, r, 0, "list")
	// Opened with the recovery key there is no passphrase to change.
	r = runCLI(t, []string{"BEIANLEDGER_VAULT=" + vp, known, "BEIANLEDGER_PASSWORD=x", "BEIANLEDGER_NEW_PASSWORD=青山 绿水 慢慢 走过 2027"}, append([]string{"access", "change-passphrase", "--recovery-key-file", rkf}, cheap...)...)
	if r.code == 0 {
		t.Fatalf("changed a passphrase in a recovery-key session: %s", r.stdout)
	}
}
