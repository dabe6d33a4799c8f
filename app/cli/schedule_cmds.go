package cli

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"beianledger/vault"
)

// A scheduled run opens the vault unattended with a key slot of its own:
// a recovery-key slot labelled "scheduler@HOST" whose key sits in a 0600
// file in the user's config folder. The administrator sees it in
// `access list` and can revoke it like any other slot; `schedule remove`
// removes it and the file. No passphrase is ever written down.

// scheduleTimeRE is HH:MM.
var scheduleTimeRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])$`)

// defaultScheduleTime is a few minutes past nine: 飞书 asks robots to
// avoid the exact hour and half hour (error 11232).
const defaultScheduleTime = "09:07"

// schedulePaths are the files of one vault's schedule.
type schedulePaths struct {
	key, service, timer, unit string
	// macOS: the launchd agent's property list, its label and log file
	plist, label, log string
}

// goos is the system the schedule is for.
func (c *ctx) goos() string {
	if c.env.goos != "" {
		return c.env.goos
	}
	return runtime.GOOS
}

func configDir(getenv func(string) string, goos string) (string, error) {
	if d := getenv("XDG_CONFIG_HOME"); goos == "linux" && filepath.IsAbs(d) {
		return d, nil
	}
	if h := getenv("HOME"); goos == "linux" && h != "" {
		return filepath.Join(h, ".config"), nil
	}
	if h := getenv("HOME"); goos == "darwin" && filepath.IsAbs(h) {
		return filepath.Join(h, "Library", "Application Support"), nil
	}
	return os.UserConfigDir()
}

func (c *ctx) schedulePaths(uuid string) (schedulePaths, error) {
	dir, err := configDir(c.env.Getenv, c.goos())
	if err != nil {
		return schedulePaths{}, fmt.Errorf("no config folder for the scheduler key: %v", err)
	}
	unit := "beianledger-notify-" + uuid[:8]
	p := schedulePaths{
		key:     filepath.Join(dir, "beianledger", "scheduler-"+uuid+".key"),
		service: filepath.Join(dir, "systemd", "user", unit+".service"),
		timer:   filepath.Join(dir, "systemd", "user", unit+".timer"),
		unit:    unit,
		label:   "cn.beianledger.notify-" + uuid[:8],
	}
	if h := c.env.Getenv("HOME"); c.goos() == "darwin" && filepath.IsAbs(h) {
		p.plist = filepath.Join(h, "Library", "LaunchAgents", p.label+".plist")
		p.log = filepath.Join(h, "Library", "Logs", unit+".log")
	}
	return p, nil
}

func slotLabel() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "this-machine"
	}
	return "scheduler@" + h
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
	if err := c.only("time", "install-schedule", "dry-run"); err != nil {
		return err
	}
	at := c.str("time")
	if at == "" {
		at = defaultScheduleTime
	}
	if !scheduleTimeRE.MatchString(at) {
		return usagef("--time must be HH:MM (24-hour), e.g. 09:07")
	}
	if err := c.needVault(); err != nil {
		return err
	}
	if vault.IsRemote(c.vaultPath) {
		// The timer would need the share's password in its unit file.
		return usagef("schedule install takes a vault file on this computer or a shared drive, not a WebDAV address: the daily run would need the share's password stored in clear (计划任务需要本机或共享盘上的保险库文件，不支持 WebDAV 地址)")
	}
	vaultPath, err := filepath.Abs(c.vaultPath)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find this program's path: %v", err)
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	p, err := c.schedulePaths(v.UUID())
	if err != nil {
		return err
	}
	if _, err := os.Stat(p.key); err == nil {
		return fmt.Errorf("已安装定时任务（%s 已存在）；请先运行 beianledger schedule remove / a schedule is already installed (%s exists); run beianledger schedule remove first", p.key, p.key)
	}
	if err := os.MkdirAll(filepath.Dir(p.key), 0o700); err != nil {
		return err
	}
	rk := vault.NewRecoveryKey()
	text := fmt.Sprintf("# 备案台账定时提醒的专用密钥（可在“访问方式”中撤销） Beian Ledger scheduler key (revocable in access list)\n# vault %s\n%s\n", v.UUID(), rk)
	if err := writeNew(p.key, []byte(text), 0o600); err != nil {
		return err
	}
	slot, err := v.AddKey(rk, slotLabel())
	if err != nil {
		os.Remove(p.key)
		return err
	}
	args := []string{exe, "notify", "--vault", vaultPath, "--recovery-key-file", p.key}
	fmt.Fprintf(c.out(), "已添加专用访问方式 %s（%s）；密钥文件 %s（仅本用户可读）\nadded key slot %s %q; its key is in %s (readable by this user only)\n",
		slot.ID[:8], slot.Label, p.key, slot.ID[:8], slot.Label, p.key)
	switch c.goos() {
	case "windows":
		fmt.Fprintf(c.out(), "在“命令提示符”中运行以下命令注册每日任务 / register the daily task with:\n%s\n", schtasksCommand(p.unit, at, args))
		return nil
	case "darwin":
		if p.plist != "" {
			return c.installLaunchd(p, at, args)
		}
		fallthrough // no home folder: a crontab line
	case "linux":
	default:
		fmt.Fprintf(c.out(), "把下面一行加入 crontab -e / add this line with crontab -e:\n%s %s * * * %s\n", at[3:], at[:2], shellJoin(args))
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p.service), 0o755); err != nil {
		return err
	}
	service := fmt.Sprintf(`[Unit]
