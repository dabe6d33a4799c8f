package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/vault"
)

// changeBox asks before opening a vault that is not as this computer last
// saw it: an older copy put back, ways in added or removed by someone else,
// or the unsigned old format.
type changeBox struct {
	d              *modal
	cancel, accept *widget.Button
	text           string
}

// showChanged says what changed and who signed the file, and opens it only
// when the user confirms having checked.
func (s *unlockScreen) showChanged(ce *vault.ChangeError, opts vault.Options) {
	u := s.u
	b := &changeBox{}
	lines := i18n.DescribeChange(u.lang, ce)
	b.text = strings.Join(lines, "\n\n") + "\n\n" + u.t("change.advice")
	u.lastError = b.text
	msg := widget.NewLabel(b.text)
	msg.Wrapping = fyne.TextWrapWord
	b.d = u.newModal(u.t("change.title"), theme.WarningIcon(), container.NewGridWrap(fyne.NewSize(540, 300), container.NewVScroll(msg)))
	b.cancel = widget.NewButton(u.t("button.cancel"), func() { b.d.Hide() })
	b.accept = widget.NewButton(u.t("change.continue"), func() {
		b.d.Hide()
		o := opts
		o.AcceptRollback = o.AcceptRollback || ce.Rollback
		o.AcceptChanges = o.AcceptChanges || ce.SlotsChanged()
		s.submit(o)
	})
	b.accept.Importance = widget.DangerImportance
	b.d.setButtons(b.cancel, b.accept)
	s.changeBox = b
	b.d.Show()
}
