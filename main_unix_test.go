//go:build linux

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary run main() itself, as the program, when
// BEIANLEDGER_RUN_MAIN is set: the tests below start it as a real process.
func TestMain(m *testing.M) {
	if os.Getenv("BEIANLEDGER_RUN_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// program copies the test binary where user nobody can run it, with a
// folder anyone may write (like /tmp) for its files.
func program(t *testing.T) (bin, shared string) {
	t.Helper()
	base, err := os.MkdirTemp("", "beianledger-main-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	bin = filepath.Join(base, "beianledger")
	src, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_WRONLY|os.O_CREATE, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(dst, src)
	dst.Close()
	shared = filepath.Join(base, "shared")
	os.Mkdir(shared, 0o777)
	os.Chmod(shared, 0o777|os.ModeSticky)
	return bin, shared
}

// finish waits for cmd, killing it after a minute: the old program hung.
func finish(t *testing.T, cmd *exec.Cmd, out *bytes.Buffer) {
	t.Helper()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("still running after a minute (hangs); output:\n%s", out.String())
	}
}

// With a locked-memory limit too small for the keys, memguard used to hang
// silently at the first key; the program now says what to do and stops.
// Run as user nobody (root may lock memory beyond the limit) under
// prlimit, as a user with such a limit would.
func TestLowMemlockLimitIsExplained(t *testing.T) {
	for _, tool := range []string{"prlimit", "setpriv"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the program as nobody")
	}
	bin, shared := program(t)
	run := func(kib int) (string, int) {
		lim := strconv.Itoa(kib * 1024)
		cmd := exec.Command("prlimit", "--memlock="+lim+":"+lim,
			"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
			bin, "init", "--vault", filepath.Join(shared, "v"+strconv.Itoa(kib)+".beianvault"),
			"--argon2-time", "1", "--argon2-memory", "8", "--argon2-threads", "1")
		cmd.Env = append(os.Environ(), "BEIANLEDGER_RUN_MAIN=1", "BEIANLEDGER_PASSWORD=pw")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		finish(t, cmd, &out)
		return out.String(), cmd.ProcessState.ExitCode()
	}
	out, code := run(16)
	if code != 1 || !strings.Contains(out, "RLIMIT_MEMLOCK") || !strings.Contains(out, "可锁定内存上限") || !strings.Contains(out, "ulimit -l") {
		t.Fatalf("16 KiB: exit %d, want 1 with what to do:\n%s", code, out)
	}
	if out, code := run(64); code != 0 {
		t.Fatalf("64 KiB is enough, but: exit %d\n%s", code, out)
	}
}

// SIGTERM (a logout, a shutdown, kill) and SIGHUP (a closed terminal) end
// the program through memguard's purge (exit status 1) after the clipboard
// hook; they used to kill it outright with the keys in memory. The program
// is stopped while it reads its passphrase file, a pipe the test holds.
func TestTermAndHangupPurgeBeforeExit(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			fifo := filepath.Join(dir, "passphrase")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip(err)
			}
			cmd := exec.Command(os.Args[0], "list", "--vault", filepath.Join(dir, "v.beianvault"), "--password-file", fifo)
			cmd.Env = append(os.Environ(), "BEIANLEDGER_RUN_MAIN=1", "BEIANLEDGER_PASSWORD=")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Opening the pipe for writing waits for the program to open
			// it for reading: it is then running, past its start-up.
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			cmd.Process.Signal(sig)
			finish(t, cmd, &out)
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if ws.Signaled() || ws.ExitStatus() != 1 {
				t.Fatalf("after %v: %v (want exit status 1 from the purge); output:\n%s", sig, cmd.ProcessState, out.String())
			}
		})
	}
}
