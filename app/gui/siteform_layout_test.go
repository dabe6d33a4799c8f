package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// Item 13: a warning that comes and goes while a date is typed does not
// move the fields below it: once shown, its lines stay reserved while the
// form is open.
func TestSiteFormDoesNotJumpWhileTyping(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	h.win.Resize(fyne.NewSize(1100, 700))
	u := h.u
	u.shortcut(scNew)
	u.wait()
	f := u.main.sites.form
	below := f.dates[1].e
	where := func() fyne.Position {
		u.wait()
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(below)
	}
	test.Type(f.dates[0].e, "2024-0") // on its way to a date: warned
	if !f.dates[0].warn.Visible() {
		t.Fatal("no warning for a half-typed date")
	}
	warned := where()
	test.Type(f.dates[0].e, "1-05") // 2024-01-05: valid
	if f.dates[0].warn.Text != "" {
		t.Fatalf("warning %q for a valid date", f.dates[0].warn.Text)
	}
	if got := where(); got != warned {
		t.Errorf("the next field moved from %v to %v when the warning went", warned, got)
	}
	test.Type(f.dates[0].e, "x")
	if got := where(); got != warned {
		t.Errorf("the next field moved from %v to %v when the warning came back", warned, got)
	}
}
