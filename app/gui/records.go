package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// editor is a navigation screen with an edit form: Ctrl+S saves it and
// closing the window asks first while it has unsaved changes.
type editor interface {
	// saveForm saves the open form, if any.
	saveForm()
	// unsaved reports whether the open form has changes not yet saved.
	unsaved() bool
	// discardChanges forgets the open form's changes (the window closes).
	discardChanges()
}

// secretHolder is a screen that may show secrets; the lock clears them.
type secretHolder interface {
	clearSecrets()
}

// recordRow is what the list shows of one record.
type recordRow struct {
	id, title, sub string
}

// recordForm is the edit form of one record on a recordScreen.
type recordForm interface {
	base() *formBase
}

// recordScreen lists the records of one kind (entities, credentials,
// contacts or providers) and shows the form of the selected one beside the
// list. The list is virtualised and filled off the UI goroutine, so it stays
// smooth with tens of thousands of records.
type recordScreen struct {
	u *ui
	// then runs once on the next form openRecord builds (the dashboard's
	// Done opens the generator on a credential).
	then     func(recordForm)
	kind     string // the store's kind for Delete: "entity", "credential" …
	titleKey string
	list     *widget.List
	rows     []recordRow // the rows shown: all, or those the filter matches
	all      []recordRow
	folds    []string // all's title and summary folded, for the filter
	filter   *entry
	status   *widget.Label
	newBtn   *widget.Button
	detail   *fyne.Container
	empty    *widget.Label
	form     recordForm
	selected string // record id
	seq      int    // load sequence: older results are dropped
	// quiet is set while the screen itself moves the list's selection, so
	// that does not open the record again.
	quiet bool

	// fetch reads the list rows; it runs off the UI goroutine.
	fetch func(st ledger.Store) ([]recordRow, error)
	// open reads record id ("" for a new record) and what its form needs,
	// off the UI goroutine; the function it returns builds the form on
	// the UI goroutine.
	open func(st ledger.Store, id string) (func() recordForm, error)

	content    fyne.CanvasObject
	confirmDel *confirmBox
}

func newRecordScreen(u *ui, kind, titleKey, newKey, pickKey string) *recordScreen {
	s := &recordScreen{u: u, kind: kind, titleKey: titleKey}
	s.status = widget.NewLabel("")
	s.status.Importance = widget.LowImportance
	s.list = widget.NewList(func() int { return len(s.rows) }, newRecordRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if s.quiet {
			return
		}
		u.touch()
		if id < len(s.rows) {
			s.selectRecord(s.rows[id].id)
		}
	}
	s.filter = newEntry(u)
	s.filter.SetPlaceHolder(u.t("records.filterHint"))
	s.filter.OnChanged = func(string) { u.touch(); s.applyFilter() }
	s.newBtn = widget.NewButtonWithIcon(u.t(newKey), theme.ContentAddIcon(), s.newRecord)
	if u.readOnly {
		s.newBtn.Disable()
	}
	title := widget.NewLabelWithStyle(u.t(titleKey), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	s.empty = widget.NewLabel(u.t(pickKey))
	s.empty.Importance = widget.LowImportance
	s.empty.Wrapping = fyne.TextWrapWord
	s.detail = container.NewStack(container.NewCenter(s.empty))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, s.newBtn, title), s.filter)
	left := container.NewBorder(top, s.status, nil, nil, s.list)
	split := container.NewHSplit(left, s.detail)
	split.Offset = 0.36
	s.content = split
	return s
}

// newRecordRow makes a list row: the record's name on top, a summary below.
func newRecordRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(title, sub)
}

// setRecordRow puts a title and a summary into a row of newRecordRow.
func setRecordRow(o fyne.CanvasObject, title, sub string) {
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(title)
	c.Objects[1].(*widget.Label).SetText(sub)
}

func (s *recordScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id < len(s.rows) {
		setRecordRow(o, s.rows[id].title, s.rows[id].sub)
	}
}

func (s *recordScreen) view() fyne.CanvasObject { return s.content }

