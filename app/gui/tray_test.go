package gui

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// fakeTray records the menus set in the system tray.
type fakeTray struct{ menus []*fyne.Menu }

func (f *fakeTray) SetSystemTrayMenu(m *fyne.Menu) { f.menus = append(f.menus, m) }

func (f *fakeTray) labels() []string {
	if len(f.menus) == 0 {
		return nil
	}
	var out []string
	for _, it := range f.menus[len(f.menus)-1].Items {
		out = append(out, it.Label)
	}
	return out
}

// TestTrayMenu: the tray says the vault is locked, then how many reminders
// are due (the window title's count), locks from its menu, and quits
// through the window's close.
func TestTrayMenu(t *testing.T) {
	h := start(t, i18n.ZH, makeVault(t, fillDemo(50)))
	tray := &fakeTray{}
	h.u.tray = tray
	h.u.refreshTray()
	if got := tray.labels(); len(got) != 5 || got[0] != "台账已锁定" || got[2] != "显示窗口" || got[3] != "锁定台账" || got[4] != "退出" {
		t.Fatalf("locked tray menu %q", got)
	}
	m := tray.menus[len(tray.menus)-1]
	if !m.Items[3].Disabled || !m.Items[4].IsQuit || !m.Items[1].IsSeparator {
		t.Fatalf("lock enabled %t, quit marked %t, separator %t", !m.Items[3].Disabled, m.Items[4].IsQuit, m.Items[1].IsSeparator)
	}

	h.unlock(testPass)
	if h.u.main == nil {
		t.Fatalf("not unlocked: %q", h.u.lastError)
	}
	h.u.wait()
	if h.u.dueCount == 0 {
		t.Fatal("the demo has nothing due: the count proves nothing")
	}
	want := strconv.Itoa(h.u.dueCount) + " 项待办已到期或逾期"
	if got := tray.labels(); got[0] != want {
		t.Fatalf("tray says %q, want %q", got[0], want)
	}
	m = tray.menus[len(tray.menus)-1]
	if m.Items[3].Disabled {
		t.Fatal("lock disabled while the vault is open")
	}

	// The first line brings back the dashboard.
	h.u.main.show(navSites)
	m.Items[0].Action()
	if h.u.main.current != navDashboard {
		t.Errorf("screen %d after the tray's first line, want the dashboard", h.u.main.current)
	}

	// Quit goes through the window's close: with an unsaved form it asks
	// first and keeps the vault open.
	h.u.main.show(navSites)
	h.u.shortcut(scNew)
	h.u.wait()
	test.Type(h.u.main.sites.form.name, "未保存")
	quit := tray.menus[len(tray.menus)-1].Items[4]
	quit.Action()
	if h.u.lastConfirm == nil || !h.u.lastConfirm.d.Visible() || h.u.v == nil {
		t.Fatal("quit from the tray did not ask about the unsaved form")
	}
	test.Tap(h.u.lastConfirm.cancel)
	h.u.main.sites.discardChanges()

	// Lock from the tray.
	m = tray.menus[len(tray.menus)-1]
	m.Items[3].Action()
	if h.u.v != nil || h.u.unlock == nil {
		t.Fatal("the tray's lock left the vault open")
	}
	if got := tray.labels(); got[0] != "台账已锁定" {
		t.Fatalf("tray says %q after locking", got[0])
	}
}
