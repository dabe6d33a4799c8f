package gui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/vault"
)

// Ways into a vault, as vault.SlotType.String() names them.
const (
	wayPassphrase = "passphrase"
	wayIdentity   = "recipient"
	wayRecovery   = "recovery-key"
)

// unlockScreen asks for a key to the vault at path.
type unlockScreen struct {
	u    *ui
	path string

	file     *widget.Label
	ways     *widget.RadioGroup
	wayKeys  map[string]string // radio label → way
	pass     *entry            // passphrase, also the identity file's passphrase
	idFile   *entry
	idPick   *widget.Button // picks the identity file
	rkey     *entry
	idBox    *fyne.Container
	rkBox    *fyne.Container
	passBox  *fyne.Container
	unlock   *widget.Button
	other    *widget.Button
	progress *widget.ProgressBarInfinite
	msg      *widget.Label
	content  fyne.CanvasObject

	lockBox    *lockBox
	changeBox  *changeBox // the last "vault changed" question, for tests
	restoreBox *restoreBox
}

// lockBox asks what to do about a vault another writer holds.
type lockBox struct {
	d                        *modal
	readOnly, takeOver, back *widget.Button
}

// restoreBox offers the backups of a damaged vault.
type restoreBox struct {
	d        *modal
	backups  *widget.RadioGroup
	byLabel  map[string]int
	restore  *widget.Button
	cancel   *widget.Button
	msg      *widget.Label
	progress *widget.ProgressBarInfinite
}

// showUnlock shows the unlock screen for path.
func (u *ui) showUnlock(path string) {
	u.path = path
	s := newUnlockScreen(u, path)
	u.unlock = s
	u.start = nil
	u.setContent(s.content)
	u.win.Canvas().Focus(s.pass)
	s.inspect()
}

func newUnlockScreen(u *ui, path string) *unlockScreen {
	s := &unlockScreen{u: u, path: path}
	name, where := filepath.Base(path), filepath.Dir(path)
	if n, remote := remoteName(path); remote {
		name, where = n, path // the share's address
	}
	s.file = widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.file.SizeName = theme.SizeNameHeadingText
	dir := widget.NewLabel(where)
	dir.Wrapping = fyne.TextWrapBreak
	dir.Importance = widget.LowImportance

	s.pass = newPasswordEntry(u)
	s.pass.SetPlaceHolder(u.t("unlock.passphrase"))
	// Return comes here once the characters typed before it have arrived
	// (see [entry]).
	s.pass.OnSubmitted = func(string) { s.submit(vault.Options{}) }
	s.idFile = newEntry(u)
	s.idFile.SetPlaceHolder(u.t("unlock.identityFile"))
	s.rkey = newEntry(u)
	s.rkey.SetPlaceHolder(u.t("unlock.recoveryKey"))
	s.rkey.OnSubmitted = func(string) { s.submit(vault.Options{}) }

	s.passBox = container.NewVBox(s.pass)
	s.idPick = widget.NewButtonWithIcon(u.t("unlock.pickIdentity"), theme.FolderOpenIcon(), s.pickIdentity)
	s.idBox = container.NewVBox(container.NewBorder(nil, nil, nil, s.idPick, s.idFile), widget.NewLabel(u.t("unlock.identityPassHint")))
	s.rkBox = container.NewVBox(s.rkey)
	s.idBox.Hide()
	s.rkBox.Hide()

	s.wayKeys = map[string]string{}
	s.ways = widget.NewRadioGroup(nil, func(label string) { s.selectWay(s.wayKeys[label]) })
	s.ways.Horizontal = true
	s.ways.Required = true

	s.unlock = widget.NewButtonWithIcon(u.t("unlock.button"), theme.LoginIcon(), func() { s.submit(vault.Options{}) })
	s.unlock.Importance = widget.HighImportance
	s.other = widget.NewButtonWithIcon(u.t("unlock.other"), theme.NavigateBackIcon(), u.showStart)
	s.progress = newProgress()
	s.msg = newErrorMsg()
	s.setWays([]string{wayPassphrase})

	title := widget.NewLabel(u.t("unlock.title"))
	title.Importance = widget.LowImportance
	form := container.NewVBox(
		title, s.file, dir, widget.NewSeparator(),
		widget.NewLabel(u.t("unlock.way")), s.ways,
		s.passBox, s.idBox, s.rkBox,
		s.msg, s.progress,
		container.NewHBox(s.unlock, s.other),
	)
	// A readable column in the middle of a wide window.
	s.content = container.NewPadded(container.New(columnLayout{width: 480}, form))
	return s
}

