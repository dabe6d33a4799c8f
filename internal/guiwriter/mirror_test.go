//go:build linux

package guiwriter

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"golang.org/x/sys/unix"
)

// mirror keeps one file in two folders the same, as Syncthing does between
// two computers: a file changed on one side only is copied to the other
// (written to a temporary file beside it, then renamed over it); when both
// sides changed since the last sync, the newer by modification time wins
// on both sides and the other is kept as a conflict copy named the way
// Syncthing names them (NAME.sync-conflict-DATE-TIME-DEVICE.EXT).
//
// It never writes over a save it has not seen: the rename is an exchange
// (renameat2 RENAME_EXCHANGE), and when the file it displaced is not the
// one it compared against (a writer saved in between), that save becomes
// a conflict copy too. Conflict copies all go to folder b, where the test's
// second writer merges them (Syncthing would carry them to every side).
type mirror struct {
	a, b string // the two copies of the vault file

	mu        sync.Mutex
	last      [32]byte // the content both sides had at the last sync
	toA, toB  int      // copies made
	conflicts int      // conflict copies made (both changed)
	displaced int      // saves displaced by a copy, kept as conflict copies
	seq       int
}

func hashOf(b []byte) [32]byte { return sha256.Sum256(b) }

// pass syncs once; it reports whether it changed anything.
func (m *mirror) pass() (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	da, errA := os.ReadFile(m.a)
	db, errB := os.ReadFile(m.b)
	if err := errors.Join(errA, errB); err != nil {
		return false, err
	}
	ha, hb := hashOf(da), hashOf(db)
	switch {
	case ha == hb:
		m.last = ha
		return false, nil
	case hb == m.last: // only a changed
		m.toB++
		return true, m.put(m.b, da, hb)
	case ha == m.last: // only b changed
		m.toA++
		return true, m.put(m.a, db, ha)
	}
	// Both changed: the newer file wins, the older becomes a conflict copy.
	m.conflicts++
	fa, errA := os.Stat(m.a)
	fb, errB := os.Stat(m.b)
	if err := errors.Join(errA, errB); err != nil {
		return false, err
	}
	if fa.ModTime().After(fb.ModTime()) {
		if err := m.conflictCopy(db); err != nil {
			return false, err
		}
		m.toB++
		return true, m.put(m.b, da, hb)
	}
	if err := m.conflictCopy(da); err != nil {
		return false, err
	}
	m.toA++
	return true, m.put(m.a, db, ha)
}

// put replaces dst (expected to hold content with hash want) by data.
func (m *mirror) put(dst string, data []byte, want [32]byte) error {
	dir, base := filepath.Split(dst)
	tmp := filepath.Join(dir, ".syncthing."+base+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dst, unix.RENAME_EXCHANGE); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("exchange into %s: %w", dst, err)
	}
	old, err := os.ReadFile(tmp)
	if err != nil {
		return err
	}
	os.Remove(tmp)
	if hashOf(old) != want {
		// A writer saved between our look and our exchange: keep its save.
		m.displaced++
		if err := m.conflictCopy(old); err != nil {
			return err
		}
	}
	m.last = hashOf(data)
	return nil
}

// conflictCopy writes data as a Syncthing conflict copy in folder b.
func (m *mirror) conflictCopy(data []byte) error {
	m.seq++
	dir, base := filepath.Split(m.b)
	ext := filepath.Ext(base)
	name := fmt.Sprintf("%s.sync-conflict-%s-%07X%s", strings.TrimSuffix(base, ext), time.Now().Format("20060102-150405"), m.seq, ext)
	tmp := filepath.Join(dir, ".syncthing."+name+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, name))
}

// same reports whether both sides hold the same bytes.
func (m *mirror) same() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	da, errA := os.ReadFile(m.a)
	db, errB := os.ReadFile(m.b)
	return errA == nil && errB == nil && bytes.Equal(da, db)
}

// counts reports what the mirror did.
func (m *mirror) counts() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fmt.Sprintf("%d copies to the window's folder, %d to the command line's, %d conflict copies (both changed), %d saves displaced and kept as conflict copies",
		m.toA, m.toB, m.conflicts, m.displaced)
}

// run syncs whenever either file changes, until stop is closed.
func (m *mirror) run(stop <-chan struct{}, fail func(error)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	for _, p := range []string{m.a, m.b} {
		if err := w.Add(filepath.Dir(p)); err != nil {
			w.Close()
			return err
		}
	}
	if _, err := m.pass(); err != nil {
		w.Close()
		return err
	}
	names := map[string]bool{filepath.Base(m.a): true, filepath.Base(m.b): true}
	go func() {
		defer w.Close()
		for {
			select {
			case <-stop:
				return
			case ev := <-w.Events:
				if !names[filepath.Base(ev.Name)] {
					continue
				}
				// Drain what else came, then sync until nothing changes.
				for more := true; more; {
					select {
					case <-w.Events:
					default:
						more = false
					}
				}
				for {
					changed, err := m.pass()
					if err != nil {
						if errors.Is(err, os.ErrNotExist) {
							break // a writer's rename is under way; its event follows
						}
						fail(err)
						return
					}
					if !changed {
						break
					}
				}
			case err := <-w.Errors:
				fail(err)
				return
			}
		}
	}()
	return nil
}

// The mirror itself: a change on one side is copied, a change on both
// leaves the older as a Syncthing-named conflict copy in folder b.
func TestMirror(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "v.beianvault"), filepath.Join(t.TempDir(), "v.beianvault")
	os.WriteFile(a, []byte("0"), 0o600)
	os.WriteFile(b, []byte("0"), 0o600)
	m := &mirror{a: a, b: b}
	if changed, err := m.pass(); changed || err != nil {
		t.Fatalf("same files: %v %v", changed, err)
	}
	os.WriteFile(a, []byte("1"), 0o600)
	if changed, err := m.pass(); !changed || err != nil || !m.same() {
		t.Fatalf("a changed: %v %v", changed, err)
	}
	if got, _ := os.ReadFile(b); string(got) != "1" {
		t.Fatalf("b holds %q", got)
	}
	os.WriteFile(b, []byte("2b"), 0o600)
	os.WriteFile(a, []byte("2a"), 0o600)
	old := time.Now().Add(-time.Minute)
	os.Chtimes(b, old, old)
	if changed, err := m.pass(); !changed || err != nil || !m.same() {
		t.Fatalf("both changed: %v %v", changed, err)
	}
	copies, _ := filepath.Glob(filepath.Join(filepath.Dir(b), "v.sync-conflict-*.beianvault"))
	if len(copies) != 1 {
		t.Fatalf("conflict copies: %v", copies)
	}
	if got, _ := os.ReadFile(copies[0]); string(got) != "2b" {
		t.Fatalf("the conflict copy holds %q, want the older 2b", got)
	}
	if got, _ := os.ReadFile(b); string(got) != "2a" {
		t.Fatalf("b holds %q, want the newer 2a", got)
	}
	// A save that lands between the mirror's look and its exchange is kept.
	os.WriteFile(a, []byte("3"), 0o600)
	m.mu.Lock()
	if err := m.put(b, []byte("3"), hashOf([]byte("not what b holds"))); err != nil {
		t.Fatal(err)
	}
	m.mu.Unlock()
	copies, _ = filepath.Glob(filepath.Join(filepath.Dir(b), "v.sync-conflict-*.beianvault"))
	if len(copies) != 2 || m.displaced != 1 {
		t.Fatalf("a displaced save was not kept: %v, %d displaced", copies, m.displaced)
	}
}