// rowCount is the number of records listed.
func (s *recordScreen) rowCount() int { return len(s.rows) }

// load reads the rows off the UI goroutine and keeps the selection.
func (s *recordScreen) load() {
	u := s.u
	st := u.store
	if st == nil {
		return
	}
	s.seq++
	seq := s.seq
	u.async(func() func() {
		rows, err := s.fetch(st)
		folds := make([]string, len(rows))
		for i, r := range rows {
			folds[i] = ledger.Fold(r.title + "\n" + r.sub)
		}
		return func() {
			if seq != s.seq {
				return
			}
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			s.all, s.folds = rows, folds
			s.applyFilter()
		}
	})
}

// applyFilter shows the rows whose name or summary holds every word typed
// in the filter (full-width and case do not matter), in memory: tens of
// thousands of rows filter in a few milliseconds, as you type.
func (s *recordScreen) applyFilter() {
	words := strings.Fields(ledger.Fold(s.filter.Text))
	if len(words) == 0 {
		s.rows = s.all
		s.status.SetText(s.u.t("list.count", len(s.all)))
	} else {
		s.rows = make([]recordRow, 0, len(s.all))
	rows:
		for i, r := range s.all {
			for _, w := range words {
				if !strings.Contains(s.folds[i], w) {
					continue rows
				}
			}
			s.rows = append(s.rows, r)
		}
		s.status.SetText(s.u.t("records.filtered", len(s.rows), len(s.all)))
	}
	s.quiet = true
	s.list.UnselectAll()
	s.quiet = false
	s.list.Refresh()
	s.reselect()
}

// selectRecord shows the form of record id, unless the open form has
// unsaved changes: those are saved or cancelled first.
func (s *recordScreen) selectRecord(id string) {
	if s.unsaved() {
		// Keep the list on the record being edited and say why.
		s.reselect()
		f := s.form.base()
		f.fail(s.u.t("records.unsavedFirst"), f.first)
		return
	}
	if s.selected == id && s.form != nil {
		return
	}
	s.selected = id
	s.openRecord(id)
}

// reselect marks the row of the record whose form is open, or none for a
// new record.
func (s *recordScreen) reselect() {
	s.quiet = true
	defer func() { s.quiet = false }()
	for i, r := range s.rows {
		if r.id == s.selected && s.selected != "" {
			s.list.Select(i)
			s.list.ScrollTo(i)
			return
		}
	}
	s.list.UnselectAll()
}

// newRecord opens an empty form.
func (s *recordScreen) newRecord() {
	u := s.u
	if u.readOnly {
		return
	}
	u.touch()
	if s.unsaved() {
		if f := s.form.base(); f.first != nil {
			u.win.Canvas().Focus(f.first)
		}
		return
	}
	s.selected = ""
	s.reselect()
	s.openRecord("")
}

// openRecord reads record id ("" for a new one) and shows its form.
func (s *recordScreen) openRecord(id string) {
	u := s.u
	st := u.store
	s.clearSecrets()
	u.async(func() func() {
		build, err := s.open(st, id)
		return func() {
			if s.selected != id || s.unsaved() {
				return // another record was picked meanwhile
			}
			if err != nil {
				u.showError(u.t("records.loadFailed"), err)
				return
			}
			s.form = build()
			if then := s.then; then != nil {
				s.then = nil
				defer then(s.form)
			}
			f := s.form.base()
			s.detail.Objects = []fyne.CanvasObject{f.content}
			s.detail.Refresh()
			if id == "" && f.first != nil {
				u.win.Canvas().Focus(f.first)
			}
		}
	})
}

// closeForm shows the hint instead of a form.
func (s *recordScreen) closeForm() {
	s.clearSecrets()
	s.form = nil
	s.detail.Objects = []fyne.CanvasObject{container.NewCenter(s.empty)}
	s.detail.Refresh()
}

// saved is called after record id was saved: the list is read again and
// the form shows the stored record.
func (s *recordScreen) saved(id string) {
	s.u.main.sites.stale = true // its detail may show this record
	s.form = nil
	s.selected = id
	s.load()
	s.openRecord(id)
}

