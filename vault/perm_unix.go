//go:build !windows

package vault

import (
	"fmt"
	"os"
	"syscall"
)

// keepAccess gives a new vault file (still the temporary file) the
// permissions and group of the file it replaces, so that saving keeps a
// group-readable share readable. Never more: execute and special bits are
// dropped, and if the old group cannot be kept (the saver is not in it)
// the group bits go too rather than go to the saver's own group.
func keepAccess(tmp *os.File, old os.FileInfo) {
	mode := old.Mode().Perm() & 0o666
	ost, ok1 := old.Sys().(*syscall.Stat_t)
	cur, err := tmp.Stat()
	if ok1 && err == nil {
		if cst, ok := cur.Sys().(*syscall.Stat_t); ok && cst.Gid != ost.Gid {
			if tmp.Chown(-1, int(ost.Gid)) != nil {
				mode &^= 0o070
			}
		}
	}
	tmp.Chmod(mode)
}

func checkBackupDirOwner(name string, fi os.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("%w: %s belongs to another user (uid %d); move it away or ask its owner", ErrUnsafeBackups, name, st.Uid)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%w: %s can be written by others (mode %04o); run chmod 700 on it", ErrUnsafeBackups, name, fi.Mode().Perm())
	}
	return nil
}
