package gui

import (
	"bytes"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// calendarMonths is how far ahead the calendar file reaches, as
// `beianledger ics` does by default.
const calendarMonths = 12

// chooseCalendar asks where to write the reminders as an iCalendar file.
func (d *dashboard) chooseCalendar() {
	u := d.u
	u.touch()
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(u.t("cal.failed"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		if err := w.Close(); err != nil {
			u.showError(u.t("cal.failed"), err)
			return
		}
		d.exportCalendar(path)
	}, u.win)
	fd.SetFileName(u.t("cal.fileName"))
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".ics"}))
	if l, err := storage.ListerForURI(storage.NewFileURI(u.homeDir())); err == nil {
		fd.SetLocation(l)
	}
	fd.Show()
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
