package gui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// Enumerations the forms offer, in order.
var (
	entityKinds  = []string{ledger.EntityCompany, ledger.EntitySoleTrader, ledger.EntityInstitution, ledger.EntityIndividual, ledger.EntityOther}
	contactRoles = []string{ledger.RoleEntityOwner, ledger.RoleSiteOwner, ledger.RoleAdministrator, ledger.RoleBackup, ledger.RoleAccountManager}
	credSystems  = []string{ledger.SystemMIITLegacy, ledger.SystemProvider, ledger.SystemPSB, ledger.SystemLicence, ledger.SystemRegistrar, ledger.SystemDNS, ledger.SystemSSL, ledger.SystemOther}
	// idTypes are the usual documents of a contact; the field also takes
	// any other. They are stored as written, as the filing forms name them.
	idTypes = []string{"居民身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证"}
)

// Rotation intervals a credential accepts, in months.
const (
	minRotation     = 1
	maxRotation     = 24
	defaultRotation = 3
)

// enumSelect is a Select of translated enumeration values.
func (u *ui) enumSelect(prefix string, values []string, current string, changed func()) *widget.Select {
	var names []string
	for _, v := range values {
		names = append(names, u.enum(prefix, v))
	}
	s := widget.NewSelect(names, nil)
	if i := slices.Index(values, current); i >= 0 {
		s.SetSelectedIndex(i)
	}
	s.OnChanged = func(string) { changed() }
	return s
}

// selected returns the stored value chosen in an enumSelect, or def.
func selected(s *widget.Select, values []string, def string) string {
	if i := s.SelectedIndex(); i >= 0 && i < len(values) {
		return values[i]
	}
	return def
}

// textEntry is an entry holding v that marks f as edited when it changes.
func (f *formBase) textEntry(v string) *entry {
	e := newEntry(f.s.u)
	e.SetText(v)
	e.OnChanged = func(string) { f.changed() }
	return e
}

// notesEntry is textEntry on several lines.
func (f *formBase) notesEntry(v string) *entry {
	e := newMultiLineEntry(f.s.u)
	e.SetMinRowsVisible(3)
	e.SetText(v)
	e.OnChanged = func(string) { f.changed() }
	return e
}

// identEntry is an identField holding v, checked now and on every change.
func (f *formBase) identEntry(v, placeholder string, parse func(string) ident.Result) *identField {
	u := f.s.u
	i := newIdentField(u, placeholder, parse)
	i.e.SetText(v)
	i.check(u)
	i.e.OnChanged = func(string) { f.changed(); i.check(u); f.relayout() }
	return i
}

// dateEntry is a dateInput holding d, checked on every change.
func (f *formBase) dateEntry(key string, d ledger.Date) *dateInput {
	u := f.s.u
	di := newDateInput(u, key, d)
	di.e.OnChanged = func(string) { f.changed(); di.value(u); f.relayout() }
	return di
}

// item is a form row.
func (f *formBase) item(key string, o fyne.CanvasObject) *widget.FormItem {
	return widget.NewFormItem(f.s.u.t(key), o)
}

// formTitle is "New …" for a new record, else the record's name.
func (f *formBase) formTitle(newKey, name string) string {
	if f.id == "" {
		return f.s.u.t(newKey)
	}
	return name
}

// dates reads every date field; the first bad one is reported.
func (f *formBase) dates(ds ...*dateInput) (out []ledger.Date, problem string, focus fyne.Focusable) {
	u := f.s.u
	for _, d := range ds {
		v, ok := d.value(u)
		if !ok {
			f.relayout()
			return nil, u.t("site.fixDate", u.t(d.key)), d.e
		}
		out = append(out, v)
	}
	return out, "", nil
}

// ---- entities

func newEntitiesScreen(u *ui) *recordScreen {
	s := newRecordScreen(u, "entity", "nav.entities", "records.newEntity", "records.pickEntity")
	s.fetch = func(st ledger.Store) ([]recordRow, error) {
		es, err := st.Entities()
		rows := make([]recordRow, 0, len(es))
		for _, e := range es {
			rows = append(rows, recordRow{e.ID, e.Name, dotLine(u.enum("entity.kind.", e.Kind), e.USCC, e.FilingNumber, e.Province)})
		}
		return rows, err
	}
	s.open = func(st ledger.Store, id string) (func() recordForm, error) {
		e := ledger.Entity{Kind: ledger.EntityCompany}
		if id != "" {
			var err error
			if e, err = st.Entity(id); err != nil {
				return nil, err
			}
		}
		atts, err := readAttachments(st, ledger.OwnerEntity, id)
		if err != nil {
			return nil, err
		}
		return func() recordForm { return newEntityForm(s, e, atts) }, nil
	}
	return s
}

// entityForm edits an entity (主体).
type entityForm struct {
	*formBase
	rec                               ledger.Entity
	name, legalRep, address, province *entry
	kind                              *widget.Select
	uscc, filing, licence             *identField
	notes                             *entry
	attach                            *attachBox // licence scans, the legal representative's ID copy
}

