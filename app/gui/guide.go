package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// guideScreen is the guide entry of the navigation.
type guideScreen struct {
	u       *ui
	content fyne.CanvasObject
}

func newGuideScreen(u *ui) *guideScreen {
	return &guideScreen{u: u, content: widget.NewLabel(u.t("nav.guide"))}
}

func (s *guideScreen) view() fyne.CanvasObject { return s.content }
func (s *guideScreen) load()                   {}
