package gui

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Navigation entries, in order.
const (
	navDashboard = iota
	navSites
	navEntities
	navCredentials
	navContacts
	navProviders
	navLetters
	navGuide
	navAccess
	navSettings
	navCount
)

var navKeys = []string{"nav.dashboard", "nav.sites", "nav.entities", "nav.credentials", "nav.contacts", "nav.providers", "nav.letters", "nav.guide", "nav.access", "nav.settings"}

// navIcons returns the icons of the navigation entries (a function: theme
// icons need a running app, and the CLI shares this binary).
func navIcons() []fyne.Resource {
	return []fyne.Resource{
		theme.HomeIcon(), theme.ComputerIcon(), theme.AccountIcon(), theme.VisibilityOffIcon(),
		theme.MailComposeIcon(), theme.StorageIcon(), theme.DocumentIcon(), theme.HelpIcon(),
		theme.LoginIcon(), theme.SettingsIcon(),
	}
}

// mainScreen is the window after unlock: navigation on the left, a screen
// on the right.
type mainScreen struct {
	u        *ui
	nav      *widget.List
	current  int
	stack    *fyne.Container
	split    *container.Split // the navigation and the screen; its size stays put when the undo bar shows
	newSite  *widget.Button
	lockBtn  *widget.Button
	fileInfo *widget.Label
	undo     *undoBar
	// conflictsBtn counts the open conflicts, copiesBtn the sync tool's
	// conflict copies beside the vault (copies); hidden when none.
	conflictsBtn *widget.Button
	copiesBtn    *widget.Button
	copies       []string
	topRight     *fyne.Container
	content      fyne.CanvasObject

	dash        *dashboard
	sites       *sitesScreen
	entities    *recordScreen
	credentials *recordScreen
	contacts    *recordScreen
	providers   *recordScreen
	settings    *settingsScreen
	// screens holds every entry's screen, indexed by nav*.
	screens [navCount]navScreen
}

// navScreen is one screen of the navigation: view is its content, load
// (re)reads its data when the screen is shown.
type navScreen interface {
	view() fyne.CanvasObject
	load()
}

func newMainScreen(u *ui) *mainScreen {
	m := &mainScreen{u: u, current: -1}
	m.sites = newSitesScreen(u)
	m.dash = newDashboard(u)
	m.settings = newSettingsScreen(u)
	m.entities = newEntitiesScreen(u)
	m.credentials = newCredentialsScreen(u)
	m.contacts = newContactsScreen(u)
	m.providers = newProvidersScreen(u)
	m.screens = [navCount]navScreen{
		navDashboard:   m.dash,
		navSites:       m.sites,
		navEntities:    m.entities,
		navCredentials: m.credentials,
		navContacts:    m.contacts,
		navProviders:   m.providers,
		navLetters:     newLettersScreen(u),
		navGuide:       newGuideScreen(u),
		navAccess:      newAccessScreen(u),
		navSettings:    m.settings,
	}

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
	m.conflictsBtn = widget.NewButtonWithIcon("", theme.WarningIcon(), u.showConflicts)
	m.conflictsBtn.Importance = widget.WarningImportance
	m.conflictsBtn.Hide()
	m.copiesBtn = widget.NewButtonWithIcon("", theme.WarningIcon(), u.showCopies)
	m.copiesBtn.Importance = widget.WarningImportance
	m.copiesBtn.Hide()
	m.topRight = container.NewHBox(m.conflictsBtn, m.copiesBtn, m.newSite, m.lockBtn)
	top := container.NewBorder(nil, widget.NewSeparator(), nil, m.topRight, m.fileInfo)

	m.stack = container.NewStack()
	split := container.NewHSplit(m.nav, m.stack)
	split.Offset = 0.17
	m.undo = newUndoBar(u)
	m.split = split
	m.content = container.NewBorder(top, m.undo.slot, nil, nil, split)
	return m
}

// show switches to navigation entry id and (re)loads its data.
func (m *mainScreen) show(id int) {
	m.u.touch()
	if m.current == id {
		return
	}
	m.current = id
	sc := m.screens[id]
	o := sc.view()
	sc.load()
	m.stack.Objects = []fyne.CanvasObject{o}
	m.stack.Refresh()
	m.nav.Select(id) // no-op when already selected
	trace("nav", "id=%d", id)
	if m.u.pending == 0 {
		trace("idle", "screen=main") // nothing to read: the screen is shown
	}
}

func (m *mainScreen) showSites() { m.show(navSites) }

// rotate opens credential id with the password generator, for a rotation
// the dashboard asked for: the reminder goes once a new password is saved.
func (m *mainScreen) rotate(id string) {
	m.show(navCredentials)
	rs := m.credentials
	if rs.unsaved() {
		rs.selectRecord(id) // says to save or cancel first
		return
	}
	rs.selected = id
	rs.form = nil
	rs.then = func(f recordForm) {
		if cf, ok := f.(*credForm); ok && !m.u.readOnly {
			cf.openGenerator()
		}
	}
	rs.openRecord(id)
}

// newForSite opens a new credential (navCredentials) or contact
// (navContacts) already linked to site id: the credential takes the site
// with its entity and provider, the contact has the site ticked (issue 19,
// item 15: "add account" and "add contact" on the site detail).
func (m *mainScreen) newForSite(nav int, id string) {
	rs := m.credentials
	if nav == navContacts {
		rs = m.contacts
	}
	m.show(nav)
	if rs.unsaved() || m.u.readOnly {
		rs.newRecord() // says to save or cancel first
		return
	}
	rs.then = func(f recordForm) {
		switch f := f.(type) {
		case *credForm:
			for _, s := range f.links.sites {
				if s.id == id {
					f.site.SetText(s.label)
					f.siteChosen()
				}
			}
		case *contactForm:
			for _, s := range f.links.sites {
				if s.id == id {
					if f.entity.Text == "" {
						f.entity.SetText(f.links.entities.name(s.entityID))
					}
					f.tickSite(s.label)
				}
			}
		}
	}
	rs.newRecord()
}

// clearSecrets empties every widget that may show a secret.
func (m *mainScreen) clearSecrets() {
	for _, sc := range m.screens {
		if h, ok := sc.(secretHolder); ok {
			h.clearSecrets()
		}
	}
	m.settings.data.clearSecrets() // the import preview holds passwords
}

// currentEditor is the shown screen if it has an edit form.
func (m *mainScreen) currentEditor() editor {
	if m.current < 0 {
		return nil
	}
	e, _ := m.screens[m.current].(editor)
	return e
}

// unsavedEditors lists the screens whose forms have unsaved changes.
func (m *mainScreen) unsavedEditors() []editor {
	var out []editor
	for _, sc := range m.screens {
		if e, ok := sc.(editor); ok && e.unsaved() {
			out = append(out, e)
		}
	}
	return out
}