func newEntityForm(s *recordScreen, e ledger.Entity, atts []ledger.Attachment) *entityForm {
	u := s.u
	f := &entityForm{formBase: newFormBase(s, e.ID, e.Name), rec: e}
	f.name = f.textEntry(e.Name)
	f.kind = u.enumSelect("entity.kind.", entityKinds, e.Kind, func() { f.changed(); f.uscc.check(u); f.relayout() })
	f.uscc = f.identEntry(e.USCC, "91110000100000000X", func(v string) ident.Result {
		// An individual files with a resident ID instead of a credit code.
		if selected(f.kind, entityKinds, "") == ledger.EntityIndividual {
			return ident.ParseResidentID(v)
		}
		return ident.ParseUSCC(v)
	})
	f.legalRep = f.textEntry(e.LegalRep)
	f.address = f.textEntry(e.Address)
	f.province = f.textEntry(e.Province)
	f.province.SetPlaceHolder("京")
	f.filing = f.identEntry(e.FilingNumber, "京ICP备11018762号", ident.ParseICPEntity)
	f.licence = f.identEntry(e.ICPLicence, "京ICP证150437号", parseLicence)
	f.notes = f.notesEntry(e.Notes)
	f.first = f.name
	f.prepare = f.collect
	f.attach = newAttachBox(u, ledger.OwnerEntity, e.ID, atts)
	f.build(f.formTitle("records.newEntity", e.Name), container.NewVBox(widget.NewSeparator(), f.attach.box),
		f.item("entity.name", f.name),
		f.item("entity.kind", f.kind),
		f.item("entity.uscc", f.uscc.box),
		f.item("entity.legalRep", f.legalRep),
		f.item("records.address", f.address),
		f.item("entity.province", f.province),
		f.item("entity.filingNumber", f.filing.box),
		f.item("records.icpLicence", f.licence.box),
		f.item("site.notes", f.notes),
	)
	return f
}

// parseLicence checks an ICP licence (ICP证) or a value-added telecom
// licence (B2-…) number.
func parseLicence(v string) ident.Result {
	if r := ident.Classify(v); r.Kind == ident.KindICPLicence || r.Kind == ident.KindVATS {
		return r
	}
	return ident.ParseICPLicence(v)
}

func (f *entityForm) collect() (func(ledger.Writer) (string, *undoStep, error), string, fyne.Focusable) {
	u := f.s.u
	e := f.rec
	e.Name = strings.TrimSpace(f.name.Text)
	if e.Name == "" {
		return nil, u.t("records.needName"), f.name
	}
	e.Kind = selected(f.kind, entityKinds, ledger.EntityCompany)
	e.USCC = strings.TrimSpace(f.uscc.e.Text)
	e.LegalRep = strings.TrimSpace(f.legalRep.Text)
	e.Address = strings.TrimSpace(f.address.Text)
	e.Province = strings.TrimSpace(f.province.Text)
	e.FilingNumber = strings.TrimSpace(f.filing.e.Text)
	e.ICPLicence = strings.TrimSpace(f.licence.e.Text)
	e.Notes = f.notes.Text
	if e.Province == "" && e.FilingNumber != "" {
		if r := ident.ParseICPEntity(e.FilingNumber); r.Valid && r.Prefix != "" {
			e.Province = r.Prefix
		}
	}
	f.recName = e.Name
	orig := f.rec
	return func(w ledger.Writer) (string, *undoStep, error) {
		if cur, err := w.Entity(e.ID); e.ID != "" && err == nil {
			// Another writer's save taken in meanwhile: its values where
			// the form left a field alone, a conflict where both changed it.
			var both []string
			e, both = ledger.Rebase(orig, e, cur)
			if err := ledger.KeepConflicts(w, "entity", e.ID, e, cur, both); err != nil {
				return "", nil, err
			}
		}
		return putWithUndo(w, "entity", e.ID, func() (string, error) { return e.ID, w.PutEntity(&e) })
	}, "", nil
}

// ---- providers

func newProvidersScreen(u *ui) *recordScreen {
	s := newRecordScreen(u, "provider", "nav.providers", "records.newProvider", "records.pickProvider")
	s.fetch = func(st ledger.Store) ([]recordRow, error) {
		ps, err := st.Providers()
		rows := make([]recordRow, 0, len(ps))
		for _, p := range ps {
			rows = append(rows, recordRow{p.ID, p.Name, dotLine(p.Hotline, p.ConsoleURL, p.AccountManager)})
		}
		return rows, err
	}
	s.open = func(st ledger.Store, id string) (func() recordForm, error) {
		var p ledger.Provider
		if id != "" {
			var err error
			if p, err = st.Provider(id); err != nil {
				return nil, err
			}
		}
		return func() recordForm { return newProviderForm(s, p) }, nil
	}
	return s
}