// deleteRecord asks, then deletes record id.
func (s *recordScreen) deleteRecord(id, name string) {
	u := s.u
	ask := u.t("records.deleteAsk", name)
	if s.kind == "credential" {
		ask = u.t("undo.credDeleteAsk", name) // the password goes for good
	}
	s.confirmDel = u.confirm(u.t("records.deleteTitle"), ask, u.t("button.delete"), func() {
		st := u.store
		writes := &u.writes
		u.async(func() func() {
			var step *undoStep
			before := writes.Load()
			err := st.Write(func(w ledger.Writer) error {
				var err error
				step, err = deleteWithUndo(w, s.kind, id)
				return err
			})
			after := writes.Load()
			return func() {
				if err != nil {
					u.showError(u.t("records.deleteFailed", name), err)
					return
				}
				if step != nil {
					step.name = name
				}
				u.offerUndo(step, before, after)
				if s.form != nil {
					s.form.base().dirty = false
				}
				u.main.sites.stale = true
				s.selected = ""
				s.closeForm()
				s.load()
			}
		})
	})
}

// saveForm implements editor.
func (s *recordScreen) saveForm() {
	if s.form != nil {
		s.form.base().save()
	}
}

// unsaved implements editor.
func (s *recordScreen) unsaved() bool { return s.form != nil && s.form.base().dirty }

// discardChanges implements editor.
func (s *recordScreen) discardChanges() {
	if s.form != nil {
		s.form.base().dirty = false
	}
}

// clearSecrets implements secretHolder: the open form forgets any secret
// it shows and its dialogs close.
func (s *recordScreen) clearSecrets() {
	if s.form != nil {
		if h, ok := s.form.(secretHolder); ok {
			h.clearSecrets()
		}
	}
}

// formBase is what every record form shares: the buttons, the message
// line, dirty tracking and the save that runs off the UI goroutine. Return
// in a field never saves: saving is the Save button or Ctrl+S.
type formBase struct {
	s        *recordScreen
	id       string // "" for a new record
	recName  string // the record's name, for messages
	dirty    bool
	saving   bool
	msg      *widget.Label
	saveBtn  *widget.Button
	delBtn   *widget.Button
	cancel   *widget.Button
	progress *widget.ProgressBarInfinite
	content  fyne.CanvasObject
	// first is the field the cursor goes to in a new form.
	first fyne.Focusable
	// sealed are the form's sealed fields (a draft keeps only new values).
	sealed []*sealedField

	// prepare checks the fields. It returns the write that stores them
	// (returning the record's id and how to undo the save), or a message
	// and the field to fix.
	prepare func() (write func(w ledger.Writer) (string, *undoStep, error), problem string, focus fyne.Focusable)
}

// keepEntry reports whether a draft keeps e's text: not a sealed field's
// stored value revealed into it, only what the user typed.
func (f *formBase) keepEntry(e *entry) bool {
	for _, sf := range f.sealed {
		if sf.e == e {
			return e.Text != sf.shown
		}
	}
	return true
}

func newFormBase(s *recordScreen, id, name string) *formBase {
	u := s.u
	f := &formBase{s: s, id: id, recName: name}
	f.msg = newErrorMsg()
	f.progress = newProgress()
	f.saveBtn = widget.NewButtonWithIcon(u.t("button.save"), theme.DocumentSaveIcon(), f.save)
	f.saveBtn.Importance = widget.HighImportance
	f.cancel = widget.NewButton(u.t("button.cancel"), f.doCancel)
	f.delBtn = widget.NewButtonWithIcon(u.t("button.delete"), theme.DeleteIcon(), func() { s.deleteRecord(f.id, f.recName) })
	f.delBtn.Importance = widget.DangerImportance
	if id == "" {
		f.delBtn.Hide()
	}
	return f
}

func (f *formBase) base() *formBase { return f }

// changed marks the form as edited.
func (f *formBase) changed() { f.dirty = true }

