package gui

import (
	"errors"
	"fmt"
	"image/color"
	"path/filepath"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/internal/safefile"
	"beianledger/ledger"
	"beianledger/ledger/letter"
)

// Letter file formats.
const (
	formatDOCX = "docx"
	formatPDF  = "pdf"
)

// pickerLimit caps the matches the site picker lists: enough to scroll
// through, few enough that typing in a 10,000-site ledger stays instant.
const pickerLimit = 200

// sitePicker chooses a site: a search field over every site's name,
// number, domains and entity, read once off Fyne's goroutine, and a short
// list of the matches.
type sitePicker struct {
	u      *ui
	search *entry
	list   *widget.List
	chosen *widget.Label
	// all are the sites; keys their lower-cased search text.
	all  []ledger.SiteRow
	keys []string
	// shown are the indexes into all that match the search.
	shown  []int
	picked ledger.SiteRow
	onPick func(ledger.SiteRow)
	seq    int

	content fyne.CanvasObject
}

func newSitePicker(u *ui, onPick func(ledger.SiteRow)) *sitePicker {
	p := &sitePicker{u: u, onPick: onPick}
	p.search = newEntry(u)
	p.search.SetPlaceHolder(u.t("letters.siteSearch"))
	p.search.OnChanged = func(string) { p.filter() }
	p.list = widget.NewList(func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			num := widget.NewLabel("")
			num.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, nil, num, name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.shown) {
				return
			}
			r := p.all[p.shown[id]]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(r.Name)
			c.Objects[1].(*widget.Label).SetText(r.Number)
			o.Refresh() // lay the row out again for the new text widths
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		if id < len(p.shown) {
			p.pick(p.all[p.shown[id]])
		}
	}
	p.chosen = widget.NewLabel(u.t("letters.noSite"))
	p.chosen.Truncation = fyne.TextTruncateEllipsis
	p.chosen.Importance = widget.LowImportance
	// The list keeps about five rows, whatever the column's height.
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(0, 5*(theme.TextSize()+2*theme.InnerPadding())))
	p.content = container.NewVBox(p.search, container.NewStack(room, p.list), p.chosen)
	return p
}

// load reads every site off Fyne's goroutine.
func (p *sitePicker) load() {
	u := p.u
	st := u.store
	if st == nil {
		return
	}
	p.seq++
	seq := p.seq
	u.async(func() func() {
		rows, err := st.Sites()
		keys := make([]string, len(rows))
		for i, r := range rows {
			keys[i] = strings.ToLower(strings.Join([]string{r.Name, r.Number, r.EntityName, strings.Join(r.Domains, " ")}, "\n"))
		}
		return func() {
			if seq != p.seq {
				return
			}
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			p.all, p.keys = rows, keys
			p.filter()
		}
	})
}

// filter lists the sites matching every word of the search, at most
// pickerLimit of them.
func (p *sitePicker) filter() {
	words := strings.Fields(strings.ToLower(p.search.Text))
	p.shown = p.shown[:0]
	for i, k := range p.keys {
		ok := true
		for _, w := range words {
			if !strings.Contains(k, w) {
				ok = false
				break
			}
		}
		if ok {
			p.shown = append(p.shown, i)
			if len(p.shown) == pickerLimit {
				break
			}
		}
	}
	p.list.UnselectAll()
	p.list.Refresh()
}

// pick chooses site r.
func (p *sitePicker) pick(r ledger.SiteRow) {
	p.u.touch()
	p.picked = r
	p.chosen.Importance = widget.MediumImportance
	p.chosen.SetText(p.u.t("letters.siteChosen", dotLine(r.Name, r.Number)))
	if p.onPick != nil {
		p.onPick(r)
	}
}

