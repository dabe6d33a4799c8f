package gui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
	"beianledger/vault"
)

// Column widths of the Access list; the label column takes the rest.
const (
	accessTypeWidth    = 150
	accessCreatedWidth = 190
	accessInUseWidth   = 90
)

// accessScreen lists the ways into the vault — its key slots — and adds
// and removes them. Every change is saved by the vault at once; removing a
// way rotates the master key.
type accessScreen struct {
	u *ui
	// slots are the key slots as last loaded, in the vault's order.
	slots []vault.SlotInfo

	list                             *widget.List
	rows                             map[fyne.CanvasObject]*slotRow
	status                           *widget.Label
	passBtn, contactBtn, recoveryBtn *widget.Button
	changeBtn                        *widget.Button // change my passphrase
	content                          fyne.CanvasObject

	// The dialogs opened last, kept so tests can drive them.
	passBox     *passphraseBox
	changeBox   *changePassBox
	contactBox  *contactBox
	recoveryReq *recoveryRequestBox
	recovery    *recoveryBox
	notice      *modal
	noticeText  string
}

// slotRow holds the widgets of one list row.
type slotRow struct {
	icon                        *widget.Icon
	kind, label, created, inUse *widget.Label
	remove                      *widget.Button
}

func newAccessScreen(u *ui) *accessScreen {
	s := &accessScreen{u: u, rows: map[fyne.CanvasObject]*slotRow{}}
	title := widget.NewLabelWithStyle(u.t("nav.access"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText

	// What each way is, for someone who is not a cryptographer.
	explain := container.NewVBox()
	for _, k := range []string{"access.explain.intro", "access.explain.passphrase", "access.explain.contact", "access.explain.recovery", "access.explain.remove"} {
		l := widget.NewLabel(u.t(k))
		l.Wrapping = fyne.TextWrapWord
		explain.Add(l)
	}

	s.passBtn = widget.NewButtonWithIcon(u.t("access.addPassphrase"), theme.ContentAddIcon(), s.showAddPassphrase)
	s.contactBtn = widget.NewButtonWithIcon(u.t("access.addContact"), theme.AccountIcon(), s.showAddContact)
	s.recoveryBtn = widget.NewButtonWithIcon(u.t("access.addRecovery"), theme.WarningIcon(), s.showAddRecovery)
	s.changeBtn = widget.NewButtonWithIcon(u.t("access.changePassphrase"), theme.LoginIcon(), s.showChangePassphrase)
	s.changeBtn.Disable() // until the list shows a passphrase in use
	actions := container.NewHBox(s.passBtn, s.contactBtn, s.recoveryBtn, s.changeBtn)
	top := container.NewVBox(title, explain, widget.NewSeparator(), actions)
	if u.readOnly {
		for _, b := range []*widget.Button{s.passBtn, s.contactBtn, s.recoveryBtn} {
			b.Disable()
		}
		ro := widget.NewLabel(u.t("access.readOnly"))
		ro.Importance = widget.WarningImportance
		ro.Wrapping = fyne.TextWrapWord
		top.Add(ro)
	}

	header := s.newRowObject(true)
	s.list = widget.NewList(func() int { return len(s.slots) },
		func() fyne.CanvasObject { return s.newRowObject(false) },
		s.updateRow)
	s.status = widget.NewLabel("")
	s.status.Importance = widget.LowImportance
	s.status.Wrapping = fyne.TextWrapWord
	s.content = container.NewPadded(container.NewBorder(
		container.NewVBox(top, widget.NewSeparator(), header), s.status, nil, nil, s.list))
	return s
}

// newRowObject builds one row of the list, or the header row: the type
// and the dates sit in fixed columns so the rows line up under the header.
func (s *accessScreen) newRowObject(header bool) fyne.CanvasObject {
	u := s.u
	r := &slotRow{
		icon:    widget.NewIcon(theme.LoginIcon()),
		kind:    widget.NewLabel(""),
		label:   widget.NewLabel(""),
		created: widget.NewLabel(""),
		inUse:   widget.NewLabel(""),
		remove:  widget.NewButtonWithIcon(u.t("access.remove"), theme.DeleteIcon(), nil),
	}
	for _, l := range []*widget.Label{r.kind, r.label, r.created, r.inUse} {
		l.Truncation = fyne.TextTruncateEllipsis
	}
	h := r.kind.MinSize().Height
	fixed := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, h), o)
	}
	if header {
		r.kind.SetText(u.t("access.type"))
		r.label.SetText(u.t("access.label"))
		r.created.SetText(u.t("access.created"))
		r.inUse.SetText(u.t("access.inUse"))
		for _, l := range []*widget.Label{r.kind, r.label, r.created, r.inUse} {
			l.TextStyle = fyne.TextStyle{Bold: true}
		}
		r.icon.SetResource(nil)
		r.remove.Hide()
	}
	if !header {
		r.inUse.Importance = widget.SuccessImportance
	}
	// The header keeps the button's place so the columns align.
	right := container.NewHBox(fixed(accessCreatedWidth, r.created), fixed(accessInUseWidth, r.inUse),
		container.NewStack(invisibleLike(r.remove), r.remove))
	o := container.NewBorder(nil, nil, container.NewHBox(r.icon, fixed(accessTypeWidth, r.kind)), right, r.label)
	if !header {
		s.rows[o] = r
	}
	return o
}