// setWays shows the ways in the vault has, passphrase first.
func (s *unlockScreen) setWays(ways []string) {
	u := s.u
	var labels []string
	s.wayKeys = map[string]string{}
	for _, w := range []string{wayPassphrase, wayIdentity, wayRecovery} {
		for _, have := range ways {
			if have == w {
				l := u.t("way." + w)
				labels = append(labels, l)
				s.wayKeys[l] = w
				break
			}
		}
	}
	if len(labels) == 0 {
		labels = []string{u.t("way." + wayPassphrase)}
		s.wayKeys[labels[0]] = wayPassphrase
	}
	s.ways.Options = labels
	s.ways.SetSelected(labels[0])
	s.ways.Refresh()
}

// way returns the selected way in.
func (s *unlockScreen) way() string {
	if w, ok := s.wayKeys[s.ways.Selected]; ok {
		return w
	}
	return wayPassphrase
}

func (s *unlockScreen) selectWay(w string) {
	s.msg.Hide()
	s.rkBox.Hide()
	s.idBox.Hide()
	// Before the screen is on the window (the first choice, made while it
	// is built) there is nothing to focus yet: showUnlock focuses then.
	focus := func(f fyne.Focusable) {
		if s.u.unlock == s {
			s.u.win.Canvas().Focus(f)
		}
	}
	switch w {
	case wayIdentity:
		s.idBox.Show()
		focus(s.pass) // the identity file's passphrase
	case wayRecovery:
		s.rkBox.Show()
		focus(s.rkey)
	default:
		focus(s.pass)
	}
	if w == wayRecovery {
		s.passBox.Hide()
	} else {
		s.passBox.Show()
	}
	if s.content != nil {
		s.content.Refresh()
	}
}

// inspect reads the slot types from the header, off the UI goroutine.
func (s *unlockScreen) inspect() {
	u := s.u
	if vault.IsRemote(s.path) {
		// Reading the header would fetch the file (and may ask for the
		// share's password) before a key is typed: offer every way in.
		s.setWays([]string{wayPassphrase, wayIdentity, wayRecovery})
		return
	}
	u.async(func() func() {
		_, _, slots, err := vault.Inspect(s.path)
		return func() {
			if u.unlock != s {
				return
			}
			if err != nil {
				s.failed(err, vault.Options{})
				return
			}
			var ways []string
			for _, sl := range slots {
				ways = append(ways, sl.Type)
			}
			s.setWays(ways)
		}
	})
}

// key builds the key from what was typed; it may run a KDF (identity
// files), so it runs off the UI goroutine.
type keyInput struct {
	way, pass, idFile, rkey string
}

func (k keyInput) build() (vault.Key, error) {
	switch k.way {
	case wayRecovery:
		return vault.ParseRecoveryKey(k.rkey)
	case wayIdentity:
		data, err := os.ReadFile(k.idFile)
		if err != nil {
			return nil, err
		}
		id, err := vault.UnmarshalIdentity(data, []byte(k.pass))
		if err != nil {
			return nil, err
		}
		return id, nil
	}
	// The KDF parameters are used only for new slots; opening honours the
	// slot's own.
	return vault.NewPassphrase([]byte(k.pass), vault.KDFParams{}), nil
}

func (s *unlockScreen) input() keyInput {
	return keyInput{way: s.way(), pass: s.pass.Text, idFile: strings.TrimSpace(s.idFile.Text), rkey: s.rkey.Text}
}

func (s *unlockScreen) setBusy(busy bool) {
	setBusy(busy, s.progress, s.unlock)
}

// submit tries to open the vault with what was typed.
func (s *unlockScreen) submit(opts vault.Options) {
	u := s.u
	if s.unlock.Disabled() {
		return // already running
	}
	in := s.input()
	if in.way == wayRecovery && strings.TrimSpace(in.rkey) == "" || in.way != wayRecovery && in.pass == "" {
		s.inline(u.t("unlock.empty"))
		return
	}
	s.msg.Hide()
	s.setBusy(true)
	if opts.LockTimeout == 0 {
		opts.LockTimeout = u.open.LockTimeout
	}
	if vault.IsRemote(s.path) && opts.Credentials == nil {
		opts.Credentials = u.davCredentials(s.path)
	}
	path := s.path
	u.async(func() func() {
		t0 := time.Now()
		key, err := in.build()
		var v *vault.Vault
		if err == nil {
			v, err = u.open.Open(path, key, opts)
		}
		trace("unlock-done", "ok=%t open_ms=%d", err == nil, time.Since(t0).Milliseconds())
		return func() {
			s.setBusy(false)
			if u.unlock != s {
				if v != nil {
					v.Lock()
				}
				return
			}
			if err != nil {
				s.failed(err, opts)
				return
			}
			s.clear()
			u.opened(path, v, opts.ReadOnly)
			if in.way == wayRecovery && !opts.ReadOnly {
				u.askNewPassphrase()
			}
		}
	})
}

