package gui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
	"beianledger/ledger/demo"
	"beianledger/vault"
)

// defaultVaultName is the file name suggested for a new vault.
const defaultVaultName = "备案台账.beianvault"

// demoPassphrase opens the demo vault; the start screen shows it.
const demoPassphrase = "demo"

// demoSites is how many sites the demo vault holds.
const demoSites = 50

// startScreen is the first-run screen: create a vault, open one, or the demo.
type startScreen struct {
	u *ui

	*newPassFields
	path         *entry
	openPath     *entry
	withRecovery *widget.Check
	create       *widget.Button
	createMsg    *widget.Label
	openExisting *widget.Button
	browseOpen   *widget.Button // picks a vault to open
	browseSave   *widget.Button // picks where to create one
	recent       []*widget.Button
	openDemo     *widget.Button
	openWebDAV   *widget.Button // "Open from WebDAV…"
	webdav       *webdavBox     // its dialog, once shown
	progress     *widget.ProgressBarInfinite
	recovery     *recoveryBox
	picker       *dialog.FileDialog // the last file dialog shown
	// pick opens the file dialog for a vault (tests count the calls: the
	// test driver's file dialog leaves later renders without fills).
	pick    func()
	content fyne.CanvasObject
}

// recoveryBox shows a new recovery key once.
type recoveryBox struct {
	d    *modal
	key  *widget.Label
	copy *widget.Button
	done *widget.Button
}

// showStart shows the start screen.
func (u *ui) showStart() {
	u.path = ""
	u.forgetDavCred()
	u.start = newStartScreen(u)
	u.setContent(u.start.content)
	u.win.Canvas().Focus(u.start.pass)
}

