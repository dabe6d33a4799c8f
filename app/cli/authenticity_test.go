package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"beianledger/vault"
)

// The known-vaults memory through the command line: a rollback and a way in
// added by someone else are refused with exit 4, a message in Chinese and
// English that names the versions or the way in and who signed, and the
// flag that goes on; the honest saves of others are not.
func TestCLIReportsRollbackAndNewWaysIn(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "台账.beianvault")
	adminPC, contactPC := t.TempDir(), t.TempDir()
	admin := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=管理员口令", vault.KnownDirEnv + "=" + adminPC}
	expect(t, runCLI(t, admin, append([]string{"init", "--label", "王五 (管理员)"}, cheap...)...), 0, "init")

	idf := filepath.Join(dir, "zhangsan.identity")
	r := runCLI(t, []string{"BEIANLEDGER_PASSWORD=张三的口令"}, append([]string{"keygen", "--out", idf}, cheap...)...)
	expect(t, r, 0, "keygen")
	expect(t, runCLI(t, admin, "access", "add-recipient", "--recipient", strings.TrimSpace(r.stdout), "--label", "张三 (备用联系人)"), 0, "add-recipient")

	// The contact saves on their computer: no warning for the administrator.
	contact := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=张三的口令", vault.KnownDirEnv + "=" + contactPC}
	expect(t, runCLI(t, contact, "add", "entity", "--name", "北京示例科技有限公司", "--identity", idf), 0, "contact's save")
	r = runCLI(t, admin, "verify")
	expect(t, r, 0, "verify after the contact's save")
	if !strings.Contains(r.stdout, `signed by "张三 (备用联系人)"`) {
		t.Errorf("verify does not say who saved: %s", r.stdout)
	}

	// The contact adds a passphrase of their own: news to the administrator.
	expect(t, runCLI(t, append(contact, "BEIANLEDGER_NEW_PASSWORD=第二个口令"), append([]string{"access", "add-passphrase", "--label", "张三的口令", "--identity", idf}, cheap...)...), 0, "contact adds a way in")
	r = runCLI(t, admin, "list")
	expect(t, r, 4, "admin opens after a way in was added elsewhere")
	for _, want := range []string{"新增了进入方式", "张三的口令", "此文件由“张三 (备用联系人)”签名", "--accept-changes", "Way in added"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("message lacks %q:\n%s", want, r.stderr)
		}
	}
	expect(t, runCLI(t, admin, "list", "--accept-changes"), 0, "accepted")
	expect(t, runCLI(t, admin, "list"), 0, "expected from now on")

	// An older copy put back by hand.
	bs, err := vault.ListBackups(vp)
	if err != nil || len(bs) < 2 {
		t.Fatalf("backups: %v %v", bs, err)
	}
	old, _ := os.ReadFile(bs[1].Path)
	os.WriteFile(vp, old, 0o600)
	r = runCLI(t, admin, "verify")
	expect(t, r, 4, "rollback")
	for _, want := range []string{"版本倒退", "--accept-rollback", "Rolled back"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("rollback message lacks %q:\n%s", want, r.stderr)
		}
	}
	// Restoring one's own backup is not a rollback.
	expect(t, runCLI(t, admin, "backups", "restore", "1"), 0, "restore")
	expect(t, runCLI(t, admin, "verify"), 0, "verify after one's own restore")
}
