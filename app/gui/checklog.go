package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
)

// checkResults are the results a status check can log, in the order the
// dialog offers them.
var checkResults = []string{ledger.CheckNormal, ledger.CheckProblem, ledger.CheckAction}

// checkBox is the dialog that logs a status check of one site (the
// quarterly check of the filing, as `beianledger check` does).
type checkBox struct {
	u      *ui
	s      *sitesScreen
	siteID string
	m      *modal
	date   *dateInput
	result *widget.RadioGroup
	note   *entry
	save   *widget.Button
	msg    *widget.Label
}

// logCheck opens the dialog for site; saving writes the check and shows the
// site again.
func (s *sitesScreen) logCheck(site ledger.SiteRow) *checkBox {
	u := s.u
	b := &checkBox{u: u, s: s, siteID: site.ID}
	b.date = newDateInput(u, "check.date", ledger.DateOf(u.clock.Now()))
	labels := make([]string, len(checkResults))
	for i, r := range checkResults {
		labels[i] = u.t("check.result." + r)
	}
	b.result = widget.NewRadioGroup(labels, nil)
	b.result.Horizontal = true
	b.result.Required = true
	b.result.SetSelected(labels[0])
	b.note = newEntry(u)
	b.note.SetPlaceHolder(u.t("check.noteHint"))
	b.msg = newErrorMsg()
	intro := widget.NewLabel(u.t("check.intro", dotLine(site.Number, site.Name)))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(u.t("check.date"), b.date.box),
		widget.NewFormItem(u.t("check.result"), b.result),
		widget.NewFormItem(u.t("check.note"), b.note),
	)
	b.m = u.newModal(u.t("check.title"), theme.ConfirmIcon(), container.NewVBox(intro, form, b.msg))
	cancel := widget.NewButton(u.t("button.cancel"), b.m.Hide)
	b.save = widget.NewButtonWithIcon(u.t("check.save"), theme.DocumentSaveIcon(), b.submit)
	b.save.Importance = widget.HighImportance
	b.m.setButtons(cancel, b.save)
	b.m.pop.Resize(fyne.NewSize(520, b.m.pop.MinSize().Height))
	b.m.Show()
	trace("check-dialog", "site=%s", site.ID)
	u.win.Canvas().Focus(b.note)
	return b
}

// submit validates the date and writes the check off the UI goroutine.
func (b *checkBox) submit() {
	u := b.u
	u.touch()
	if u.store == nil || u.readOnly {
		return
	}
	d, ok := b.date.value(u)
	if !ok {
		return
	}
	if today := ledger.DateOf(u.clock.Now()); today.Before(d) {
		b.fail(u.t("check.future"))
		return
	}
	result := checkResults[0]
	for i, r := range checkResults {
		if u.t("check.result."+r) == b.result.Selected {
			result = checkResults[i]
		}
	}
	c := ledger.StatusCheck{SiteID: b.siteID, Date: d, Result: result, Note: strings.TrimSpace(b.note.Text)}
	st := u.store
	b.save.Disable()
	u.async(func() func() {
		err := st.Write(func(w ledger.Writer) error { return w.PutCheck(&c) })
		return func() {
			b.save.Enable()
			if err != nil {
				b.fail(u.explain(err))
				return
			}
			b.m.Hide()
			b.s.showDetail(b.siteID)
			b.s.load() // the list shows the last check
			if u.main != nil {
				u.main.dash.load() // the quarter's check is done
			}
		}
	})
}

func (b *checkBox) fail(msg string) {
	b.msg.SetText(msg)
	b.msg.Show()
	b.m.pop.Resize(fyne.NewSize(b.m.pop.Size().Width, b.m.pop.MinSize().Height))
}
