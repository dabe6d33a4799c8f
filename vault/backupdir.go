package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrUnsafeBackups means the backups folder beside a vault is not safe to
// use: a symbolic link, not a folder, someone else's, or writable by
// others. Old versions are neither written there nor read from it.
var ErrUnsafeBackups = errors.New("the backups folder is not safe to use")

// ensureBackupDir makes the backups folder (0700) if it is missing and
// checks it.
func ensureBackupDir(bdir string) error {
	if err := os.Mkdir(bdir, 0o700); err != nil && !os.IsExist(err) {
		return err
	}
	return checkBackupDir(bdir)
}

// checkBackupDir refuses a backups folder that is a symbolic link (it
// could send old vault copies anywhere), not a folder, not owned by this
// user or writable by group or others (anyone could then replace a backup
// or plant one to be restored).
func checkBackupDir(bdir string) error {
	fi, err := os.Lstat(bdir)
	if err != nil {
		return err
	}
	name := filepath.Base(bdir)
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("%w: %s is a symbolic link; remove it (the vault makes a real folder)", ErrUnsafeBackups, name)
	case !fi.IsDir():
		return fmt.Errorf("%w: %s is not a folder", ErrUnsafeBackups, name)
	}
	return checkBackupDirOwner(name, fi)
}

// backupGeneration reads the generation from a backup's name,
// NAME.genN.TIMESTAMP.bak, as a number: names sort wrongly once N has more
// than six digits (generation 1,000,000).
func backupGeneration(name, prefix string) (gen uint64, stamp string) {
	rest := strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".bak")
	digits, stamp, _ := strings.Cut(rest, ".")
	gen, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return 0, rest
	}
	return gen, stamp
}

// isOrphanTemp says whether name is a temporary file of the vault named
// base: "." + base + ".tmp-" and the digits os.CreateTemp puts for "*".
// The name is compared literally: a vault named "a?" or "[ab]" must not
// match another vault's temporary files, as a glob pattern would.
func isOrphanTemp(name, base string) bool {
	suffix, ok := strings.CutPrefix(name, "."+base+".tmp-")
	if !ok || suffix == "" {
		return false
	}
	for _, c := range suffix {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
