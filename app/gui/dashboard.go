package gui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/letter"
	"beianledger/ledger/remind"
)

// dashHorizon is how many days ahead the dashboard lists reminders.
const dashHorizon = 30

// snoozeDays is how long Snooze hides a reminder.
const snoozeDays = 7

// dashboard shows counts of the ledger and what needs doing.
type dashboard struct {
	u *ui
	// explained is the text of the last "what to do" dialog (tests).
	explained string
	counts    map[string]*widget.Label
	order     []string
	summary   *widget.Label
	calendar  *widget.Button // writes the reminders as an .ics file
	list      *widget.List
	items     []remind.Item
	rows      map[fyne.CanvasObject]*todoRow
	seq       int
	content   fyne.CanvasObject

	// snoozed are the items hidden by a snooze, with the day they return;
	// showSnoozedBtn lists them.
	snoozed        []snoozedItem
	showSnoozedBtn *widget.Button
	snoozedBox     *modal
	check          *checkBox // the check dialog Done opened last (tests)

	// The list shown: shownRows (group headers and items) from items
	// through the filters; facts has each item's entity, provider and
	// site name; selected the keys of the items ticked for a bulk action.
	top                     *fyne.Container // laid out again when the bulk bar comes and goes
	filters                 *dashFilters
	bulk                    *bulkBar
	shownRows               []dashRow
	facts                   map[string]itemFacts
	selected                map[string]bool
	rowHeight, headerHeight float32
	// firstLoad: the first load after unlock shows the dashboard when
	// anything is overdue.
	firstLoad bool
}

// snoozedItem is a reminder hidden until a day.
type snoozedItem struct {
	item  remind.Item
	until ledger.Date
}

// todoRow holds the widgets of one list row.
type todoRow struct {
	state, date, subject, site, why *widget.Label
	done, snooze                    *widget.Button
	sel                             *widget.Check
	header                          *widget.Label
	item                            fyne.CanvasObject
}

