package gui

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"beianledger/app/i18n"
	"beianledger/assets"
)

// newTestApp returns a headless app with the application theme applied.
func newTestApp(t *testing.T) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewTheme())
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

func TestPlaceholderWindowChinese(t *testing.T) {
	a := newTestApp(t)
	const vault = "/home/李堃/备案台账.vault"
	w := newMainWindow(a, Options{Lang: i18n.ZH, VaultPath: vault})
	t.Cleanup(w.Close)
	w.Show()

	if got := w.Title(); got != "备案台账" {
		t.Errorf("title %q, want 备案台账", got)
	}
	texts := visibleTexts(w.Canvas().Content())
	joined := strings.Join(texts, "")
	if !slices.Contains(texts, "备案台账") {
		t.Errorf("no heading 备案台账 among %q", texts)
	}
	for _, want := range []string{
		i18n.T(i18n.ZH, "app.tagline"),
		i18n.T(i18n.ZH, "placeholder.body"),
		"保险库文件：" + vault,
		"退出",
	} {
		// Wrapped labels split their text over several canvas.Text lines;
		// Chinese wraps without dropping characters, paths break anywhere.
		if !strings.Contains(joined, want) {
			t.Errorf("canvas lacks %q; texts: %q", want, texts)
		}
	}

	test.AssertRendersToMarkup(t, "placeholder_zh.xml", w.Canvas())
	// The image golden shows the glyphs themselves: Chinese from the
	// embedded font, not replacement boxes.
	test.AssertRendersToImage(t, "placeholder_zh.png", w.Canvas())
}

func TestPlaceholderWindowEnglishNoVault(t *testing.T) {
	a := newTestApp(t)
	w := newMainWindow(a, Options{Lang: i18n.EN})
	t.Cleanup(w.Close)
	w.Show()

	if got := w.Title(); got != "Beian Ledger" {
		t.Errorf("title %q", got)
	}
	texts := visibleTexts(w.Canvas().Content())
	if !slices.Contains(texts, "Beian Ledger") {
		t.Errorf("no heading among %q", texts)
	}
	for _, s := range texts {
		if strings.Contains(s, "Vault file") {
			t.Errorf("vault line %q shown without a vault", s)
		}
	}
	test.AssertRendersToMarkup(t, "placeholder_en.xml", w.Canvas())
}

func TestPlaceholderQuit(t *testing.T) {
	newTestApp(t)
	quits := 0
	p := newPlaceholder(Options{Lang: i18n.ZH}, func() { quits++ })
	w := test.NewTempWindow(t, p.content)
	w.Resize(fyne.NewSize(900, 600))

	if p.quit.Text != "退出" {
		t.Errorf("quit button %q", p.quit.Text)
	}
	test.Tap(p.quit)
	if quits != 1 {
		t.Errorf("quit tapped: onQuit ran %d times, want 1", quits)
	}
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
