package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// LockError says who holds the lock, or why a lock that looks abandoned
// could not be taken.
type LockError struct {
	Holder LockInfo
	// Problem, when set, says why waiting will not help: the lock file
	// is not one this program writes (a symbolic link, a pipe or device,
	// too large) or was left by a process that has ended but cannot be
	// removed. The user has to remove it by hand.
	Problem string
}

func (e *LockError) Error() string {
	if e.Problem != "" {
		return ErrLocked.Error() + ": " + e.Problem
	}
	return ErrLocked.Error() + ": " + e.Holder.String()
}

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

// maxLockFile caps what is read of a lock file: ours is one JSON line of a
// few hundred bytes. Anything bigger was not written by this program.
const maxLockFile = 4 << 10

// lockHook lets tests act between the steps of taking a lock ("inspected":
// a lock file was read and judged; "waiting": about to sleep).
var lockHook func(step string)

// acquireLock takes the advisory writer lock of a vault. A lock left by a
// dead process on this host is taken over at once; a live holder is waited
// for up to opts.LockTimeout, with growing pauses; a holder on another host
// (whose liveness we cannot see) is taken over only with opts.TakeOverLock.
// A lock that looks abandoned but cannot be removed, or a lock file that is
// not a small regular file, is reported at the timeout with what to do.
func acquireLock(vaultPath string, opts Options) (*fileLock, error) {
	me := currentHolder()
	data, _ := json.Marshal(me)
	lp := lockPath(vaultPath)
	deadline := time.Now().Add(opts.LockTimeout)
	pause := 10 * time.Millisecond
	quick := 0 // retries without a pause, after a takeover or a vanished lock
	waited := false
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
		seen := inspectLock(lp, me)
		if lockHook != nil {
			lockHook("inspected")
		}
		lerr := &LockError{Holder: seen.info, Problem: seen.problem}
		retry := seen.gone
		if !seen.gone && (seen.stale || opts.TakeOverLock) {
			switch err := takeOverLock(lp, seen, me, opts.TakeOverLock); {
			case err == nil:
				retry = true
			case errors.Is(err, errLockRaced):
				// A rival took it first; its lock is back in place:
				// look again to see (and name) the new holder.
				retry = true
			default:
				lerr.Problem = cannotRemove(lp, seen, err)
			}
		}
		if retry && quick < 8 {
			quick++
			continue
		}
		if !time.Now().Before(deadline) {
			return nil, lerr
		}
		if lockHook != nil && !waited {
			lockHook("waiting")
		}
		waited = true
		time.Sleep(min(pause, time.Until(deadline)))
		pause = min(2*pause, 250*time.Millisecond)
	}
}

// cannotRemove says why a lock that should go cannot, and what to do.
func cannotRemove(lp string, seen lockSeen, err error) string {
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	who := "a process that ended while writing it"
	if seen.info.PID != 0 {
		who = seen.info.String() + ", which has ended"
	}
	if seen.problem != "" {
		return fmt.Sprintf("%s, and it cannot be removed (%v)", seen.problem, err)
	}
	return fmt.Sprintf("the lock file %s was left by %s, but it cannot be removed (%v); remove it by hand or ask its owner to", filepath.Base(lp), who, err)
}

// lockForWriting takes the writer lock before a writer reads the vault (nil
// for a reader), so that what it reads is what it will save over: a writer
// that waited for another one then reads that one's save, instead of
// failing with a conflict at its first save.
func lockForWriting(path string, opts Options) (*fileLock, error) {
	if opts.ReadOnly {
		return nil, nil
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open vault: %w", err)
	}
	return acquireLock(path, opts)
}

// lockSeen is what reading a lock file found.
type lockSeen struct {
	info    LockInfo
	raw     []byte
	fi      os.FileInfo // of the file read; nil if it could not be read
	gone    bool        // it vanished: retry at once
	stale   bool        // its holder has ended: it may be taken over
	problem string      // not a lock file we can read
}

var errLockRaced = errors.New("another process took the lock first")