// providerForm edits an access provider (接入商).
type providerForm struct {
	*formBase
	rec                                      ledger.Provider
	name, aliases, console, hotline, manager *entry
	materials, notes                         *entry
}

func newProviderForm(s *recordScreen, p ledger.Provider) *providerForm {
	f := &providerForm{formBase: newFormBase(s, p.ID, p.Name), rec: p}
	f.name = f.textEntry(p.Name)
	f.aliases = f.textEntry(strings.Join(p.Aliases, ", "))
	f.aliases.SetPlaceHolder(s.u.t("records.aliasesHint"))
	f.console = f.textEntry(p.ConsoleURL)
	f.console.SetPlaceHolder("https://")
	f.hotline = f.textEntry(p.Hotline)
	f.manager = f.textEntry(p.AccountManager)
	f.materials = f.notesEntry(p.Materials)
	f.notes = f.notesEntry(p.Notes)
	f.first = f.name
	f.prepare = f.collect
	f.build(f.formTitle("records.newProvider", p.Name), nil,
		f.item("provider.name", f.name),
		f.item("records.aliases", f.aliases),
		f.item("provider.console", f.console),
		f.item("provider.hotline", f.hotline),
		f.item("provider.manager", f.manager),
		f.item("records.materials", f.materials),
		f.item("site.notes", f.notes),
	)
	return f
}

// splitList splits a cell of names separated by commas, semicolons, 、 or
// new lines.
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '、' || r == '\n' || r == '，' || r == '；'
	})
	var out []string
	for _, v := range f {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func (f *providerForm) collect() (func(ledger.Writer) (string, *undoStep, error), string, fyne.Focusable) {
	p := f.rec
	p.Name = strings.TrimSpace(f.name.Text)
	if p.Name == "" {
		return nil, f.s.u.t("records.needName"), f.name
	}
	p.Aliases = splitList(f.aliases.Text)
	p.ConsoleURL = strings.TrimSpace(f.console.Text)
	p.Hotline = strings.TrimSpace(f.hotline.Text)
	p.AccountManager = strings.TrimSpace(f.manager.Text)
	p.Materials = f.materials.Text
	p.Notes = f.notes.Text
	f.recName = p.Name
	orig := f.rec
	return func(w ledger.Writer) (string, *undoStep, error) {
		if cur, err := w.Provider(p.ID); p.ID != "" && err == nil {
			var both []string
			p, both = ledger.Rebase(orig, p, cur)
			if err := ledger.KeepConflicts(w, "provider", p.ID, p, cur, both); err != nil {
				return "", nil, err
			}
		}
		return putWithUndo(w, "provider", p.ID, func() (string, error) { return p.ID, w.PutProvider(&p) })
	}, "", nil
}

// ---- what several forms link to

// siteRef is a site as a form offers it for linking.
type siteRef struct {
	id, entityID, label string
	providerID          string
}

// linkData is what the contact and credential forms offer to link to.
type linkData struct {
	entities  namedIDs
	providers namedIDs
	sites     []siteRef
	siteNames namedIDs // every site by its label
}

// siteLabels lists the labels of sites.
func siteLabels(sites []siteRef) []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = s.label
	}
	return out
}

// readLinks reads the entities, providers and sites (off the UI goroutine).
func readLinks(st ledger.Store) (linkData, error) {
	var l linkData
	es, err := st.Entities()
	if err != nil {
		return l, err
	}
	for _, e := range es {
		l.entities.add(e.Name, e.ID)
	}
	ps, err := st.Providers()
	if err != nil {
		return l, err
	}
	for _, p := range ps {
		l.providers.add(p.Name, p.ID)
	}
	ss, err := st.Sites()
	if err != nil {
		return l, err
	}
	for _, s := range ss {
		label := s.Name
		if s.Number != "" {
			label += "（" + s.Number + "）"
		}
		if _, dup := l.siteNames.ids[label]; dup {
			label += " #" + s.ID[:min(8, len(s.ID))] // two sites of one name and number
		}
		l.siteNames.add(label, s.ID)
		l.sites = append(l.sites, siteRef{id: s.ID, entityID: s.EntityID, label: label, providerID: s.ProviderID})
	}
	return l, nil
}

// sitesOf lists the sites of entity id and the sites in keep.
func (l *linkData) sitesOf(entityID string, keep ...string) []siteRef {
	var out []siteRef
	for _, s := range l.sites {
		if (entityID != "" && s.entityID == entityID) || slices.Contains(keep, s.id) {
			out = append(out, s)
		}
	}
	return out
}

// sealedField is a password entry for a sealed value (a password or an ID
// number). It starts empty: the stored value is revealed into it only on
// demand, and saving writes it only when the user typed a new one.
type sealedField struct {
	f       *formBase
	kind    string // "credential" or "contact-id"
	e       *entry
	reveal  *widget.Button
	stored  bool   // a value is stored
	shown   string // the stored value as revealed into the entry
	filling bool   // the entry is being set by the form, not the user
	box     fyne.CanvasObject
}

