package cli

import (
	"errors"

	"beianledger/vault"
)

// problemHint says what to do, in Chinese first, for the errors where
// retrying (the exit code's usual hint) will not help.
func problemHint(err error) string {
	var le *vault.LockError
	switch {
	case errors.As(err, &le) && le.Problem != "":
		return "提示：锁文件有问题，等待也没有用（原因见上）。如确认没有人正在保存，请手动删除该锁文件，或在桌面程序里选择“接管”。\nhint: the lock file is in the way and waiting will not help (see above); if no one is saving, remove it by hand or take over in the desktop app."
	case errors.Is(err, vault.ErrUnsafeBackups):
		return "提示：备份文件夹不安全（符号链接、属于他人或他人可写），没有在其中保存或读取备份。请按上面的说明修正。\nhint: the backups folder is not safe (a link, someone else's or writable by others); no backup was written or read there. Fix it as said above."
	}
	return ""
}
