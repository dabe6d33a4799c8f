package gui

import (
	"strings"

	"beianledger/ledger"
)

// prefNoticed keeps, across restarts, the vaults whose due reminders were
// already notified today: "DATE\tPATH" lines, only today's kept.
const prefNoticed = "noticedToday"

// noticedToday reports whether the due reminders of the vault at u.path
// were notified on day, by this run (openNotice) or an earlier one.
func (u *ui) noticedToday(day ledger.Date) bool {
	if u.openNotice == u.path+" "+day.String() {
		return true
	}
	if u.app == nil {
		return false
	}
	want := day.String() + "\t" + u.path
	for _, l := range strings.Split(u.app.Preferences().String(prefNoticed), "\n") {
		if l == want {
			return true
		}
	}
	return false
}

// markNoticed records that the vault at u.path was notified on day; lines
// of other days are dropped, so the list stays as short as one day's
// vaults.
func (u *ui) markNoticed(day ledger.Date) {
	u.openNotice = u.path + " " + day.String()
	if u.app == nil {
		return
	}
	prefix := day.String() + "\t"
	keep := []string{prefix + u.path}
	for _, l := range strings.Split(u.app.Preferences().String(prefNoticed), "\n") {
		if strings.HasPrefix(l, prefix) && l != prefix+u.path {
			keep = append(keep, l)
		}
	}
	u.app.Preferences().SetString(prefNoticed, strings.Join(keep, "\n"))
}
