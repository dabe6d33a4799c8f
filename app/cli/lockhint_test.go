package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A lock file that is a link (or a pipe, or too big) is reported at once
// with what to do, in Chinese first (exit 5); so is an unsafe backups
// folder (exit 1).
func TestOddLockAndUnsafeBackupsAreExplained(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "v.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw"}
	expect(t, runCLI(t, env, append([]string{"init"}, cheap...)...), 0, "init")
	if err := os.Symlink("/dev/zero", vp+".lock"); err != nil {
		t.Skip(err)
	}
	r := runCLI(t, env, "add", "entity", "--name", "北京示例科技有限公司", "--lock-timeout", "0s")
	expect(t, r, 5, "add with a lock file linked to /dev/zero")
	if !strings.Contains(r.stderr, "symbolic link") || !strings.Contains(r.stderr, "锁文件有问题") {
		t.Fatalf("no explanation:\n%s", r.stderr)
	}
	os.Remove(vp + ".lock")
	bdir := vp + ".backups"
	os.MkdirAll(bdir, 0o700)
	os.Chmod(bdir, 0o777)
	r = runCLI(t, env, "backups", "list")
	expect(t, r, 1, "backups list of a world-writable folder")
	if !strings.Contains(r.stderr, "备份文件夹不安全") || !strings.Contains(r.stderr, "chmod 700") {
		t.Fatalf("no explanation:\n%s", r.stderr)
	}
}