// build lays the form out: the title and Delete on top, the fields in a
// scroll, Cancel and Save at the bottom. A read-only vault disables every
// field.
func (f *formBase) build(title string, extra fyne.CanvasObject, items ...*widget.FormItem) {
	u := f.s.u
	form := widget.NewForm(items...)
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameSubHeadingText
	head.Truncation = fyne.TextTruncateEllipsis
	hint := widget.NewLabel(u.t("sites.saveHint"))
	hint.Importance = widget.LowImportance
	body := container.NewVBox(f.msg, form)
	if extra != nil {
		body.Add(extra)
	}
	f.content = container.NewBorder(
		container.NewPadded(container.NewBorder(nil, nil, nil, f.delBtn, head)),
		container.NewPadded(container.NewBorder(nil, nil, hint, container.NewHBox(f.progress, f.cancel, f.saveBtn))),
		nil, nil,
		vscrollForm(container.NewPadded(body)))
	if u.readOnly {
		for _, it := range items {
			disableAll(it.Widget)
		}
		f.saveBtn.Disable()
		f.delBtn.Disable()
	}
	f.dirty = false
}

// disableAll disables o and everything inside it that can be disabled.
func disableAll(o fyne.CanvasObject) {
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			disableAll(c)
		}
	case fyne.Disableable:
		w.Disable()
	}
}

// relayout lays the form out again after a warning appeared or went.
func (f *formBase) relayout() {
	if f.content != nil {
		f.content.Refresh()
	}
}

// fail shows why the form cannot be saved and moves the cursor there.
func (f *formBase) fail(msg string, focus fyne.Focusable) {
	f.msg.SetText(msg)
	f.msg.Show()
	f.relayout()
	if focus != nil {
		f.s.u.win.Canvas().Focus(focus)
	}
}

// save checks the fields and writes the record off the UI goroutine.
func (f *formBase) save() {
	u := f.s.u
	u.touch()
	if f.saving || u.readOnly {
		return
	}
	write, problem, focus := f.prepare()
	if problem != "" {
		f.fail(problem, focus)
		return
	}
	f.msg.Hide()
	f.relayout()
	f.saving = true
	f.saveBtn.Disable()
	f.progress.Show()
	f.progress.Start()
	st := u.store
	name := f.recName
	writes := &u.writes
	u.async(func() func() {
		var id string
		var step *undoStep
		before := writes.Load()
		err := st.Write(func(w ledger.Writer) error {
			var err error
			id, step, err = write(w)
			return err
		})
		after := writes.Load()
		return func() {
			f.saving = false
			f.saveBtn.Enable()
			f.progress.Stop()
			f.progress.Hide()
			if err != nil {
				step.forget()
				u.showError(u.t("records.saveFailed", name), err)
				return
			}
			f.dirty = false
			if step != nil {
				step.name = name
			}
			u.offerUndo(step, before, after)
			if f.id != "" {
				// An edit may have kept a conflict (ledger.KeepConflicts).
				u.refreshConflicts()
			}
			if f.s.form != nil && f.s.form.base() == f {
				f.s.saved(id)
			}
		}
	})
}

// doCancel drops the changes (asking first) and shows the stored record
// again, or nothing for a new one.
func (f *formBase) doCancel() {
	u := f.s.u
	reset := func() {
		f.dirty = false
		if f.id == "" {
			f.s.selected = ""
			f.s.closeForm()
			return
		}
		f.s.form = nil
		f.s.openRecord(f.id)
	}
	if !f.dirty {
		reset()
		return
	}
	u.confirm(u.t("sites.discardTitle"), u.t("sites.discardAsk"), u.t("button.discard"), reset)
}

// identField is an entry for an identifier with a warning under it. The
// warning is advice: a value may be real even when it looks wrong
// (domain.md), so it never blocks saving.
type identField struct {
	e     *entry
	warn  *widget.Label
	parse func(string) ident.Result
	box   fyne.CanvasObject
}

func newIdentField(u *ui, placeholder string, parse func(string) ident.Result) *identField {
	i := &identField{e: newEntry(u), warn: newWarn(), parse: parse}
	i.e.SetPlaceHolder(placeholder)
	i.box = container.NewVBox(i.e, i.warn)
	return i
}