func newStartScreen(u *ui) *startScreen {
	s := &startScreen{u: u}
	s.path = newEntry(u)
	s.path.SetText(filepath.Join(u.homeDir(), defaultVaultName))
	s.newPassFields = u.newPassphraseFields(u.t("start.passphrase"), func() []string { return vaultWords(s.path.Text) })
	// Return moves on to the confirmation, then creates (once the
	// characters typed before it have arrived, see [entry]).
	s.pass.OnSubmitted = func(string) { u.win.Canvas().Focus(s.confirm) }
	s.confirm.OnSubmitted = func(string) { s.doCreate() }
	s.withRecovery = widget.NewCheck(u.t("start.withRecovery"), nil)
	s.withRecovery.SetChecked(true)
	s.create = widget.NewButtonWithIcon(u.t("start.create"), theme.ContentAddIcon(), s.doCreate)
	s.create.Importance = widget.HighImportance
	s.createMsg = newErrorMsg()
	s.progress = newProgress()
	s.openPath = newEntry(u)
	s.openPath.SetPlaceHolder(filepath.Join(u.homeDir(), defaultVaultName))
	s.openPath.OnSubmitted = func(string) { s.doOpen() }
	s.openExisting = widget.NewButtonWithIcon(u.t("start.openButton"), theme.FolderOpenIcon(), s.doOpen)
	s.pick = s.pickVault
	s.browseOpen = widget.NewButtonWithIcon(u.t("start.browseOpen"), theme.SearchIcon(), func() { s.pick() })
	s.browseOpen.Importance = widget.HighImportance
	traceWhere("start.browseOpen", s.browseOpen)
	s.browseSave = widget.NewButtonWithIcon(u.t("start.browseSave"), theme.FolderIcon(), s.pickNewPath)
	s.openDemo = widget.NewButtonWithIcon(u.t("start.demoButton"), theme.MediaPlayIcon(), s.doDemo)
	s.openWebDAV = widget.NewButtonWithIcon(u.t("davgui.button"), theme.StorageIcon(), s.showWebDAV)
	s.updateStrength()

	title := widget.NewLabelWithStyle(u.t("app.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	tagline := widget.NewLabel(u.t("app.tagline"))
	tagline.Wrapping = fyne.TextWrapWord

	createCard := widget.NewCard(u.t("start.createTitle"), u.t("start.createSub"), container.NewVBox(
		widget.NewLabel(u.t("start.file")),
		container.NewBorder(nil, nil, nil, s.browseSave, s.path),
		widget.NewLabel(u.t("start.passphrase")),
		s.pass,
		s.meter(),
		s.confirm,
		s.withRecovery,
		s.createMsg,
		s.progress,
		container.NewHBox(s.create),
	))
	openLabel := widget.NewLabel(u.t("start.openSub"))
	openLabel.Wrapping = fyne.TextWrapWord
	openBox := container.NewVBox(container.NewHBox(s.browseOpen), openLabel, s.openPath, container.NewHBox(s.openExisting, s.openWebDAV))
	if paths := u.recentVaults(); len(paths) > 0 {
		openBox.Add(widget.NewLabelWithStyle(u.t("start.recent"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, p := range paths {
			label := filepath.Base(p) + "  (" + filepath.Dir(p) + ")"
			if _, remote := remoteName(p); remote {
				label = p // the URL; its password is never kept
			}
			b := widget.NewButtonWithIcon(label, theme.HistoryIcon(), func() { u.showUnlock(p) })
			b.Alignment = widget.ButtonAlignLeading
			s.recent = append(s.recent, b)
			openBox.Add(b)
		}
	}
	openCard := widget.NewCard(u.t("start.openTitle"), "", openBox)
	demoLabel := widget.NewLabel(u.t("start.demoSub", demoSites, demoPassphrase))
	demoLabel.Wrapping = fyne.TextWrapWord
	demoCard := widget.NewCard(u.t("start.demoTitle"), "", container.NewVBox(demoLabel, container.NewHBox(s.openDemo)))

	s.content = container.NewPadded(container.NewBorder(
		container.NewVBox(title, tagline, widget.NewSeparator()), nil, nil, nil,
		vscrollForm(container.NewGridWithColumns(2, createCard, container.NewVBox(openCard, demoCard))),
	))
	return s
}

// setBusy shows the progress bar and disables the buttons while a vault is
// being created or opened.
func (s *startScreen) setBusy(busy bool) {
	setBusy(busy, s.progress, s.create, s.openExisting, s.openDemo)
}

func (s *startScreen) fail(msg string) {
	s.createMsg.SetText(msg)
	s.createMsg.Show()
}

// doCreate creates the vault at the typed path.
func (s *startScreen) doCreate() {
	u := s.u
	path := strings.TrimSpace(s.path.Text)
	switch {
	case path == "":
		s.fail(u.t("start.needPath"))
		return
	case s.pass.Text == "":
		s.fail(u.t("start.needPass"))
		u.win.Canvas().Focus(s.pass)
		return
	case s.pass.Text != s.confirm.Text:
		s.fail(u.t("start.mismatch"))
		u.win.Canvas().Focus(s.confirm)
		return
	}
	if e := estimatePassphrase(s.pass.Text, vaultWords(path)...); e.score < minPassphraseScore {
		s.fail(u.weakMessage(e))
		u.win.Canvas().Focus(s.pass)
		return
	}
	if _, err := os.Lstat(path); err == nil {
		s.fail(u.t("start.exists"))
		return
	}
	s.createMsg.Hide()
	pass := []byte(s.pass.Text)
	withRK := s.withRecovery.Checked
	label := u.t("slot.mainLabel")
	rkLabel := u.t("slot.recoveryLabel")
	s.setBusy(true)
	u.async(func() func() {
		v, rk, err := func() (*vault.Vault, string, error) {
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return nil, "", err
			}
			key := vault.NewPassphrase(pass, u.open.KDF())
			v, err := u.open.Create(path, key, label, vault.Options{LockTimeout: u.open.LockTimeout})
			if err != nil || !withRK {
				return v, "", err
			}
			k := vault.NewRecoveryKey()
			if _, err := v.AddKey(k, rkLabel); err != nil {
				return v, "", err
			}
			return v, k.String(), nil
		}()
		return func() {
			s.setBusy(false)
			if err != nil {
				if v != nil {
					v.Lock()
				}
				u.showError(u.t("start.createFailed", path), err)
				return
			}
			s.pass.SetText("")
			s.confirm.SetText("")
			u.opened(path, v, false)
			if rk != "" {
				s.recovery = u.showRecoveryKey(rk)
			}
		}
	})
}

// showRecoveryKey shows a new recovery key once, with a copy button.
func (u *ui) showRecoveryKey(rk string) *recoveryBox {
	b := &recoveryBox{}
	b.key = widget.NewLabelWithStyle(rk, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	b.key.Wrapping = fyne.TextWrapBreak
	msg := widget.NewLabel(u.t("recovery.instructions"))
	msg.Wrapping = fyne.TextWrapWord
	b.copy = widget.NewButtonWithIcon(u.t("button.copy"), theme.ContentCopyIcon(), nil)
	b.copy.OnTapped = func() {
		u.copySecret(rk)
		b.copy.SetText(u.t("copy.done", int(clipboardClear/time.Second)))
	}
	b.d = u.newModal(u.t("recovery.title"), theme.WarningIcon(),
		container.NewGridWrap(fyne.NewSize(560, 230), container.NewVBox(msg, widget.NewSeparator(), b.key)))
	b.done = widget.NewButton(u.t("recovery.done"), func() {
		b.key.SetText("")
		b.d.Hide()
	})
	b.done.Importance = widget.HighImportance
	b.d.setButtons(b.copy, b.done)
	b.d.Show()
	return b
}

// doOpen goes to the unlock screen for the typed path.
func (s *startScreen) doOpen() {
	p := strings.TrimSpace(s.openPath.Text)
	if p == "" {
		s.pick() // nothing typed: pick the file
		return
	}
	if _, err := os.Stat(p); err != nil {
		s.u.showError(s.u.t("start.openFailed", p), err)
		return
	}
	s.u.showUnlock(p)
}

// pickVault opens the file dialog on .beianvault files, in the folder of
// the vault opened last (else the documents folder), and then the unlock
// screen for the file picked.
func (s *startScreen) pickVault() {
	u := s.u
	s.picker = u.pickOpen(pickOptions{dir: u.lastVaultDir(), exts: []string{".beianvault"}, title: u.t("start.openTitle")}, func(p string) {
		trace("vault-picked", "name=%s", filepath.Base(p))
		u.showUnlock(p)
	})
}

// lastVaultDir is the folder of the newest vault on this computer in the
// recent list (which holds only files that exist), "" when there is none.
func (u *ui) lastVaultDir() string {
	for _, p := range u.recentVaults() {
		if !vault.IsRemote(p) {
			return filepath.Dir(p)
		}
	}
	return ""
}

// pickNewPath asks where to create the vault. The save dialog makes an
// empty file there; it goes again, so that creating finds the place free.
func (s *startScreen) pickNewPath() {
	u := s.u
	s.picker = u.pickSave(pickOptions{dir: filepath.Dir(strings.TrimSpace(s.path.Text)), name: defaultVaultName,
		exts: []string{".beianvault"}, title: u.t("start.createTitle")}, func(p string) {
		if fi, err := os.Stat(p); err == nil && fi.Size() == 0 {
			_ = os.Remove(p) // the dialog's empty file: the place is to be free for Create
		}
		if filepath.Ext(p) != ".beianvault" {
			p += ".beianvault"
		}
		s.path.SetText(p)
		u.win.Canvas().Focus(s.pass)
	})
}

// maxRecent is how many vaults the start screen lists.
const maxRecent = 5

// recentVaults are the vault files opened last that still exist, newest
// first.
func (u *ui) recentVaults() []string {
	var out []string
	for _, p := range strings.Split(u.app.Preferences().String(prefRecentVaults), "\n") {
		if p == "" {
			continue
		}
		if vault.IsRemote(p) {
			out = append(out, p) // a share's address: asked when unlocked
		} else if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// rememberVault puts path first in the recent vaults.
func (u *ui) rememberVault(path string) {
	list := []string{path}
	for _, p := range strings.Split(u.app.Preferences().String(prefRecentVaults), "\n") {
		if p != "" && p != path && len(list) < maxRecent {
			list = append(list, p)
		}
	}
	u.app.Preferences().SetString(prefRecentVaults, strings.Join(list, "\n"))
}

// demoPath is where the demo vault lives.
func (u *ui) demoPath() (string, error) {
	dir, err := u.configDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "beianledger", "demo.beianvault"), nil
}

// doDemo opens the demo vault, creating and filling it first if needed.
func (s *startScreen) doDemo() {
	u := s.u
	path, err := u.demoPath()
	if err != nil {
		u.showError(u.t("start.demoFailed"), err)
		return
	}
	today := ledger.DateOf(u.clock.Now())
	label := u.t("slot.mainLabel")
	s.setBusy(true)
	u.async(func() func() {
		v, err := openOrCreateDemo(u.open, path, label, today)
		return func() {
			s.setBusy(false)
			if err != nil {
				u.showError(u.t("start.demoFailed"), err)
				return
			}
			u.opened(path, v, false)
		}
	})
}

func openOrCreateDemo(op Opener, path, label string, today ledger.Date) (*vault.Vault, error) {
	opts := vault.Options{LockTimeout: op.LockTimeout}
	if _, err := os.Stat(path); err == nil {
		return op.Open(path, vault.NewPassphrase([]byte(demoPassphrase), op.DemoKDF), opts)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	v, err := op.Create(path, vault.NewPassphrase([]byte(demoPassphrase), op.DemoKDF), label, opts)
	if err != nil {
		return nil, err
	}
	err = v.Store().Write(func(w ledger.Writer) error {
		_, err := demo.Populate(w, demoSites, 1, today)
		return err
	})
	if err != nil {
		v.Lock()
		return nil, errors.Join(err, os.Remove(path))
	}
	return v, nil
}