// lettersScreen writes the letters of a site: pick a site and a kind, fill
// what the template asks for, read the preview, save as DOCX or PDF, and
// keep an edited copy of a template in the vault.
type lettersScreen struct {
	u      *ui
	picker *sitePicker

	kinds    []letter.Kind
	kind     *widget.Select
	date     *entry
	tmplInfo *widget.Label
	edit     *widget.Button

	// Inputs shown only when the template reads them.
	facts, request                        *entry
	agentName, agentID, agentEmployer     *entry
	agentPosition, agentMobile, agentUSCC *entry
	agentPick                             *widget.Select // fills the 受托人 from a contact
	agentContacts                         []ledger.Contact
	keyHint                               *entry
	scenario                              *widget.Select
	factsBox, agentBox, kitBox, scenBox   *fyne.Container

	// The 委托事项, one per line, and the 委托期限 of an authorisation.
	// mattersFilled is the text last filled in from a kind's defaults: while
	// the entry still holds it, a change of kind fills in the new defaults.
	matters          *entry
	mattersFilled    string
	mattersReset     *widget.Button
	termFrom, termTo *entry
	termWarn         *widget.Label
	mattersBox       *fyne.Container
	termBox          *fyne.Container

	// form scrolls the inputs; it is laid out again when some are shown
	// or hidden, so its length follows.
	form    *container.Scroll
	preview *widget.Label
	missing *widget.Label
	// hint says what the form still needs; status the last result.
	hint     *widget.Label
	status   *widget.Label
	saveDOCX *widget.Button
	savePDF  *widget.Button

	// data is what letter.Load found for the picked site (dataFor its ID).
	data    letter.Data
	dataFor string
	// tmpls are the templates in use per kind; user marks the user's own.
	tmpls map[string]*letter.Template
	user  map[string]bool
	seq   int

	editor  *templateEditor
	content fyne.CanvasObject
}