// takeOverLock removes a lock judged stale (or one the user agreed to take
// over) without ever removing a fresh lock a rival created in between: it
// renames the lock file to a name of its own (atomic: from then on no one
// else can touch it), judges that file again, and deletes it only if it
// is still the very lock judged before. Otherwise it links it back.
func takeOverLock(lp string, seen lockSeen, me LockInfo, force bool) error {
	aside := fmt.Sprintf("%s.stale-%d-%x", lp, os.Getpid(), randomBytes(6))
	if err := os.Rename(lp, aside); err != nil {
		if os.IsNotExist(err) {
			return nil // someone else removed it: try again
		}
		return err
	}
	again := inspectLock(aside, me)
	same := again.fi != nil && seen.fi != nil && os.SameFile(again.fi, seen.fi) && bytes.Equal(again.raw, seen.raw)
	oddBoth := force && seen.problem != "" && again.problem != ""
	if (same && (again.stale || force)) || oddBoth {
		os.Remove(aside)
		return nil
	}
	// A rival's fresh lock: put it back where it was. Link, not rename,
	// so that a lock created meanwhile by a third process is not
	// overwritten (where hard links are missing, rename).
	if err := os.Link(aside, lp); err != nil && !os.IsExist(err) {
		if _, serr := os.Lstat(lp); os.IsNotExist(serr) {
			os.Rename(aside, lp)
		}
	}
	os.Remove(aside)
	return errLockRaced
}

// readLockFile reads a lock file without following a symbolic link,
// without blocking on a pipe, and only if it is a small regular file.
func readLockFile(lp string) ([]byte, os.FileInfo, error) {
	if fi, err := os.Lstat(lp); err != nil {
		return nil, nil, err
	} else if fi.Mode()&os.ModeSymlink != 0 {
		return nil, nil, errLockOdd("is a symbolic link")
	}
	f, err := os.OpenFile(lp, os.O_RDONLY|lockOpenFlags, 0)
	if err != nil {
		if isSymlinkErr(err) {
			return nil, nil, errLockOdd("is a symbolic link")
		}
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fi, errLockOdd("is not a regular file (" + fi.Mode().Type().String() + ")")
	}
	if fi.Size() > maxLockFile {
		return nil, fi, errLockOdd(fmt.Sprintf("is %d bytes, not a lock file of this program", fi.Size()))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxLockFile+1))
	if err != nil {
		return nil, fi, err
	}
	if len(data) > maxLockFile {
		return nil, fi, errLockOdd("grew past 4 KiB, not a lock file of this program")
	}
	return data, fi, nil
}

type errLockOdd string

func (e errLockOdd) Error() string { return string(e) }

// inspectLock reads a lock file and says whether it is stale.
func inspectLock(lp string, me LockInfo) lockSeen {
	var s lockSeen
	data, fi, err := readLockFile(lp)
	s.fi = fi
	var odd errLockOdd
	switch {
	case os.IsNotExist(err):
		s.gone = true
		return s
	case errors.As(err, &odd):
		s.problem = fmt.Sprintf("the lock file %s %s; remove it by hand if no one is saving", filepath.Base(lp), odd)
		return s
	case err != nil:
		s.problem = fmt.Sprintf("the lock file %s cannot be read (%v)", filepath.Base(lp), err)
		return s
	}
	s.raw = data
	if json.Unmarshal(data, &s.info) != nil {
		// Half-written by a process that died while creating it.
		s.stale = time.Since(fi.ModTime()) > 5*time.Second
		return s
	}
	if s.info.Host == me.Host && s.info.PID > 0 && s.info.PID != me.PID && !processAlive(s.info.PID) {
		s.stale = true
	}
	return s
}

// ReadLock reports who holds a vault's writer lock, if anyone.
func ReadLock(vaultPath string) (LockInfo, bool) {
	s := inspectLock(lockPath(vaultPath), currentHolder())
	_, err := os.Lstat(lockPath(vaultPath))
	return s.info, err == nil
}

// release removes the lock file if it is still ours (it may have been
// taken over after a prompt on another machine). It does nothing on nil.
func (l *fileLock) release() {
	if l == nil {
		return
	}
	data, _, err := readLockFile(l.path)
	if err != nil {
		return
	}
	var cur LockInfo
	if json.Unmarshal(data, &cur) == nil && cur.Host == l.info.Host && cur.PID == l.info.PID {
		os.Remove(l.path)
	}
}
