package gui

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
)

// searchLimit caps the rows a search returns.
const searchLimit = 1000

// hiddenSecret stands for a secret that is not revealed.
const hiddenSecret = "••••••••"

// sitesScreen is the list of sites with a search field and a detail pane.
type sitesScreen struct {
	u        *ui
	search   *entry
	list     *widget.List
	rows     []ledger.SiteRow
	status   *widget.Label
	selected string // site id
	// restoring: loadThen is selecting the row that was selected before
	// the list was read again (not the user choosing a row).
	restoring bool
	// focusField is the field the next form opens at (siteForm.fieldNamed);
	// afterForm runs once on the next form openForm builds (a draft).
	focusField string
	afterForm  func(*siteForm)
	query      string // the query rows answer
	debounce   Timer
	seq        int       // search sequence: older results are dropped
	typedAt    time.Time // last keystroke in the search field (for the trace)
	shown      bool      // the full list has been shown once since unlock
	// stale is set when another screen changed records the detail shows.
	stale bool

	detail     *fyne.Container // holds the detail view or the form
	detailBox  *siteDetail
	form       *siteForm
	empty      *widget.Label
	content    fyne.CanvasObject
	confirmDel *confirmBox
	checkDlg   *checkBox // the last check dialog opened (tests)
}

func newSitesScreen(u *ui) *sitesScreen {
	s := &sitesScreen{u: u}
	s.search = newEntry(u)
	s.search.SetPlaceHolder(u.t("sites.searchHint"))
	s.search.OnChanged = func(string) { s.scheduleSearch() }
	// Down moves into the results, Return opens the first (issue 19,
	// item 14); both act on the whole query, typed or still arriving.
	s.search.onKey = func(k *fyne.KeyEvent) bool {
		if k.Name != fyne.KeyDown {
			return false
		}
		s.afterSearch(func() {
			if len(s.rows) > 0 {
				s.list.Select(0)
				u.win.Canvas().Focus(s.list)
			}
		})
		return true
	}
	s.search.OnSubmitted = func(string) {
		s.afterSearch(func() {
			if len(s.rows) > 0 {
				s.list.Select(0)
			}
		})
	}
	s.status = widget.NewLabel("")
	s.status.Importance = widget.LowImportance
	s.list = widget.NewList(func() int { return len(s.rows) }, newRecordRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if s.restoring && s.form != nil {
			return // a reloaded list shows the selection again; an open form stays
		}
		u.touch()
		if id < len(s.rows) {
			s.selectSite(s.rows[id].ID)
		}
	}
	s.empty = widget.NewLabel(u.t("sites.pick"))
	s.empty.Importance = widget.LowImportance
	s.detail = container.NewStack(container.NewCenter(s.empty))
	left := container.NewBorder(container.NewVBox(s.search), s.status, nil, nil, s.list)
	split := container.NewHSplit(left, s.detail)
	split.Offset = 0.42
	s.content = split
	return s
}

// updateRow fills a list row (newRecordRow): name on top, number ·
// entity · provider · last check below.
func (s *sitesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	r := s.rows[id]
	check := s.u.t("sites.neverChecked")
	if !r.LastChecked.IsZero() {
		check = s.u.t("sites.lastCheck", s.u.date(r.LastChecked))
	}
	setRecordRow(o, r.Name, dotLine(r.Number, r.EntityName, r.ProviderName, check))
	traceWhere("sites.row."+strconv.Itoa(id), o)
}

// scheduleSearch runs the search once typing pauses.
func (s *sitesScreen) scheduleSearch() {
	s.u.touch()
	s.typedAt = time.Now()
	if s.debounce != nil {
		s.debounce.Stop()
	}
	s.debounce = s.u.after(searchDebounce, func() {
		s.debounce = nil
		s.load()
	})
}

// afterSearch runs f once the rows answer what the search box holds: at
// once, or after the search a pause in typing would have started.
func (s *sitesScreen) afterSearch(f func()) {
	if s.debounce == nil {
		f()
		return
	}
	s.debounce.Stop()
	s.debounce = nil
	s.loadThen(f)
}

// load fetches the rows for the current query off the UI goroutine.
func (s *sitesScreen) load() { s.loadThen(nil) }

