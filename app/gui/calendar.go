package gui

import (
	"bytes"
	"path/filepath"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// calendarMonths is how far ahead the calendar file reaches, as
// `beianledger ics` does by default.
const calendarMonths = 12

// chooseCalendar asks where to write the reminders as an iCalendar file.
func (d *dashboard) chooseCalendar() {
	u := d.u
	u.pickSave(pickOptions{name: u.t("cal.fileName"), exts: []string{".ics"}, title: u.t("cal.failed")}, d.exportCalendar)
}

// exportCalendar writes the next calendarMonths of reminders (status
// checks, rotations, every filing deadline) to path as an RFC 5545 file
// that calendar apps import, readable by the owner only; the summary line
// says how many were written.
func (d *dashboard) exportCalendar(path string) {
	u := d.u
	st := u.store
	if st == nil {
		return
	}
	from := ledger.DateOf(u.clock.Now())
	u.async(func() func() {
		in, err := remind.Load(st)
		var n int
		if err == nil {
			items := remind.ItemsForCalendar(in, from, calendarMonths)
			n = len(items)
			var buf bytes.Buffer
			if err = remind.WriteICS(&buf, items, u.t("app.title")+" Beian Ledger"); err == nil {
				err = writePrivate(path, buf.Bytes())
			}
		}
		return func() {
			if err != nil {
				u.showError(u.t("cal.failed"), err)
				return
			}
			d.summary.SetText(u.t("cal.written", n, filepath.Base(path)))
		}
	})
}
