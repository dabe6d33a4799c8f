package gui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"beianledger/assets"
)

// newTestApp returns a headless app with the application theme applied.
func newTestApp(t testing.TB) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	if tt, ok := t.(*testing.T); ok {
		// The test app applies a theme on its own goroutine: wait for it,
		// or a window built meanwhile may keep the previous theme's look.
		test.ApplyTheme(tt, NewTheme())
	} else {
		a.Settings().SetTheme(NewTheme())
	}
	return a
}

// visibleTexts returns the strings of every visible canvas.Text under o, in
// the order of the object tree (not necessarily top to bottom).
func visibleTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func TestThemeFonts(t *testing.T) {
	newTestApp(t)
	th := NewTheme()
	for _, s := range []fyne.TextStyle{
		{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true},
		{Monospace: true}, {Monospace: true, Bold: true}, {Underline: true}, {TabWidth: 8},
	} {
		r := th.Font(s)
		if r != fontResource {
			t.Errorf("Font(%+v) = %v, want the embedded CJK font", s, r.Name())
			continue
		}
		if !bytes.Equal(r.Content(), assets.FontTTF) || r.Name() != assets.FontFile {
			t.Errorf("Font(%+v) holds %q, %d bytes", s, r.Name(), len(r.Content()))
		}
	}
	sym := fyne.TextStyle{Symbol: true}
	if got, want := th.Font(sym), theme.DefaultTheme().Font(sym); got != want {
		t.Errorf("symbol font %v, want the default %v", got.Name(), want.Name())
	}
}

func TestThemeFollowsVariant(t *testing.T) {
	newTestApp(t)
	th, def := NewTheme(), theme.DefaultTheme()
	for _, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameForeground, theme.ColorNamePrimary} {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			if got, want := th.Color(n, v), def.Color(n, v); got != want {
				t.Errorf("Color(%s, %d) = %v, want %v", n, v, got, want)
			}
		}
	}
	if th.Color(theme.ColorNameBackground, theme.VariantLight) == th.Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("light and dark backgrounds are the same")
	}
	if got, want := th.Size(theme.SizeNameHeadingText), def.Size(theme.SizeNameHeadingText); got != want {
		t.Errorf("heading size %v, want %v", got, want)
	}
	if got, want := th.Icon(theme.IconNameHome), def.Icon(theme.IconNameHome); got != want {
		t.Errorf("home icon %v, want %v", got, want)
	}
}

func TestIcon(t *testing.T) {
	if r := Icon(); !bytes.Equal(r.Content(), assets.IconPNG) || !strings.HasSuffix(r.Name(), ".png") {
		t.Errorf("Icon() = %q, %d bytes", r.Name(), len(r.Content()))
	}
}
