package gui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/vault"
)

// changePassBox changes the passphrase this session was unlocked with:
// the current one again, the new one twice, and the strength meter. The
// vault replaces the slot's key without a removal, so no password is
// marked for rotation.
type changePassBox struct {
	*newPassFields
	d          *modal
	cur        *entry
	msg        *widget.Label
	progress   *widget.ProgressBarInfinite
	ok, cancel *widget.Button
	body       *fyne.Container
}

// ownPassphrase is the slot this session unlocked, when it is a
// passphrase.
func (s *accessScreen) ownPassphrase() (vault.SlotInfo, bool) {
	for _, sl := range s.slots {
		if sl.InUse && sl.Type == wayPassphrase {
			return sl, true
		}
	}
	return vault.SlotInfo{}, false
}

// updateChangeBtn enables "change my passphrase" only when there is one.
func (s *accessScreen) updateChangeBtn() {
	if _, ok := s.ownPassphrase(); ok && !s.u.readOnly {
		s.changeBtn.Enable()
	} else {
		s.changeBtn.Disable()
	}
}

func (s *accessScreen) showChangePassphrase() {
	u := s.u
	if u.readOnly || u.v == nil {
		return
	}
	u.touch()
	if _, ok := s.ownPassphrase(); !ok {
		s.setStatus(u.t("access.changeOnlyPassphrase"))
		return
	}
	b := &changePassBox{}
	b.cur = newPasswordEntry(u)
	b.cur.SetPlaceHolder(u.t("access.changeCurrent"))
	b.newPassFields = u.newPassphraseFields(u.t("access.changeNew"), s.changeWords)
	b.msg = newErrorMsg()
	b.progress = newProgress()
	note := widget.NewLabel(u.t("access.changeNote"))
	note.Wrapping = fyne.TextWrapWord
	b.body = container.NewVBox(note,
		widget.NewLabel(u.t("access.changeCurrent")), b.cur,
		widget.NewLabel(u.t("access.changeNew")), b.pass, b.meter(),
		b.confirm, b.msg, b.progress)
	b.d = u.newModal(u.t("access.changePassphrase"), theme.LoginIcon(), container.NewGridWrap(fyne.NewSize(520, 440), b.body))
	b.cancel = widget.NewButton(u.t("button.cancel"), func() { b.clear(); b.d.Hide() })
	b.ok = widget.NewButtonWithIcon(u.t("access.changeOK"), theme.ConfirmIcon(), func() { s.changePassphrase(b) })
	b.ok.Importance = widget.HighImportance
	b.confirm.OnSubmitted = func(string) { s.changePassphrase(b) }
	b.d.setButtons(b.cancel, b.ok)
	s.changeBox = b
	b.d.Show()
	u.win.Canvas().Focus(b.cur)
}

// changeWords are the words the context makes guessable: the vault's file
// name and the slot's label.
func (s *accessScreen) changeWords() []string {
	words := vaultWords(s.u.path)
	if sl, ok := s.ownPassphrase(); ok {
		words = append(words, sl.Label)
	}
	return words
}

func (b *changePassBox) fail(msg string) {
	b.msg.SetText(msg)
	b.msg.Show()
	b.body.Refresh()
}

// clear empties the passphrase fields.
func (b *changePassBox) clear() {
	b.cur.SetText("")
	b.pass.SetText("")
	b.confirm.SetText("")
}

// changePassphrase checks the form, then has the vault re-key the slot off
// Fyne's goroutine (the key derivation takes a second or two).
func (s *accessScreen) changePassphrase(b *changePassBox) {
	u := s.u
	if b.ok.Disabled() {
		return
	}
	switch {
	case b.cur.Text == "":
		b.fail(u.t("access.changeNeedCurrent"))
		u.win.Canvas().Focus(b.cur)
		return
	case b.pass.Text == "":
		b.fail(u.t("start.needPass"))
		u.win.Canvas().Focus(b.pass)
		return
	case b.pass.Text != b.confirm.Text:
		b.fail(u.t("start.mismatch"))
		u.win.Canvas().Focus(b.confirm)
		return
	case b.pass.Text == b.cur.Text:
		b.fail(u.t("access.changeSame"))
		u.win.Canvas().Focus(b.pass)
		return
	}
	if e := estimatePassphrase(b.pass.Text, s.changeWords()...); e.score < minPassphraseScore {
		b.fail(u.weakMessage(e))
		u.win.Canvas().Focus(b.pass)
		return
	}
	b.msg.Hide()
	b.body.Refresh()
	cur, pass := []byte(b.cur.Text), []byte(b.pass.Text)
	v, kdf := u.v, u.open.KDF
	setBusy(true, b.progress, b.ok, b.cancel, b.cur, b.pass, b.confirm)
	b.body.Refresh()
	u.async(func() func() {
		k := kdf()
		sl, err := v.ChangePassphrase(vault.NewPassphrase(cur, k), vault.NewPassphrase(pass, k))
		return func() {
			setBusy(false, b.progress, b.ok, b.cancel, b.cur, b.pass, b.confirm)
			b.body.Refresh()
			if err != nil {
				b.fail(u.t("access.changeFailed", u.explain(err), err.Error()))
				if errors.Is(err, vault.ErrWrongKey) {
					u.win.Canvas().Focus(b.cur)
				}
				return
			}
			b.clear()
			b.d.Hide()
			s.setStatus(u.t("access.changed", sl.Label))
			s.load()
		}
	})
}
