package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// The mouse wheel over a field scrolls the form it is in (issue 19, item
// 13): the site form at 900×600 is taller than the window, and turning the
// wheel with the pointer over the name field moves the form, as it does
// over a label; clicks still reach the field.
func TestWheelOverAFieldScrollsTheForm(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	h.win.Resize(fyne.NewSize(900, 600))
	h.press(scNew)
	f := h.u.main.sites.form
	if f == nil {
		t.Fatal("no form")
	}
	h.u.wait()
	d := fyne.CurrentApp().Driver()
	at := func(o fyne.CanvasObject) fyne.Position {
		return d.AbsolutePositionForObject(o).Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
	}
	field := f.domains
	before := at(field)
	test.Scroll(h.win.Canvas(), before, 0, -120)
	after := at(field)
	if after.Y >= before.Y {
		t.Fatalf("the wheel over a field did not scroll the form: field at y=%.0f, then y=%.0f", before.Y, after.Y)
	}
	// Only the wheel is taken: clicks, the pointer, drags and the keyboard
	// still reach what lies beneath.
	var o fyne.CanvasObject = newWheelCatcher(nil)
	for name, takes := range map[string]bool{
		"taps":    is[fyne.Tappable](o),
		"hover":   is[desktop.Hoverable](o),
		"presses": is[desktop.Mouseable](o),
		"drags":   is[fyne.Draggable](o),
		"focus":   is[fyne.Focusable](o),
	} {
		if takes {
			t.Errorf("the wheel catcher takes %s from the fields beneath", name)
		}
	}
}

func is[T any](o any) bool { _, ok := o.(T); return ok }
