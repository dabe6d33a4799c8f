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
	siteID string   // the first (or only) site
	sites  []string // every site the check is logged for
	after  func()   // runs once the checks are saved (a bulk log)
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
	return s.logChecks([]string{site.ID}, []string{dotLine(site.Number, site.Name)}, nil)
}

// logChecks opens the dialog for the sites ids (named names): one result,
// date and note logged for each of them at once — the quarter's checks of
// many sites from the dashboard. after runs once they are saved.
func (s *sitesScreen) logChecks(ids, names []string, after func()) *checkBox {
	u := s.u
	b := &checkBox{u: u, s: s, siteID: ids[0], sites: ids, after: after}
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
	intro := widget.NewLabel(u.t("check.intro", names[0]))
	if len(ids) > 1 {
		shown := names
		if len(shown) > 6 {
			shown = append(append([]string{}, names[:5]...), u.t("check.andMore", len(names)-5))
		}
		intro.SetText(u.t("check.introMany", len(ids), strings.Join(shown, "\n")))
	}
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
	trace("check-dialog", "site=%s sites=%d", ids[0], len(ids))
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
	note := strings.TrimSpace(b.note.Text)
	st := u.store
	b.save.Disable()
	ids := b.sites
	u.async(func() func() {
		// One write: all the checks or none.
		err := st.Write(func(w ledger.Writer) error {
			for _, id := range ids {
				c := ledger.StatusCheck{SiteID: id, Date: d, Result: result, Note: note}
				if err := w.PutCheck(&c); err != nil {
					return err
				}
			}
			return nil
		})
		return func() {
			b.save.Enable()
			if err != nil {
				b.fail(u.explain(err))
				return
			}
			b.m.Hide()
			if len(ids) == 1 {
				b.s.showDetail(b.siteID)
			} else if u.main != nil {
				u.showUndoBar(u.t("check.loggedMany", len(ids), u.t("check.result."+result)), false, u.writes.Load())
			}
			if b.after != nil {
				b.after()
			}
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
