package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiskFullAndReadOnlyKeepTheOldVault runs the CLI on a tiny tmpfs in a
// private mount namespace (unshare -rm: no root needed where user
// namespaces are allowed): once nearly full, once remounted read-only. The
// save must fail with a clear message and leave the old vault byte for byte.
func TestDiskFullAndReadOnlyKeepTheOldVault(t *testing.T) {
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("unshare not installed")
	}
	if err := exec.Command("unshare", "-rm", "true").Run(); err != nil {
		t.Skipf("cannot make a mount namespace here: %v", err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "v.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + src, "BEIANLEDGER_PASSWORD=pw"}
	expect(t, runCLI(t, env, append([]string{"init"}, cheap...)...), 0, "init")
	orig, _ := os.ReadFile(src)
	mnt := filepath.Join(dir, "mnt")
	os.Mkdir(mnt, 0o755)
	bin := os.Args[0]

	script := `set -u
mount -t tmpfs -o size=1m tmpfs "$MNT" || exit 90
cp "$SRC" "$MNT/v.beianvault"
export BEIANLEDGER_VAULT="$MNT/v.beianvault" BEIANLEDGER_PASSWORD=pw BEIANLEDGER_TEST_CLI=1
case "$MODE" in
full)
  # Leave about 16 KB: room for the lock file, not for a new vault copy.
  avail=$(df -k --output=avail "$MNT" | tail -1)
  dd if=/dev/zero of="$MNT/fill" bs=1k count=$((avail - 16)) 2>/dev/null
  ;;
ro)
  mount -o remount,ro "$MNT" || exit 91
  ;;
esac
"$BIN" add site --name 新网站 --number 京ICP备2021012345号-9
echo "exit=$?"
cmp -s "$SRC" "$MNT/v.beianvault" && echo unchanged
"$BIN" verify >/dev/null 2>&1 && echo verifies
`
	for _, mode := range []string{"full", "ro"} {
		cmd := exec.Command("unshare", "-rm", "sh", "-c", script)
		cmd.Env = append(os.Environ(), "MNT="+mnt, "SRC="+src, "BIN="+bin, "MODE="+mode)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok && (ee.ExitCode() == 90 || ee.ExitCode() == 91) {
			t.Skipf("tmpfs not available in a user namespace: %s", out.String())
		}
		o := out.String()
		if !strings.Contains(o, "exit=1") || !strings.Contains(o, "unchanged") || !strings.Contains(o, "verifies") {
			t.Fatalf("%s: the save should fail cleanly and keep the vault:\n%s", mode, o)
		}
		want := map[string]string{"full": "the vault file on disk was not changed", "ro": "read-only or not writable"}[mode]
		if !strings.Contains(o, want) {
			t.Errorf("%s: message lacks %q:\n%s", mode, want, o)
		}
	}
	if now, _ := os.ReadFile(src); !bytes.Equal(now, orig) {
		t.Fatal("source vault changed")
	}
}