func newSealedField(f *formBase, kind string, stored bool, extra ...fyne.CanvasObject) *sealedField {
	u := f.s.u
	sf := &sealedField{f: f, kind: kind, stored: stored}
	sf.e = newPasswordEntry(u)
	f.sealed = append(f.sealed, sf)
	if stored {
		sf.e.SetPlaceHolder(u.t("records.sealedKeep"))
	} else {
		sf.e.SetPlaceHolder(u.t("records.sealedEmpty"))
	}
	sf.e.OnChanged = func(string) {
		if !sf.filling {
			f.changed()
		}
	}
	// The reveal button replaces the entry's own: a stored value has to
	// be read from the vault before it can be shown.
	sf.reveal = widget.NewButtonWithIcon("", theme.VisibilityIcon(), sf.toggle)
	sf.reveal.Importance = widget.LowImportance
	sf.e.ActionItem = sf.reveal
	sf.box = sf.e
	if len(extra) > 0 {
		sf.box = container.NewBorder(nil, nil, nil, container.NewHBox(extra...), sf.e)
	}
	return sf
}

// set puts v into the entry without counting it as an edit by the user.
func (sf *sealedField) set(v string) {
	sf.filling = true
	sf.e.SetText(v)
	sf.filling = false
}

// toggle shows or hides the entry's text; the first reveal of a stored
// value reads it from the vault.
func (sf *sealedField) toggle() {
	u := sf.f.s.u
	u.touch()
	if !sf.e.Password {
		sf.hide()
		return
	}
	if sf.e.Text != "" || !sf.stored || sf.f.id == "" {
		sf.e.Password = false
		sf.e.Refresh()
		sf.reveal.SetIcon(theme.VisibilityOffIcon())
		return
	}
	u.reveal(sf.kind, sf.f.id, func(v string) {
		if sf.e.Text != "" {
			return // typed meanwhile
		}
		sf.shown = v
		sf.set(v)
		sf.e.Password = false
		sf.e.Refresh()
		sf.reveal.SetIcon(theme.VisibilityOffIcon())
	})
}

// hide masks the entry again; a revealed stored value leaves the entry.
func (sf *sealedField) hide() {
	if sf.shown != "" && sf.e.Text == sf.shown {
		sf.set("")
	}
	sf.shown = ""
	sf.e.Password = true
	sf.e.Refresh()
	sf.reveal.SetIcon(theme.VisibilityIcon())
}

// newValue returns the value to store, or nil when the entry is empty or
// still holds the revealed stored value. The caller clears it.
func (sf *sealedField) newValue() []byte {
	if sf.e.Text == "" || sf.e.Text == sf.shown {
		return nil
	}
	return []byte(sf.e.Text)
}

// clear forgets what the entry holds (the lock calls it).
func (sf *sealedField) clear() {
	sf.set("")
	sf.shown = ""
	sf.e.Password = true
	sf.e.Refresh()
	sf.reveal.SetIcon(theme.VisibilityIcon())
}

// ---- contacts

func newContactsScreen(u *ui) *recordScreen {
	s := newRecordScreen(u, "contact", "nav.contacts", "records.newContact", "records.pickContact")
	s.fetch = func(st ledger.Store) ([]recordRow, error) {
		cs, err := st.Contacts()
		rows := make([]recordRow, 0, len(cs))
		for _, c := range cs {
			left := ""
			if !c.End.IsZero() {
				left = u.t("records.leftOn", u.date(c.End))
			}
			rows = append(rows, recordRow{c.ID, c.Name, dotLine(u.enum("contact.role.", c.Role), c.Mobile, c.Employer, left)})
		}
		return rows, err
	}
	s.open = func(st ledger.Store, id string) (func() recordForm, error) {
		c := ledger.Contact{Role: ledger.RoleSiteOwner, IDType: idTypes[0]}
		if id != "" {
			var err error
			if c, err = st.Contact(id); err != nil {
				return nil, err
			}
		}
		links, err := readLinks(st)
		if err != nil {
			return nil, err
		}
		atts, err := readAttachments(st, ledger.OwnerContact, id)
		if err != nil {
			return nil, err
		}
		return func() recordForm { return newContactForm(s, c, links, atts) }, nil
	}
	return s
}

// contactForm edits a contact. The ID number is sealed: it is typed into
// a password entry and shown only on demand.
type contactForm struct {
	*formBase
	rec                             ledger.Contact
	links                           linkData
	name, email, employer, position *entry
	role                            *widget.Select
	mobile                          *identField
	idType                          *pickEntry
	idNumber                        *sealedField
	idWarn                          *widget.Label
	start, end, idExpiry            *dateInput
	entity                          *pickEntry
	sites                           *widget.CheckGroup
	addSite                         *pickEntry        // finds a site of any entity
	siteIDs                         map[string]string // check label → site id
	notes                           *entry
	attach                          *attachBox // the ID copy, a signed authorisation
}