// invisibleLike is a transparent spacer as large as o, so a hidden button
// still takes its room.
func invisibleLike(o fyne.CanvasObject) fyne.CanvasObject {
	sp := layout.NewSpacer()
	return container.NewGridWrap(o.MinSize(), sp)
}

// cells is what row i shows: type, label, created (in China's time, as
// every date of the ledger), in use.
func (s *accessScreen) cells(i int) []string {
	u := s.u
	sl := s.slots[i]
	in := ""
	if sl.InUse {
		in = u.t("access.thisSession")
	}
	return []string{u.enum("access.way.", sl.Type), sl.Label, u.dateTime(sl.Created.In(ledger.Shanghai)), in}
}

func (s *accessScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := s.rows[o]
	if r == nil || id < 0 || id >= len(s.slots) {
		return
	}
	sl := s.slots[id]
	c := s.cells(id)
	r.kind.SetText(c[0])
	r.label.SetText(c[1])
	r.created.SetText(c[2])
	r.inUse.SetText(c[3])
	r.icon.SetResource(wayIcon(sl.Type))
	r.remove.OnTapped = func() { s.remove(sl) }
	if s.u.readOnly {
		r.remove.Disable()
	} else {
		r.remove.Enable()
	}
}

// wayIcon is the icon of a slot type.
func wayIcon(t string) fyne.Resource {
	switch t {
	case wayIdentity:
		return theme.AccountIcon()
	case wayRecovery:
		return theme.WarningIcon()
	}
	return theme.LoginIcon()
}

func (s *accessScreen) view() fyne.CanvasObject { return s.content }

// load reads the slots off Fyne's goroutine: a slot being added holds the
// vault while its key is derived.
func (s *accessScreen) load() {
	u := s.u
	v := u.v
	if v == nil {
		return
	}
	u.async(func() func() {
		slots := v.Slots()
		return func() {
			s.slots = slots
			s.list.Refresh()
			s.updateChangeBtn()
		}
	})
}

// clearSecrets closes the dialogs, emptying the passphrase fields and a
// recovery key still on screen (the vault is being locked).
func (s *accessScreen) clearSecrets() {
	if b := s.passBox; b != nil {
		b.clear()
		b.d.Hide()
	}
	if b := s.contactBox; b != nil {
		b.d.Hide()
	}
	if b := s.changeBox; b != nil {
		b.clear()
		b.d.Hide()
	}
	if b := s.recoveryReq; b != nil {
		b.d.Hide()
	}
	if b := s.recovery; b != nil {
		b.key.SetText("")
		b.d.Hide()
	}
	if s.notice != nil {
		s.notice.Hide()
	}
}

// setStatus shows the outcome of the last action under the list.
func (s *accessScreen) setStatus(msg string) {
	s.status.SetText(msg)
}

// inform shows a message with an OK button.
func (s *accessScreen) inform(title, msg string) {
	s.notice, s.noticeText = s.u.inform(title, msg, 460, 120), msg
}

// ---- add a passphrase ----