func newLettersScreen(u *ui) *lettersScreen {
	s := &lettersScreen{u: u, kinds: letter.Kinds(), tmpls: map[string]*letter.Template{}, user: map[string]bool{}}
	s.picker = newSitePicker(u, func(ledger.SiteRow) { s.loadData() })

	var names []string
	for _, k := range s.kinds {
		names = append(names, u.t("letters.kind."+k.ID))
	}
	s.kind = widget.NewSelect(names, nil)
	s.kind.SetSelectedIndex(0)
	s.kind.OnChanged = func(string) { s.kindChanged() }
	s.date = newEntry(u)
	s.date.SetText(u.date(ledger.DateOf(u.clock.Now())))
	s.date.OnChanged = func(string) { s.refresh() }
	s.tmplInfo = widget.NewLabel("")
	s.tmplInfo.Importance = widget.LowImportance
	s.edit = widget.NewButtonWithIcon(u.t("letters.editTemplate"), theme.DocumentCreateIcon(), s.openEditor)

	changed := func(string) { s.refresh() }
	multi := func(hint string) *entry {
		e := newMultiLineEntry(u)
		e.SetMinRowsVisible(3)
		e.SetPlaceHolder(u.t(hint))
		e.OnChanged = changed
		return e
	}
	single := func() *entry {
		e := newEntry(u)
		e.OnChanged = changed
		return e
	}
	s.facts = multi("letters.factsHint")
	s.request = multi("letters.requestHint")
	s.agentName, s.agentID, s.agentEmployer = single(), single(), single()
	s.agentPosition, s.agentMobile, s.agentUSCC = single(), single(), single()
	s.agentUSCC.SetPlaceHolder(u.t("letters.agentUSCCHint"))
	s.agentPick = s.newAgentPick()
	s.keyHint = single()
	s.keyHint.SetPlaceHolder(u.t("letters.keyHintHint"))
	var scen []string
	for _, sc := range letter.Guide() {
		scen = append(scen, scenarioTitle(u.lang, sc))
	}
	s.scenario = widget.NewSelect(scen, nil)
	s.scenario.SetSelectedIndex(0)
	s.scenario.OnChanged = changed

	s.factsBox = container.New(layout.NewFormLayout(),
		widget.NewLabel(u.t("letters.facts")), s.facts,
		widget.NewLabel(u.t("letters.request")), s.request)
	s.agentBox = container.NewVBox(s.section("letters.agent"), container.New(layout.NewFormLayout(),
		widget.NewLabel(u.t("letters.agentPick")), s.agentPick,
		widget.NewLabel(u.t("letters.agentName")), s.agentName,
		widget.NewLabel(u.t("letters.agentID")), s.agentID,
		widget.NewLabel(u.t("letters.agentEmployer")), s.agentEmployer,
		widget.NewLabel(u.t("letters.agentPosition")), s.agentPosition,
		widget.NewLabel(u.t("letters.agentMobile")), s.agentMobile,
		widget.NewLabel(u.t("letters.agentUSCC")), s.agentUSCC))
	s.kitBox = container.New(layout.NewFormLayout(), widget.NewLabel(u.t("letters.keyHint")), s.keyHint)
	s.scenBox = container.New(layout.NewFormLayout(), widget.NewLabel(u.t("letters.scenario")), s.scenario)

	s.matters = multi("letters.mattersHint")
	s.matters.SetMinRowsVisible(4)
	s.mattersReset = widget.NewButtonWithIcon(u.t("letters.mattersDefault"), theme.ContentUndoIcon(), func() {
		u.touch()
		s.fillMatters()
	})
	s.termFrom, s.termTo = single(), single()
	s.termFrom.SetPlaceHolder(u.t("letters.termFromHint"))
	s.termTo.SetPlaceHolder(u.t("letters.termToHint"))
	s.termWarn = widget.NewLabel("")
	s.termWarn.Wrapping = fyne.TextWrapWord
	s.termWarn.Importance = widget.WarningImportance
	s.termWarn.Hide()
	s.mattersBox = container.NewVBox(
		container.NewBorder(nil, nil, s.section("letters.matters"), s.mattersReset),
		s.matters)
	s.termBox = container.NewVBox(
		container.New(layout.NewFormLayout(),
			widget.NewLabel(u.t("letters.termFrom")), s.termFrom,
			widget.NewLabel(u.t("letters.termTo")), s.termTo),
		s.termWarn)

	s.preview = widget.NewLabel("")
	s.preview.Wrapping = fyne.TextWrapWord
	s.preview.Selectable = true
	s.missing = widget.NewLabel("")
	s.missing.Wrapping = fyne.TextWrapWord
	s.missing.Importance = widget.WarningImportance
	s.hint = widget.NewLabel("")
	s.hint.Wrapping = fyne.TextWrapWord
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Hide()
	s.saveDOCX = widget.NewButtonWithIcon(u.t("letters.saveDOCX"), theme.DocumentSaveIcon(), func() { s.chooseFile(formatDOCX) })
	s.savePDF = widget.NewButtonWithIcon(u.t("letters.savePDF"), theme.DocumentSaveIcon(), func() { s.chooseFile(formatPDF) })
	s.savePDF.Importance = widget.HighImportance

	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(u.t("letters.kind")), s.kind,
		widget.NewLabel(u.t("letters.date")), s.date,
		widget.NewLabel(u.t("letters.template")), container.NewBorder(nil, nil, nil, s.edit, s.tmplInfo))
	s.form = container.NewVScroll(container.NewPadded(container.NewVBox(
		s.section("letters.site"), s.picker.content,
		widget.NewSeparator(), s.section("letters.letter"), form,
		s.factsBox, s.scenBox, s.kitBox, s.mattersBox, s.termBox, s.agentBox)))

	paper := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	paper.CornerRadius = theme.InputRadiusSize()
	page := container.NewStack(paper, container.NewVScroll(container.NewPadded(s.preview)))
	missingRoom := canvas.NewRectangle(color.Transparent)
	missingRoom.SetMinSize(fyne.NewSize(0, 3*theme.TextSize()))
	bottom := container.NewVBox(
		container.NewStack(missingRoom, container.NewVScroll(s.missing)),
		s.status,
		container.NewBorder(nil, nil, nil, container.NewHBox(s.saveDOCX, s.savePDF), s.hint))
	right := container.NewPadded(container.NewBorder(s.section("letters.preview"), bottom, nil, nil, page))
	split := container.NewHSplit(wheelScroll(s.form), right)
	split.Offset = 0.42
	s.content = split

	return s
}

