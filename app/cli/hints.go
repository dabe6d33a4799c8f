package cli

import (
	"errors"
	"fmt"

	"beianledger/ledger"
	"beianledger/vault"
)

// problemHint says what to do, in Chinese first, for the errors where
// retrying (the exit code's usual hint) will not help, and for the common
// mistakes of a command line (a record not found, a flag missing), so that
// a Chinese reader is not left with the English line alone. name is the
// command, as in `beianledger NAME --help`.
func problemHint(name string, err error) string {
	var le *vault.LockError
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		return usageHint(name)
	case errors.Is(err, errNoSecret):
		return "提示：没有给出口令，也没有终端可以询问：请设置环境变量 BEIANLEDGER_PASSWORD，或用 --password-file 指定口令文件。\nhint: set BEIANLEDGER_PASSWORD or use --password-file."
	case errors.Is(err, ledger.ErrNotFound):
		return "提示：台账里没有这条记录（已删除的不算）。请核对备案号、域名或编号，或用 `beianledger search 关键词` 查找。\nhint: no live record matches; check the filing number, domain or ID, or find it with `beianledger search WORDS`."
	case errors.As(err, &le) && le.Problem != "":
		return "提示：锁文件有问题，等待也没有用（原因见上）。如确认没有人正在保存，请手动删除该锁文件，或在桌面程序里选择“接管”。\nhint: the lock file is in the way and waiting will not help (see above); if no one is saving, remove it by hand or take over in the desktop app."
	case errors.Is(err, vault.ErrUnsafeBackups):
		return "提示：备份文件夹不安全（符号链接、属于他人或他人可写），没有在其中保存或读取备份。请按上面的说明修正。\nhint: the backups folder is not safe (a link, someone else's or writable by others); no backup was written or read there. Fix it as said above."
	}
	return ""
}

// usageHint is the hint under a usage error.
func usageHint(name string) string {
	return fmt.Sprintf("提示：命令的参数不对；`beianledger %[1]s --help` 列出它的全部参数。\nhint: see `beianledger %[1]s --help` for its flags.", name)
}