func newContactForm(s *recordScreen, c ledger.Contact, links linkData, atts []ledger.Attachment) *contactForm {
	u := s.u
	f := &contactForm{formBase: newFormBase(s, c.ID, c.Name), rec: c, links: links}
	f.name = f.textEntry(c.Name)
	f.role = u.enumSelect("contact.role.", contactRoles, c.Role, f.changed)
	f.mobile = f.identEntry(c.Mobile, "13800138000", ident.ParseMobile)
	f.email = f.textEntry(c.Email)
	f.idType = newPickEntry(u, idTypes)
	f.idType.SetText(c.IDType)
	f.idType.OnChanged = func(string) { f.changed(); f.checkID() }
	f.idNumber = newSealedField(f.formBase, "contact-id", c.HasIDNumber)
	f.idWarn = newWarn()
	prevID := f.idNumber.e.OnChanged
	f.idNumber.e.OnChanged = func(v string) { prevID(v); f.checkID() }
	f.employer = f.textEntry(c.Employer)
	f.position = f.textEntry(c.Position)
	f.start = f.dateEntry("records.start", c.Start)
	f.end = f.dateEntry("records.end", c.End)
	f.idExpiry = f.dateEntry("records.idExpiry", c.IDExpiry)
	f.entity = newPickEntry(u, links.entities.names)
	f.entity.SetPlaceHolder(u.t("records.entityHint"))
	f.entity.SetText(links.entities.name(c.EntityID))
	f.entity.OnChanged = func(v string) { f.changed(); f.entity.filter(v); f.fillSites() }
	f.sites = widget.NewCheckGroup(nil, nil)
	f.fillSites()
	f.sites.SetSelected(f.siteLabels(c.SiteIDs))
	f.sites.OnChanged = func([]string) { f.changed() }
	f.addSite = newPickEntry(u, links.siteNames.names)
	f.addSite.SetPlaceHolder(u.t("records.addSiteHint"))
	f.addSite.OnChanged = func(v string) { f.addSite.filter(v); f.tickSite(v) }
	f.notes = f.notesEntry(c.Notes)
	f.first = f.name
	f.prepare = f.collect
	f.attach = newAttachBox(u, ledger.OwnerContact, c.ID, atts)
	f.build(f.formTitle("records.newContact", c.Name), container.NewVBox(widget.NewSeparator(), f.attach.box),
		f.item("contact.name", f.name),
		f.item("contact.role", f.role),
		f.item("contact.mobile", f.mobile.box),
		f.item("contact.email", f.email),
		f.item("records.idType", f.idType),
		f.item("records.idNumber", container.NewVBox(f.idNumber.box, f.idWarn)),
		f.item("contact.employer", f.employer),
		f.item("contact.position", f.position),
		f.item("records.start", f.start.box),
		f.item("records.end", f.end.box),
		f.item("records.idExpiry", f.idExpiry.box),
		f.item("site.entity", f.entity),
		f.item("records.sites", container.NewVBox(f.sites, f.addSite)),
		f.item("site.notes", f.notes),
	)
	return f
}

// isResidentID reports whether an ID type names the resident ID card.
func isResidentID(idType string) bool {
	t := strings.TrimSpace(idType)
	return t == "" || strings.Contains(t, "身份证") && !strings.Contains(t, "外国人") || strings.EqualFold(t, "resident id")
}

// checkID checks a typed resident ID number (a revealed or other document
// number is not checked).
func (f *contactForm) checkID() {
	u := f.s.u
	v := strings.TrimSpace(f.idNumber.e.Text)
	var notes []string
	if v != "" && v != f.idNumber.shown && isResidentID(f.idType.Text) {
		notes = u.identNotes(ident.ParseResidentID(v))
	}
	if len(notes) == 0 {
		f.idWarn.Hide()
	} else {
		f.idWarn.SetText(strings.Join(notes, "\n"))
		f.idWarn.Show()
	}
	f.relayout()
}

// fillSites offers the sites of the chosen entity, and those ticked.
func (f *contactForm) fillSites() {
	var keep []string
	if f.siteIDs != nil {
		for _, l := range f.sites.Selected {
			keep = append(keep, f.siteIDs[l])
		}
	} else {
		keep = f.rec.SiteIDs
	}
	entityID, _ := f.links.entities.resolve(f.entity.Text)
	f.siteIDs = map[string]string{}
	var opts []string
	for _, s := range f.links.sitesOf(entityID, keep...) {
		f.siteIDs[s.label] = s.id
		opts = append(opts, s.label)
	}
	sel := slices.Clone(f.sites.Selected)
	f.sites.Options = opts
	f.sites.Selected = sel
	f.sites.Refresh()
	f.relayout()
}

