package safefile

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// openAnonymous opens an unnamed file in dir (O_TMPFILE), mode 0600, or
// reports that the file system cannot.
func openAnonymous(dir string) (*os.File, bool) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, uint32(Mode))
	if err != nil {
		return nil, false
	}
	if err := unix.Fchmod(fd, uint32(Mode)); err != nil {
		unix.Close(fd)
		return nil, false
	}
	return os.NewFile(uintptr(fd), filepath.Join(dir, "(unnamed)")), true
}

// linkAnonymous gives the unnamed file f a fresh hidden name in dir.
func linkAnonymous(f *os.File, dir, base string) (string, error) {
	proc := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	for i := 0; i < 100; i++ {
		name := filepath.Join(dir, fmt.Sprintf(".%s.%d.%d.tmp", base, os.Getpid(), randUint()))
		track(name)
		err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, name, unix.AT_SYMLINK_FOLLOW)
		if err == nil {
			return name, nil
		}
		untrack(name)
		if err != unix.EEXIST {
			return "", err
		}
	}
	return "", fmt.Errorf("safefile: no free name in %s", dir)
}
