package vault

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// staleLockJSON is a lock of this host held by a process that does not exist.
func staleLockJSON() string {
	return `{"host":"` + currentHolder().Host + `","user":"x","pid":2147483632,"since":"2026-01-01T00:00:00Z"}` + "\n"
}

// A lock file that is a symbolic link is not followed, however stale what
// it points to looks: the link and its target are left alone and reported.
func TestLockFileSymlinkNotFollowed(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	v.Lock()
	target := filepath.Join(dir, "elsewhere.json")
	os.WriteFile(target, []byte(staleLockJSON()), 0o600)
	if err := os.Symlink(target, p+".lock"); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	w, err := Open(p, pass("correct horse"), Options{})
	if err == nil {
		w.Lock()
		t.Fatal("a symbolic link was followed and taken over as a stale lock")
	}
	var le *LockError
	if !errors.As(err, &le) || !strings.Contains(le.Problem, "symbolic link") {
		t.Fatalf("want a lock error naming the symbolic link, got %v", err)
	}
	if fi, err := os.Lstat(p + ".lock"); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was removed: %v", err)
	}
	if data, _ := os.ReadFile(target); string(data) != staleLockJSON() {
		t.Fatal("the link's target changed")
	}
	// The user agreeing to take the lock over removes the link only.
	w, err = Open(p, pass("correct horse"), Options{TakeOverLock: true})
	if err != nil {
		t.Fatalf("take over a symbolic link lock: %v", err)
	}
	w.Lock()
	if _, err := os.Stat(target); err != nil {
		t.Fatalf("take over removed the link's target: %v", err)
	}
}

// A lock file of megabytes is not read whole: at most 4 KiB, then refused.
func TestLockFileTooLargeRefused(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	v.Lock()
	big := staleLockJSON() + strings.Repeat(" ", 1<<20)
	os.WriteFile(p+".lock", []byte(big), 0o600)
	w, err := Open(p, pass("correct horse"), Options{})
	if err == nil {
		w.Lock()
		t.Fatal("a 1 MiB lock file was read whole and taken over")
	}
	var le *LockError
	if !errors.As(err, &le) || !strings.Contains(le.Problem, "bytes") {
		t.Fatalf("want a lock error about the size, got %v", err)
	}
}

// Two processes judge the same lock stale; the first replaces it with its
// own fresh lock before the second acts. The second must not delete the
// first one's lock (that would let both write).
func TestStaleLockTakeoverKeepsRivalsFreshLock(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	v.Lock()
	lp := p + ".lock"
	os.WriteFile(lp, []byte(staleLockJSON()), 0o600)
	// The rival is a live process on this host: our parent.
	rival := `{"host":"` + currentHolder().Host + `","user":"rival","pid":` + strconv.Itoa(os.Getppid()) + `,"since":"2026-01-01T00:00:00Z"}` + "\n"
	var once sync.Once
	lockHook = func(step string) {
		if step == "inspected" {
			once.Do(func() {
				// The rival removes the stale lock and takes its own.
				os.Remove(lp)
				os.WriteFile(lp, []byte(rival), 0o600)
			})
		}
	}
	defer func() { lockHook = nil }()
	w, err := Open(p, pass("correct horse"), Options{})
	if err == nil {
		w.Lock()
		t.Fatal("took the lock while a rival held a fresh one")
	}
	var le *LockError
	if !errors.As(err, &le) || le.Holder.User != "rival" {
		t.Fatalf("want the rival named as holder, got %v", err)
	}
	if data, err := os.ReadFile(lp); err != nil || string(data) != rival {
		t.Fatalf("the rival's lock was removed or changed: %q %v", data, err)
	}
	if left, _ := filepath.Glob(lp + ".stale-*"); len(left) > 0 {
		t.Fatalf("files left aside: %v", left)
	}
}

// A writer that waits for another writer reads the vault after the lock is
// its own: it sees the other's save and can save too, instead of failing
// with a conflict (CLI exit 5).
func TestWriterWaitingForLockReadsTheNewerSave(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	waiting := make(chan struct{})
	var once sync.Once
	lockHook = func(step string) {
		if step == "waiting" {
			once.Do(func() { close(waiting) })
		}
	}
	defer func() { lockHook = nil }()
	type result struct {
		w   *Vault
		err error
	}
	done := make(chan result, 1)
	go func() {
		w, err := Open(p, pass("correct horse"), Options{LockTimeout: time.Minute})
		done <- result{w, err}
	}()
	<-waiting
	putNote(t, v, "first", "1")
	v.Lock()
	r := <-done
	if r.err != nil {
		t.Fatalf("the waiting writer failed: %v", r.err)
	}
	defer r.w.Lock()
	if got := getNote(t, r.w, "first"); got != "1" {
		t.Fatalf("the waiting writer read an old version (note %q)", got)
	}
	err := r.w.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO meta(key, value) VALUES ('second', x'01')`)
		return err
	})
	if err != nil {
		t.Fatalf("the waiting writer cannot save: %v", err)
	}
}