// askNewPassphrase follows an unlock with the recovery key: the person has
// lost their passphrase, so Access opens with the dialog to add a new one.
func (u *ui) askNewPassphrase() {
	if u.main == nil || u.readOnly {
		return
	}
	u.main.show(navAccess)
	s, ok := u.main.screens[navAccess].(*accessScreen)
	if !ok {
		return
	}
	s.showAddPassphrase()
	if b := s.passBox; b != nil {
		b.msg.SetText(u.t("access.afterRecovery"))
		b.msg.Importance = widget.WarningImportance
		b.msg.Show()
	}
}

// clear empties every key field.
func (s *unlockScreen) clear() {
	s.pass.SetText("")
	s.rkey.SetText("")
	s.msg.Hide()
}

// inline shows a message under the fields and puts the cursor back.
func (s *unlockScreen) inline(msg string) {
	s.msg.SetText(msg)
	s.msg.Show()
	s.content.Refresh()
	if s.way() == wayRecovery {
		s.u.win.Canvas().Focus(s.rkey)
	} else {
		s.u.win.Canvas().Focus(s.pass)
	}
}

// failed reacts to an unlock error: inline for a wrong key, a dialog for
// the rest.
func (s *unlockScreen) failed(err error, opts vault.Options) {
	u := s.u
	var le *vault.LockError
	var ce *vault.ChangeError
	var re *vault.RemoteError
	if errors.As(err, &re) && re.Kind == vault.RemoteAuth {
		u.forgetDavCred() // refused, or not given: ask again next time
	}
	switch {
	case errors.Is(err, errDavCancelled):
		s.inline(u.t("davgui.cancelled"))
	case errors.As(err, &ce):
		s.showChanged(ce, opts)
	case errors.Is(err, vault.ErrWrongKey):
		switch s.way() {
		case wayRecovery:
			s.inline(u.t("unlock.wrongRecovery"))
		case wayIdentity:
			s.inline(u.t("unlock.wrongIdentity"))
		default:
			s.inline(u.t("unlock.wrong"))
		}
	case errors.Is(err, vault.ErrBadRecoveryKey):
		s.inline(u.t("unlock.badRecovery"))
	case errors.Is(err, vault.ErrBadIdentity):
		s.inline(u.t("unlock.badIdentity"))
	case errors.As(err, &le):
		s.showLocked(le, opts)
	case errors.Is(err, vault.ErrDamaged), errors.Is(err, vault.ErrNotVault):
		s.showDamaged(err)
	default:
		name := filepath.Base(s.path)
		if _, remote := remoteName(s.path); remote {
			name = s.path
		}
		u.showError(u.t("unlock.failed", name), err)
	}
}

