package vault

import (
	"errors"
	"os"
	"time"
)

// renameTries bounds renameRetry: about 3 s in all, doubling from 20 ms.
const renameTries = 9

// renameFile is os.Rename; tests replace it to play a busy file.
var renameFile = os.Rename

// renameRetry renames from over to, trying again with a growing pause
// while the error says another program holds the file for a moment — on
// Windows an antivirus scan, the search indexer or a sync client opening
// the vault right after it changed (sharing violation, access denied).
// Any other error, or the last try's, is returned as is.
func renameRetry(from, to string) error {
	pause := 20 * time.Millisecond
	var err error
	for i := 0; i < renameTries; i++ {
		if err = renameFile(from, to); err == nil || !busyFile(err) {
			return err
		}
		time.Sleep(pause)
		pause = min(2*pause, 800*time.Millisecond)
	}
	return err
}

// errBusy stands for a Windows sharing violation in tests.
var errBusy = &os.LinkError{Op: "rename", Err: errBusySentinel{}}

type errBusySentinel struct{}

func (errBusySentinel) Error() string {
	return "the process cannot access the file because it is being used by another process"
}

func errBusyForTest(err error) bool {
	var le *os.LinkError
	if errors.As(err, &le) {
		_, ok := le.Err.(errBusySentinel)
		return ok
	}
	return false
}

// exchangeFile is exchange; tests replace it to take the rename path, as
// on Windows and on file systems that cannot swap.
var exchangeFile = exchange
