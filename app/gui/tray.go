package gui

import (
	"fyne.io/fyne/v2"
)

// trayHost is what the tray needs of the desktop driver (fyne's
// desktop.App); tests hand in a fake.
type trayHost interface {
	SetSystemTrayMenu(menu *fyne.Menu)
}

// refreshTray rebuilds the system tray menu: its first line says how many
// reminders are due or overdue (or that the vault is locked), as the
// window title does, so the count stays in sight while the window is
// minimised. Quit goes through the window's close, which asks about
// unsaved changes and locks the vault first.
func (u *ui) refreshTray() {
	if u.tray == nil {
		return
	}
	status := u.t("tray.locked")
	if u.v != nil {
		status = u.t("tray.nothing")
		if u.dueCount > 0 {
			status = u.t("tray.due", u.dueCount)
		}
	}
	statusItem := fyne.NewMenuItem(status, func() { u.showWindow(true) })
	show := fyne.NewMenuItem(u.t("tray.show"), func() { u.showWindow(false) })
	lock := fyne.NewMenuItem(u.t("tray.lock"), u.lock)
	lock.Disabled = u.v == nil
	quit := fyne.NewMenuItem(u.t("tray.quit"), u.closeRequested)
	quit.IsQuit = true
	u.trayMenu = fyne.NewMenu(u.t("app.title"), statusItem, fyne.NewMenuItemSeparator(), show, lock, quit)
	u.tray.SetSystemTrayMenu(u.trayMenu)
}

// showWindow brings the window back; dashboard also shows the dashboard
// when the vault is open.
func (u *ui) showWindow(dashboard bool) {
	u.win.Show()
	u.win.RequestFocus()
	if dashboard && u.main != nil {
		u.main.show(navDashboard)
	}
}