// tickSite ticks the site labelled label, offering it first if it belongs
// to another entity, once the label is complete.
func (f *contactForm) tickSite(label string) {
	id, ok := f.links.siteNames.resolve(label)
	if !ok || id == "" {
		return
	}
	if _, offered := f.siteIDs[label]; !offered {
		f.siteIDs[label] = id
		f.sites.Options = append(f.sites.Options, label)
	}
	if !slices.Contains(f.sites.Selected, label) {
		f.sites.SetSelected(append(slices.Clone(f.sites.Selected), label)) // marks the form
	}
	f.addSite.SetText("")
	f.relayout()
}

// siteLabels returns the check labels of site ids.
func (f *contactForm) siteLabels(ids []string) []string {
	var out []string
	for l, id := range f.siteIDs {
		if slices.Contains(ids, id) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

func (f *contactForm) collect() (func(ledger.Writer) (string, *undoStep, error), string, fyne.Focusable) {
	u := f.s.u
	c := f.rec
	c.Name = strings.TrimSpace(f.name.Text)
	if c.Name == "" {
		return nil, u.t("records.needName"), f.name
	}
	ds, problem, focus := f.dates(f.start, f.end, f.idExpiry)
	if problem != "" {
		return nil, problem, focus
	}
	c.Start, c.End, c.IDExpiry = ds[0], ds[1], ds[2]
	entityID, ok := f.links.entities.resolve(f.entity.Text)
	if !ok {
		return nil, u.t("records.unknownEntity", strings.TrimSpace(f.entity.Text)), f.entity
	}
	c.EntityID = entityID
	c.Role = selected(f.role, contactRoles, ledger.RoleSiteOwner)
	c.Mobile = strings.TrimSpace(f.mobile.e.Text)
	c.Email = strings.TrimSpace(f.email.Text)
	c.IDType = strings.TrimSpace(f.idType.Text)
	c.Employer = strings.TrimSpace(f.employer.Text)
	c.Position = strings.TrimSpace(f.position.Text)
	c.Notes = f.notes.Text
	c.SiteIDs = nil
	for _, l := range f.sites.Selected {
		if id := f.siteIDs[l]; id != "" {
			c.SiteIDs = append(c.SiteIDs, id)
		}
	}
	slices.Sort(c.SiteIDs)
	idNumber := f.idNumber.newValue()
	// Undo can put back a replaced ID number only if the form had read it.
	var oldID []byte
	if idNumber != nil && f.idNumber.shown != "" {
		oldID = []byte(f.idNumber.shown)
	}
	f.recName = c.Name
	orig := f.rec
	return func(w ledger.Writer) (string, *undoStep, error) {
		defer clear(idNumber)
		had := false
		if c.ID != "" {
			if old, err := w.Contact(c.ID); err == nil {
				had = old.HasIDNumber
				var both []string
				c, both = ledger.Rebase(orig, c, old)
				if err := ledger.KeepConflicts(w, "contact", c.ID, c, old, both); err != nil {
					return "", nil, err
				}
			}
		}
		id, step, err := putWithUndo(w, "contact", c.ID, func() (string, error) {
			if err := w.PutContact(&c); err != nil {
				return "", err
			}
			if idNumber != nil {
				if err := w.SetSecret("contact-id", c.ID, idNumber); err != nil {
					return "", err
				}
			}
			return c.ID, nil
		})
		if err != nil || step.created || idNumber == nil || (had && oldID == nil) {
			clear(oldID)
			return id, step, err
		}
		step.then(func(w ledger.Writer) error { return w.SetSecret("contact-id", id, oldID) })
		step.wipe = func() { clear(oldID) }
		return id, step, nil
	}, "", nil
}

// clearSecrets implements secretHolder.
func (f *contactForm) clearSecrets() { f.idNumber.clear() }

// ---- credentials

func newCredentialsScreen(u *ui) *recordScreen {
	s := newRecordScreen(u, "credential", "nav.credentials", "records.newCredential", "records.pickCredential")
	s.fetch = func(st ledger.Store) ([]recordRow, error) {
		cs, err := st.Credentials()
		if err != nil {
			return nil, err
		}
		links, err := readLinks(st)
		if err != nil {
			return nil, err
		}
		siteName := make(map[string]string, len(links.sites))
		for _, s := range links.sites {
			siteName[s.id] = s.label
		}
		rows := make([]recordRow, 0, len(cs))
		for _, c := range cs {
			owner := siteName[c.SiteID]
			if owner == "" {
				owner = links.entities.name(c.EntityID)
			}
			rotated := ""
			if !c.LastRotated.IsZero() {
				rotated = u.t("records.rotatedOn", u.date(c.LastRotated))
			}
			rows = append(rows, recordRow{c.ID, dotLine(u.enum("cred.system.", c.System), c.Login), dotLine(owner, c.URL, rotated)})
		}
		return rows, nil
	}
	s.open = func(st ledger.Store, id string) (func() recordForm, error) {
		c := ledger.Credential{System: ledger.SystemProvider, RotationMonths: defaultRotation}
		if id != "" {
			var err error
			if c, err = st.Credential(id); err != nil {
				return nil, err
			}
		}
		links, err := readLinks(st)
		if err != nil {
			return nil, err
		}
		atts, err := readAttachments(st, ledger.OwnerCredential, id)
		if err != nil {
			return nil, err
		}
		return func() recordForm { return newCredForm(s, c, links, atts) }, nil
	}
	return s
}

// credForm edits a credential. Its secret is typed, revealed or generated
// in a password entry; a new secret moves the old one to the history.
type credForm struct {
	*formBase
	rec                  ledger.Credential
	links                linkData
	system               *widget.Select
	entity               *pickEntry
	site                 *pickEntry
	provider             *widget.Select
	url, login, rotation *entry
	secret               *sealedField
	generate, history    *widget.Button
	lastRotated          *dateInput
	rotateNow            *widget.Check
	notes                *entry
	gen                  *passGen
	hist                 *historyBox
	attach               *attachBox
}

func newCredForm(s *recordScreen, c ledger.Credential, links linkData, atts []ledger.Attachment) *credForm {
	u := s.u
	f := &credForm{formBase: newFormBase(s, c.ID, c.Login), rec: c, links: links}
	f.system = u.enumSelect("cred.system.", credSystems, c.System, f.changed)
	f.entity = newPickEntry(u, links.entities.names)
	f.entity.SetPlaceHolder(u.t("records.entityHint"))
	f.entity.SetText(links.entities.name(c.EntityID))
	f.site = newPickEntry(u, nil)
	f.site.SetPlaceHolder(u.t("records.siteHint"))
	f.site.SetText(links.siteNames.name(c.SiteID))
	f.offerSites()
	f.site.OnChanged = func(v string) { f.changed(); f.site.filter(v); f.siteChosen() }
	f.entity.OnChanged = func(v string) {
		f.changed()
		f.entity.filter(v)
		f.offerSites()
	}
	provNames := append([]string{u.t("common.noneChoice")}, links.providers.names...)
	f.provider = widget.NewSelect(provNames, nil)
	f.provider.SetSelectedIndex(0)
	if n := links.providers.name(c.ProviderID); n != "" {
		f.provider.SetSelected(n)
	}
	f.provider.OnChanged = func(string) { f.changed() }
	f.url = f.textEntry(c.URL)
	f.url.SetPlaceHolder("https://")
	f.login = f.textEntry(c.Login)
	f.generate = widget.NewButtonWithIcon(u.t("records.generate"), theme.ViewRefreshIcon(), f.openGenerator)
	f.history = widget.NewButtonWithIcon(u.t("records.history"), theme.HistoryIcon(), f.openHistory)
	if c.ID == "" {
		f.history.Disable()
	}
	f.secret = newSealedField(f.formBase, "credential", c.HasSecret, f.generate, f.history)
	months := c.RotationMonths
	if months == 0 {
		months = defaultRotation
	}
	f.rotation = f.textEntry(strconv.Itoa(months))
	f.lastRotated = f.dateEntry("cred.lastRotated", c.LastRotated)
	f.rotateNow = widget.NewCheck(u.t("records.rotateNow"), nil)
	f.rotateNow.SetChecked(c.RotateNow)
	f.rotateNow.OnChanged = func(bool) { f.changed() }
	f.notes = f.notesEntry(c.Notes)
	f.first = f.login
	f.prepare = f.collect
	f.attach = newAttachBox(u, ledger.OwnerCredential, c.ID, atts)
	title := dotLine(u.enum("cred.system.", c.System), c.Login)
	f.build(f.formTitle("records.newCredential", title), container.NewVBox(widget.NewSeparator(), f.attach.box),
		f.item("cred.system", f.system),
		f.item("site.entity", f.entity),
		f.item("records.site", f.site),
		f.item("site.provider", f.provider),
		f.item("cred.url", f.url),
		f.item("cred.login", f.login),
		f.item("records.secret", f.secret.box),
		f.item("records.rotation", f.rotation),
		f.item("cred.lastRotated", f.lastRotated.box),
		f.item("", f.rotateNow),
		f.item("cred.notes", f.notes),
	)
	if u.readOnly && c.ID != "" {
		f.history.Enable() // reading the history changes nothing
	}
	return f
}

// offerSites offers the sites of the chosen entity, or with no entity
// every site (typing filters them).
func (f *credForm) offerSites() {
	entityID, _ := f.links.entities.resolve(f.entity.Text)
	if entityID == "" {
		f.site.all = f.links.siteNames.names
	} else {
		f.site.all = siteLabels(f.links.sitesOf(entityID))
	}
	f.site.filter("")
}

// siteChosen fills in the entity and the provider of the site just
// chosen, where they are still empty (issue 19, item 15).
func (f *credForm) siteChosen() {
	id, ok := f.siteID()
	if !ok || id == "" {
		return
	}
	for _, s := range f.links.sites {
		if s.id != id {
			continue
		}
		if strings.TrimSpace(f.entity.Text) == "" {
			if n := f.links.entities.name(s.entityID); n != "" {
				f.entity.SetText(n)
			}
		}
		if f.provider.SelectedIndex() <= 0 {
			if n := f.links.providers.name(s.providerID); n != "" {
				f.provider.SetSelected(n)
			}
		}
		return
	}
}

// siteID is the chosen site: "" for none, ok false for a name that
// matches no site.
func (f *credForm) siteID() (id string, ok bool) {
	return f.links.siteNames.resolve(f.site.Text)
}

func (f *credForm) collect() (func(ledger.Writer) (string, *undoStep, error), string, fyne.Focusable) {
	u := f.s.u
	c := f.rec
	months, err := strconv.Atoi(strings.TrimSpace(f.rotation.Text))
	if err != nil || months < minRotation || months > maxRotation {
		return nil, u.t("records.rotationRange", minRotation, maxRotation), f.rotation
	}
	ds, problem, focus := f.dates(f.lastRotated)
	if problem != "" {
		return nil, problem, focus
	}
	entityID, ok := f.links.entities.resolve(f.entity.Text)
	if !ok {
		return nil, u.t("records.unknownEntity", strings.TrimSpace(f.entity.Text)), f.entity
	}
	c.RotationMonths = months
	c.LastRotated = ds[0]
	c.EntityID = entityID
	siteID, ok := f.siteID()
	if !ok {
		return nil, u.t("records.unknownSite", strings.TrimSpace(f.site.Text)), f.site
	}
	c.SiteID = siteID
	c.ProviderID = ""
	if i := f.provider.SelectedIndex(); i > 0 {
		c.ProviderID, _ = f.links.providers.resolve(f.provider.Selected)
	}
	c.System = selected(f.system, credSystems, ledger.SystemOther)
	c.URL = strings.TrimSpace(f.url.Text)
	c.Login = strings.TrimSpace(f.login.Text)
	c.Notes = f.notes.Text
	c.RotateNow = f.rotateNow.Checked
	secret := f.secret.newValue()
	if secret != nil {
		// A new secret is a rotation: today, unless a date was typed.
		if c.LastRotated == f.rec.LastRotated {
			c.LastRotated = ledger.DateOf(u.clock.Now())
		}
		c.RotateNow = false
	}
	f.recName = dotLine(u.enum("cred.system.", c.System), c.Login)
	orig := f.rec
	return func(w ledger.Writer) (string, *undoStep, error) {
		defer clear(secret)
		had := false
		if c.ID != "" {
			if old, err := w.Credential(c.ID); err == nil {
				had = old.HasSecret
				var both []string
				c, both = ledger.Rebase(orig, c, old)
				if err := ledger.KeepConflicts(w, "credential", c.ID, c, old, both); err != nil {
					return "", nil, err
				}
			}
		}
		id, step, err := putWithUndo(w, "credential", c.ID, func() (string, error) {
			if err := w.PutCredential(&c); err != nil {
				return "", err
			}
			if secret != nil {
				if err := w.SetSecret("credential", c.ID, secret); err != nil {
					return "", err
				}
			}
			return c.ID, nil
		})
		if err != nil || step.created || secret == nil {
			return id, step, err
		}
		// Undo sets the replaced password back from the history, where
		// the new one then goes.
		step.password = true
		step.then(func(w ledger.Writer) error { return restorePassword(w, id, had) })
		return id, step, nil
	}, "", nil
}

// clearSecrets implements secretHolder: the entry, the generator and the
// history forget what they show.
func (f *credForm) clearSecrets() {
	f.secret.clear()
	if f.gen != nil {
		f.gen.close()
		f.gen = nil
	}
	if f.hist != nil {
		f.hist.close()
		f.hist = nil
	}
}

// openGenerator opens the password generator for this credential; Use
// puts the password into the secret entry.
func (f *credForm) openGenerator() {
	u := f.s.u
	u.touch()
	entityID, _ := f.links.entities.resolve(f.entity.Text)
	siteID, _ := f.siteID()
	system := selected(f.system, credSystems, ledger.SystemOther)
	st := u.store
	u.async(func() func() {
		avoid, err := avoidFor(st, entityID, siteID)
		return func() {
			if err != nil {
				u.showError(u.t("records.generateFailed"), err)
				return
			}
			trace("generator-open", "credential=%s", f.id)
			f.gen = u.openPassGen(system, avoid, func(pw string) {
				f.secret.e.SetText(pw) // an edit: the form becomes dirty
				f.gen = nil
			})
		}
	})
}

// openHistory shows the credential's earlier passwords.
func (f *credForm) openHistory() {
	if f.id == "" {
		return
	}
	f.s.u.touch()
	f.s.u.showHistory(f.id, func(h *historyBox) { f.hist = h })
}
