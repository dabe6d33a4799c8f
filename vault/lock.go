package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"syscall"
	"time"
)

// LockInfo is what a lock file says about the writer holding a vault.
type LockInfo struct {
	Host  string    `json:"host"`
	User  string    `json:"user"`
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

// String describes the holder for a prompt.
func (l LockInfo) String() string {
	return fmt.Sprintf("%s on %s (process %d) since %s", l.User, l.Host, l.PID, l.Since.Local().Format("2006-01-02 15:04"))
}

// LockError says who holds the lock.
type LockError struct{ Holder LockInfo }

func (e *LockError) Error() string { return ErrLocked.Error() + ": " + e.Holder.String() }

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockError) Unwrap() error { return ErrLocked }

type fileLock struct {
	path string
	info LockInfo
}

func lockPath(vaultPath string) string { return vaultPath + ".lock" }

func currentHolder() LockInfo {
	host, _ := os.Hostname()
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return LockInfo{Host: host, User: name, PID: os.Getpid(), Since: time.Now().UTC().Truncate(time.Second)}
}

// acquireLock takes the advisory writer lock of a vault. A lock left by a
// dead process on this host is taken over at once; a live holder is waited
// for up to opts.LockTimeout; a holder on another host (whose liveness we
// cannot see) is taken over only with opts.TakeOverLock.
func acquireLock(vaultPath string, opts Options) (*fileLock, error) {
	me := currentHolder()
	data, _ := json.Marshal(me)
	lp := lockPath(vaultPath)
	deadline := time.Now().Add(opts.LockTimeout)
	for {
		f, err := os.OpenFile(lp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, werr := f.Write(append(data, '\n'))
			cerr := f.Close()
			if werr != nil || cerr != nil {
				os.Remove(lp)
				return nil, fmt.Errorf("write lock file: %v", errors.Join(werr, cerr))
			}
			return &fileLock{path: lp, info: me}, nil
		}
		if !os.IsExist(err) {
			if os.IsPermission(err) || errors.Is(err, syscall.EROFS) {
				return nil, fmt.Errorf("%w: the folder is read-only or not writable (cannot create %s); the vault was not changed — open it read-only to view it", ErrReadOnly, filepath.Base(lp))
			}
			return nil, fmt.Errorf("lock file: %w", err)
		}
		holder, stale := inspectLock(lp, me)
		if stale || opts.TakeOverLock {
			// Remove and retry: O_EXCL decides the race between two
			// processes taking over the same stale lock.
			os.Remove(lp)
			continue
		}
		if !time.Now().Before(deadline) {
			return nil, &LockError{Holder: holder}
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// inspectLock reads a lock file and says whether it is stale.
func inspectLock(lp string, me LockInfo) (LockInfo, bool) {
	var l LockInfo
	data, err := os.ReadFile(lp)
	if err != nil {
		return l, false // vanished or unreadable: retry
	}
	if json.Unmarshal(data, &l) != nil {
		// Half-written by a process that died while creating it.
		fi, err := os.Stat(lp)
		return l, err == nil && time.Since(fi.ModTime()) > 5*time.Second
	}
	if l.Host == me.Host && l.PID > 0 && l.PID != me.PID && !processAlive(l.PID) {
		return l, true
	}
	return l, false
}

// ReadLock reports who holds a vault's writer lock, if anyone.
func ReadLock(vaultPath string) (LockInfo, bool) {
	l, _ := inspectLock(lockPath(vaultPath), currentHolder())
	_, err := os.Stat(lockPath(vaultPath))
	return l, err == nil
}

func (l *fileLock) release() {
	// Only remove the file if it is still ours (it may have been taken
	// over after a prompt on another machine).
	data, err := os.ReadFile(l.path)
	if err != nil {
		return
	}
	var cur LockInfo
	if json.Unmarshal(data, &cur) == nil && cur.Host == l.info.Host && cur.PID == l.info.PID {
		os.Remove(l.path)
	}
}
