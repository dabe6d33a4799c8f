//go:build unix

package safefile

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// both runs a test on the unnamed-file path and on the named one.
func both(t *testing.T, f func(t *testing.T)) {
	for _, named := range []bool{false, true} {
		name := "unnamed"
		if named {
			name = "named"
		}
		t.Run(name, func(t *testing.T) {
			old := namedOnly
			namedOnly = named
			defer func() { namedOnly = old }()
			f(t)
		})
	}
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

func onlyEntries(t *testing.T, dir string, want ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("folder holds %v, want %v", got, want)
	}
}

// An attacker pre-creates the destination world-readable and keeps it
// open: the secret must not land in that file.
func TestPrecreatedFileIsReplacedNotReused(t *testing.T) {
	both(t, func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "export.csv")
		if err := os.WriteFile(out, []byte("bait"), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(out, 0o666); err != nil { // past the umask
			t.Fatal(err)
		}
		spy, err := os.Open(out) // the attacker's open descriptor
		if err != nil {
			t.Fatal(err)
		}
		defer spy.Close()
		before := inode(t, out)
		if err := Write(out, []byte("secret")); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(out)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", fi.Mode().Perm())
		}
		if inode(t, out) == before {
			t.Error("the pre-created file was written into, not replaced")
		}
		b := make([]byte, 64)
		n, _ := spy.ReadAt(b, 0)
		if string(b[:n]) != "bait" {
			t.Errorf("the attacker's descriptor reads %q", b[:n])
		}
		if got, _ := os.ReadFile(out); string(got) != "secret" {
			t.Errorf("content %q", got)
		}
		onlyEntries(t, dir, "export.csv")
	})
}

func TestSymlinkDestinationRefused(t *testing.T) {
	both(t, func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(dir, "attacker-reads-this")
		if err := os.WriteFile(target, []byte("untouched"), 0o666); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "letter.pdf")
		if err := os.Symlink(target, out); err != nil {
			t.Fatal(err)
		}
		err := Write(out, []byte("secret"))
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "符号链接") {
			t.Fatalf("err = %v, want a refusal naming the symbolic link", err)
		}
		if got, _ := os.ReadFile(target); string(got) != "untouched" {
			t.Errorf("the link's target now holds %q", got)
		}
		if fi, _ := os.Lstat(out); fi.Mode()&os.ModeSymlink == 0 {
			t.Error("the link was replaced")
		}
		onlyEntries(t, dir, "attacker-reads-this", "letter.pdf")
	})
}

// A FIFO at the destination would block an open for writing forever.
func TestNonRegularDestinationRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.ics")
	if err := syscall.Mkfifo(fifo, 0o666); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := Write(fifo, []byte("x")); !errors.Is(err, ErrRefused) {
		t.Fatalf("FIFO: err = %v", err)
	}
	if err := Write(dir, []byte("x")); !errors.Is(err, ErrRefused) {
		t.Fatalf("folder: err = %v", err)
	}
}

func TestNullDevice(t *testing.T) {
	if err := Write(os.DevNull, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%v %v", fi, err)
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	both(t, func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "x.xlsx")
		if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := Create(out)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("half"))
		f.Abort()
		f.Abort()
		if err := f.Commit(); err == nil {
			t.Error("Commit after Abort succeeded")
		}
		if got, _ := os.ReadFile(out); string(got) != "old" {
			t.Errorf("destination holds %q", got)
		}
		onlyEntries(t, dir, "x.xlsx")
	})
}

// An export interrupted by Ctrl+C leaves no plaintext beside its
// destination. The child writes, says so, and waits to be interrupted.
func TestInterruptLeavesNothing(t *testing.T) {
	if os.Getenv("SAFEFILE_CHILD") != "" {
		namedOnly = os.Getenv("SAFEFILE_CHILD") == "named"
		f, err := Create(os.Getenv("SAFEFILE_OUT"))
		if err != nil {
			os.Exit(3)
		}
		f.Write([]byte("password=hunter2\n"))
		os.Stdout.WriteString("written\n")
		// Sleep rather than select{}: with no other goroutine the runtime
		// would end a bare select as a deadlock (exit 2) before the signal.
		time.Sleep(time.Hour)
		os.Exit(4)
	}
	for _, mode := range []string{"unnamed", "named"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptLeavesNothing$")
			cmd.Env = append(os.Environ(), "SAFEFILE_CHILD="+mode, "SAFEFILE_OUT="+filepath.Join(dir, "e.csv"))
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil || line != "written\n" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("child said %q, %v", line, err)
			}
			ents, _ := os.ReadDir(dir)
			if mode == "named" && len(ents) != 1 {
				t.Fatalf("named temporary file not there while writing: %v", ents)
			}
			if mode == "unnamed" && len(ents) != 0 {
				t.Fatalf("the unnamed file has a name while writing: %v", ents)
			}
			cmd.Process.Signal(os.Interrupt)
			err = cmd.Wait()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
				t.Errorf("child ended with %v, want killed by SIGINT as without the handler", err)
			}
			onlyEntries(t, dir)
		})
	}
}

// WriteNew makes a key file once: with its mode, and never over a file
// that is there (the first key stays as it was).
func TestWriteNewRefusesAnExistingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "scheduler.key")
	if err := WriteNew(p, []byte("first"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(p); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	if err := WriteNew(p, []byte("second"), 0o600); !errors.Is(err, os.ErrExist) {
		t.Fatalf("a second write: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "first" {
		t.Fatalf("the first key was replaced: %q", b)
	}
}
