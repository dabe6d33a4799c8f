package gui

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/ident"
	"beianledger/ledger/remind"
	"beianledger/vault"
)

// settingsScreen holds the preferences, the reminder settings kept in the
// vault, the Data section (import and export) and the About section.
type settingsScreen struct {
	u        *ui
	lang     *widget.RadioGroup
	theme    *widget.RadioGroup // system, light or dark (appearance.go)
	autoLock *widget.Select
	remind   *remindForm
	notify   *notifyForm
	data     *dataIO
	// importLedger, importLogins and exportBtn open the Data dialogs.
	importLedger, importLogins, exportBtn *widget.Button
	about                                 *widget.Label
	diag                                  *widget.Label
	diagBox                               *fyne.Container
	scroll                                *container.Scroll
	auditBtn                              *widget.Button
	auditHint                             *widget.Label
	content                               fyne.CanvasObject
}

var autoLockChoices = []int{1, 5, 10, 15, 30, 60, 0}

func newSettingsScreen(u *ui) *settingsScreen {
	s := &settingsScreen{u: u}
	langNames := []string{"中文", "English"}
	s.lang = widget.NewRadioGroup(langNames, nil)
	s.lang.Horizontal = true
	s.lang.Required = true
	if u.lang == i18n.ZH {
		s.lang.SetSelected(langNames[0])
	} else {
		s.lang.SetSelected(langNames[1])
	}
	s.lang.OnChanged = func(v string) {
		l := i18n.EN
		if v == langNames[0] {
			l = i18n.ZH
		}
		u.setLang(l)
	}

	var opts []string
	cur := u.app.Preferences().IntWithFallback(prefAutoLock, int(defaultAutoLock/time.Minute))
	selected := ""
	for _, m := range autoLockChoices {
		l := u.t("settings.minutes", m)
		if m == 0 {
			l = u.t("settings.never")
		}
		opts = append(opts, l)
		if m == cur {
			selected = l
		}
	}
	s.autoLock = widget.NewSelect(opts, func(v string) {
		for i, o := range opts {
			if o == v {
				u.app.Preferences().SetInt(prefAutoLock, autoLockChoices[i])
				u.touch()
				u.armIdleLock()
			}
		}
	})
	if selected != "" {
		s.autoLock.Selected = selected
	}

	version := u.app.Metadata().Version
	if version == "" {
		version = "dev"
	}
	s.about = widget.NewLabel(u.t("settings.version", version, vault.SchemaVersion()))
	s.about.Wrapping = fyne.TextWrapWord
	s.auditBtn = widget.NewButtonWithIcon(u.t("audit.open"), theme.HistoryIcon(), u.showAudit)
	s.auditHint = widget.NewLabel(u.t("audit.hint"))
	s.auditHint.Wrapping = fyne.TextWrapWord
	s.auditHint.Importance = widget.LowImportance
	s.diag = widget.NewLabel(u.diag.String())
	s.diag.Wrapping = fyne.TextWrapBreak
	s.diag.Selectable = true

	s.remind = newRemindForm(u)
	s.notify = newNotifyForm(u)
	s.data = newDataIO(u)
	s.importLedger = widget.NewButtonWithIcon(u.t("data.importLedger"), theme.UploadIcon(), func() { s.data.pickImport(importLedger) })
	s.importLogins = widget.NewButtonWithIcon(u.t("data.importLogins"), theme.UploadIcon(), func() { s.data.pickImport(importLogins) })
	s.exportBtn = widget.NewButtonWithIcon(u.t("data.export"), theme.DownloadIcon(), s.data.showExport)
	if u.readOnly {
		s.importLedger.Disable()
		s.importLogins.Disable()
	}
	dropHint := widget.NewLabel(u.t("data.dropHint"))
	dropHint.Wrapping = fyne.TextWrapWord
	dropHint.Importance = widget.LowImportance

	title := widget.NewLabelWithStyle(u.t("nav.settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	form := widget.NewForm(
		widget.NewFormItem(u.t("settings.language"), s.lang),
		widget.NewFormItem(u.t("settings.theme"), u.newThemeChoice(&s.theme)),
		widget.NewFormItem(u.t("settings.autoLock"), s.autoLock),
	)
	section := func(key string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(u.t(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	// The input-method diagnostics are for developers: shown only with
	// BEIANLEDGER_DIAG set (issue 19, item 20).
	s.diagBox = container.NewVBox(section("settings.diagnostics"), s.diag)
	if os.Getenv(DiagEnv) == "" {
		s.diagBox.Hide()
	}
	s.scroll = container.NewVScroll(container.NewVBox(title, form, widget.NewSeparator(),
		section("settings.reminders"), s.remind.content, widget.NewSeparator(),
		section("settings.notify"), s.notify.content, widget.NewSeparator(),
		section("data.title"), container.NewHBox(s.importLedger, s.importLogins, s.exportBtn), dropHint, s.data.status,
		widget.NewSeparator(),
		section("settings.about"),
		s.about,
		container.NewHBox(s.auditBtn), s.auditHint,
		s.diagBox))
	s.content = container.NewPadded(wheelScroll(s.scroll))
	// Rows and messages come and go: lay the page out again.
	s.remind.relayout = s.scroll.Refresh
	s.notify.relayout = s.scroll.Refresh
	s.data.relayout = s.scroll.Refresh
	return s
}

// setLang switches the interface language, remembers it and rebuilds the
// main screen (the vault stays open).
func (u *ui) setLang(l i18n.Lang) {
	if l == u.lang {
		return
	}
	u.lang = l
	setToolkitLang(l)
	u.app.Preferences().SetString(prefLang, string(l))
	if u.main == nil {
		return
	}
	if u.main.sites.form != nil && u.main.sites.form.dirty {
		// Keep the unsaved form; the new language applies to the rest.
		return
	}
	cur := u.main.current
	u.main.clearSecrets()
	u.main = newMainScreen(u)
	u.setContent(u.main.content)
	u.main.show(cur)
}

func (s *settingsScreen) view() fyne.CanvasObject { return s.content }

// load reads the reminder settings from the vault; the other settings
// live in the preferences.
func (s *settingsScreen) load() { s.remind.load(); s.notify.load() }

// ---- reminder settings ----

// maxLeadDays is the longest lead time accepted (the reminder rules ignore
// anything beyond ten years).
const maxLeadDays = 3660

// maxLeads is how many reminders before one expiry can be asked for.
const maxLeads = 8

// reviewSetting is one provincial annual review as stored under
// remind.SettingReviews: the fields the reminder rules read plus a note
// for people, which the rules ignore.
type reviewSetting struct {
	remind.ProvincialReview
	Note string `json:",omitempty"`
}

// remindForm edits the reminder settings kept in the vault: the lead times
// before domain and SSL expiries and the user-defined provincial reviews.
type remindForm struct {
	u *ui
	// expiry holds the lead times as typed ("60, 30, 7").
	expiry    *entry
	reviews   []*reviewRow
	reviewBox *fyne.Container
	addReview *widget.Button
	save      *widget.Button
	msg       *widget.Label
	upcoming  int // remind.Lead.UpcomingDays as loaded, kept on save
	loaded    bool
	// relayout lays the enclosing page out again after rows or messages
	// appear or go.
	relayout   func()
	content    fyne.CanvasObject
	reviewHead fyne.CanvasObject
}

// reviewRow is one provincial review being edited.
type reviewRow struct {
	province, from, to, note *entry
	remove                   *widget.Button
	o                        fyne.CanvasObject
}

func newRemindForm(u *ui) *remindForm {
	f := &remindForm{u: u}
	f.expiry = newEntry(u)
	f.expiry.SetPlaceHolder("60, 30, 7")
	f.reviewBox = container.NewVBox()
	f.addReview = widget.NewButtonWithIcon(u.t("settings.addReview"), theme.ContentAddIcon(), func() {
		u.touch()
		f.addRow(reviewSetting{})
	})
	f.save = widget.NewButtonWithIcon(u.t("settings.saveReminders"), theme.DocumentSaveIcon(), f.doSave)
	f.save.Importance = widget.HighImportance
	f.msg = widget.NewLabel("")
	f.msg.Wrapping = fyne.TextWrapWord
	f.msg.Hide()
	if u.readOnly {
		f.expiry.Disable()
		f.addReview.Disable()
		f.save.Disable()
	}
	leadHint := widget.NewLabel(u.t("settings.leadHint"))
	leadHint.Wrapping = fyne.TextWrapWord
	leadHint.Importance = widget.LowImportance
	reviewHint := widget.NewLabel(u.t("settings.reviewHint"))
	reviewHint.Wrapping = fyne.TextWrapWord
	reviewHint.Importance = widget.LowImportance
	f.reviewHead = reviewLine(widget.NewLabelWithStyle(u.t("settings.province"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(u.t("settings.from"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(u.t("settings.to"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle(u.t("settings.note"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil)
	f.reviewHead.Hide()
	form := widget.NewForm(widget.NewFormItem(u.t("settings.lead"), f.expiry))
	f.content = container.NewVBox(form, leadHint,
		widget.NewLabel(u.t("settings.reviews")), reviewHint, f.reviewHead, f.reviewBox,
		container.NewHBox(f.addReview), f.msg, container.NewHBox(f.save))
	return f
}

// reviewLine lays out one review row (or the header): province and dates
// in fixed columns, the note taking the rest, the remove button last.
func reviewLine(province, from, to, note fyne.CanvasObject, remove fyne.CanvasObject) fyne.CanvasObject {
	h := widget.NewEntry().MinSize().Height
	fixed := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, h), o)
	}
	var right fyne.CanvasObject
	if remove != nil {
		right = remove
	} else {
		// The header keeps the button's room so the columns line up.
		b := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
		right = container.NewGridWrap(b.MinSize(), layout.NewSpacer())
	}
	return container.NewBorder(nil, nil, container.NewHBox(fixed(120, province), fixed(110, from), fixed(110, to)), right, note)
}

// addRow appends a review row showing r.
func (f *remindForm) addRow(r reviewSetting) *reviewRow {
	u := f.u
	row := &reviewRow{province: newEntry(u), from: newEntry(u), to: newEntry(u), note: newEntry(u)}
	row.province.SetPlaceHolder(u.t("settings.provinceHint"))
	row.from.SetPlaceHolder("01-15")
	row.to.SetPlaceHolder("04-15")
	row.note.SetPlaceHolder(u.t("settings.noteHint"))
	row.province.SetText(r.Province)
	if r.FromMonth != 0 && r.Year != 0 { // a one-off campaign: its year too
		row.from.SetText(fmt.Sprintf("%04d-%02d-%02d", r.Year, r.FromMonth, r.FromDay))
	} else if r.FromMonth != 0 {
		row.from.SetText(fmt.Sprintf("%02d-%02d", r.FromMonth, r.FromDay))
	}
	if r.ToMonth != 0 {
		row.to.SetText(fmt.Sprintf("%02d-%02d", r.ToMonth, r.ToDay))
	}
	row.note.SetText(r.Note)
	row.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { f.removeRow(row) })
	if u.readOnly {
		for _, e := range []*entry{row.province, row.from, row.to, row.note} {
			e.Disable()
		}
		row.remove.Disable()
	}
	row.o = reviewLine(row.province, row.from, row.to, row.note, row.remove)
	f.reviews = append(f.reviews, row)
	f.reviewBox.Add(row.o)
	f.reviewHead.Show()
	f.changed()
	return row
}

// changed lays the page out again.
func (f *remindForm) changed() {
	if f.relayout != nil {
		f.relayout()
	}
}

// removeRow takes a review row off the form (saved with the form).
func (f *remindForm) removeRow(row *reviewRow) {
	f.u.touch()
	for i, r := range f.reviews {
		if r == row {
			f.reviews = append(f.reviews[:i], f.reviews[i+1:]...)
			break
		}
	}
	f.reviewBox.Remove(row.o)
	if len(f.reviews) == 0 {
		f.reviewHead.Hide()
	}
	f.changed()
}

// load reads the settings off Fyne's goroutine and fills the form.
func (f *remindForm) load() {
	u := f.u
	st := u.store
	if st == nil {
		return
	}
	u.async(func() func() {
		lead, reviews, err := readRemindSettings(st)
		return func() {
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			f.upcoming = lead.UpcomingDays
			f.expiry.SetText(formatDays(lead.ExpiryDays))
			f.reviews = nil
			f.reviewBox.RemoveAll()
			f.reviewHead.Hide()
			for _, r := range reviews {
				f.addRow(r)
			}
			f.msg.Hide()
			f.loaded = true
			f.changed()
		}
	})
}

// readRemindSettings reads the lead times (the defaults when unset) and
// the provincial reviews with their notes.
func readRemindSettings(st ledger.Store) (remind.Lead, []reviewSetting, error) {
	lead := remind.DefaultLead()
	var reviews []reviewSetting
	v, err := st.Setting(remind.SettingLead)
	if err != nil {
		return lead, nil, err
	}
	if v != "" {
		if err := json.Unmarshal([]byte(v), &lead); err != nil {
			return lead, nil, fmt.Errorf("reminder lead times setting: %w", err)
		}
	}
	if v, err = st.Setting(remind.SettingReviews); err != nil {
		return lead, nil, err
	}
	if v != "" {
		if err := json.Unmarshal([]byte(v), &reviews); err != nil {
			return lead, nil, fmt.Errorf("provincial review setting: %w", err)
		}
	}
	return lead, reviews, nil
}

// formatDays shows lead times longest first: "60, 30, 7".
func formatDays(days []int) string {
	ds := slices.Clone(days)
	slices.Sort(ds)
	slices.Reverse(ds)
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ", ")
}

// leadSeparators split typed lead times: commas, 、, semicolons, spaces.
func leadSeparators(r rune) bool {
	return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || unicode.IsSpace(r)
}

// parseLeadDays reads typed lead times: whole days from 1 to maxLeadDays,
// at most maxLeads of them, duplicates dropped, longest first. It returns
// the i18n key of what is wrong, or "".
func parseLeadDays(s string) ([]int, string) {
	var out []int
	for _, f := range strings.FieldsFunc(toASCIIDigits(s), leadSeparators) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > maxLeadDays {
			return nil, "settings.badLead"
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	switch {
	case len(out) == 0:
		return nil, "settings.needLead"
	case len(out) > maxLeads:
		return nil, "settings.tooManyLeads"
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, ""
}

// toASCIIDigits turns full-width digits (typed with a Chinese input
// method) into ASCII ones.
func toASCIIDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return r
	}, s)
}

// parseMonthDay reads a day of the year as 01-15, 1-15, 1/15, 1.15 or
// 1月15日. 29 February is allowed (the rules use 28 February in other
// years).
func parseMonthDay(s string) (month, day int, ok bool) {
	s = strings.TrimSuffix(strings.TrimSpace(toASCIIDigits(s)), "日")
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == '月' })
	if len(parts) != 2 {
		return 0, 0, false
	}
	m, err1 := strconv.Atoi(strings.TrimSpace(parts[0]))
	d, err2 := strconv.Atoi(strings.TrimSpace(parts[1]))
	if err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 {
		return 0, 0, false
	}
	// Days in month m of a leap year.
	last := time.Date(2024, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d > last {
		return 0, 0, false
	}
	return m, d, true
}

// collect checks the form and returns what to store, or the message that
// says what is wrong.
func (f *remindForm) collect() (remind.Lead, []reviewSetting, string) {
	u := f.u
	days, bad := parseLeadDays(f.expiry.Text)
	switch bad {
	case "settings.badLead":
		return remind.Lead{}, nil, u.t(bad, maxLeadDays)
	case "settings.tooManyLeads":
		return remind.Lead{}, nil, u.t(bad, maxLeads)
	case "settings.needLead":
		return remind.Lead{}, nil, u.t(bad)
	}
	lead := remind.Lead{ExpiryDays: days, UpcomingDays: f.upcoming}
	if lead.UpcomingDays <= 0 {
		lead.UpcomingDays = remind.DefaultLead().UpcomingDays
	}
	reviews := []reviewSetting{}
	for i, row := range f.reviews {
		prov := strings.TrimSpace(row.province.Text)
		if prov == "" {
			return lead, nil, u.t("settings.needProvince", i+1)
		}
		if _, ok := ident.ProvinceByName(prov); !ok {
			return lead, nil, u.t("settings.badProvince", i+1, prov)
		}
		// A start with a year (2020-01-15) is a one-off campaign, as the
		// 管局 announce them; month-day alone repeats yearly.
		year := 0
		fm, fd, ok := parseMonthDay(row.from.Text)
		if d, err := ledger.ParseDate(row.from.Text); !ok && err == nil && !d.IsZero() {
			year, fm, fd, ok = d.Y, int(d.M), d.D, true
		}
		if !ok {
			return lead, nil, u.t("settings.badDate", i+1, row.from.Text)
		}
		tm, td, ok := parseMonthDay(row.to.Text)
		if !ok {
			return lead, nil, u.t("settings.badDate", i+1, row.to.Text)
		}
		reviews = append(reviews, reviewSetting{
			ProvincialReview: remind.ProvincialReview{Province: prov, FromMonth: fm, FromDay: fd, ToMonth: tm, ToDay: td, Year: year},
			Note:             strings.TrimSpace(row.note.Text),
		})
	}
	return lead, reviews, ""
}

// doSave checks the form and stores the settings in the vault; the
// dashboard is refreshed to follow them.
func (f *remindForm) doSave() {
	u := f.u
	st := u.store
	if st == nil || u.readOnly {
		return
	}
	u.touch()
	lead, reviews, bad := f.collect()
	if bad != "" {
		f.msg.Importance = widget.DangerImportance
		f.msg.SetText(bad)
		f.msg.Show()
		f.changed()
		return
	}
	f.save.Disable()
	u.async(func() func() {
		err := saveRemindSettings(st, lead, reviews)
		return func() {
			f.save.Enable()
			if err != nil {
				f.msg.Hide()
				u.showError(u.t("settings.saveFailed"), err)
				return
			}
			f.expiry.SetText(formatDays(lead.ExpiryDays))
			f.msg.Importance = widget.SuccessImportance
			f.msg.SetText(u.t("settings.saved"))
			f.msg.Show()
			f.changed()
			if u.main != nil {
				u.main.dash.load()
			}
		}
	})
}

// saveRemindSettings writes the settings in one transaction.
func saveRemindSettings(st ledger.Store, lead remind.Lead, reviews []reviewSetting) error {
	lj, err := json.Marshal(lead)
	if err != nil {
		return err
	}
	rj, err := json.Marshal(reviews)
	if err != nil {
		return err
	}
	return st.Write(func(w ledger.Writer) error {
		if err := w.PutSetting(remind.SettingLead, string(lj)); err != nil {
			return err
		}
		return w.PutSetting(remind.SettingReviews, string(rj))
	})
}

// DiagEnv names the environment variable that shows the input-method
// diagnostics in Settings.
const DiagEnv = "BEIANLEDGER_DIAG"
