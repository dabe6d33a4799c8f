package main

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// minMemlock is the locked memory the keys need. memguard locks a few
// pages (its session key, each key while it is open); below this it cannot
// lock them, and instead of an error its panic path deadlocks: the program
// hangs without a word. Measured as an unprivileged user with prlimit: 16
// KiB hangs, 24 KiB works for every command; 32 KiB leaves a margin.
const minMemlock = 32 << 10

// memlockProblem returns, in Chinese and English, what to do when the
// locked-memory limit is too low for the keys ("" when it is enough, or
// when the process may lock memory regardless, e.g. root).
func memlockProblem() string {
	var lim unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_MEMLOCK, &lim) != nil || lim.Cur == unix.RLIM_INFINITY || lim.Cur >= minMemlock {
		return ""
	}
	// CAP_IPC_LOCK lifts the limit: try to lock as much as we need.
	if buf, err := unix.Mmap(-1, 0, minMemlock, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE); err == nil {
		ok := unix.Mlock(buf) == nil
		if ok {
			unix.Munlock(buf)
		}
		unix.Munmap(buf)
		if ok {
			return ""
		}
	}
	kib := lim.Cur >> 10
	return fmt.Sprintf(`beianledger: 可锁定内存上限（RLIMIT_MEMLOCK）只有 %d KiB，低于保护密钥所需的 %d KiB；程序无法运行，已停止。
请提高上限后重试：在当前终端运行 ulimit -l 8192（不能超过硬上限 %d KiB）；长期办法是在 /etc/security/limits.conf 加一行 "用户名 - memlock 8192" 并重新登录；systemd 服务设置 LimitMEMLOCK=8M；Docker 容器加 --ulimit memlock=8388608。
beianledger: the locked-memory limit (RLIMIT_MEMLOCK) is %d KiB, below the %d KiB needed to keep the keys in locked memory; the program cannot run and stopped.
Raise it and retry: run "ulimit -l 8192" in this shell (up to the hard limit, %d KiB); for good, add "USERNAME - memlock 8192" to /etc/security/limits.conf and log in again; for a systemd service set LimitMEMLOCK=8M; for a Docker container pass --ulimit memlock=8388608.
`, kib, minMemlock>>10, lim.Max>>10, kib, minMemlock>>10, lim.Max>>10)
}
