package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// A form in a scroll container did not scroll when the mouse wheel turned
// over one of its fields: Fyne gives a wheel event to the innermost
// scrollable object under the pointer, and every entry holds one (to follow
// its cursor), which takes the event and, for a field of one line, does
// nothing with it. wheelScroll lays a transparent object over the whole
// scroll container that takes the wheel (the innermost scrollable there)
// and scrolls the form. It is scrollable only: taps, hovers, drags (a
// field's own scroll bar) and the keyboard reach the fields beneath as
// before. A long multi-line note then scrolls with its keys and its bar,
// not the wheel.

// wheelScroll returns scroll with the wheel taken over the whole of it.
func wheelScroll(scroll *container.Scroll) fyne.CanvasObject {
	return container.NewStack(scroll, newWheelCatcher(scroll))
}

// vscrollForm is container.NewVScroll(content) for a form: the wheel
// scrolls it wherever the pointer is.
func vscrollForm(content fyne.CanvasObject) fyne.CanvasObject {
	return wheelScroll(container.NewVScroll(content))
}

type wheelCatcher struct {
	widget.BaseWidget
	target *container.Scroll
}

func newWheelCatcher(target *container.Scroll) *wheelCatcher {
	w := &wheelCatcher{target: target}
	w.ExtendBaseWidget(w)
	return w
}

func (w *wheelCatcher) Scrolled(ev *fyne.ScrollEvent) {
	w.target.Scrolled(ev)
	trace("wheel", "dy=%.0f offset=%.0f", ev.Scrolled.DY, w.target.Offset.Y)
}

func (w *wheelCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MinSize is nothing: the stack gives it the scroll container's size.
func (w *wheelCatcher) MinSize() fyne.Size { return fyne.Size{} }
