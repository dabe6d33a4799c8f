package gui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// siteForm edits one site. Return in a field never saves: saving is the
// Save button or Ctrl+S.
type siteForm struct {
	s    *sitesScreen
	site ledger.Site // the record being edited (a copy)

	number, name, domains        *entry
	province                     *widget.Select // 京 · 北京市 …; provinceOf maps a choice to the stored 京
	provinceOf                   map[string]string
	kind, status                 *widget.Select
	entity                       *widget.Select
	provider                     *widget.SelectEntry
	psb, licence                 *entry
	notes                        *entry
	dates                        []*dateField
	numberWarn, psbWarn, licWarn *widget.Label
	msg                          *widget.Label
	save_, cancel                *widget.Button
	progress                     *widget.ProgressBarInfinite
	content                      fyne.CanvasObject

	entities  []ledger.Entity
	providers []ledger.Provider
	kinds     []string
	statuses  []string
	dirty     bool
	saving    bool
}

// dateField is a date entry with its own warning.
type dateField struct {
	key   string
	e     *entry
	warn  *widget.Label
	get   func(*ledger.Site) *ledger.Date
	value ledger.Date
	bad   bool
}

var siteKinds = []string{ledger.SiteWebsite, ledger.SiteApp, ledger.SiteMiniProgram}

var siteStatuses = []string{ledger.StatusNormal, ledger.StatusPendingChange, ledger.StatusShellRisk, ledger.StatusCancelled}

// fieldNamed is the entry of a date field's key, or the 公安 number for
// "psb"; the name for anything else.
func (f *siteForm) fieldNamed(name string) fyne.Focusable {
	if name == "psb" {
		return f.psb
	}
	for _, d := range f.dates {
		if d.key == name {
			return d.e
		}
	}
	return f.name
}

// newErrorMsg makes the hidden line a form or dialog shows its errors in.
func newErrorMsg() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// newProgress makes a stopped, hidden progress bar for setBusy.
func newProgress() *widget.ProgressBarInfinite {
	p := widget.NewProgressBarInfinite()
	p.Stop()
	p.Hide()
	return p
}

func newWarn() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.WarningImportance
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	l.Hide()
	return l
}

// providerChoices are the providers the 接入商 dropdown offers: those in the
// ledger, then the well-known ones (ledger.KnownProviders) not among them,
// so the list is useful from the first start.
func providerChoices(provs []ledger.Provider) []string {
	var names []string
	have := map[string]bool{}
	for _, p := range provs {
		names = append(names, p.Name)
		have[p.Name] = true
		if kp, ok := ledger.CanonicalProvider(p.Name); ok {
			have[kp.Name] = true
		}
	}
	for _, kp := range ledger.KnownProviders {
		if !have[kp.Name] {
			names = append(names, kp.Name)
		}
	}
	return names
}

// provinceChoice is the province picker: "none", then every province as
// "京 · 北京市", selecting current. The map gives the stored value (the
// common abbreviation) of each choice; a stored value that is no province
// (typed before the picker existed) stays as a choice of its own.
func provinceChoice(u *ui, current string) (*widget.Select, map[string]string) {
	none := u.t("common.noneChoice")
	opts := []string{none}
	of := map[string]string{none: ""}
	selected := none
	for _, p := range ident.Provinces() {
		o := p.Common + " · " + p.Name
		opts = append(opts, o)
		of[o] = p.Common
		if current != "" && (current == p.Common || current == p.Name) {
			selected = o
		}
	}
	if current != "" && selected == none {
		if p, ok := ident.ProvinceByName(current); ok {
			selected = p.Common + " · " + p.Name
		} else {
			opts = append(opts, current)
			of[current] = current
			selected = current
		}
	}
	s := widget.NewSelect(opts, nil)
	s.SetSelected(selected)
	return s, of
}

