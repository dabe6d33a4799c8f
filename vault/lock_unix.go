//go:build !windows

package vault

import (
	"errors"
	"syscall"
)

// lockOpenFlags make reading a lock file refuse a symbolic link and not
// wait for a writer when the file is a pipe.
const lockOpenFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

func isSymlinkErr(err error) bool {
	return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK)
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
