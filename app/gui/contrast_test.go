package gui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"beianledger/app/i18n"
)

// TestContrastKnownAnswers checks the ratio against WCAG's own examples.
func TestContrastKnownAnswers(t *testing.T) {
	for _, c := range []struct {
		a, b color.Color
		want float64
	}{
		{color.Black, color.White, 21},
		{color.White, color.White, 1},
		{color.NRGBA{0x77, 0x77, 0x77, 0xff}, color.White, 4.48},
		{color.NRGBA{0x34, 0x34, 0x35, 0xff}, color.NRGBA{0x17, 0x17, 0x18, 0xff}, 1.44}, // the example
	} {
		if got := contrast(c.a, c.b); got < c.want-0.02 || got > c.want+0.02 {
			t.Errorf("contrast(%v, %v) = %.2f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

// TestThemeContrast: every text colour reads at ≥ 4.5:1 on every surface,
// and the text on every filled colour on it, in light and dark, whichever
// variant is chosen (issue 19, item 12; Fyne's own greys are ~1.4:1).
func TestThemeContrast(t *testing.T) {
	for _, choice := range []string{themeSystem, themeLight, themeDark} {
		th := NewThemeVariant(choice)
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			for _, fg := range textColors {
				for _, bg := range surfaces {
					b := th.Color(bg, v)
					r := contrast(opaque(th.Color(fg, v), b), opaque(b, color.Black))
					if r < 4.5 {
						t.Errorf("%s/%d: %s on %s is %.2f:1", choice, v, fg, bg, r)
					}
				}
			}
			for fill, on := range onColors {
				b := th.Color(fill, v)
				if r := contrast(opaque(th.Color(on, v), b), b); r < 4.5 {
					t.Errorf("%s/%d: %s on %s is %.2f:1", choice, v, on, fill, r)
				}
			}
		}
	}
	// Before: what Fyne's default dark theme gives low-importance text.
	d := theme.DefaultTheme()
	bg := d.Color(theme.ColorNameBackground, theme.VariantDark)
	t.Logf("Fyne dark: disabled %.2f:1, placeholder %.2f:1; ours %.2f:1, %.2f:1",
		contrast(opaque(d.Color(theme.ColorNameDisabled, theme.VariantDark), bg), bg),
		contrast(opaque(d.Color(theme.ColorNamePlaceHolder, theme.VariantDark), bg), bg),
		contrast(opaque(NewTheme().Color(theme.ColorNameDisabled, theme.VariantDark), bg), bg),
		contrast(opaque(NewTheme().Color(theme.ColorNamePlaceHolder, theme.VariantDark), bg), bg))
}

// TestThemeChoice: Settings' appearance choice switches the variant at once
// and is remembered.
func TestThemeChoice(t *testing.T) {
	h := openWith(t, i18n.EN, fillDemo(1))
	h.u.main.show(navSettings)
	r := h.u.main.settings.theme
	r.SetSelected("Light")
	bg := h.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark)
	if luminance(bg) < 0.5 {
		t.Errorf("Light chosen, dark-variant background %v", bg)
	}
	if got := h.app.Preferences().String(prefTheme); got != themeLight {
		t.Errorf("remembered %q", got)
	}
	r.SetSelected("Dark")
	if bg := h.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight); luminance(bg) > 0.5 {
		t.Errorf("Dark chosen, light-variant background %v", bg)
	}
}