// showLocked asks whether to open read-only or take over another writer's lock.
func (s *unlockScreen) showLocked(le *vault.LockError, opts vault.Options) {
	u := s.u
	b := &lockBox{}
	text := u.t("lock.held", le.Holder.String())
	if le.Problem != "" { // waiting will not help: say why
		text = u.t("lock.problem", le.Problem)
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	b.d = u.newModal(u.t("lock.title"), theme.WarningIcon(), container.NewGridWrap(fyne.NewSize(480, 140), msg))
	b.back = widget.NewButton(u.t("button.cancel"), func() { b.d.Hide() })
	b.readOnly = widget.NewButton(u.t("lock.readOnly"), func() {
		b.d.Hide()
		o := opts
		o.ReadOnly, o.TakeOverLock = true, false
		s.submit(o)
	})
	b.takeOver = widget.NewButton(u.t("lock.takeOver"), func() {
		b.d.Hide()
		o := opts
		o.ReadOnly, o.TakeOverLock = false, true
		s.submit(o)
	})
	b.takeOver.Importance = widget.DangerImportance
	b.d.setButtons(b.back, b.readOnly, b.takeOver)
	s.lockBox = b
	b.d.Show()
}

// showDamaged explains a damaged file and offers its backups.
func (s *unlockScreen) showDamaged(cause error) {
	u := s.u
	backups, lerr := vault.ListBackups(s.path)
	b := &restoreBox{byLabel: map[string]int{}}
	text := u.t("damaged.body", filepath.Base(s.path), u.explain(cause))
	var opts []string
	for _, bk := range backups {
		if !bk.Readable {
			continue
		}
		l := u.t("damaged.backup", bk.N, bk.Generation, u.dateTime(bk.SavedAt))
		opts = append(opts, l)
		b.byLabel[l] = bk.N
	}
	if len(opts) == 0 {
		text += "\n\n" + u.t("damaged.noBackups")
		if lerr != nil {
			text += " (" + lerr.Error() + ")"
		}
	} else {
		text += "\n\n" + u.t("damaged.pick")
	}
	u.lastError = text
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	b.backups = widget.NewRadioGroup(opts, nil)
	if len(opts) > 0 {
		b.backups.SetSelected(opts[0])
	}
	b.msg = newErrorMsg()
	b.progress = newProgress()
	b.d = u.newModal(u.t("damaged.title"), theme.ErrorIcon(),
		container.NewGridWrap(fyne.NewSize(540, 300), container.NewVScroll(container.NewVBox(msg, b.backups, b.msg, b.progress))))
	b.cancel = widget.NewButton(u.t("button.close"), func() { b.d.Hide() })
	b.restore = widget.NewButtonWithIcon(u.t("damaged.restore"), theme.HistoryIcon(), func() { s.restore(b) })
	b.restore.Importance = widget.HighImportance
	if len(opts) == 0 {
		b.restore.Disable()
	}
	b.d.setButtons(b.cancel, b.restore)
	s.restoreBox = b
	b.d.Show()
}

// restore replaces the vault with the chosen backup, which must open with
// the key typed on the unlock screen, then opens it.
func (s *unlockScreen) restore(b *restoreBox) {
	u := s.u
	n := b.byLabel[b.backups.Selected]
	in := s.input()
	if n == 0 {
		return
	}
	if in.way != wayRecovery && in.pass == "" || in.way == wayRecovery && in.rkey == "" {
		b.msg.SetText(u.t("damaged.needKey"))
		b.msg.Show()
		return
	}
	b.msg.Hide()
	b.restore.Disable()
	b.progress.Show()
	b.progress.Start()
	path := s.path
	opts := vault.Options{LockTimeout: u.open.LockTimeout}
	if vault.IsRemote(path) {
		opts.Credentials = u.davCredentials(path) // the copy's backup goes back to the share
	}
	u.async(func() func() {
		var v *vault.Vault
		key, err := in.build()
		if err == nil {
			_, err = vault.RestoreBackup(path, n, key, opts)
		}
		if err == nil {
			key, err = in.build() // the first key may be spent (wiped)
		}
		if err == nil {
			v, err = u.open.Open(path, key, opts)
		}
		return func() {
			b.progress.Stop()
			b.progress.Hide()
			b.restore.Enable()
			if err != nil {
				if errors.Is(err, vault.ErrWrongKey) {
					b.msg.SetText(u.t("damaged.wrongKey"))
				} else {
					b.msg.SetText(u.explain(err) + " (" + err.Error() + ")")
				}
				b.msg.Show()
				return
			}
			b.d.Hide()
			s.clear()
			u.opened(path, v, false)
		}
	})
}

// dateTime formats a time for the user's language.
func (u *ui) dateTime(t time.Time) string {
	if u.lang == i18n.ZH {
		return t.Format("2006年1月2日 15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// columnLayout centres one object in a column at most width wide, a third
// of the spare height above it.
type columnLayout struct{ width float32 }

func (l columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		m := o.MinSize()
		w := min(max(l.width, m.Width), size.Width)
		h := min(m.Height, size.Height)
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, max(0, (size.Height-h)/3)))
	}
}

func (l columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// pickIdentity chooses the identity file in the file dialog, starting in
// the folder of the one typed or chosen before (else the documents
// folder), and then asks for its passphrase.
func (s *unlockScreen) pickIdentity() {
	u := s.u
	dir := ""
	if p := strings.TrimSpace(s.idFile.Text); p != "" {
		dir = filepath.Dir(p)
	}
	u.pickOpen(pickOptions{dir: dir, title: u.t("unlock.identityFile")}, func(p string) {
		s.idFile.SetText(p)
		u.win.Canvas().Focus(s.pass)
	})
}
