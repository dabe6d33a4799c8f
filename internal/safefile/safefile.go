// Package safefile writes files that may hold secrets (exports with
// passwords, letters, calendars, opened attachments) so that nobody but
// the owner can read them, whatever was at the destination before.
//
// The content goes to a new file beside the destination, created by this
// process with mode 0600 (O_EXCL, so no symbolic link is followed and no
// file someone else prepared is reused), is synced, and is then renamed
// over the destination. An existing file at the destination is replaced,
// never written into: its mode, owner and any reader holding it open keep
// seeing the old content, not the new one. A destination that is a
// symbolic link or not a regular file (a FIFO, a device, a folder) is
// refused; the null device is the one exception, written directly.
//
// On Linux the new file has no name until the content is complete (an
// O_TMPFILE file), so an interrupted write (Ctrl+C, a crash, kill -9)
// leaves nothing behind. Elsewhere, or where the file system lacks
// O_TMPFILE, it is a hidden ".NAME.*.tmp" file, removed on error and, as
// far as the process gets to run, on SIGINT and SIGTERM.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrRefused marks a destination this package will not write to.
var ErrRefused = errors.New("refused destination")

// namedOnly makes Create use a named temporary file everywhere (tests
// of the path other systems take).
var namedOnly = false

// Mode is the permission of every file written.
const Mode os.FileMode = 0o600

// File is a file being written; nothing appears at its destination until
// Commit. Abort (or a failed Commit) leaves the destination as it was.
type File struct {
	path string   // destination
	f    *os.File // the content
	tmp  string   // its name beside the destination, "" while it has none
	anon bool     // f is an unnamed (O_TMPFILE) file
	null bool     // the destination is the null device, f opened on it
	done bool
}

// Check reports whether path may be written: it does not exist, or it
// is a regular file (not a symbolic link), or it is the null device.
func Check(path string) error {
	if isNull(path) {
		return nil
	}
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("%w: %s 是符号链接，不经它写入 / %s is a symbolic link; not writing through it (give the real path)", ErrRefused, path, path)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%w: %s 不是普通文件 / %s is not a regular file (%s); not writing to it", ErrRefused, path, path, fi.Mode().Type())
	}
	return nil
}

func isNull(path string) bool { return filepath.Clean(path) == os.DevNull }

// Create starts writing path. The caller writes, then calls Commit;
// a deferred Abort cleans up after any failure.
func Create(path string) (*File, error) {
	if err := Check(path); err != nil {
		return nil, err
	}
	if isNull(path) {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &File{path: path, f: f, null: true}, nil
	}
	dir := filepath.Dir(path)
	if f, ok := openAnonymous(dir); ok && !namedOnly {
		return &File{path: path, f: f, anon: true}, nil
	}
	f, err := createNamed(dir, filepath.Base(path))
	if err != nil {
		return nil, err
	}
	return &File{path: path, f: f, tmp: f.Name()}, nil
}

// createNamed creates a fresh hidden file in dir, mode 0600, registered
// for removal on a signal.
func createNamed(dir, base string) (*os.File, error) {
	// CreateTemp opens with O_CREATE|O_EXCL and mode 0600: a name that
	// exists (a symbolic link included) is never opened.
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, err
	}
	track(f.Name())
	// The umask can only narrow 0600; make it exact in case a default
	// ACL widened it.
	if err := f.Chmod(Mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		untrack(f.Name())
		return nil, err
	}
	return f, nil
}

// Write writes to the file.
func (f *File) Write(p []byte) (int, error) { return f.f.Write(p) }

// Commit syncs the content and puts it at the destination in one rename.
func (f *File) Commit() error {
	if f.done {
		return errors.New("safefile: already committed or aborted")
	}
	if f.null {
		f.done = true
		return f.f.Close()
	}
	if err := f.f.Sync(); err != nil {
		f.Abort()
		return err
	}
	if f.anon {
		name, err := linkAnonymous(f.f, filepath.Dir(f.path), filepath.Base(f.path))
		if err != nil {
			// No way to name it (no /proc, say): copy it to a named file.
			if name, err = f.copyToNamed(); err != nil {
				f.Abort()
				return err
			}
		}
		f.tmp = name
	}
	if err := f.f.Close(); err != nil {
		f.Abort()
		return err
	}
	// Whatever came to the destination since Create (a symbolic link,
	// say) is replaced itself, never followed: rename does not follow.
	if err := os.Rename(f.tmp, f.path); err != nil {
		f.Abort()
		return err
	}
	untrack(f.tmp)
	f.done = true
	syncDir(filepath.Dir(f.path))
	return nil
}

// copyToNamed copies the unnamed file's content to a new named one.
func (f *File) copyToNamed() (string, error) {
	nf, err := createNamed(filepath.Dir(f.path), filepath.Base(f.path))
	if err != nil {
		return "", err
	}
	_, err = io.Copy(nf, io.NewSectionReader(f.f, 0, 1<<62))
	if err == nil {
		err = nf.Sync()
	}
	if cerr := nf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(nf.Name())
		untrack(nf.Name())
		return "", err
	}
	return nf.Name(), nil
}

// Abort drops what was written; the destination stays as it was. It is
// safe to call after Commit (it does nothing then) and more than once.
func (f *File) Abort() {
	if f == nil || f.done {
		return
	}
	f.done = true
	f.f.Close()
	if f.tmp != "" {
		os.Remove(f.tmp)
		untrack(f.tmp)
	}
}

// Write puts data at path as Create and Commit do.
func Write(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// WriteNew writes data to a file that must not exist yet (a key file),
// with mode, and syncs it; a file it could not finish is removed. An
// existing file is os.ErrExist and left alone.
func WriteNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// syncDir makes the rename durable where the system allows syncing a
// folder; failing that it is left to the file system.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
