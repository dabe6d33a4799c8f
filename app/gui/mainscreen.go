package gui

import (
	"path/filepath"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/vault"
)

// Navigation entries, in order.
const (
	navDashboard = iota
	navSites
	navEntities
	navCredentials
	navContacts
	navProviders
	navAccess
	navSettings
)

var navKeys = []string{"nav.dashboard", "nav.sites", "nav.entities", "nav.credentials", "nav.contacts", "nav.providers", "nav.access", "nav.settings"}

// navIcons returns the icons of the navigation entries (a function: theme
// icons need a running app, and the CLI shares this binary).
func navIcons() []fyne.Resource {
	return []fyne.Resource{
		theme.HomeIcon(), theme.ComputerIcon(), theme.AccountIcon(), theme.VisibilityOffIcon(),
		theme.MailComposeIcon(), theme.StorageIcon(), theme.LoginIcon(), theme.SettingsIcon(),
	}
}

// mainScreen is the window after unlock: navigation on the left, a screen
// on the right.
type mainScreen struct {
	u        *ui
	nav      *widget.List
	current  int
	stack    *fyne.Container
	newSite  *widget.Button
	lockBtn  *widget.Button
	fileInfo *widget.Label
	content  fyne.CanvasObject

	dash     *dashboard
	sites    *sitesScreen
	entities *tableScreen
	creds    *tableScreen
	contacts *tableScreen
	provs    *tableScreen
	access   *tableScreen
	settings *settingsScreen
}

func newMainScreen(u *ui) *mainScreen {
	m := &mainScreen{u: u, current: -1}
	m.sites = newSitesScreen(u)
	m.dash = newDashboard(u)
	m.entities = newEntitiesScreen(u)
	m.creds = newCredentialsScreen(u)
	m.contacts = newContactsScreen(u)
	m.provs = newProvidersScreen(u)
	m.access = newAccessScreen(u)
	m.settings = newSettingsScreen(u)

	m.nav = widget.NewList(func() int { return len(navKeys) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("仪表盘 Dashboard"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Icon).SetResource(navIcons()[id])
			c.Objects[1].(*widget.Label).SetText(u.t(navKeys[id]))
		})
	m.nav.OnSelected = func(id widget.ListItemID) { m.show(id) }

	m.newSite = widget.NewButtonWithIcon(u.t("sites.new"), theme.ContentAddIcon(), func() {
		m.showSites()
		m.sites.newSite()
	})
	m.lockBtn = widget.NewButtonWithIcon(u.t("main.lock"), theme.LogoutIcon(), u.lock)
	file := filepath.Base(u.path)
	if u.readOnly {
		file = u.t("main.readOnly", file)
		m.newSite.Disable()
	}
	m.fileInfo = widget.NewLabelWithStyle(file, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.fileInfo.Truncation = fyne.TextTruncateEllipsis
	top := container.NewBorder(nil, widget.NewSeparator(), nil, container.NewHBox(m.newSite, m.lockBtn), m.fileInfo)

	m.stack = container.NewStack()
	split := container.NewHSplit(m.nav, m.stack)
	split.Offset = 0.17
	m.content = container.NewBorder(top, nil, nil, nil, split)
	return m
}

// show switches to navigation entry id and (re)loads its data.
func (m *mainScreen) show(id int) {
	m.u.touch()
	if m.current == id {
		return
	}
	m.current = id
	var o fyne.CanvasObject
	switch id {
	case navDashboard:
		o = m.dash.content
		m.dash.load()
	case navSites:
		o = m.sites.content
		m.sites.load()
	case navEntities:
		o = m.entities.content
		m.entities.load()
	case navCredentials:
		o = m.creds.content
		m.creds.load()
	case navContacts:
		o = m.contacts.content
		m.contacts.load()
	case navProviders:
		o = m.provs.content
		m.provs.load()
	case navAccess:
		o = m.access.content
		m.access.load()
	case navSettings:
		o = m.settings.content
	}
	m.stack.Objects = []fyne.CanvasObject{o}
	m.stack.Refresh()
	m.nav.Select(id) // no-op when already selected
}

func (m *mainScreen) showSites() { m.show(navSites) }

// clearSecrets empties every widget that may show a secret.
func (m *mainScreen) clearSecrets() {
	m.sites.clearSecrets()
}

// tableScreen is a read-only, virtualised table of one record type.
type tableScreen struct {
	u       *ui
	title   string
	headers []string
	widths  []float32
	rows    [][]string
	table   *widget.Table
	status  *widget.Label
	fetch   func(st ledger.Store) ([][]string, error)
	content fyne.CanvasObject
}

func newTableScreen(u *ui, titleKey, noteKey string, cols []string, widths []float32, fetch func(ledger.Store) ([][]string, error)) *tableScreen {
	t := &tableScreen{u: u, widths: widths, fetch: fetch}
	for _, c := range cols {
		t.headers = append(t.headers, u.t(c))
	}
	t.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(t.rows), len(t.headers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < len(t.rows) && id.Col < len(t.rows[id.Row]) {
				l.SetText(t.rows[id.Row][id.Col])
			} else {
				l.SetText("")
			}
		})
	t.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Row < 0 && id.Col >= 0 && id.Col < len(t.headers) {
			l.SetText(t.headers[id.Col])
		} else if id.Col < 0 && id.Row >= 0 {
			l.SetText(strconv.Itoa(id.Row + 1))
		}
	}
	for i, w := range widths {
		t.table.SetColumnWidth(i, w)
	}
	title := widget.NewLabelWithStyle(u.t(titleKey), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	t.status = widget.NewLabel("")
	t.status.Importance = widget.LowImportance
	top := container.NewVBox(title)
	if noteKey != "" {
		n := widget.NewLabel(u.t(noteKey))
		n.Importance = widget.LowImportance
		n.Wrapping = fyne.TextWrapWord
		top.Add(n)
	}
	t.content = container.NewPadded(container.NewBorder(top, t.status, nil, nil, t.table))
	return t
}

