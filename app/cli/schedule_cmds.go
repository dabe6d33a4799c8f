package cli

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"beianledger/internal/schedule"
	"beianledger/vault"
)

// A scheduled run opens the vault unattended with a key slot of its own
// labelled "scheduler@HOST", whose key is kept in the OS keyring (or a 0600
// file in the user's config folder where there is none): see
// internal/schedule. The administrator sees it in `access list` and can
// revoke it like any other slot; `schedule remove` removes it and its key.
// No passphrase is ever written down.

// goos is the system the schedule is for.
func (c *ctx) goos() string {
	if c.env.goos != "" {
		return c.env.goos
	}
	return runtime.GOOS
}

// scheduleEnv is the system the schedule is for.
func (c *ctx) scheduleEnv() schedule.Env {
	return schedule.Env{Getenv: c.env.Getenv, GOOS: c.env.goos, Keyring: c.env.keyring}
}

func cmdScheduleFromNotify(c *ctx) error {
	if c.flag("remove-schedule") {
		*c.bools["remove-schedule"] = false
		return cmdScheduleRemove(c)
	}
	*c.bools["install-schedule"] = false
	return cmdScheduleInstall(c)
}

func cmdScheduleInstall(c *ctx) error {
	if err := c.only("time", "install-schedule", "dry-run", "key-store"); err != nil {
		return err
	}
	at := c.str("time")
	if at == "" {
		at = schedule.DefaultTime
	}
	if !schedule.ValidTime(at) {
		return usagef("--time must be HH:MM (24-hour), e.g. 09:07")
	}
	store := c.str("key-store")
	switch store {
	case "", schedule.StoreAuto, schedule.StoreKeyring, schedule.StoreFile:
	default:
		return usagef("--key-store must be auto, keyring or file")
	}
	if err := c.needVault(); err != nil {
		return err
	}
	if vault.IsRemote(c.vaultPath) {
		// The timer would need the share's password in its unit file.
		return usagef("schedule install takes a vault file on this computer or a shared drive, not a WebDAV address: the daily run would need the share's password stored in clear (计划任务需要本机或共享盘上的保险库文件，不支持 WebDAV 地址)")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	res, err := schedule.Install(v, c.vaultPath, c.scheduleEnv(), schedule.Options{At: at, KeyStore: store, DryRun: c.flag("dry-run")})
	if errors.Is(err, schedule.ErrInstalled) {
		return fmt.Errorf("已安装定时任务；请先运行 beianledger schedule remove / %v; run beianledger schedule remove first", err)
	}
	if err != nil {
		return err
	}
	out := c.out()
	id := res.Slot.ID[:8]
	if res.KeyIn == schedule.StoreKeyring {
		fmt.Fprintf(out, "已添加专用访问方式 %s（%s）；密钥保存在系统钥匙串（%s）\nadded key slot %s %q; its key is in the OS keyring (service %q)\n",
			id, res.Slot.Label, schedule.KeyringService, id, res.Slot.Label, schedule.KeyringService)
	} else {
		if res.KeyringErr != nil {
			fmt.Fprintf(out, "系统钥匙串不可用（%v），密钥改存文件 / the OS keyring is not available (%v); the key goes to a file\n", res.KeyringErr, res.KeyringErr)
		}
		fmt.Fprintf(out, "已添加专用访问方式 %s（%s）；密钥文件 %s（仅本用户可读）\nadded key slot %s %q; its key is in %s (readable by this user only)\n",
			id, res.Slot.Label, res.KeyFile, id, res.Slot.Label, res.KeyFile)
	}
	for _, f := range res.Wrote {
		fmt.Fprintf(out, "已写入 / wrote %s\n", f)
	}
	switch {
	case res.Registered:
		fmt.Fprintf(out, "定时任务已启用：每天 %s 运行 beianledger notify / the daily run of beianledger notify at %s is registered\n", at, at)
		if c.goos() == "linux" {
			fmt.Fprintln(out, "提示：要在未登录时也运行，请执行 loginctl enable-linger（此时请用 --key-store file，钥匙串在未登录时是锁着的）/ to run while logged out: loginctl enable-linger (then use --key-store file: the keyring is locked while nobody is logged in)")
		}
	case res.RegisterErr != "":
		c.warnf("%s\n请在登录会话中手动运行 / run by hand in a login session:\n  %s", res.RegisterErr, strings.Join(res.Manual, "\n  "))
	case strings.Contains(strings.Join(res.Manual, ""), "* * *"):
		fmt.Fprintf(out, "把下面一行加入 crontab -e / add this line with crontab -e:\n%s\n", strings.Join(res.Manual, "\n"))
	default:
		fmt.Fprintf(out, "启用 / enable with:\n  %s\n", strings.Join(res.Manual, "\n  "))
	}
	return nil
}

func cmdScheduleStatus(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if err := c.needVault(); err != nil {
		return err
	}
	uuid, _, slots, err := vault.Inspect(c.vaultPath)
	if err != nil {
		return err
	}
	s, err := schedule.Status(uuid, slots, c.scheduleEnv())
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]any{"slot_id": s.SlotID, "slot_label": s.SlotLabel, "key_in": s.KeyIn,
			"key_file": s.Paths.Key, "timer": s.Timer, "launchd": s.Plist, "time": s.Time, "enabled": s.Enabled, "installed": s.Installed()})
	}
	exists := func(ok bool) string {
		if ok {
			return "有 present"
		}
		return "无 missing"
	}
	slot := "无 missing"
	if s.SlotID != "" {
		slot = fmt.Sprintf("%s %q", s.SlotID[:8], s.SlotLabel)
	}
	key := "无 missing"
	switch s.KeyIn {
	case schedule.StoreKeyring:
		key = "系统钥匙串 OS keyring (" + schedule.KeyringService + "/" + s.Paths.KeyringUser + ")"
	case schedule.StoreFile:
		key = s.Paths.Key
	}
	fmt.Fprintf(c.out(), "访问方式 slot:   %s\n密钥 key:        %s\n", slot, key)
	if c.goos() == "darwin" && s.Paths.Plist != "" {
		fmt.Fprintf(c.out(), "launchd:         %s (%s)\n", s.Paths.Plist, exists(s.Plist))
	}
	if c.goos() == "linux" {
		fmt.Fprintf(c.out(), "定时器 timer:    %s (%s)\n", s.Paths.Timer, exists(s.Timer))
		if s.Enabled != "" {
			fmt.Fprintf(c.out(), "systemctl:       %s\n", s.Enabled)
		}
	}
	if s.Time != "" {
		fmt.Fprintf(c.out(), "时间 time:       %s\n", s.Time)
	}
	return nil
}

func cmdScheduleRemove(c *ctx) error {
	if err := c.only("remove-schedule", "dry-run"); err != nil {
		return err
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	r, err := schedule.Remove(v, c.scheduleEnv(), c.flag("dry-run"))
	if err != nil {
		return err
	}
	label := c.scheduleEnv().SlotLabel()
	if r.Slot.ID != "" {
		fmt.Fprintf(c.out(), "已撤销访问方式 %s %q（主密钥已轮换，%d 个账号被标记为需要更换密码）/ revoked slot %s %q (master key rotated, %d credentials flagged for rotation)\n",
			r.Slot.ID[:8], r.Slot.Label, r.Flagged, r.Slot.ID[:8], r.Slot.Label, r.Flagged)
	} else {
		fmt.Fprintf(c.out(), "保险库中没有 %q 访问方式 / no %q slot in the vault\n", label, label)
	}
	fmt.Fprintln(c.out(), "定时任务已删除 / schedule removed")
	return nil
}
