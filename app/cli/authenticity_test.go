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

// A sync tool's conflict copy: verify names it, merge takes its changes
// and moves it into the backups folder, conflicts lists what both changed.
func TestCLIMergesASyncConflictCopy(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "台账.beianvault")
	cp := filepath.Join(dir, "台账.sync-conflict-20261124-101010-ABCDEFG.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=管理员口令", vault.KnownDirEnv + "=" + t.TempDir()}
	admin := append([]string{"BEIANLEDGER_VAULT=" + vp}, env...)
	expect(t, runCLI(t, admin, append([]string{"init", "--label", "王五"}, cheap...)...), 0, "init")
	expect(t, runCLI(t, admin, "add", "entity", "--name", "北京示例科技有限公司"), 0, "add entity")
	data, _ := os.ReadFile(vp)
	os.WriteFile(cp, data, 0o600)
	// The copy gets an edit elsewhere (another computer), the vault one here.
	other := append([]string{"BEIANLEDGER_VAULT=" + cp}, env[0], vault.KnownDirEnv+"="+t.TempDir())
	expect(t, runCLI(t, other, "add", "site", "--name", "副本里的网站", "--entity", "北京示例科技有限公司"), 0, "edit in the copy")
	expect(t, runCLI(t, admin, "add", "site", "--name", "本机的网站", "--entity", "北京示例科技有限公司"), 0, "edit here")
	r := runCLI(t, admin, "verify")
	expect(t, r, 0, "verify")
	if !strings.Contains(r.stderr, "sync-conflict-20261124") {
		t.Fatalf("verify does not name the conflict copy: %s", r.stderr)
	}
	r = runCLI(t, admin, "merge", cp)
	expect(t, r, 0, "merge")
	if _, err := os.Stat(cp); !os.IsNotExist(err) {
		t.Fatal("the copy was not moved away")
	}
	r = runCLI(t, admin, "list", "--json")
	expect(t, r, 0, "list")
	for _, n := range []string{"副本里的网站", "本机的网站"} {
		if !strings.Contains(r.stdout, n) {
			t.Errorf("site %q lost in the merge: %s", n, r.stdout)
		}
	}
	r = runCLI(t, admin, "conflicts", "list")
	expect(t, r, 0, "conflicts list")
	if !strings.Contains(r.stdout, "no open conflicts") {
		t.Fatalf("conflicts after a clean merge: %s", r.stdout)
	}
	r = runCLI(t, admin, "verify", "--json")
	expect(t, r, 0, "verify json")
	if strings.Contains(r.stdout, "sync-conflict") {
		t.Fatalf("merged copy still listed: %s", r.stdout)
	}
}