Description=Beian Ledger: send due filing reminders (vault %s)
Documentation=https://github.com/beianledger/beianledger/blob/main/docs/notify.md
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
ExecStart=%s
# The key file opens only this vault; nothing else is needed.
NoNewPrivileges=yes
`, v.UUID(), systemdJoin(args))
	timer := fmt.Sprintf(`[Unit]
Description=Beian Ledger: daily filing reminders at %s (vault %s)

[Timer]
OnCalendar=*-*-* %s:00
Persistent=true
Unit=%s.service

[Install]
WantedBy=timers.target
`, at, v.UUID(), at, p.unit)
	if err := os.WriteFile(p.service, []byte(service), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(p.timer, []byte(timer), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已写入 / wrote %s\n已写入 / wrote %s\n", p.service, p.timer)
	enable := [][]string{{"systemctl", "--user", "daemon-reload"}, {"systemctl", "--user", "enable", "--now", p.unit + ".timer"}}
	if c.flag("dry-run") {
		fmt.Fprintf(c.out(), "启用 / enable with:\n  %s\n  %s\n", strings.Join(enable[0], " "), strings.Join(enable[1], " "))
		return nil
	}
	for _, cmd := range enable {
		if out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput(); err != nil {
			c.warnf("%s: %v %s\n请在登录会话中手动运行 / run by hand in a login session:\n  %s\n  %s", strings.Join(cmd, " "), err, strings.TrimSpace(string(out)),
				strings.Join(enable[0], " "), strings.Join(enable[1], " "))
			return nil
		}
	}
	fmt.Fprintf(c.out(), "定时任务已启用：每天 %s 运行 beianledger notify / the timer runs beianledger notify daily at %s\n"+
		"提示：要在未登录时也运行，请执行 loginctl enable-linger / to run while logged out: loginctl enable-linger\n", at, at)
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
	p, err := c.schedulePaths(uuid)
	if err != nil {
		return err
	}
	exists := func(f string) string {
		if _, err := os.Stat(f); err == nil {
			return "有 present"
		}
		return "无 missing"
	}
	slot := "无 missing"
	for _, s := range slots {
		if strings.HasPrefix(s.Label, "scheduler@") {
			slot = fmt.Sprintf("%s %q", s.ID[:8], s.Label)
		}
	}
	fmt.Fprintf(c.out(), "访问方式 slot:   %s\n密钥文件 key:    %s (%s)\n", slot, p.key, exists(p.key))
	if c.goos() == "darwin" && p.plist != "" {
		fmt.Fprintf(c.out(), "launchd:         %s (%s)\n", p.plist, exists(p.plist))
	}
	if c.goos() == "linux" {
		fmt.Fprintf(c.out(), "定时器 timer:    %s (%s)\n", p.timer, exists(p.timer))
		if out, err := exec.Command("systemctl", "--user", "is-enabled", p.unit+".timer").CombinedOutput(); err == nil {
			fmt.Fprintf(c.out(), "systemctl:       %s\n", strings.TrimSpace(string(out)))
		}
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
	p, err := c.schedulePaths(v.UUID())
	if err != nil {
		return err
	}
	if c.goos() == "linux" && !c.flag("dry-run") {
		exec.Command("systemctl", "--user", "disable", "--now", p.unit+".timer").Run() // absent or no session: the files go anyway
	}
	if c.goos() == "darwin" && p.plist != "" && !c.flag("dry-run") {
		exec.Command("launchctl", "bootout", launchdDomain()+"/"+p.label).Run() // not loaded: the file goes anyway
	}
	for _, f := range []string{p.timer, p.service, p.plist, p.key} {
		if f == "" {
			continue
		}
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	label := slotLabel()
	removed := false
	for _, s := range v.Slots() {
		if s.Label != label || s.InUse {
			continue
		}
		if _, flagged, err := v.RemoveSlot(s.ID); err != nil {
			return err
		} else {
			fmt.Fprintf(c.out(), "已撤销访问方式 %s %q（主密钥已轮换，%d 个账号被标记为需要更换密码）/ revoked slot %s %q (master key rotated, %d credentials flagged for rotation)\n",
				s.ID[:8], s.Label, flagged, s.ID[:8], s.Label, flagged)
		}
		removed = true
	}
	if !removed {
		fmt.Fprintf(c.out(), "保险库中没有 %q 访问方式 / no %q slot in the vault\n", label, label)
	}
	fmt.Fprintln(c.out(), "定时任务已删除 / schedule removed")
	return nil
}

// systemdJoin quotes arguments for ExecStart=.
func systemdJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		a = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%", "$", "$$").Replace(a)
		q[i] = `"` + a + `"`
	}
	return strings.Join(q, " ")
}

// shellJoin quotes arguments for a POSIX shell (crontab).
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// schtasksCommand is the Task Scheduler registration for cmd.exe.
func schtasksCommand(name, at string, args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = `\"` + a + `\"`
	}
	return fmt.Sprintf(`schtasks /Create /F /SC DAILY /ST %s /TN "%s" /TR "%s"`, at, name, strings.Join(q, " "))
}

