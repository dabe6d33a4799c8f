package gui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/internal/schedule"
	"beianledger/vault"
)

// guiKeyring is a keyring in memory.
type guiKeyring map[string]string

func (k guiKeyring) Set(s, u, v string) error { k[s+"/"+u] = v; return nil }
func (k guiKeyring) Get(s, u string) (string, error) {
	if v, ok := k[s+"/"+u]; ok {
		return v, nil
	}
	return "", errors.New("secret not found in keyring")
}
func (k guiKeyring) Delete(s, u string) error { delete(k, s+"/"+u); return nil }

// Settings → Notifications turns the daily run on and off: the way in is
// added to the vault, its key goes to the keyring, the timer is written
// and enabled; turning it off revokes the way in, and the key the
// keyring held no longer opens the vault.
func TestScheduleFromSettings(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	u := h.u
	cfg := t.TempDir()
	kr := guiKeyring{}
	var ran []string
	u.scheduleEnv = &schedule.Env{
		Getenv:  func(n string) string { return map[string]string{"XDG_CONFIG_HOME": cfg, "HOME": cfg}[n] },
		GOOS:    "linux",
		Exe:     "/usr/bin/beianledger",
		Keyring: kr,
		Host:    "财务室电脑",
		Run: func(name string, args ...string) ([]byte, error) {
			ran = append(ran, name+" "+strings.Join(args, " "))
			return nil, nil
		},
	}
	u.main.show(navSettings)
	u.wait()
	f := u.main.settings.notify.sched
	if !strings.Contains(f.state.Text, "未开启") || !f.install.Visible() || f.remove.Visible() {
		t.Fatalf("state %q", f.state.Text)
	}
	f.at.SetText("")
	test.Type(f.at, "7:30")
	test.Tap(f.install)
	u.wait()
	if !strings.Contains(f.msg.Text, "时:分") {
		t.Fatalf("bad time accepted: %q", f.msg.Text)
	}
	f.at.SetText("")
	test.Type(f.at, "07:30")
	test.Tap(f.install)
	u.wait()
	if f.msg.Visible() {
		t.Fatalf("msg %q", f.msg.Text)
	}
	if !strings.Contains(f.state.Text, "已开启：本电脑每天 07:30") || !strings.Contains(f.state.Text, "系统钥匙串") || !strings.Contains(f.state.Text, "scheduler@财务室电脑") || f.install.Visible() || !f.remove.Visible() {
		t.Fatalf("state %q", f.state.Text)
	}
	found := false
	for _, s := range u.v.Slots() {
		found = found || s.Label == "scheduler@财务室电脑"
	}
	if !found || len(kr) != 1 {
		t.Fatalf("slot %v keyring %v", found, kr)
	}
	if len(ran) < 2 || !strings.Contains(ran[1], "enable --now beianledger-notify-") {
		t.Fatalf("ran %q", ran)
	}
	timers, _ := filepath.Glob(filepath.Join(cfg, "systemd", "user", "*.timer"))
	if len(timers) != 1 {
		t.Fatalf("timers %v", timers)
	}
	var stored string
	for _, v := range kr {
		stored = v
	}

	test.Tap(f.remove)
	c := u.lastConfirm
	if c == nil {
		t.Fatal("no confirmation")
	}
	test.Tap(c.ok)
	u.wait()
	if !strings.Contains(f.msg.Text, "已关闭") || !strings.Contains(f.state.Text, "未开启") || len(kr) != 0 {
		t.Fatalf("msg %q state %q keyring %v", f.msg.Text, f.state.Text, kr)
	}
	if _, err := os.Stat(timers[0]); err == nil {
		t.Fatal("timer left")
	}
	// The key the keyring held opens nothing now.
	path := u.path
	u.lock()
	rk, err := vault.ParseRecoveryKey(stored)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := vault.Open(path, rk, vault.Options{ReadOnly: true}); err == nil {
		v.Lock()
		t.Fatal("the revoked scheduler key still opens the vault")
	}
}

// In English the section speaks English.
func TestScheduleSectionEnglish(t *testing.T) {
	h := openWith(t, i18n.EN, nil)
	u := h.u
	cfg := t.TempDir()
	u.scheduleEnv = &schedule.Env{Getenv: func(n string) string { return map[string]string{"XDG_CONFIG_HOME": cfg}[n] }, GOOS: "linux", Keyring: guiKeyring{}}
	u.main.show(navSettings)
	u.wait()
	f := u.main.settings.notify.sched
	if !strings.HasPrefix(f.state.Text, "Off:") || f.install.Text != "Turn on daily reminders" {
		t.Fatalf("%q %q", f.state.Text, f.install.Text)
	}
}

// TestScheduleScreenshot writes Settings → Notifications with the daily
// run turned on, Chinese and English, to $BEIANLEDGER_SHOTS
// (docs/screenshots) for the user guide.
func TestScheduleScreenshot(t *testing.T) {
	dir := os.Getenv("BEIANLEDGER_SHOTS")
	if dir == "" {
		t.Skip("BEIANLEDGER_SHOTS not set")
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h := openWith(t, lang, nil)
		u := h.u
		cfg := t.TempDir()
		u.scheduleEnv = &schedule.Env{
			Getenv:  func(n string) string { return map[string]string{"XDG_CONFIG_HOME": cfg}[n] },
			GOOS:    "linux",
			Exe:     "/usr/bin/beianledger",
			Keyring: guiKeyring{},
			Host:    "finance-pc",
			Run:     func(string, ...string) ([]byte, error) { return nil, nil },
		}
		u.main.show(navSettings)
		u.wait()
		f := u.main.settings.notify.sched
		test.Tap(f.install)
		u.wait()
		s := u.main.settings
		s.scroll.ScrollToBottom()
		h.writeShot(dir, lang, "schedule")
	}
}
