package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"beianledger/assets"
)

// fontResource wraps the embedded CJK font once: Fyne caches parsed faces by
// resource, so every style must hand back the same value.
var fontResource = fyne.NewStaticResource(assets.FontFile, assets.FontTTF)

// iconResource is the application icon as a Fyne resource.
var iconResource = fyne.NewStaticResource(assets.IconFile, assets.IconPNG)

// Icon returns the application icon (a white 备 on dark red, 512×512 PNG).
func Icon() fyne.Resource { return iconResource }

// Theme is Fyne's default theme with the embedded WenQuanYi Micro Hei as the
// text font, so Chinese renders on machines without CJK system fonts.
//
// Colours, icons and sizes come from [theme.DefaultTheme], which follows the
// variant (light or dark) that Fyne passes in from the system setting.
//
// Every text style (regular, bold, italic, monospace) uses the same face.
// Fyne tries the theme's font first and falls back, glyph by glyph, to its
// built-in Latin fonts and then to system fonts only; a built-in Latin bold
// or monospace font first would leave Chinese to whatever the system has,
// which on a bare machine is replacement boxes. The price: the face has one
// weight and no italic, so bold and italic text look regular (use size or
// importance for emphasis), and monospace Latin is proportional, though its
// digits are tabular. The symbol font stays Fyne's own.
//
// Text colours are made to read at WCAG AA on every surface (contrast.go),
// and the variant can be fixed to light or dark whatever the system says
// (Settings).
type Theme struct {
	base    fyne.Theme
	variant string // themeSystem, themeLight or themeDark
}

// The appearance choices of Settings, as stored in the preferences.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
	prefTheme   = "theme"
)

var _ fyne.Theme = (*Theme)(nil)

// NewTheme returns the application theme, following the system's variant.
func NewTheme() *Theme { return NewThemeVariant(themeSystem) }

// NewThemeVariant returns the application theme, light or dark whatever
// the system says for themeLight and themeDark.
func NewThemeVariant(variant string) *Theme {
	return &Theme{base: theme.DefaultTheme(), variant: variant}
}

// Color returns the default theme's colour for n in variant v (or the
// variant chosen in Settings), text colours made readable.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case themeLight:
		v = theme.VariantLight
	case themeDark:
		v = theme.VariantDark
	}
	return readableColor(t.base, n, v)
}

// Font returns the embedded CJK font for every style except the symbol font.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol && !s.Bold && !s.Italic && !s.Monospace {
		return t.base.Font(s)
	}
	return fontResource
}

// Icon returns the default theme's icon for n.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return t.base.Icon(n)
}

// Size returns the default theme's size for n.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	return t.base.Size(n)
}
