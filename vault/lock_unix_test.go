//go:build linux

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as a child that takes a vault's lock as another
// user (see runAsNobody).
func init() {
	p := os.Getenv("BEIANLEDGER_LOCK_CHILD")
	if p == "" {
		return
	}
	timeout, _ := time.ParseDuration(os.Getenv("BEIANLEDGER_LOCK_TIMEOUT"))
	lk, err := acquireLock(p, Options{LockTimeout: timeout})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	lk.release()
	fmt.Println("locked")
	os.Exit(0)
}

// unprivileged copies the test binary where user nobody can run it and
// returns it with a folder (mode 1777, like /tmp) for the child's files.
func unprivileged(t *testing.T) (bin, shared string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a child as another user")
	}
	base, err := os.MkdirTemp("", "beianledger-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	bin = filepath.Join(base, "vault.test")
	src, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_WRONLY|os.O_CREATE, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	shared = filepath.Join(base, "shared")
	os.Mkdir(shared, 0o777)
	os.Chmod(shared, 0o777|os.ModeSticky)
	return bin, shared
}

// runAsNobody runs the test binary as user nobody with env and returns its
// output and state. A child still running after a minute is killed: the
// old lock loop never returned.
func runAsNobody(t *testing.T, bin string, env ...string) (string, *os.ProcessState) {
	t.Helper()
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start a child as nobody: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the child did not return within a minute; output:\n%s", out.String())
	}
	return out.String(), cmd.ProcessState
}

// A stale lock the user may not remove (another user's, in a sticky shared
// folder) is waited for with pauses and reported at the timeout with what
// to do — it used to spin at 100 % CPU for ever.
func TestStaleLockThatCannotBeRemovedGivesUp(t *testing.T) {
	bin, shared := unprivileged(t)
	p := filepath.Join(shared, "team.beianvault")
	os.WriteFile(p+".lock", []byte(staleLockJSON()), 0o644) // root's
	const timeout = 2 * time.Second
	out, st := runAsNobody(t, bin, "BEIANLEDGER_LOCK_CHILD="+p, "BEIANLEDGER_LOCK_TIMEOUT="+timeout.String())
	if st.ExitCode() != 1 || !strings.Contains(out, "cannot be removed") || !strings.Contains(out, "remove it by hand") {
		t.Fatalf("want a clear error at the timeout, got exit %d:\n%s", st.ExitCode(), out)
	}
	cpu := st.UserTime() + st.SystemTime()
	t.Logf("gave up after the %v timeout using %v of CPU", timeout, cpu)
	if cpu > timeout/2 {
		t.Fatalf("the wait used %v of CPU in %v: it spins", cpu, timeout)
	}
	if _, err := os.Stat(p + ".lock"); err != nil {
		t.Fatalf("the other user's lock file is gone: %v", err)
	}
}

// A lock file that is a pipe is not opened for a blocking read (which
// waited for ever for a writer): it is reported.
func TestLockFilePipeDoesNotHang(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "v.beianvault")
	if err := syscall.Mkfifo(p+".lock", 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		lk, err := acquireLock(p, Options{})
		if err == nil {
			lk.release()
		}
		done <- err
	}()
	select {
	case err := <-done:
		var le *LockError
		if !errors.As(err, &le) || !strings.Contains(le.Problem, "not a regular file") {
			t.Fatalf("want a lock error about the pipe, got %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("reading a pipe as the lock file hangs")
	}
}

// Neither does a lock file that is a link to /dev/zero grow without bound.
func TestLockFileDevZeroRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "v.beianvault")
	if err := os.Symlink("/dev/zero", p+".lock"); err != nil {
		t.Skip(err)
	}
	_, err := acquireLock(p, Options{})
	var le *LockError
	if !errors.As(err, &le) || le.Problem == "" {
		t.Fatalf("want a lock error, got %v", err)
	}
}