func (s *sitesScreen) loadThen(done func()) {
	u := s.u
	st := u.store
	if st == nil {
		return
	}
	q := strings.TrimSpace(s.search.Text)
	s.seq++
	seq := s.seq
	u.async(func() func() {
		var rows []ledger.SiteRow
		var err error
		if q == "" {
			rows, err = st.Sites()
		} else {
			rows, err = st.Search(q, searchLimit)
		}
		return func() {
			if seq != s.seq {
				return // a newer search is on its way
			}
			if err != nil {
				u.showError(u.t("sites.searchFailed"), err)
				return
			}
			s.rows, s.query = rows, q
			if q == "" {
				s.status.SetText(u.t("sites.count", len(rows)))
			} else {
				s.status.SetText(u.t("sites.found", len(rows), q))
			}
			s.list.UnselectAll()
			s.list.Refresh()
			s.restoring = true
			for i, r := range rows {
				if r.ID == s.selected {
					s.list.Select(i)
					break
				}
			}
			s.restoring = false
			if q == "" && !s.shown {
				s.shown = true
				trace("sites-shown", "rows=%d", len(rows))
			} else if q != "" && !s.typedAt.IsZero() {
				trace("search-shown", "rows=%d since_key_ms=%d runes=%d", len(rows), time.Since(s.typedAt).Milliseconds(), utf8.RuneCountInString(q))
			}
			if done != nil {
				done()
			}
		}
	})
}

// selectSite shows the detail of site id.
func (s *sitesScreen) selectSite(id string) {
	if s.form != nil && s.form.dirty {
		return // keep the unsaved form; the user saves or cancels first
	}
	if s.selected == id && s.detailBox != nil && s.form == nil && !s.stale {
		return
	}
	s.selected = id
	s.form = nil
	s.showDetail(id)
}

// showDetail loads and shows a site with its credentials, contacts and checks.
func (s *sitesScreen) showDetail(id string) {
	u := s.u
	st := u.store
	s.clearSecrets()
	u.async(func() func() {
		site, err := st.Site(id)
		var creds []ledger.Credential
		var contacts []ledger.Contact
		var checks []ledger.StatusCheck
		var provs []ledger.Provider
		if err == nil {
			creds, err = st.SiteCredentials(id)
		}
		if err == nil {
			contacts, err = st.SiteContacts(id)
		}
		if err == nil {
			checks, err = st.Checks(id)
		}
		if err == nil {
			provs, err = st.Providers()
		}
		var atts []ledger.Attachment
		if err == nil {
			atts, err = readAttachments(st, ledger.OwnerSite, id)
		}
		return func() {
			if s.selected != id || s.form != nil {
				return
			}
			if err != nil {
				u.showError(u.t("sites.loadFailed"), err)
				return
			}
			s.detailBox = newSiteDetail(s, site, creds, contacts, checks, provs, atts)
			trace("site-detail", "id=%s", id)
			s.stale = false
			s.detail.Objects = []fyne.CanvasObject{s.detailBox.content}
			s.detail.Refresh()
		}
	})
}

// clearSecrets hides every revealed secret.
func (s *sitesScreen) clearSecrets() {
	if s.detailBox != nil {
		for _, c := range s.detailBox.creds {
			c.hide()
		}
	}
	if s.checkDlg != nil {
		s.checkDlg.m.Hide() // it would write to a vault no longer open
	}
}

// saveForm implements editor.
func (s *sitesScreen) saveForm() {
	if s.form != nil {
		s.form.save()
	}
}

// unsaved implements editor.
func (s *sitesScreen) unsaved() bool { return s.form != nil && s.form.dirty }

// discardChanges implements editor.
func (s *sitesScreen) discardChanges() {
	if s.form != nil {
		s.form.dirty = false
	}
}

// newSite opens an empty form with the cursor in the name field.
func (s *sitesScreen) newSite() {
	if s.u.readOnly {
		return
	}
	if s.form != nil && s.form.dirty {
		s.u.win.Canvas().Focus(s.form.name)
		return
	}
	s.openForm(ledger.Site{Kind: ledger.SiteWebsite, Status: ledger.StatusNormal})
}

// editField opens the form of site id with the cursor in field (a date
// field's key, or "psb"), for what the dashboard asked to fill in.
func (s *sitesScreen) editField(id, field string) {
	u := s.u
	u.main.showSites()
	if s.form != nil && s.form.dirty {
		u.win.Canvas().Focus(s.form.name) // save or cancel that one first
		return
	}
	st := u.store
	u.async(func() func() {
		row, err := st.Site(id)
		return func() {
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			s.selected = id
			s.focusField = field
			s.openForm(row.Site)
		}
	})
}

// openForm shows the edit form for site (a new one when its ID is empty).
func (s *sitesScreen) openForm(site ledger.Site) {
	u := s.u
	st := u.store
	s.clearSecrets()
	u.async(func() func() {
		ents, err := st.Entities()
		var provs []ledger.Provider
		if err == nil {
			provs, err = st.Providers()
		}
		return func() {
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			s.form = newSiteForm(s, site, ents, provs)
			s.detail.Objects = []fyne.CanvasObject{s.form.content}
			s.detail.Refresh()
			trace("site-form", "id=%s", site.ID)
			u.win.Canvas().Focus(s.form.fieldNamed(s.focusField))
			s.focusField = ""
			if after := s.afterForm; after != nil {
				s.afterForm = nil
				after(s.form)
			}
		}
	})
}

