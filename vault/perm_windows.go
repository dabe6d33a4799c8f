//go:build windows

package vault

import "os"

// keepAccess: a new file inherits the folder's access control list on
// Windows, like the file it replaces.
func keepAccess(*os.File, os.FileInfo) {}

// checkBackupDirOwner: on Windows the folder's access control list, which
// the vault's folder passes on, decides who may write it.
func checkBackupDirOwner(string, os.FileInfo) error { return nil }
