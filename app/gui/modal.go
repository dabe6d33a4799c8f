package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// modal is a small dialog on a modal pop-up. Fyne's dialog package serves
// only the file and folder pickers (letters, the recovery guide): a pop-up
// of our own keeps every button a field tests can tap.
type modal struct {
	pop     *widget.PopUp
	title   *widget.Label
	icon    *widget.Icon
	body    fyne.CanvasObject
	buttons *fyne.Container
}

// newModal builds a dialog with a title, an optional icon and content; it
// is not shown yet.
func (u *ui) newModal(title string, icon fyne.Resource, body fyne.CanvasObject) *modal {
	m := &modal{body: body}
	m.title = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.title.SizeName = theme.SizeNameSubHeadingText
	m.icon = widget.NewIcon(icon)
	if icon == nil {
		m.icon.Hide()
	}
	m.buttons = container.NewHBox(layout.NewSpacer())
	content := container.NewPadded(container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, m.icon, m.title), widget.NewSeparator()),
		m.buttons, nil, nil, body))
	m.pop = widget.NewModalPopUp(content, u.win.Canvas())
	return m
}

// setButtons puts bs, in order, at the bottom right.
func (m *modal) setButtons(bs ...*widget.Button) {
	objs := []fyne.CanvasObject{layout.NewSpacer()}
	for _, b := range bs {
		objs = append(objs, b)
	}
	m.buttons.Objects = objs
	m.buttons.Refresh()
}

// Show shows the dialog.
func (m *modal) Show() { m.pop.Show() }

// Hide closes the dialog.
func (m *modal) Hide() { m.pop.Hide() }

// Visible reports whether the dialog is open.
func (m *modal) Visible() bool { return m.pop.Visible() }

// inform shows msg under title with an OK button, in a box of w×h for the
// text, and returns the dialog.
func (u *ui) inform(title, msg string, w, h float32) *modal {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	d := u.newModal(title, theme.InfoIcon(), container.NewGridWrap(fyne.NewSize(w, h), l))
	ok := widget.NewButton(u.t("button.ok"), d.Hide)
	ok.Importance = widget.HighImportance
	d.setButtons(ok)
	d.Show()
	return d
}