// closeForm leaves the form and shows the selected site, if any.
func (s *sitesScreen) closeForm() {
	s.form = nil
	s.detailBox = nil
	if s.selected != "" {
		s.showDetail(s.selected)
		return
	}
	s.detail.Objects = []fyne.CanvasObject{container.NewCenter(s.empty)}
	s.detail.Refresh()
}

// saved is called after a successful save of site id.
func (s *sitesScreen) saved(id string) {
	s.form = nil
	s.selected = id
	s.detailBox = nil
	s.load()
	s.showDetail(id)
}

// deleteSite asks, then deletes the selected site.
func (s *sitesScreen) deleteSite(site ledger.SiteRow) {
	u := s.u
	s.confirmDel = u.confirm(u.t("sites.deleteTitle"), u.t("sites.deleteAsk", site.Name), u.t("button.delete"), func() {
		st := u.store
		writes := &u.writes
		u.async(func() func() {
			var step *undoStep
			before := writes.Load()
			err := st.Write(func(w ledger.Writer) error {
				var err error
				step, err = deleteWithUndo(w, "site", site.ID)
				return err
			})
			after := writes.Load()
			return func() {
				if err != nil {
					u.showError(u.t("sites.deleteFailed", site.Name), err)
					return
				}
				if step != nil {
					step.name = site.Name
				}
				u.offerUndo(step, before, after)
				s.selected = ""
				s.closeForm()
				s.load()
			}
		})
	})
}

// siteDetail shows one site.
type siteDetail struct {
	edit, del *widget.Button
	values    []*valueLabel // the site's fields, copyable
	creds     []*credRow
	attach    *attachBox
	logCheck  *widget.Button
	// addCred, addContact open a new credential or contact for the site.
	addCred, addContact *widget.Button
	content             fyne.CanvasObject
}

// credRow is one credential with its hidden secret.
type credRow struct {
	s      *sitesScreen
	cred   ledger.Credential
	secret *widget.Label
	reveal *widget.Button
	copy   *widget.Button
	// copyLogin copies the login name (not a secret: it stays on the
	// clipboard).
	copyLogin *widget.Button
	revealed  bool
}

func (c *credRow) hide() {
	c.revealed = false
	c.secret.SetText(hiddenSecret)
	c.reveal.SetIcon(theme.VisibilityIcon())
}

// toggle reveals or hides the secret.
func (c *credRow) toggle() {
	u := c.s.u
	u.touch()
	if c.revealed {
		c.hide()
		return
	}
	u.reveal("credential", c.cred.ID, func(v string) {
		c.revealed = true
		c.secret.SetText(v)
		c.reveal.SetIcon(theme.VisibilityOffIcon())
	})
}

// copySecret copies the secret; the clipboard is cleared after 30 s.
func (c *credRow) copySecret() {
	u := c.s.u
	u.reveal("credential", c.cred.ID, u.copySecret)
}

