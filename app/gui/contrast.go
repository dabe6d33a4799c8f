package gui

import (
	"image/color"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// # Contrast
//
// Every text colour of the theme reads at WCAG AA (4.5:1) against every
// surface text is drawn on, in the light and the dark variant: Fyne's own
// low-importance and placeholder greys are about 1.4:1 in the dark
// variant. [Theme.Color] moves a text colour that falls short towards the
// variant's foreground, in small steps, until it reaches minContrast, so
// its hue stays and the difference between normal and low-importance text
// is kept as far as AA allows. contrast_test.go computes the ratios.

// minContrast is a little above WCAG AA's 4.5:1, so rounding in the
// eight-bit colours cannot drop below it.
const minContrast = 4.6

// textColors are the colours text is drawn in on a surface.
var textColors = []fyne.ThemeColorName{
	theme.ColorNameForeground, theme.ColorNameDisabled, theme.ColorNamePlaceHolder,
	theme.ColorNameError, theme.ColorNameWarning, theme.ColorNameSuccess,
	theme.ColorNameHyperlink,
}

// surfaces are the colours text colours are drawn on.
var surfaces = []fyne.ThemeColorName{
	theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground,
	theme.ColorNameMenuBackground, theme.ColorNameButton, theme.ColorNameHeaderBackground,
}

// onColors pairs a filled colour with the text drawn on it (a high-
// importance button, a danger button …).
var onColors = map[fyne.ThemeColorName]fyne.ThemeColorName{
	theme.ColorNamePrimary: theme.ColorNameForegroundOnPrimary,
	theme.ColorNameError:   theme.ColorNameForegroundOnError,
	theme.ColorNameWarning: theme.ColorNameForegroundOnWarning,
	theme.ColorNameSuccess: theme.ColorNameForegroundOnSuccess,
}

// luminance is WCAG 2's relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).RGBA()
	lin := func(v uint32) float64 {
		s := float64(v>>8) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio of a and b (1 … 21).
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// mix is a moved the fraction f towards b (alpha kept from a).
func mix(a, b color.Color, f float64) color.Color {
	x := color.NRGBAModel.Convert(a).(color.NRGBA)
	y := color.NRGBAModel.Convert(b).(color.NRGBA)
	m := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + (float64(q)-float64(p))*f)) }
	return color.NRGBA{R: m(x.R, y.R), G: m(x.G, y.G), B: m(x.B, y.B), A: x.A}
}

// opaque draws c over the surface bg (text colours with alpha are blended).
func opaque(c, bg color.Color) color.Color {
	x := color.NRGBAModel.Convert(c).(color.NRGBA)
	if x.A == 255 {
		return x
	}
	return mix(bg, color.NRGBA{R: x.R, G: x.G, B: x.B, A: 255}, float64(x.A)/255)
}

// readable moves c towards towards until it reads at minContrast on every
// colour in bgs.
func readable(c, towards color.Color, bgs []color.Color) color.Color {
	ok := func(c color.Color) bool {
		for _, bg := range bgs {
			if contrast(opaque(c, bg), opaque(bg, color.Black)) < minContrast {
				return false
			}
		}
		return true
	}
	out := c
	for f := 0.0; f <= 1 && !ok(out); f += 0.02 {
		out = mix(c, towards, f)
	}
	return out
}

// adjusted caches the text colours readable returns, per variant.
var adjusted sync.Map // adjustKey → color.Color

type adjustKey struct {
	name    fyne.ThemeColorName
	variant fyne.ThemeVariant
}

// readableColor is base's colour n in variant v, made readable if n is a
// text colour or the text on a filled colour.
func readableColor(base fyne.Theme, n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	c := base.Color(n, v)
	isText := false
	for _, t := range textColors {
		isText = isText || t == n
	}
	var fill fyne.ThemeColorName
	for f, on := range onColors {
		if on == n {
			fill = f
		}
	}
	if !isText && fill == "" {
		return c
	}
	k := adjustKey{n, v}
	if got, ok := adjusted.Load(k); ok {
		return got.(color.Color)
	}
	var out color.Color
	if fill != "" {
		// Text on a filled colour: black or white, whichever reads.
		bg := readableColor(base, fill, v)
		out = c
		if contrast(opaque(c, bg), bg) < minContrast {
			out = color.NRGBA{A: 255}
			if contrast(color.White, bg) > contrast(color.Black, bg) {
				out = color.NRGBA{R: 255, G: 255, B: 255, A: 255}
			}
		}
	} else {
		var bgs []color.Color
		for _, s := range surfaces {
			bgs = append(bgs, base.Color(s, v))
		}
		towards := base.Color(theme.ColorNameForeground, v)
		if n == theme.ColorNameForeground {
			towards = color.White
			if v == theme.VariantLight {
				towards = color.Black
			}
		}
		out = readable(c, towards, bgs)
	}
	adjusted.Store(k, out)
	return out
}
