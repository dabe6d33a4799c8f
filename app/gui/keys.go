package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// # One way for the app's shortcuts
//
// Fyne hands a shortcut to the focused widget when that widget takes
// shortcuts at all (entries, select entries, selectable labels), and such a
// widget drops the ones it does not know: Ctrl+L in a selectable label or a
// SelectEntry did nothing. The window's main menu is consulted before the
// focused widget, whatever has the focus, so the app's shortcuts live there
// (and the menu shows them to the user). Ctrl+C, Ctrl+V, Ctrl+Z and Ctrl+A
// stay with the focused widget: they are not in the menu.

// appShortcuts lists the shortcuts the main menu carries, in menu order.
func appShortcuts() []fyne.Shortcut {
	out := []fyne.Shortcut{scFind, scNew, scSave, scLock}
	for _, sc := range scNav {
		out = append(out, sc)
	}
	return out
}

// setMenu puts the main menu up while a vault is open and takes it down
// otherwise (the start and unlock screens have no shortcuts of their own).
func (u *ui) setMenu() {
	if u.main == nil {
		u.win.SetMainMenu(nil)
		return
	}
	item := func(key string, sc fyne.Shortcut) *fyne.MenuItem {
		it := fyne.NewMenuItem(u.t(key), func() { u.shortcut(sc) })
		it.Shortcut = sc
		return it
	}
	quit := fyne.NewMenuItem(u.t("menu.quit"), u.closeRequested)
	quit.IsQuit = true
	vaultMenu := fyne.NewMenu(u.t("menu.vault"),
		item("menu.find", scFind), item("menu.new", scNew), item("menu.save", scSave),
		fyne.NewMenuItemSeparator(), item("menu.lock", scLock),
		fyne.NewMenuItemSeparator(), quit)
	var goItems []*fyne.MenuItem
	for i, sc := range scNav {
		if i < len(navKeys) {
			goItems = append(goItems, item(navKeys[i], sc))
		}
	}
	u.win.SetMainMenu(fyne.NewMainMenu(vaultMenu, fyne.NewMenu(u.t("menu.go"), goItems...)))
}

// valueLabel shows a value (a filing number, a domain …) that can be
// copied: it takes the focus on a click or Tab and then draws the theme's
// focus ring, Ctrl+C or the right-click menu copies the whole value. It
// replaces Fyne's selectable label, whose focus is invisible.
type valueLabel struct {
	widget.BaseWidget
	u       *ui
	label   *widget.Label
	focused bool
}

func newValueLabel(u *ui, text string) *valueLabel {
	v := &valueLabel{u: u, label: widget.NewLabel(text)}
	v.ExtendBaseWidget(v)
	return v
}

// SetText changes the value shown.
func (v *valueLabel) SetText(s string) { v.label.SetText(s) }

// Text is the value shown.
func (v *valueLabel) Text() string { return v.label.Text }

// CreateRenderer implements fyne.Widget.
func (v *valueLabel) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.CornerRadius = theme.InputRadiusSize()
	r := &valueRenderer{v: v, ring: ring}
	r.Refresh()
	return r
}

// FocusGained implements fyne.Focusable.
func (v *valueLabel) FocusGained() { v.focused = true; v.Refresh() }

// FocusLost implements fyne.Focusable.
func (v *valueLabel) FocusLost() { v.focused = false; v.Refresh() }

// TypedRune implements fyne.Focusable.
func (v *valueLabel) TypedRune(rune) {}

// TypedKey implements fyne.Focusable.
func (v *valueLabel) TypedKey(*fyne.KeyEvent) {}

// TypedShortcut implements fyne.Shortcutable: Ctrl+C copies the value.
func (v *valueLabel) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutCopy); ok {
		v.u.app.Clipboard().SetContent(v.label.Text)
	}
}

// Tapped implements fyne.Tappable: a click gives it the focus.
func (v *valueLabel) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		c.Focus(v)
	}
}

// TappedSecondary implements fyne.SecondaryTappable: a menu to copy.
func (v *valueLabel) TappedSecondary(ev *fyne.PointEvent) {
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	if c == nil {
		return
	}
	m := fyne.NewMenu("", fyne.NewMenuItem(v.u.t("button.copy"), func() {
		v.u.app.Clipboard().SetContent(v.label.Text)
	}))
	widget.ShowPopUpMenuAtPosition(m, c, ev.AbsolutePosition)
}

// Cursor implements desktop.Cursorable.
func (v *valueLabel) Cursor() desktop.Cursor { return desktop.TextCursor }

type valueRenderer struct {
	v    *valueLabel
	ring *canvas.Rectangle
}

func (r *valueRenderer) Layout(s fyne.Size) {
	r.ring.Resize(s)
	r.v.label.Resize(s)
}

func (r *valueRenderer) MinSize() fyne.Size { return r.v.label.MinSize() }

func (r *valueRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.ring, r.v.label}
}

func (r *valueRenderer) Refresh() {
	th := r.v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	if r.v.focused {
		r.ring.StrokeColor = th.Color(theme.ColorNameFocus, variant)
		r.ring.StrokeWidth = 2
	} else {
		r.ring.StrokeColor = color.Transparent
		r.ring.StrokeWidth = 0
	}
	r.ring.Refresh()
	r.v.label.Refresh()
}

func (r *valueRenderer) Destroy() {}