func newSiteDetail(s *sitesScreen, site ledger.SiteRow, creds []ledger.Credential, contacts []ledger.Contact, checks []ledger.StatusCheck, provs []ledger.Provider, atts []ledger.Attachment) *siteDetail {
	u := s.u
	d := &siteDetail{}
	d.edit = widget.NewButtonWithIcon(u.t("button.edit"), theme.DocumentCreateIcon(), func() { s.openForm(site.Site) })
	d.del = widget.NewButtonWithIcon(u.t("button.delete"), theme.DeleteIcon(), func() { s.deleteSite(site) })
	d.del.Importance = widget.DangerImportance
	if u.readOnly {
		d.edit.Disable()
		d.del.Disable()
	}
	title := widget.NewLabelWithStyle(site.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord

	fields := container.New(layout.NewFormLayout())
	add := func(key, val string) {
		if val == "" {
			return
		}
		k := widget.NewLabel(u.t(key))
		v := newValueLabel(u, val)
		v.label.Wrapping = fyne.TextWrapBreak
		d.values = append(d.values, v)
		traceWhere("detail."+key, v)
		fields.Add(k)
		fields.Add(v)
	}
	add("site.number", site.Number)
	add("site.kind", u.enum("site.kind.", site.Kind))
	add("site.status", u.enum("site.status.", site.Status))
	add("site.domains", u.list(site.Domains))
	add("site.entity", site.EntityName)
	add("site.provider", site.ProviderName)
	add("site.province", site.Province)
	add("site.firstFiled", u.date(site.FirstFiled))
	add("site.lastChanged", u.date(site.LastChanged))
	add("site.wentLive", u.date(site.WentLive))
	add("site.psbNumber", site.PSBNumber)
	add("site.psbDate", u.date(site.PSBDate))
	add("site.licence", site.Licence)
	add("site.licenceExpiry", u.date(site.LicenceExpiry))
	add("site.domainExpiry", u.date(site.DomainExpiry))
	add("site.sslExpiry", u.date(site.SSLExpiry))
	add("site.lastChecked", u.date(site.LastChecked))
	add("site.notes", site.Notes)
	add("site.updated", u.dateTime(site.UpdatedAt.In(ledger.Shanghai)))

	provName := map[string]string{}
	for _, p := range provs {
		provName[p.ID] = p.Name
	}
	credBox := container.NewVBox()
	for _, c := range creds {
		r := &credRow{s: s, cred: c}
		r.secret = widget.NewLabel(hiddenSecret)
		r.reveal = widget.NewButtonWithIcon("", theme.VisibilityIcon(), r.toggle)
		r.copy = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), r.copySecret)
		if !c.HasSecret {
			r.secret.SetText(u.t("cred.noSecret"))
			r.reveal.Disable()
			r.copy.Disable()
		}
		d.creds = append(d.creds, r)
		head := u.enum("cred.system.", c.System)
		if p := provName[c.ProviderID]; p != "" {
			head += " · " + p
		}
		login := widget.NewLabel(u.t("cred.loginAs", c.Login))
		login.Truncation = fyne.TextTruncateEllipsis
		loginName := c.Login
		r.copyLogin = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() { u.copyLogin(loginName) })
		if loginName == "" {
			r.copyLogin.Disable()
		}
		box := container.NewVBox(
			widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewBorder(nil, nil, nil, r.copyLogin, login),
			container.NewBorder(nil, nil, nil, container.NewHBox(r.reveal, r.copy), r.secret),
		)
		if c.URL != "" {
			l := widget.NewLabel(c.URL)
			l.Truncation = fyne.TextTruncateEllipsis
			l.Importance = widget.LowImportance
			box.Add(l)
		}
		credBox.Add(box)
		credBox.Add(widget.NewSeparator())
	}
	if len(creds) == 0 {
		credBox.Add(widget.NewLabel(u.t("common.none")))
	}

	contactBox := container.NewVBox()
	for _, c := range contacts {
		l := widget.NewLabel(dotLine(c.Name, u.enum("contact.role.", c.Role), c.Mobile, c.Email))
		l.Wrapping = fyne.TextWrapWord
		contactBox.Add(l)
	}
	if len(contacts) == 0 {
		contactBox.Add(widget.NewLabel(u.t("common.none")))
	}

	checkBox := container.NewVBox()
	for _, c := range checks {
		l := widget.NewLabel(dotLine(u.date(c.Date), u.enum("check.result.", c.Result), c.Who, c.Note))
		l.Wrapping = fyne.TextWrapWord
		checkBox.Add(l)
	}
	if len(checks) == 0 {
		checkBox.Add(widget.NewLabel(u.t("common.none")))
	}

	d.addCred = widget.NewButtonWithIcon(u.t("site.addCredential"), theme.ContentAddIcon(), func() { u.main.newForSite(navCredentials, site.ID) })
	d.addContact = widget.NewButtonWithIcon(u.t("site.addContact"), theme.ContentAddIcon(), func() { u.main.newForSite(navContacts, site.ID) })
	if u.readOnly {
		d.addCred.Disable()
		d.addContact.Disable()
	}
	d.attach = newAttachBox(u, ledger.OwnerSite, site.ID, atts)
	d.logCheck = widget.NewButtonWithIcon(u.t("check.log"), theme.ConfirmIcon(), func() { s.checkDlg = s.logCheck(site) })
	if u.readOnly {
		d.logCheck.Disable()
	}

	section := func(key string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(u.t(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	d.content = container.NewBorder(
		container.NewPadded(container.NewBorder(nil, nil, nil, container.NewHBox(d.edit, d.del), title)), nil, nil, nil,
		vscrollForm(container.NewPadded(container.NewVBox(
			fields,
			widget.NewSeparator(), container.NewBorder(nil, nil, nil, d.addCred, section("site.credentials")), credBox,
			container.NewBorder(nil, nil, nil, d.addContact, section("site.contacts")), contactBox,
			widget.NewSeparator(), container.NewBorder(nil, nil, nil, d.logCheck, section("site.checks")), checkBox,
			widget.NewSeparator(), d.attach.box,
		))))
	return d
}

// dotLine joins the non-empty parts with " · ".
func dotLine(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

func (s *sitesScreen) view() fyne.CanvasObject { return s.content }