// passphraseBox asks for a new passphrase and whom it is for.
type passphraseBox struct {
	*newPassFields
	d           *modal
	label       *entry
	msg         *widget.Label
	progress    *widget.ProgressBarInfinite
	add, cancel *widget.Button
	body        *fyne.Container
}

// newPassFields is a new passphrase typed twice with its strength meter:
// the part the start screen's "create" and the add and change dialogs
// share.
type newPassFields struct {
	u             *ui
	words         func() []string // what the context makes guessable
	pass, confirm *entry
	strength      *widget.ProgressBar
	strengthLabel *widget.Label
}

// newPassphraseFields makes them; words gives what the context makes
// guessable (the estimate counts them as known).
func (u *ui) newPassphraseFields(placeholder string, words func() []string) *newPassFields {
	f := &newPassFields{u: u, words: words}
	f.pass = newPasswordEntry(u)
	f.pass.SetPlaceHolder(placeholder)
	f.confirm = newPasswordEntry(u)
	f.confirm.SetPlaceHolder(u.t("start.confirm"))
	f.strength = widget.NewProgressBar()
	f.strength.Max = 100
	f.strength.TextFormatter = func() string { return "" }
	f.strengthLabel = widget.NewLabel(u.t("strength.none"))
	f.pass.OnChanged = func(string) { f.updateStrength() }
	return f
}

// updateStrength shows zxcvbn's estimate of the typed passphrase.
func (f *newPassFields) updateStrength() {
	e := estimatePassphrase(f.pass.Text, f.words()...)
	f.strength.SetValue(float64(e.score) * 25)
	f.strengthLabel.SetText(f.u.strengthText(e, f.pass.Text == ""))
}

// meter is the strength bar with its words.
func (f *newPassFields) meter() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, f.strengthLabel, f.strength)
}

func (s *accessScreen) showAddPassphrase() {
	u := s.u
	if u.readOnly || u.v == nil {
		return
	}
	u.touch()
	b := &passphraseBox{}
	b.label = newEntry(u)
	b.label.SetPlaceHolder(u.t("access.labelHint"))
	b.newPassFields = u.newPassphraseFields(u.t("start.passphrase"), func() []string { return []string{b.label.Text} })
	b.msg = newErrorMsg()
	b.progress = newProgress()
	note := widget.NewLabel(u.t("access.passphraseNote"))
	note.Wrapping = fyne.TextWrapWord
	b.body = container.NewVBox(note,
		widget.NewLabel(u.t("access.labelFor")), b.label,
		widget.NewLabel(u.t("start.passphrase")), b.pass, b.meter(),
		b.confirm, b.msg, b.progress)
	b.d = u.newModal(u.t("access.addPassphrase"), theme.LoginIcon(), container.NewGridWrap(fyne.NewSize(520, 420), b.body))
	b.cancel = widget.NewButton(u.t("button.cancel"), func() { b.clear(); b.d.Hide() })
	b.add = widget.NewButtonWithIcon(u.t("access.add"), theme.ConfirmIcon(), func() { s.addPassphrase(b) })
	b.add.Importance = widget.HighImportance
	b.confirm.OnSubmitted = func(string) { s.addPassphrase(b) }
	b.d.setButtons(b.cancel, b.add)
	s.passBox = b
	b.d.Show()
	u.win.Canvas().Focus(b.label)
}

func (b *passphraseBox) fail(msg string) {
	b.msg.SetText(msg)
	b.msg.Show()
	b.body.Refresh() // lay out again around the message
}

// clear empties the passphrase fields (a Go string cannot be wiped; the
// widgets at least stop holding it).
func (b *passphraseBox) clear() {
	b.pass.SetText("")
	b.confirm.SetText("")
}

func (b *passphraseBox) setBusy(busy bool) {
	setBusy(busy, b.progress, b.add, b.cancel, b.label, b.pass, b.confirm)
	b.body.Refresh()
}

