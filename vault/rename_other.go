//go:build !windows

package vault

// busyFile: on POSIX systems a rename is not refused because another
// program has the file open; only the tests' stand-in counts.
func busyFile(err error) bool { return errBusyForTest(err) }

// replaceableWhileOpen: another save can rename over a file this process
// holds open, which stays readable (Options.BaseOnDisk).
const replaceableWhileOpen = true
