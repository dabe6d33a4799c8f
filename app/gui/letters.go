package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// lettersScreen is the letters entry of the navigation.
type lettersScreen struct {
	u       *ui
	content fyne.CanvasObject
}

func newLettersScreen(u *ui) *lettersScreen {
	return &lettersScreen{u: u, content: widget.NewLabel(u.t("nav.letters"))}
}

func (s *lettersScreen) view() fyne.CanvasObject { return s.content }
func (s *lettersScreen) load()                   {}