func (t *tableScreen) load() {
	u := t.u
	st := u.store
	u.async(func() func() {
		rows, err := t.fetch(st)
		return func() {
			if err != nil {
				u.showError(u.t("load.failed"), err)
				return
			}
			t.rows = rows
			t.status.SetText(u.t("list.count", len(rows)))
			t.table.Refresh()
		}
	})
}

// enum shows a stored enumeration value (a kind, a role) in the user's
// language, or as stored when it has no translation.
func (u *ui) enum(prefix, v string) string {
	if v == "" {
		return ""
	}
	if i18n.Has(prefix + v) {
		return u.t(prefix + v)
	}
	return v
}

func newEntitiesScreen(u *ui) *tableScreen {
	return newTableScreen(u, "nav.entities", "list.readOnlyNote",
		[]string{"entity.name", "entity.kind", "entity.uscc", "entity.province", "entity.filingNumber", "entity.legalRep"},
		[]float32{220, 90, 190, 60, 170, 90},
		func(st ledger.Store) ([][]string, error) {
			es, err := st.Entities()
			var rows [][]string
			for _, e := range es {
				rows = append(rows, []string{e.Name, u.enum("entity.kind.", e.Kind), e.USCC, e.Province, e.FilingNumber, e.LegalRep})
			}
			return rows, err
		})
}

func newCredentialsScreen(u *ui) *tableScreen {
	return newTableScreen(u, "nav.credentials", "list.credentialsNote",
		[]string{"cred.system", "cred.login", "cred.url", "cred.hasSecret", "cred.lastRotated", "cred.notes"},
		[]float32{130, 180, 220, 70, 130, 200},
		func(st ledger.Store) ([][]string, error) {
			cs, err := st.Credentials()
			var rows [][]string
			for _, c := range cs {
				has := u.t("common.no")
				if c.HasSecret {
					has = u.t("common.yes")
				}
				rows = append(rows, []string{u.enum("cred.system.", c.System), c.Login, c.URL, has, u.date(c.LastRotated), c.Notes})
			}
			return rows, err
		})
}

func newContactsScreen(u *ui) *tableScreen {
	return newTableScreen(u, "nav.contacts", "list.readOnlyNote",
		[]string{"contact.name", "contact.role", "contact.mobile", "contact.email", "contact.employer", "contact.position"},
		[]float32{90, 120, 130, 220, 200, 110},
		func(st ledger.Store) ([][]string, error) {
			cs, err := st.Contacts()
			var rows [][]string
			for _, c := range cs {
				rows = append(rows, []string{c.Name, u.enum("contact.role.", c.Role), c.Mobile, c.Email, c.Employer, c.Position})
			}
			return rows, err
		})
}

func newProvidersScreen(u *ui) *tableScreen {
	return newTableScreen(u, "nav.providers", "list.readOnlyNote",
		[]string{"provider.name", "provider.hotline", "provider.console", "provider.manager"},
		[]float32{150, 110, 260, 150},
		func(st ledger.Store) ([][]string, error) {
			ps, err := st.Providers()
			var rows [][]string
			for _, p := range ps {
				rows = append(rows, []string{p.Name, p.Hotline, p.ConsoleURL, p.AccountManager})
			}
			return rows, err
		})
}

func newAccessScreen(u *ui) *tableScreen {
	v := u.v
	return newTableScreen(u, "nav.access", "access.note",
		[]string{"access.type", "access.label", "access.created", "access.inUse"},
		[]float32{140, 220, 180, 90},
		func(ledger.Store) ([][]string, error) {
			var rows [][]string
			for _, s := range v.Slots() {
				in := ""
				if s.InUse {
					in = u.t("access.thisSession")
				}
				rows = append(rows, []string{u.enum("way.", s.Type), s.Label, u.dateTime(s.Created.Local()), in})
			}
			return rows, nil
		})
}

// settingsScreen holds the preferences and the About section.
type settingsScreen struct {
	u        *ui
	lang     *widget.RadioGroup
	autoLock *widget.Select
	about    *widget.Label
	diag     *widget.Label
	content  fyne.CanvasObject
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
	s.diag = widget.NewLabel(u.diag.String())
	s.diag.Wrapping = fyne.TextWrapBreak
	s.diag.Selectable = true

	title := widget.NewLabelWithStyle(u.t("nav.settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	form := widget.NewForm(
		widget.NewFormItem(u.t("settings.language"), s.lang),
		widget.NewFormItem(u.t("settings.autoLock"), s.autoLock),
	)
	s.content = container.NewPadded(container.NewVScroll(container.NewVBox(title, form, widget.NewSeparator(),
		widget.NewLabelWithStyle(u.t("settings.about"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.about,
		widget.NewLabelWithStyle(u.t("settings.diagnostics"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.diag)))
	return s
}

// setLang switches the interface language, remembers it and rebuilds the
// main screen (the vault stays open).
func (u *ui) setLang(l i18n.Lang) {
	if l == u.lang {
		return
	}
	u.lang = l
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
