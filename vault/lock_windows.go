//go:build windows

package vault

import (
	"errors"

	"golang.org/x/sys/windows"
)

// lockOpenFlags: Windows has no pipes or devices in a folder; readLockFile
// refuses symbolic links by their Lstat mode.
const lockOpenFlags = 0

func isSymlinkErr(error) bool { return false }

// processAlive says whether pid runs. A process we may not query (another
// user's, a service) is alive: access denied is not death.
func processAlive(pid int) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return errors.Is(err, windows.ERROR_ACCESS_DENIED)
	}
	defer windows.CloseHandle(h)
	var code uint32
	if windows.GetExitCodeProcess(h, &code) != nil {
		return true
	}
	return code == 259 // STILL_ACTIVE
}