func newSiteForm(s *sitesScreen, site ledger.Site, ents []ledger.Entity, provs []ledger.Provider) *siteForm {
	u := s.u
	f := &siteForm{s: s, site: site, entities: ents, providers: provs}
	f.site.Domains = slices.Clone(site.Domains)

	f.number = newEntry(u)
	f.number.SetPlaceHolder("京ICP备11018762号-1")
	f.numberWarn = newWarn()
	f.name = newEntry(u)
	f.domains = newEntry(u)
	f.domains.SetPlaceHolder("example.cn, www.example.cn")
	f.province, f.provinceOf = provinceChoice(u, site.Province)
	f.psb = newEntry(u)
	f.psb.SetPlaceHolder("京公网安备11010502000001号")
	f.psbWarn = newWarn()
	f.licence = newEntry(u)
	f.licWarn = newWarn()
	f.notes = newMultiLineEntry(u)
	f.notes.SetMinRowsVisible(3)

	for _, k := range siteKinds {
		f.kinds = append(f.kinds, u.enum("site.kind.", k))
	}
	f.kind = widget.NewSelect(f.kinds, func(string) { f.changed() })
	for _, k := range siteStatuses {
		f.statuses = append(f.statuses, u.enum("site.status.", k))
	}
	f.status = widget.NewSelect(f.statuses, func(string) { f.changed() })
	entNames := []string{u.t("common.noneChoice")}
	for _, e := range ents {
		entNames = append(entNames, e.Name)
	}
	f.entity = widget.NewSelect(entNames, func(string) { f.changed() })
	f.provider = widget.NewSelectEntry(providerChoices(provs))
	f.provider.SetPlaceHolder(u.t("site.providerHint"))
	traceWhere("site.provider", f.provider)
	traceWhere("site.name", f.name)

	dates := []struct {
		key string
		get func(*ledger.Site) *ledger.Date
	}{
		{"site.firstFiled", func(s *ledger.Site) *ledger.Date { return &s.FirstFiled }},
		{"site.lastChanged", func(s *ledger.Site) *ledger.Date { return &s.LastChanged }},
		{"site.wentLive", func(s *ledger.Site) *ledger.Date { return &s.WentLive }},
		{"site.psbDate", func(s *ledger.Site) *ledger.Date { return &s.PSBDate }},
		{"site.licenceExpiry", func(s *ledger.Site) *ledger.Date { return &s.LicenceExpiry }},
		{"site.domainExpiry", func(s *ledger.Site) *ledger.Date { return &s.DomainExpiry }},
		{"site.sslExpiry", func(s *ledger.Site) *ledger.Date { return &s.SSLExpiry }},
		{"site.productExpiry", func(s *ledger.Site) *ledger.Date { return &s.ProductExpiry }},
	}
	for _, d := range dates {
		df := &dateField{key: d.key, e: newEntry(u), warn: newWarn(), get: d.get}
		df.e.SetPlaceHolder(u.t("site.dateHint"))
		f.dates = append(f.dates, df)
	}

	// Fill in the record, then start watching for changes.
	f.number.SetText(site.Number)
	f.name.SetText(site.Name)
	f.domains.SetText(strings.Join(site.Domains, ", "))
	f.psb.SetText(site.PSBNumber)
	f.licence.SetText(site.Licence)
	f.notes.SetText(site.Notes)
	if i := slices.Index(siteKinds, site.Kind); i >= 0 {
		f.kind.SetSelectedIndex(i)
	}
	if i := slices.Index(siteStatuses, site.Status); i >= 0 {
		f.status.SetSelectedIndex(i)
	}
	f.entity.SetSelectedIndex(0)
	for i, e := range ents {
		if e.ID == site.EntityID {
			f.entity.SetSelectedIndex(i + 1)
		}
	}
	for _, p := range provs {
		if p.ID == site.ProviderID {
			f.provider.SetText(p.Name)
		}
	}
	for _, df := range f.dates {
		df.value = *df.get(&f.site)
		df.e.SetText(u.date(df.value))
	}
	f.checkIdent(f.number, f.numberWarn)
	f.checkIdent(f.psb, f.psbWarn)
	f.checkIdent(f.licence, f.licWarn)

	f.number.OnChanged = func(string) { f.changed(); f.checkIdent(f.number, f.numberWarn) }
	f.psb.OnChanged = func(string) { f.changed(); f.checkIdent(f.psb, f.psbWarn) }
	f.licence.OnChanged = func(string) { f.changed(); f.checkIdent(f.licence, f.licWarn) }
	f.province.OnChanged = func(string) { f.changed() }
	for _, e := range []*entry{f.name, f.domains, f.notes} {
		e.OnChanged = func(string) { f.changed() }
	}
	f.provider.OnChanged = func(string) { f.changed() }
	for _, df := range f.dates {
		df.e.OnChanged = func(string) { f.changed(); f.checkDate(df) }
	}

	f.msg = newErrorMsg()
	f.progress = newProgress()
	f.save_ = widget.NewButtonWithIcon(u.t("button.save"), theme.DocumentSaveIcon(), f.save)
	f.save_.Importance = widget.HighImportance
	f.cancel = widget.NewButton(u.t("button.cancel"), f.doCancel)

	withWarn := func(e fyne.CanvasObject, w *widget.Label) fyne.CanvasObject { return container.NewVBox(e, w) }
	items := []*widget.FormItem{
		widget.NewFormItem(u.t("site.name"), f.name),
		widget.NewFormItem(u.t("site.number"), withWarn(f.number, f.numberWarn)),
		widget.NewFormItem(u.t("site.domains"), f.domains),
		widget.NewFormItem(u.t("site.kind"), f.kind),
		widget.NewFormItem(u.t("site.status"), f.status),
		widget.NewFormItem(u.t("site.entity"), f.entity),
		widget.NewFormItem(u.t("site.provider"), f.provider),
		widget.NewFormItem(u.t("site.province"), f.province),
		widget.NewFormItem(u.t("site.psbNumber"), withWarn(f.psb, f.psbWarn)),
		widget.NewFormItem(u.t("site.licence"), withWarn(f.licence, f.licWarn)),
	}
	for _, df := range f.dates {
		items = append(items, widget.NewFormItem(u.t(df.key), withWarn(df.e, df.warn)))
	}
	items = append(items, widget.NewFormItem(u.t("site.notes"), f.notes))
	form := widget.NewForm(items...)

	titleKey := "sites.editTitle"
	if site.ID == "" {
		titleKey = "sites.newTitle"
	}
	title := widget.NewLabelWithStyle(u.t(titleKey), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	hint := widget.NewLabel(u.t("sites.saveHint"))
	hint.Importance = widget.LowImportance
	f.content = container.NewBorder(
		container.NewPadded(title),
		container.NewPadded(container.NewBorder(nil, nil, hint, container.NewHBox(f.progress, f.cancel, f.save_))),
		nil, nil,
		vscrollForm(container.NewPadded(container.NewVBox(f.msg, form))))
	f.dirty = false
	return f
}

func (f *siteForm) changed() { f.dirty = true }

// checkIdent shows ident.Classify's problems under an identifier field.
// They are advice: saving is never blocked by them.
func (f *siteForm) checkIdent(e *entry, warn *widget.Label) {
	v := strings.TrimSpace(e.Text)
	if v == "" {
		quietWarn(warn)
		f.relayout()
		return
	}
	r := ident.Classify(v)
	var notes []string
	for i := range r.Codes {
		notes = append(notes, f.s.u.identProblem(r, i))
	}
	if r.Canonical != "" && r.Canonical != r.Normalized {
		notes = append(notes, f.s.u.t("ident.canonical", r.Canonical))
	}
	if len(notes) == 0 {
		quietWarn(warn)
		f.relayout()
		return
	}
	warn.SetText(strings.Join(notes, "\n"))
	warn.Show()
	f.relayout()
}

// relayout lays the form out again after a warning appeared or went.
func (f *siteForm) relayout() {
	if f.content != nil {
		f.content.Refresh()
	}
}

// identProblem renders problem i of r in the UI language.
func (u *ui) identProblem(r ident.Result, i int) string {
	return i18n.IdentProblem(u.lang, r, i)
}

// checkDate parses a date field; a bad date is shown under that field.
func (f *siteForm) checkDate(df *dateField) bool {
	d, err := ledger.ParseDate(df.e.Text)
	if err != nil {
		df.bad = true
		df.warn.SetText(f.s.u.t("site.badDate"))
		df.warn.Show()
		f.relayout()
		return false
	}
	df.bad = false
	df.value = d
	if df.warn.Visible() {
		quietWarn(df.warn)
		f.relayout()
	}
	return true
}

// quietWarn empties a warning that went away but keeps the lines it took,
// so the fields below do not jump while the form is open: a warning comes
// and goes with every key typed into a filing number or a date.
func quietWarn(w *widget.Label) {
	if !w.Visible() {
		return
	}
	w.SetText(strings.Repeat("\n", strings.Count(w.Text, "\n")))
}

func (f *siteForm) fail(msg string, focus fyne.Focusable) {
	f.msg.SetText(msg)
	f.msg.Show()
	f.relayout()
	if focus != nil {
		f.s.u.win.Canvas().Focus(focus)
	}
}

// save checks the fields and writes the site off the UI goroutine.
func (f *siteForm) save() {
	u := f.s.u
	u.touch()
	if f.saving {
		return
	}
	if strings.TrimSpace(f.name.Text) == "" {
		f.fail(u.t("site.needName"), f.name)
		return
	}
	for _, df := range f.dates {
		if !f.checkDate(df) {
			f.fail(u.t("site.fixDate", u.t(df.key)), df.e)
			return
		}
	}
	f.msg.Hide()
	f.relayout()
	site := f.site
	site.Number = strings.TrimSpace(f.number.Text)
	site.Name = strings.TrimSpace(f.name.Text)
	site.Domains = ledger.SplitDomains(f.domains.Text)
	site.Province = f.provinceOf[f.province.Selected]
	site.PSBNumber = strings.TrimSpace(f.psb.Text)
	site.Licence = strings.TrimSpace(f.licence.Text)
	site.Notes = f.notes.Text
	if i := f.kind.SelectedIndex(); i >= 0 {
		site.Kind = siteKinds[i]
	}
	if i := f.status.SelectedIndex(); i >= 0 {
		site.Status = siteStatuses[i]
	}
	site.EntityID = ""
	if i := f.entity.SelectedIndex(); i > 0 {
		site.EntityID = f.entities[i-1].ID
	}
	for _, df := range f.dates {
		*df.get(&site) = df.value
	}
	// The provider: an existing one by name or alias, else a new record.
	var newProv *ledger.Provider
	site.ProviderID = ""
	if typed := strings.TrimSpace(f.provider.Text); typed != "" {
		name := typed
		if kp, ok := ledger.CanonicalProvider(typed); ok {
			name = kp.Name
		}
		for _, p := range f.providers {
			if p.Name == name || p.Name == typed || slices.Contains(p.Aliases, typed) {
				site.ProviderID = p.ID
				break
			}
		}
		if site.ProviderID == "" {
			newProv = &ledger.Provider{Name: name}
		}
	}
	if site.Number != "" {
		if r := ident.Classify(site.Number); r.Valid && r.Province != "" && site.Province == "" && r.Prefix != "" {
			site.Province = r.Prefix
		}
	}

	f.saving = true
	f.save_.Disable()
	f.progress.Show()
	f.progress.Start()
	st := u.store
	writes := &u.writes
	orig := f.site
	u.async(func() func() {
		var step *undoStep
		kept := false
		before := writes.Load()
		err := st.Write(func(w ledger.Writer) error {
			if site.ID != "" {
				// Another writer's save taken in while the form was open:
				// the fields the user did not touch take its values.
				// A field both changed keeps the form's value here and the
				// other writer's in a conflict.
				if cur, err := w.Site(site.ID); err == nil {
					var both []string
					site, both = ledger.Rebase(orig, site, cur.Site)
					if err := ledger.KeepConflicts(w, "site", site.ID, site, cur.Site, both); err != nil {
						return err
					}
					kept = len(both) > 0
				}
			}
			var err error
			_, step, err = putWithUndo(w, "site", site.ID, func() (string, error) {
				if newProv != nil {
					if err := w.PutProvider(newProv); err != nil {
						return "", err
					}
					site.ProviderID = newProv.ID
				}
				return site.ID, w.PutSite(&site)
			})
			if err == nil && newProv != nil {
				// The provider this save made goes with it.
				id := newProv.ID
				step.then(func(w ledger.Writer) error { return w.Delete("provider", id) })
			}
			return err
		})
		after := writes.Load()
		return func() {
			f.saving = false
			f.save_.Enable()
			f.progress.Stop()
			f.progress.Hide()
			if err != nil {
				u.showError(u.t("sites.saveFailed", site.Name), err)
				return
			}
			f.dirty = false
			step.name = site.Name
			u.offerUndo(step, before, after)
			if kept {
				u.refreshConflicts()
			}
			if f.s.form == f {
				f.s.saved(site.ID)
			}
		}
	})
}

// doCancel leaves the form, asking first if it has changes.
func (f *siteForm) doCancel() {
	u := f.s.u
	if !f.dirty {
		f.s.closeForm()
		return
	}
	u.confirm(u.t("sites.discardTitle"), u.t("sites.discardAsk"), u.t("button.discard"), func() {
		f.dirty = false
		f.s.closeForm()
	})
}