func newDashboard(u *ui) *dashboard {
	d := &dashboard{u: u, counts: map[string]*widget.Label{},
		order: []string{"sites", "entities", "credentials", "contacts", "unchecked"},
		rows:  map[fyne.CanvasObject]*todoRow{}, firstLoad: true}
	var cards []fyne.CanvasObject
	for _, k := range d.order {
		n := widget.NewLabelWithStyle("…", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		n.SizeName = theme.SizeNameHeadingText
		d.counts[k] = n
		cards = append(cards, widget.NewCard("", u.t("dash."+k), n))
	}
	d.summary = widget.NewLabel("")
	d.summary.Importance = widget.LowImportance
	d.list = widget.NewList(func() int { return len(d.shownRows) }, d.newRow, d.updateRow)
	d.newFilters()
	probe := d.rows[d.newRow()]
	d.rowHeight, d.headerHeight = probe.item.MinSize().Height, probe.header.MinSize().Height
	title := widget.NewLabelWithStyle(u.t("nav.dashboard"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	todo := widget.NewLabelWithStyle(u.t("dash.todo"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.calendar = widget.NewButtonWithIcon(u.t("cal.export"), theme.DownloadIcon(), d.chooseCalendar)
	d.showSnoozedBtn = widget.NewButtonWithIcon(u.t("dash.snoozedButton", 0), theme.HistoryIcon(), d.showSnoozed)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(d.showSnoozedBtn, d.calendar), title), container.NewGridWrap(fyne.NewSize(170, 110), cards...),
		widget.NewSeparator(), container.NewHBox(todo, d.summary), d.filters.box, d.bulk.box)
	d.top = container.NewBorder(top, nil, nil, nil, d.list)
	d.content = container.NewPadded(d.top)
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
	r.sel = widget.NewCheck("", nil)
	if u.readOnly {
		r.sel.Disable()
	}
	r.header = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.header.Hide()
	line1 := container.NewBorder(nil, nil, container.NewHBox(r.state, r.date), r.site, r.subject)
	r.item = container.NewBorder(nil, nil, r.sel, container.NewHBox(r.done, r.snooze), container.NewVBox(line1, r.why))
	o := container.NewStack(r.header, r.item)
	d.rows[o] = r
	return o
}

func (d *dashboard) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := d.rows[o]
	if r == nil || id < 0 || id >= len(d.shownRows) {
		return
	}
	u := d.u
	if h := d.shownRows[id].header; h != "" {
		r.header.SetText(h)
		r.header.Show()
		r.item.Hide()
		return
	}
	r.header.Hide()
	r.item.Show()
	it := d.items[d.shownRows[id].item]
	r.sel.OnChanged = nil
	r.sel.SetChecked(d.selected[it.Key])
	r.sel.OnChanged = func(on bool) { d.toggle(it, on) }
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
	traceWhere("dash.done."+strconv.Itoa(id), r.done)
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

// snoozedItems are the items of in that a snooze hides today: the items
// computed without the snoozes, whose snooze ends after today.
func snoozedItems(in remind.Input, today ledger.Date) []snoozedItem {
	until := map[string]ledger.Date{}
	var keep []remind.State
	for _, s := range in.States {
		if !s.Done && today.Before(s.SnoozedUntil) {
			until[s.Key] = s.SnoozedUntil
			continue
		}
		keep = append(keep, s)
	}
	if len(until) == 0 {
		return nil
	}
	in.States = keep
	var out []snoozedItem
	for _, it := range remind.Due(in, today, dashHorizon) {
		if u, ok := until[it.Key]; ok {
			out = append(out, snoozedItem{item: it, until: u})
		}
	}
	return out
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
		snoozed := snoozedItems(in, today)
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
		facts := factsOf(in, items)
		vals := map[string]int{"sites": len(in.Sites), "entities": len(in.Entities),
			"credentials": len(in.Credentials), "contacts": len(in.Contacts), "unchecked": unchecked}
		return func() {
			if seq != d.seq {
				return // a newer load is on its way
			}
			for k, n := range vals {
				d.counts[k].SetText(strconv.Itoa(n))
			}
			trace("dash-shown", "items=%d", len(items))
			d.items, d.facts = items, facts
			d.snoozed = snoozed
			d.showSnoozedBtn.SetText(u.t("dash.snoozedButton", len(snoozed)))
			u.setDue(items)
			if len(items) == 0 {
				d.summary.SetText(u.t("dash.nothing"))
			}
			d.fillFilters()
			d.applyView()
			d.showBulk()
			d.showFirst()
		}
	})
}

// showFirst: the first screen after unlock is the dashboard when anything
// is overdue — unless the user has gone elsewhere or started typing.
func (d *dashboard) showFirst() {
	if !d.firstLoad {
		return
	}
	d.firstLoad = false
	m := d.u.main
	if m == nil || m.current != navSites || m.sites.form != nil || !d.u.dashFirst {
		return
	}
	for _, it := range d.items {
		if it.State == remind.StateOverdue {
			trace("dash-first", "overdue")
			m.show(navDashboard)
			return
		}
	}
}

// siteFieldOf names the site form field whose new value completes an item
// of a kind ("psb" is the 公安 filing number).
var siteFieldOf = map[string]string{
	remind.KindPSBFiling:        "psb",
	remind.KindDomainExpiry:     "site.domainExpiry",
	remind.KindSSLExpiry:        "site.sslExpiry",
	remind.KindLicenceRenewal:   "site.licenceExpiry",
	remind.KindProvincialReview: "",
}

// done opens the action that completes it: the check dialog for a status
// check, the credential with the generator for a rotation, the site form
// at the field to fill for a 公安 filing or an expiry. Only that action's
// save clears the item (the reminder is computed from the records). What
// the ledger cannot see (an annual report sent, a contact change filed)
// is confirmed in a dialog and marked done, with an undo.
func (d *dashboard) done(it remind.Item) {
	u := d.u
	if u.store == nil || u.readOnly || u.main == nil {
		return
	}
	u.touch()
	trace("dash-done", "kind=%s", it.Kind)
	m := u.main
	switch it.Kind {
	case remind.KindStatusCheck:
		if it.SiteID != "" {
			d.openCheck(it.SiteID)
			return
		}
	case remind.KindRotation, remind.KindOffboardingRotation:
		if it.CredentialID != "" {
			m.rotate(it.CredentialID)
			return
		}
	case remind.KindAccessDrill:
		// Only the contact can do it, on their own computer: nothing here
		// may mark it done. Say how; the item goes when their open is
		// recorded.
		d.explain(u.t("dash.drillTitle"), u.t("dash.drillHow", drillWho(it)))
		return
	case remind.KindKitStale:
		// Making the kit records the day; the item goes with that.
		m.show(navLetters)
		if ls, ok := m.screens[navLetters].(*lettersScreen); ok {
			ls.showKind(letter.KindKit)
		}
		return
	default:
		if field := siteFieldOf[it.Kind]; field != "" && it.SiteID != "" {
			m.sites.editField(it.SiteID, field)
			return
		}
	}
	d.confirmDone(it)
}

// drillWho is whom an access-drill item asks to open the vault: the way
// in's label as the subject quotes it.
func drillWho(it remind.Item) string {
	s := strings.TrimPrefix(it.SubjectZH, "访问演练：请")
	if i := strings.Index(s, "用自己的身份文件"); i > 0 {
		return s[:i]
	}
	return "备用联系人"
}

// explain shows what the user must do outside the app, with one OK.
func (d *dashboard) explain(title, msg string) {
	d.u.inform(title, msg, 480, 150)
	d.explained = msg
}

// openCheck opens the status-check dialog of site id over the dashboard.
func (d *dashboard) openCheck(id string) {
	u := d.u
	st := u.store
	u.async(func() func() {
		site, err := st.Site(id)
		return func() {
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			d.check = u.main.sites.logCheck(site)
		}
	})
}

// confirmDone asks before marking it done.
func (d *dashboard) confirmDone(it remind.Item) {
	u := d.u
	c := u.confirm(u.t("dash.doneTitle"), u.t("dash.doneAsk", itemSubject(u.lang, it)), u.t("dash.doneOK"), func() {
		today := ledger.DateOf(u.clock.Now())
		d.setState(it, ledger.ReminderState{Key: it.Key, Done: true, DoneOn: today}, u.t("dash.doneUndo", itemSubject(u.lang, it)))
	})
	c.ok.Importance = widget.HighImportance
}

// snooze hides it for snoozeDays; the bar says until when and offers undo.
func (d *dashboard) snooze(it remind.Item) {
	u := d.u
	if u.store == nil || u.readOnly {
		return
	}
	u.touch()
	until := ledger.DateOf(u.clock.Now()).AddDays(snoozeDays)
	d.setState(it, ledger.ReminderState{Key: it.Key, SnoozedUntil: until}, u.t("dash.snoozedUndo", itemSubject(u.lang, it), u.date(until)))
}

// setState writes the reminder state s of it and offers to undo it: the
// state it had before goes back.
func (d *dashboard) setState(it remind.Item, s ledger.ReminderState, msg string) {
	u := d.u
	st := u.store
	before := u.writes.Load()
	u.async(func() func() {
		var step *undoStep
		err := st.Write(func(w ledger.Writer) error {
			states, err := w.ReminderStates()
			if err != nil {
				return err
			}
			old := ledger.ReminderState{Key: it.Key}
			for _, o := range states {
				if o.Key == it.Key {
					old = o
				}
			}
			step = &undoStep{kind: "reminder", id: it.Key, name: itemSubject(u.lang, it), msg: msg,
				revert: func(w ledger.Writer) error { return w.PutReminderState(old) }}
			return w.PutReminderState(s)
		})
		after := u.writes.Load()
		return func() {
			if err != nil {
				d.u.showError(d.u.t("dash.actionFailed"), err)
			} else {
				u.offerUndo(step, before, after)
			}
			d.load()
		}
	})
}

// showSnoozed lists the snoozed items with the day each comes back, and
// lets one come back now.
func (d *dashboard) showSnoozed() {
	u := d.u
	list := container.NewVBox()
	var box *modal
	for _, s := range d.snoozed {
		it := s.item
		back := widget.NewButton(u.t("dash.unsnooze"), func() {
			box.Hide()
			d.setState(it, ledger.ReminderState{Key: it.Key}, u.t("dash.unsnoozedUndo", itemSubject(u.lang, it)))
		})
		if u.readOnly {
			back.Disable()
		}
		l := widget.NewLabel(u.t("dash.snoozedLine", itemSubject(u.lang, it), it.Site, u.date(s.until)))
		l.Wrapping = fyne.TextWrapWord
		list.Add(container.NewBorder(nil, nil, nil, back, l))
	}
	if len(d.snoozed) == 0 {
		list.Add(widget.NewLabel(u.t("dash.noneSnoozed")))
	}
	box = u.newModal(u.t("dash.snoozedTitle"), theme.HistoryIcon(), container.NewGridWrap(fyne.NewSize(560, 260), container.NewVScroll(list)))
	closeBtn := widget.NewButton(u.t("button.close"), func() { box.Hide() })
	box.setButtons(closeBtn)
	d.snoozedBox = box
	box.Show()
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
		if !u.noticedToday(day) { // once a day per vault, across restarts
			u.markNoticed(day)
			u.notify(u.t("app.title"), u.t("dash.notifyDue", len(now)))
			return
		}
	}
	if fresh > 0 {
		u.notify(u.t("app.title"), u.t("dash.notifyNew", fresh, len(now)))
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
