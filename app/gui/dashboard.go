package gui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// dashHorizon is how many days ahead the dashboard lists reminders.
const dashHorizon = 30

// snoozeDays is how long Snooze hides a reminder.
const snoozeDays = 7

// dashboard shows counts of the ledger and what needs doing.
type dashboard struct {
	u        *ui
	counts   map[string]*widget.Label
	order    []string
	summary  *widget.Label
	calendar *widget.Button // writes the reminders as an .ics file
	list     *widget.List
	items    []remind.Item
	rows     map[fyne.CanvasObject]*todoRow
	seq      int
	content  fyne.CanvasObject
}

// todoRow holds the widgets of one list row.
type todoRow struct {
	state, date, subject, site, why *widget.Label
	done, snooze                    *widget.Button
}

func newDashboard(u *ui) *dashboard {
	d := &dashboard{u: u, counts: map[string]*widget.Label{},
		order: []string{"sites", "entities", "credentials", "contacts", "unchecked"},
		rows:  map[fyne.CanvasObject]*todoRow{}}
	var cards []fyne.CanvasObject
	for _, k := range d.order {
		n := widget.NewLabelWithStyle("…", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		n.SizeName = theme.SizeNameHeadingText
		d.counts[k] = n
		cards = append(cards, widget.NewCard("", u.t("dash."+k), n))
	}
	d.summary = widget.NewLabel("")
	d.summary.Importance = widget.LowImportance
	d.list = widget.NewList(func() int { return len(d.items) }, d.newRow, d.updateRow)
	title := widget.NewLabelWithStyle(u.t("nav.dashboard"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	todo := widget.NewLabelWithStyle(u.t("dash.todo"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.calendar = widget.NewButtonWithIcon(u.t("cal.export"), theme.DownloadIcon(), d.chooseCalendar)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, d.calendar, title), container.NewGridWrap(fyne.NewSize(170, 110), cards...),
		widget.NewSeparator(), container.NewHBox(todo, d.summary))
	d.content = container.NewPadded(container.NewBorder(top, nil, nil, nil, d.list))
	return d
}

func (d *dashboard) newRow() fyne.CanvasObject {
	u := d.u
	r := &todoRow{
		state:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		date:    widget.NewLabel(""),
		subject: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		site:    widget.NewLabel(""),
		why:     widget.NewLabel(""),
		done:    widget.NewButtonWithIcon(u.t("dash.done"), theme.ConfirmIcon(), nil),
		snooze:  widget.NewButtonWithIcon(u.t("dash.snooze"), theme.HistoryIcon(), nil),
	}
	r.subject.Truncation = fyne.TextTruncateEllipsis
	r.why.SizeName = theme.SizeNameCaptionText
	r.why.Importance = widget.LowImportance
	r.why.Truncation = fyne.TextTruncateEllipsis
	if u.readOnly {
		r.done.Disable()
		r.snooze.Disable()
	}
	line1 := container.NewBorder(nil, nil, container.NewHBox(r.state, r.date), r.site, r.subject)
	o := container.NewBorder(nil, nil, nil, container.NewHBox(r.done, r.snooze), container.NewVBox(line1, r.why))
	d.rows[o] = r
	return o
}

func (d *dashboard) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := d.rows[o]
	if r == nil || id < 0 || id >= len(d.items) {
		return
	}
	u := d.u
	it := d.items[id]
	switch it.State {
	case remind.StateOverdue:
		r.state.Importance = widget.DangerImportance
	case remind.StateDue:
		r.state.Importance = widget.WarningImportance
	default:
		r.state.Importance = widget.LowImportance
	}
	r.state.SetText(u.t("dash.state." + it.State))
	days := u.t("dash.daysLeft", it.DaysLeft)
	if it.DaysLeft < 0 {
		days = u.t("dash.daysOver", -it.DaysLeft)
	}
	r.date.SetText(u.date(it.Due) + " · " + days + " · " + remind.BasisLabel(it.Basis, u.lang == i18n.ZH)) // 法规 / 接入商要求 / 内部规定
	r.subject.SetText(itemSubject(u.lang, it))
	r.site.SetText(it.Site)
	r.why.SetText(itemWhy(u.lang, it))
	r.done.OnTapped = func() { d.done(it) }
	r.snooze.OnTapped = func() { d.snooze(it) }
	o.Refresh() // lay the row out again for the new text widths
}

// itemSubject is the subject of it in language l.
func itemSubject(l i18n.Lang, it remind.Item) string {
	if l == i18n.ZH && it.SubjectZH != "" {
		return it.SubjectZH
	}
	return it.Subject
}

// itemWhy is the reason of it in language l: the Chinese one in the
// Chinese UI, the English one otherwise.
func itemWhy(l i18n.Lang, it remind.Item) string {
	if l == i18n.ZH && it.WhyZH != "" {
		return it.WhyZH
	}
	return it.Why
}

// quarterStart is the first day of the quarter that holds day.
func quarterStart(day ledger.Date) ledger.Date {
	return ledger.Date{Y: day.Y, M: (day.M-1)/3*3 + 1, D: 1}
}

// isDue reports whether it needs doing now (due or overdue).
func isDue(it remind.Item) bool {
	return it.State == remind.StateDue || it.State == remind.StateOverdue
}

// load reads the counts and the reminders off Fyne's goroutine.
func (d *dashboard) load() {
	u := d.u
	st := u.store
	if st == nil {
		return
	}
	today := ledger.DateOf(u.clock.Now())
	d.seq++
	seq := d.seq
	u.async(func() func() {
		in, items, err := remind.LoadDue(st, today, dashHorizon)
		if err != nil {
			return func() { u.showError(u.t("load.failed"), err) }
		}
		q := quarterStart(today)
		unchecked := 0
		for _, s := range in.Sites {
			if s.Status == ledger.StatusCancelled {
				continue
			}
			if s.LastChecked.IsZero() || s.LastChecked.Before(q) {
				unchecked++
			}
		}
		vals := map[string]int{"sites": len(in.Sites), "entities": len(in.Entities),
			"credentials": len(in.Credentials), "contacts": len(in.Contacts), "unchecked": unchecked}
		return func() {
			if seq != d.seq {
				return // a newer load is on its way
			}
			for k, n := range vals {
				d.counts[k].SetText(strconv.Itoa(n))
			}
			d.items = items
			d.list.Refresh()
			u.setDue(items)
			if len(items) == 0 {
				d.summary.SetText(u.t("dash.nothing"))
			} else {
				d.summary.SetText(u.t("dash.todoCount", len(items), u.dueCount))
			}
		}
	})
}

// done marks it done; a status check is logged as normal and a rotation
// stamps the credential as rotated today.
func (d *dashboard) done(it remind.Item) {
	u := d.u
	st := u.store
	if st == nil || u.readOnly {
		return
	}
	u.touch()
	today := ledger.DateOf(u.clock.Now())
	u.async(func() func() {
		err := st.Write(func(w ledger.Writer) error {
			switch it.Kind {
			case remind.KindStatusCheck:
				if it.SiteID != "" {
					if err := w.PutCheck(&ledger.StatusCheck{SiteID: it.SiteID, Date: today, Result: ledger.CheckNormal}); err != nil {
						return err
					}
				}
			case remind.KindRotation, remind.KindOffboardingRotation:
				if it.CredentialID != "" {
					c, err := w.Credential(it.CredentialID)
					if err != nil {
						return err
					}
					c.LastRotated, c.RotateNow = today, false
					if err := w.PutCredential(&c); err != nil {
						return err
					}
				}
			}
			return w.PutReminderState(ledger.ReminderState{Key: it.Key, Done: true, DoneOn: today})
		})
		return d.afterWrite(err)
	})
}

// snooze hides it for snoozeDays.
func (d *dashboard) snooze(it remind.Item) {
	u := d.u
	st := u.store
	if st == nil || u.readOnly {
		return
	}
	u.touch()
	until := ledger.DateOf(u.clock.Now()).AddDays(snoozeDays)
	u.async(func() func() {
		err := st.Write(func(w ledger.Writer) error {
			return w.PutReminderState(ledger.ReminderState{Key: it.Key, SnoozedUntil: until})
		})
		return d.afterWrite(err)
	})
}

func (d *dashboard) afterWrite(err error) func() {
	return func() {
		if err != nil {
			d.u.showError(d.u.t("dash.actionFailed"), err)
		}
		d.load()
	}
}

// setDue records the due and overdue reminders: the window title shows
// their count, and a notification tells of them: at the first refresh after
// unlocking, all of them (once a day per vault, however often it is
// unlocked), later those that were not due at the previous refresh.
func (u *ui) setDue(items []remind.Item) {
	now := map[string]bool{}
	fresh := 0
	first := u.dueKeys == nil
	for _, it := range items {
		if !isDue(it) {
			continue
		}
		now[it.Key] = true
		if !first && !u.dueKeys[it.Key] {
			fresh++
		}
	}
	u.dueKeys = now
	u.dueCount = len(now)
	u.updateTitle()
	if first && len(now) > 0 {
		day := ledger.DateOf(u.clock.Now())
		if u.openNotice != u.path+" "+day.String() {
			u.openNotice = u.path + " " + day.String()
			fresh = len(now)
		}
	}
	if fresh > 0 {
		u.notify(u.t("app.title"), u.t("dash.notifyDue", fresh))
	}
}

// armRefresh re-reads the reminders every dashRefresh while this vault
// stays unlocked, so that what falls due during a long session (a new
// quarter, a certificate's last week) is counted and notified.
func (u *ui) armRefresh() {
	gen := u.gen
	u.after(dashRefresh, func() {
		if gen != u.gen || u.main == nil {
			return // locked meanwhile: the next unlock arms a new one
		}
		u.main.dash.load()
		u.armRefresh()
	})
}

// notify sends a system notification, if the app can.
func (u *ui) notify(title, content string) {
	u.notified = content
	if u.app == nil {
		return
	}
	defer func() { _ = recover() }() // a driver without notifications
	u.app.SendNotification(fyne.NewNotification(title, content))
}

func (d *dashboard) view() fyne.CanvasObject { return d.content }