// addPassphrase checks the form and adds the slot. The key derivation is
// calibrated to take about a second, so it runs off Fyne's goroutine while
// the progress bar moves.
func (s *accessScreen) addPassphrase(b *passphraseBox) {
	u := s.u
	label := strings.TrimSpace(b.label.Text)
	switch {
	case label == "":
		b.fail(u.t("access.needLabel"))
		u.win.Canvas().Focus(b.label)
		return
	case b.pass.Text == "":
		b.fail(u.t("start.needPass"))
		u.win.Canvas().Focus(b.pass)
		return
	case b.pass.Text != b.confirm.Text:
		b.fail(u.t("start.mismatch"))
		u.win.Canvas().Focus(b.confirm)
		return
	}
	if e := estimatePassphrase(b.pass.Text, label); e.score < minPassphraseScore {
		b.fail(u.weakMessage(e))
		u.win.Canvas().Focus(b.pass)
		return
	}
	b.msg.Hide()
	b.body.Refresh()
	pass := []byte(b.pass.Text)
	v, kdf := u.v, u.open.KDF
	b.setBusy(true)
	u.async(func() func() {
		_, err := v.AddKey(vault.NewPassphrase(pass, kdf()), label)
		return func() {
			b.setBusy(false)
			if err != nil {
				b.fail(u.t("access.addFailed", u.explain(err), err.Error()))
				return
			}
			b.clear()
			b.d.Hide()
			s.setStatus(u.t("access.added", label))
			s.load()
		}
	})
}

// ---- add a backup contact ----

// contactBox asks for a backup contact's public key.
type contactBox struct {
	d           *modal
	label       *entry
	key         *entry
	msg         *widget.Label
	add, cancel *widget.Button
	body        *fyne.Container
}

func (s *accessScreen) showAddContact() {
	u := s.u
	if u.readOnly || u.v == nil {
		return
	}
	u.touch()
	b := &contactBox{}
	b.label = newEntry(u)
	b.label.SetPlaceHolder(u.t("access.contactLabelHint"))
	b.key = newEntry(u)
	b.key.SetPlaceHolder("blr1…")
	b.key.TextStyle = fyne.TextStyle{Monospace: true}
	b.msg = newErrorMsg()
	note := widget.NewLabel(u.t("access.contactNote"))
	note.Wrapping = fyne.TextWrapWord
	b.body = container.NewVBox(note,
		widget.NewLabel(u.t("access.contactName")), b.label,
		widget.NewLabel(u.t("access.contactKey")), b.key, b.msg)
	b.d = u.newModal(u.t("access.addContact"), theme.AccountIcon(), container.NewGridWrap(fyne.NewSize(560, 380), b.body))
	b.cancel = widget.NewButton(u.t("button.cancel"), b.d.Hide)
	b.add = widget.NewButtonWithIcon(u.t("access.add"), theme.ConfirmIcon(), func() { s.addContact(b) })
	b.add.Importance = widget.HighImportance
	b.key.OnSubmitted = func(string) { s.addContact(b) }
	b.d.setButtons(b.cancel, b.add)
	s.contactBox = b
	b.d.Show()
	u.win.Canvas().Focus(b.label)
}

func (b *contactBox) fail(msg string) {
	b.msg.SetText(msg)
	b.msg.Show()
	b.body.Refresh()
}

// addContact checks the public key and adds a slot for it.
func (s *accessScreen) addContact(b *contactBox) {
	u := s.u
	label := strings.TrimSpace(b.label.Text)
	if label == "" {
		b.fail(u.t("access.needLabel"))
		u.win.Canvas().Focus(b.label)
		return
	}
	r, err := vault.ParseRecipient(b.key.Text)
	if err != nil {
		b.fail(u.t("access.badKey", err.Error()))
		u.win.Canvas().Focus(b.key)
		return
	}
	for _, sl := range s.slots {
		if sl.Recipient == r.String() {
			b.fail(u.t("access.keyTaken", sl.Label))
			return
		}
	}
	b.msg.Hide()
	b.body.Refresh()
	b.add.Disable()
	v := u.v
	u.async(func() func() {
		_, err := v.AddRecipient(r, label)
		return func() {
			b.add.Enable()
			if err != nil {
				b.fail(u.t("access.addFailed", u.explain(err), err.Error()))
				return
			}
			b.d.Hide()
			s.setStatus(u.t("access.added", label))
			s.load()
		}
	})
}

// ---- add a recovery key ----

// recoveryRequestBox asks for the label of a new recovery key before it is
// made and shown once.
type recoveryRequestBox struct {
	d              *modal
	label          *entry
	create, cancel *widget.Button
	msg            *widget.Label
	body           *fyne.Container
}

