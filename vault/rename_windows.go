package vault

import (
	"errors"

	"golang.org/x/sys/windows"
)

// busyFile: another program has the file open for a moment.
func busyFile(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) || errors.Is(err, windows.ERROR_ACCESS_DENIED) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errBusyForTest(err)
}

// replaceableWhileOpen: a file held open here would make other writers'
// renames over it fail, so the merge base is kept in memory
// (Options.BaseOnDisk).
const replaceableWhileOpen = false