// check shows what the parser finds wrong with the typed value.
func (i *identField) check(u *ui) {
	v := strings.TrimSpace(i.e.Text)
	var notes []string
	if v != "" && i.parse != nil {
		notes = u.identNotes(i.parse(v))
	}
	if len(notes) == 0 {
		i.warn.Hide()
		return
	}
	i.warn.SetText(strings.Join(notes, "\n"))
	i.warn.Show()
}

// identNotes lists, in the user's words, what r finds wrong with an
// identifier, and its canonical spelling when that differs.
func (u *ui) identNotes(r ident.Result) []string {
	var notes []string
	for i := range r.Codes {
		notes = append(notes, u.identProblem(r, i))
	}
	if r.Canonical != "" && r.Canonical != r.Normalized {
		notes = append(notes, u.t("ident.canonical", r.Canonical))
	}
	return notes
}

// dateInput is a date entry with its own warning; an empty entry is no
// date.
type dateInput struct {
	e    *entry
	warn *widget.Label
	key  string // the field's label key, for messages
	box  fyne.CanvasObject
}

func newDateInput(u *ui, key string, d ledger.Date) *dateInput {
	di := &dateInput{e: newEntry(u), warn: newWarn(), key: key}
	di.e.SetPlaceHolder(u.t("site.dateHint"))
	di.e.SetText(u.date(d))
	di.box = container.NewVBox(di.e, di.warn)
	return di
}

// value parses the entry; ok is false (and the warning shown) for a date
// that cannot be read.
func (di *dateInput) value(u *ui) (d ledger.Date, ok bool) {
	d, err := ledger.ParseDate(di.e.Text)
	if err != nil {
		di.warn.SetText(u.t("site.badDate"))
		di.warn.Show()
		return ledger.Date{}, false
	}
	di.warn.Hide()
	return d, true
}

// pickEntry is a drop-down with free text that passes the window's
// shortcuts on like entry does. Typing filters a long option list down to
// the first pickLimit matches, so thousands of entities stay quick.
type pickEntry struct {
	widget.SelectEntry
	u   *ui
	all []string
}

// pickLimit caps the options a pickEntry shows at once.
const pickLimit = 50

func newPickEntry(u *ui, options []string) *pickEntry {
	p := &pickEntry{u: u, all: options}
	p.ExtendBaseWidget(p)
	p.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	p.filter("")
	return p
}

// filter shows the options that contain text.
func (p *pickEntry) filter(text string) {
	text = strings.ToLower(strings.TrimSpace(text))
	var opts []string
	for _, o := range p.all {
		if text == "" || strings.Contains(strings.ToLower(o), text) {
			opts = append(opts, o)
			if len(opts) == pickLimit {
				break
			}
		}
	}
	p.SetOptions(opts)
}

// TypedShortcut implements fyne.Shortcutable.
func (p *pickEntry) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*desktop.CustomShortcut); ok && p.u.shortcut(s) {
		return
	}
	p.SelectEntry.TypedShortcut(s)
}

// TypedRune implements fyne.Focusable.
func (p *pickEntry) TypedRune(r rune) {
	p.u.touch()
	p.SelectEntry.TypedRune(r)
}

// namedIDs maps the names a picker shows to record ids and back.
type namedIDs struct {
	names []string
	ids   map[string]string // name → id
	byID  map[string]string // id → name
}

func (n *namedIDs) add(name, id string) {
	if n.ids == nil {
		n.ids, n.byID = map[string]string{}, map[string]string{}
	}
	if _, dup := n.ids[name]; dup || name == "" {
		return // a second record of the same name cannot be told apart
	}
	n.ids[name] = id
	n.byID[id] = name
	n.names = append(n.names, name)
}

// name returns the name of record id ("" if unknown).
func (n *namedIDs) name(id string) string { return n.byID[id] }

// resolve returns the id for a typed name: "" for an empty text, ok false
// for a name that matches no record.
func (n *namedIDs) resolve(text string) (id string, ok bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", true
	}
	id, ok = n.ids[text]
	return id, ok
}
