package gui

import (
	"testing"

	"fyne.io/fyne/v2"

	"beianledger/app/i18n"
)

// Item 18: every main screen fits a 900×600 window in both languages: the
// window's content needs no more than that.
func TestScreensFit900x600(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h := openWith(t, lang, fillDemo(5))
		h.win.Resize(fyne.NewSize(900, 600))
		for nav := navDashboard; nav < navCount; nav++ {
			h.u.main.show(nav)
			h.u.wait()
			if m := h.win.Canvas().Content().MinSize(); m.Width > 900 || m.Height > 600 {
				t.Errorf("%s, screen %d: needs %.0f×%.0f", lang, nav, m.Width, m.Height)
			}
		}
	}
}

// Opening any letter kind (the English materials checklist among them) does
// not make the window need more than 900×600.
func TestLetterKindsFit900x600(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h := openWith(t, lang, fillDemo(5))
		h.win.Resize(fyne.NewSize(900, 600))
		s := h.letters()
		h.pickSite(s.picker, "ICP")
		for i, k := range s.kinds {
			s.kind.SetSelectedIndex(i)
			h.u.wait()
			for j := range s.scenario.Options {
				if !s.scenBox.Visible() && j > 0 {
					break
				}
				s.scenario.SetSelectedIndex(j)
				h.u.wait()
				if m := h.win.Canvas().Content().MinSize(); m.Width > 900 || m.Height > 600 {
					t.Errorf("%s, %s, scenario %d: needs %.0f×%.0f", lang, k.ID, j, m.Width, m.Height)
				}
			}
		}
	}
}