// section is a bold heading of the form.
func (s *lettersScreen) section(key string) *widget.Label {
	return widget.NewLabelWithStyle(s.u.t(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// scenarioTitle is a guide scenario's title in language l.
func scenarioTitle(l i18n.Lang, sc letter.Scenario) string {
	if l == i18n.ZH {
		return sc.TitleZH
	}
	return sc.TitleEN
}

func (s *lettersScreen) view() fyne.CanvasObject { return s.content }

// load reads the sites and the templates in use; the picked site's data is
// read again, since records may have changed.
func (s *lettersScreen) load() {
	s.tmpls, s.user = map[string]*letter.Template{}, map[string]bool{}
	s.dataFor = ""
	s.picker.load()
	s.loadAgentContacts()
	s.kindChanged()
	if s.picker.picked.ID != "" {
		s.loadData()
	}
}

// showKind shows the letter of kind id (an emergency-kit reminder
// opens the screen at the kit).
func (s *lettersScreen) showKind(id string) {
	for i, k := range s.kinds {
		if k.ID == id {
			s.kind.SetSelectedIndex(i)
			return
		}
	}
}

// kindID is the selected kind's id.
func (s *lettersScreen) kindID() string {
	if i := s.kind.SelectedIndex(); i >= 0 && i < len(s.kinds) {
		return s.kinds[i].ID
	}
	return s.kinds[0].ID
}

// kindChanged loads the template of the selected kind if needed and fills
// in its default 委托事项, unless the person has edited them.
func (s *lettersScreen) kindChanged() {
	kind := s.kindID()
	if s.matters.Text == s.mattersFilled {
		s.fillMatters()
	}
	if s.tmpls[kind] != nil {
		s.refresh()
		return
	}
	s.loadTemplate(kind)
}

// loadTemplate reads the template kind is rendered with (the user's copy
// in the vault, else the built-in) off Fyne's goroutine.
func (s *lettersScreen) loadTemplate(kind string) {
	u := s.u
	st := u.store
	if st == nil {
		return
	}
	u.async(func() func() {
		t, user, err := letter.TemplateFor(st, kind)
		return func() {
			if err != nil {
				// A stored copy that no longer parses: say so and fall back.
				s.say(widget.DangerImportance, u.t("letters.storedBroken", err.Error()))
				t, _, _ = letter.TemplateFor(emptySettings{st}, kind)
				user = false
			}
			s.tmpls[kind], s.user[kind] = t, user
			s.refresh()
		}
	})
}

// fillMatters puts the selected kind's default 委托事项 in the entry, one
// per line.
func (s *lettersScreen) fillMatters() {
	s.mattersFilled = strings.Join(letter.DefaultMatters(s.kindID()), "\n")
	s.matters.SetText(s.mattersFilled)
}

// term reads the 委托期限 entries for a letter dated date. An entry that is
// not a date, or an end before the start, gives a warning and the default
// term (from the letter date until the matters are done).
func (s *lettersScreen) term(date ledger.Date) (from, until ledger.Date, warning string) {
	u := s.u
	var warn []string
	from, err := ledger.ParseDate(s.termFrom.Text)
	if err != nil {
		warn = append(warn, u.t("letters.termBadDate", strings.TrimSpace(s.termFrom.Text)))
		from = ledger.Date{}
	}
	until, err = ledger.ParseDate(s.termTo.Text)
	if err != nil {
		warn = append(warn, u.t("letters.termBadDate", strings.TrimSpace(s.termTo.Text)))
		until = ledger.Date{}
	}
	d := letter.Data{Date: date, From: from, Until: until}
	if d.CheckTerm() != nil {
		warn = append(warn, u.t("letters.termOrder", u.date(until), u.date(d.StartDate())))
		from, until = ledger.Date{}, ledger.Date{}
	}
	return from, until, strings.Join(warn, "\n")
}

// emptySettings reads records through r but sees no settings: it gives
// the built-in template when the stored copy is broken.
type emptySettings struct{ ledger.Reader }

func (emptySettings) Setting(string) (string, error) { return "", nil }

// loadData reads the letter data of the picked site off Fyne's goroutine.
func (s *lettersScreen) loadData() {
	u := s.u
	st := u.store
	id := s.picker.picked.ID
	if st == nil || id == "" {
		return
	}
	s.seq++
	seq := s.seq
	today := ledger.DateOf(u.clock.Now())
	u.async(func() func() {
		d, err := letter.Load(st, id, today)
		return func() {
			if seq != s.seq {
				return
			}
			if err != nil {
				u.showError(u.t("letters.loadFailed"), err)
				return
			}
			s.data, s.dataFor = d, id
			s.refresh()
		}
	})
}

// input is the letter data from the records and the form. ok is false
// (with a message) if the form cannot make a letter yet.
func (s *lettersScreen) input() (letter.Data, string, bool) {
	u := s.u
	d := letter.Data{}
	if s.dataFor != "" && s.dataFor == s.picker.picked.ID {
		d = s.data
	}
	date, err := ledger.ParseDate(s.date.Text)
	if err != nil || date.IsZero() {
		return d, u.t("letters.badDate", s.date.Text), false
	}
	d.Date = date
	d.From, d.Until, _ = s.term(date)
	d.Matters = letter.ParseMatters(s.matters.Text)
	d.Facts, d.Request = s.facts.Text, s.request.Text
	d.Agent = letter.Party{Name: strings.TrimSpace(s.agentName.Text), IDNumber: strings.TrimSpace(s.agentID.Text),
		Employer: strings.TrimSpace(s.agentEmployer.Text), Position: strings.TrimSpace(s.agentPosition.Text),
		Mobile: strings.TrimSpace(s.agentMobile.Text), USCC: strings.TrimSpace(s.agentUSCC.Text)}
	d.RecoveryKeyHint = strings.TrimSpace(s.keyHint.Text)
	d.VaultPath = u.path
	if i := s.scenario.SelectedIndex(); i >= 0 {
		d.Scenario = letter.Guide()[i].ID
	}
	return d, "", true
}

// refresh shows the inputs the template reads and renders the preview.
func (s *lettersScreen) refresh() {
	u := s.u
	kind := s.kindID()
	t := s.tmpls[kind]
	if t == nil {
		return // loadTemplate refreshes when it is read
	}
	changed := false
	showIf := func(o fyne.CanvasObject, on bool) {
		if on == o.Visible() {
			return
		}
		changed = true
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	showIf(s.factsBox, t.Uses("Facts") || t.Uses("Request"))
	showIf(s.agentBox, t.Uses("Agent"))
	showIf(s.kitBox, t.Uses("RecoveryKeyHint"))
	showIf(s.scenBox, t.Uses("Scenario"))
	showIf(s.mattersBox, t.Uses("Matters"))
	showIf(s.termBox, t.Uses("From") || t.Uses("Until") || t.Uses("StartDate"))
	if s.user[kind] {
		s.tmplInfo.SetText(u.t("letters.templateUser"))
	} else {
		s.tmplInfo.SetText(u.t("letters.templateBuiltin"))
	}

	ready := s.picker.picked.ID != "" && s.dataFor == s.picker.picked.ID
	s.hint.Importance = widget.LowImportance
	s.hint.SetText("")
	if s.picker.picked.ID == "" {
		s.hint.SetText(u.t("letters.pickSite"))
	}
	d, problem, ok := s.input()
	s.termWarn.SetText("")
	if ok {
		_, _, warn := s.term(d.Date)
		s.termWarn.SetText(warn)
	}
	showIf(s.termWarn, s.termWarn.Text != "")
	if changed {
		s.form.Refresh()
	}
	if !ok {
		s.hint.Importance = widget.DangerImportance
		s.hint.SetText(problem)
		ready = false
	} else {
		text, missing, err := t.PreviewText(d)
		if err != nil {
			s.hint.Importance = widget.DangerImportance
			s.hint.SetText(u.t("letters.previewFailed", err.Error()))
			ready = false
		} else {
			s.preview.SetText(text)
			s.missing.SetText(missingText(u, missing))
		}
	}
	for _, b := range []*widget.Button{s.saveDOCX, s.savePDF} {
		if ready {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// say shows a result under the preview; the line is hidden while empty.
func (s *lettersScreen) say(imp widget.Importance, text string) {
	s.status.Importance = imp
	s.status.SetText(text)
	if text == "" {
		s.status.Hide()
	} else {
		s.status.Show()
	}
}

// missingText lists the blanks to fill by hand.
func missingText(u *ui, missing []string) string {
	if len(missing) == 0 {
		return u.t("letters.noBlanks")
	}
	var names []string
	for _, m := range missing {
		names = append(names, blankLabel(u.lang, m))
	}
	sep := "；"
	if u.lang != i18n.ZH {
		sep = "; "
	}
	return u.t("letters.blanks", len(missing), strings.Join(names, sep))
}

// blankLabel is a template's bilingual blank label ("申请事项 Request") in
// language l: the Chinese part in the Chinese UI, the English part
// otherwise. A label that is not Chinese followed by English stays whole.
func blankLabel(l i18n.Lang, label string) string {
	for i, r := range label {
		if r != ' ' || i == 0 {
			continue
		}
		zh, en := strings.TrimSpace(label[:i]), strings.TrimSpace(label[i+1:])
		if en == "" || !hasHan(zh) || !isASCII(en) {
			continue
		}
		if l == i18n.ZH {
			return zh
		}
		return en
	}
	return label
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// letterJob is everything needed to write one letter, taken on Fyne's
// goroutine so the writing can run on another.
type letterJob struct {
	kind string
	tmpl *letter.Template
	data letter.Data
}

// job takes the letter as the form shows it now.
func (s *lettersScreen) job() (letterJob, error) {
	if s.picker.picked.ID == "" || s.dataFor != s.picker.picked.ID {
		return letterJob{}, errors.New(s.u.t("letters.pickSite"))
	}
	kind := s.kindID()
	t := s.tmpls[kind]
	if t == nil {
		return letterJob{}, fmt.Errorf("letters: template %s not loaded", kind)
	}
	d, problem, ok := s.input()
	if !ok {
		return letterJob{}, errors.New(problem)
	}
	return letterJob{kind: kind, tmpl: t, data: d}, nil
}

// render writes the letter as DOCX or PDF.
func (j letterJob) render(format string) ([]byte, []string, error) {
	switch format {
	case formatDOCX:
		return j.tmpl.RenderDOCX(j.data)
	case formatPDF:
		return j.tmpl.RenderPDF(j.data)
	}
	return nil, nil, fmt.Errorf("letters: unknown format %q", format)
}

// writeTo renders the letter and writes it to path, readable by the owner
// only; it returns the blanks left to fill by hand.
func (j letterJob) writeTo(path, format string) ([]string, error) {
	b, missing, err := j.render(format)
	if err != nil {
		return nil, err
	}
	return missing, writePrivate(path, b)
}

// writePrivate writes b to path with mode 0600 as a new file renamed
// over whatever is there (the file dialog may have created it already),
// never writing into an existing file or through a symbolic link.
func writePrivate(path string, b []byte) error {
	return safefile.Write(path, b)
}

// saveTo writes the letter as the form shows it to path as format ("docx"
// or "pdf") and reports the result on the screen.
func (s *lettersScreen) saveTo(path, format string) error {
	j, err := s.job()
	if err != nil {
		return err
	}
	missing, err := j.writeTo(path, format)
	s.saved(path, missing, err)
	return err
}

// saved reports a written letter, or shows what went wrong.
func (s *lettersScreen) saved(path string, missing []string, err error) {
	u := s.u
	if err != nil {
		u.showError(u.t("letters.saveFailed", filepath.Base(path)), err)
		return
	}
	s.say(widget.SuccessImportance, u.t("letters.saved", path, len(missing)))
}

// defaultName is a file name for the letter: kind and site number.
func (s *lettersScreen) defaultName(format string) string {
	return fileName(s.u.t("letters.kind."+s.kindID()), s.picker.picked.Number, format)
}

// fileName joins a letter's name and a site number into a file name
// without characters Windows refuses.
func fileName(title, number, ext string) string {
	name := title
	if number != "" {
		name += "-" + number
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, name)
	return name + "." + ext
}

// chooseFile asks where to save the letter, then writes it off Fyne's
// goroutine.
func (s *lettersScreen) chooseFile(format string) {
	u := s.u
	u.touch()
	j, err := s.job()
	if err != nil {
		s.hint.Importance = widget.DangerImportance
		s.hint.SetText(err.Error())
		return
	}
	u.pickSave(pickOptions{name: s.defaultName(format), exts: []string{"." + format}, title: u.t("letters.dialogFailed")}, func(path string) {
		u.async(func() func() {
			missing, err := j.writeTo(path, format)
			return func() { s.saved(path, missing, err) }
		})
	})
}

// templateEditor edits the user's copy of a template in a dialog.
type templateEditor struct {
	s       *lettersScreen
	kind    string
	d       *modal
	src     *entry
	msg     *widget.Label
	save    *widget.Button
	restore *widget.Button
	cancel  *widget.Button
}

// openEditor reads the template source (the stored copy, else the
// built-in) and opens the editor on it.
func (s *lettersScreen) openEditor() {
	u := s.u
	st := u.store
	if st == nil {
		return
	}
	u.touch()
	kind := s.kindID()
	u.async(func() func() {
		src, err := letter.StoredSource(st, kind)
		user := src != ""
		if err == nil && !user {
			src, _ = letter.Builtin(kind)
		}
		return func() {
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			s.showEditor(kind, src, user)
		}
	})
}

func (s *lettersScreen) showEditor(kind, src string, user bool) {
	u := s.u
	e := &templateEditor{s: s, kind: kind}
	e.src = newMultiLineEntry(u)
	e.src.Wrapping = fyne.TextWrapOff
	e.src.TextStyle = fyne.TextStyle{Monospace: true}
	e.src.SetText(src)
	e.msg = widget.NewLabel(u.t("letters.tmpl.help"))
	e.msg.Wrapping = fyne.TextWrapWord
	e.msg.Importance = widget.LowImportance
	body := container.NewGridWrap(fyne.NewSize(780, 470), container.NewBorder(nil, e.msg, nil, nil, e.src))
	e.d = u.newModal(u.t("letters.tmpl.title", u.t("letters.kind."+kind)), theme.DocumentCreateIcon(), body)
	e.cancel = widget.NewButton(u.t("button.cancel"), e.d.Hide)
	e.restore = widget.NewButtonWithIcon(u.t("letters.tmpl.restore"), theme.HistoryIcon(), e.restoreBuiltin)
	e.save = widget.NewButtonWithIcon(u.t("button.save"), theme.DocumentSaveIcon(), e.store)
	e.save.Importance = widget.HighImportance
	if !user {
		e.restore.Disable()
	}
	if u.readOnly {
		e.save.Disable()
		e.restore.Disable()
	}
	e.d.setButtons(e.cancel, e.restore, e.save)
	s.editor = e
	e.d.Show()
	u.win.Canvas().Focus(e.src)
}

// store parses the source and keeps it in the vault; a template that does
// not parse or run stays in the editor with the line of the error.
func (e *templateEditor) store() {
	s, u := e.s, e.s.u
	st := u.store
	if st == nil || u.readOnly {
		return
	}
	u.touch()
	kind, src := e.kind, e.src.Text
	e.save.Disable()
	u.async(func() func() {
		err := st.Write(func(w ledger.Writer) error { return letter.StoreTemplate(w, kind, src) })
		return func() {
			e.save.Enable()
			var te *letter.Error
			switch {
			case errors.As(err, &te):
				e.msg.Importance = widget.DangerImportance
				if te.Line > 0 {
					e.msg.SetText(u.t("letters.tmpl.errorLine", te.Line, err.Error()))
				} else {
					e.msg.SetText(u.t("letters.tmpl.error", err.Error()))
				}
			case err != nil:
				u.showError(u.t("letters.tmpl.storeFailed"), err)
			default:
				e.d.Hide()
				s.say(widget.SuccessImportance, u.t("letters.tmpl.stored"))
				delete(s.tmpls, kind)
				s.loadTemplate(kind)
			}
		}
	})
}

// restoreBuiltin drops the stored copy: letters of this kind use the
// built-in again.
func (e *templateEditor) restoreBuiltin() {
	s, u := e.s, e.s.u
	st := u.store
	if st == nil || u.readOnly {
		return
	}
	u.touch()
	kind := e.kind
	u.async(func() func() {
		err := st.Write(func(w ledger.Writer) error { return letter.ResetTemplate(w, kind) })
		return func() {
			if err != nil {
				u.showError(u.t("letters.tmpl.storeFailed"), err)
				return
			}
			e.d.Hide()
			s.say(widget.SuccessImportance, u.t("letters.tmpl.restored"))
			delete(s.tmpls, kind)
			s.loadTemplate(kind)
		}
	})
}