func (s *accessScreen) showAddRecovery() {
	u := s.u
	if u.readOnly || u.v == nil {
		return
	}
	u.touch()
	b := &recoveryRequestBox{}
	b.label = newEntry(u)
	b.label.SetText(u.t("slot.recoveryLabel"))
	b.msg = newErrorMsg()
	note := widget.NewLabel(u.t("access.recoveryNote"))
	note.Wrapping = fyne.TextWrapWord
	b.body = container.NewVBox(note, widget.NewLabel(u.t("access.labelFor")), b.label, b.msg)
	b.d = u.newModal(u.t("access.addRecovery"), theme.WarningIcon(), container.NewGridWrap(fyne.NewSize(520, 260), b.body))
	b.cancel = widget.NewButton(u.t("button.cancel"), b.d.Hide)
	b.create = widget.NewButtonWithIcon(u.t("access.createRecovery"), theme.ConfirmIcon(), func() { s.addRecovery(b) })
	b.create.Importance = widget.HighImportance
	b.d.setButtons(b.cancel, b.create)
	s.recoveryReq = b
	b.d.Show()
}

// addRecovery makes a recovery key, adds its slot and shows it once.
func (s *accessScreen) addRecovery(b *recoveryRequestBox) {
	u := s.u
	label := strings.TrimSpace(b.label.Text)
	if label == "" {
		b.msg.SetText(u.t("access.needLabel"))
		b.msg.Show()
		b.body.Refresh()
		return
	}
	b.create.Disable()
	v := u.v
	u.async(func() func() {
		rk := vault.NewRecoveryKey()
		_, err := v.AddKey(rk, label)
		text := ""
		if err == nil {
			text = rk.String()
		}
		return func() {
			b.create.Enable()
			if err != nil {
				b.msg.SetText(u.t("access.addFailed", u.explain(err), err.Error()))
				b.msg.Show()
				b.body.Refresh()
				return
			}
			b.d.Hide()
			s.setStatus(u.t("access.added", label))
			s.load()
			s.recovery = u.showRecoveryKey(text)
		}
	})
}

// ---- remove ----

// remove asks before removing sl. The way this session came in and the
// last way in are refused with an explanation: without them nobody could
// open the vault again.
func (s *accessScreen) remove(sl vault.SlotInfo) {
	u := s.u
	if u.readOnly || u.v == nil {
		return
	}
	u.touch()
	switch {
	case sl.InUse:
		s.inform(u.t("access.cannotRemove"), u.t("access.inUseRefused", sl.Label))
		return
	case len(s.slots) <= 1:
		s.inform(u.t("access.cannotRemove"), u.t("access.lastRefused"))
		return
	}
	// Name the kind of way in and when it was made, so that two ways with
	// one label can be told apart; no "him": a way in may be anyone's.
	what := u.t("access.slotNamed", u.t("way."+sl.Type), sl.Label, u.dateTime(sl.Created.In(ledger.Shanghai)))
	u.confirm(u.t("access.removeTitle", sl.Label), u.t("access.removeWhat", what), u.t("access.remove"), func() {
		s.doRemove(sl)
	})
}

// doRemove removes the slot: the vault rotates the master key, marks every
// credential with a password for rotation (whoever held that way in could
// read them all) and saves, all at once.
func (s *accessScreen) doRemove(sl vault.SlotInfo) {
	u := s.u
	v := u.v
	u.async(func() func() {
		_, flagged, err := v.RemoveSlot(sl.ID)
		return func() {
			s.load()
			switch {
			case errors.Is(err, vault.ErrSlotInUse):
				s.inform(u.t("access.cannotRemove"), u.t("access.inUseRefused", sl.Label))
			case errors.Is(err, vault.ErrLastSlot):
				s.inform(u.t("access.cannotRemove"), u.t("access.lastRefused"))
			case err != nil:
				u.showError(u.t("access.removeFailed", sl.Label), err)
			default:
				s.setStatus(u.t("access.removed", sl.Label, flagged))
				if u.main != nil {
					u.main.dash.load() // the flagged credentials are due now
				}
			}
		}
	})
}
