//go:build unix

package gui

import (
	"os"
	"syscall"
	"testing"
)

// lockGoldenDir holds an exclusive lock on path+".lock" until the test
// ends, so that two test runs on one machine take turns with a fixed
// folder the goldens show, instead of deleting each other's vault.
func lockGoldenDir(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}