// installLaunchd writes the macOS launchd agent that runs args daily at
// at (HH:MM) and loads it into the user's session (`launchctl bootstrap`).
func (c *ctx) installLaunchd(p schedulePaths, at string, args []string) error {
	if err := os.MkdirAll(filepath.Dir(p.plist), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p.plist, launchdPlist(p.label, at, args, p.log), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已写入 / wrote %s\n", p.plist)
	load := []string{"launchctl", "bootstrap", launchdDomain(), p.plist}
	if c.flag("dry-run") {
		fmt.Fprintf(c.out(), "启用 / enable with:\n  %s\n", shellJoin(load))
		return nil
	}
	if out, err := exec.Command(load[0], load[1:]...).CombinedOutput(); err != nil {
		c.warnf("%s: %v %s\n请在登录会话中手动运行 / run by hand in a login session:\n  %s", strings.Join(load, " "), err, strings.TrimSpace(string(out)), shellJoin(load))
		return nil
	}
	fmt.Fprintf(c.out(), "定时任务已启用：每天 %s 运行 beianledger notify（错过的运行在开机后补上）/ launchd runs beianledger notify daily at %s (a run missed while asleep happens on wake)\n", at, at)
	return nil
}

// launchdDomain is the logged-in user's launchd domain.
func launchdDomain() string { return "gui/" + strconv.Itoa(os.Getuid()) }

// launchdPlist is a launchd agent property list: args run every day at
// at (HH:MM, local time), output appended to logPath.
func launchdPlist(label, at string, args []string, logPath string) []byte {
	var b strings.Builder
	str := func(s string) string {
		var e strings.Builder
		xml.EscapeText(&e, []byte(s))
		return "<string>" + e.String() + "</string>"
	}
	hour, _ := strconv.Atoi(at[:2])
	minute, _ := strconv.Atoi(at[3:])
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	` + str(label) + `
	<key>ProgramArguments</key>
	<array>
`)
	for _, a := range args {
		b.WriteString("\t\t" + str(a) + "\n")
	}
	b.WriteString(`	</array>
	<key>StartCalendarInterval</key>
	<dict>
		<key>Hour</key>
		<integer>` + strconv.Itoa(hour) + `</integer>
		<key>Minute</key>
		<integer>` + strconv.Itoa(minute) + `</integer>
	</dict>
	<key>ProcessType</key>
	<string>Background</string>
	<key>StandardOutPath</key>
	` + str(logPath) + `
	<key>StandardErrorPath</key>
	` + str(logPath) + `
</dict>
</plist>
`)
	return []byte(b.String())
}
