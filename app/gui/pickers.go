package gui

import (
	"reflect"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// pickOptions shape a file dialog: the folder it starts in ("" for the
// home folder), the file name a save dialog suggests, the extensions it
// shows, and what to say when the dialog itself fails.
type pickOptions struct {
	dir   string
	name  string
	exts  []string
	title string // the error dialog's title
}

// pickSave asks where to save a file and calls save with the path chosen.
// The dialog may already have created the file; it is closed before save
// runs, which writes it again as it needs (readable by the owner only).
func (u *ui) pickSave(o pickOptions, save func(path string)) *dialog.FileDialog {
	u.touch()
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(o.title, err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		if err := w.Close(); err != nil {
			u.showError(o.title, err)
			return
		}
		save(path)
	}, u.win)
	if o.name != "" {
		d.SetFileName(o.name)
	}
	if save := u.showPicker(d, o, u.t("picker.saveTitle"), u.t("picker.save")); save != nil {
		// Saving over a file asks in English words of the toolkit's own:
		// they are put in the interface language as the question shows.
		tapped := save.OnTapped
		save.OnTapped = func() {
			before := u.win.Canvas().Overlays().Top()
			tapped()
			if top := u.win.Canvas().Overlays().Top(); top != before {
				u.translateQuestion(top)
			}
		}
	}
	return d
}

// pickOpen asks for a file to read and calls open with its path.
func (u *ui) pickOpen(o pickOptions, open func(path string)) *dialog.FileDialog {
	u.touch()
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(o.title, err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		if err := r.Close(); err != nil {
			u.showError(o.title, err)
			return
		}
		open(path)
	}, u.win)
	u.showPicker(d, o, u.t("picker.openTitle"), u.t("picker.open"))
	return d
}

// showPicker sets the title, the buttons' words, the filter and the start
// folder and shows d; it returns the dialog's confirm button (nil when not
// found). No Resize: FileDialog.Resize reads its window, which does not
// exist before Show, nor ever when the system's own chooser is used.
func (u *ui) showPicker(d *dialog.FileDialog, o pickOptions, title, confirm string) *widget.Button {
	d.SetTitleText(title)
	d.SetConfirmText(confirm)
	d.SetDismissText(u.t("button.cancel"))
	if len(o.exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(o.exts))
	}
	dir := o.dir
	if dir == "" {
		dir = u.homeDir()
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
	d.Show()
	return u.dressPicker(confirm)
}

// dressPicker names the favourite places of the file dialog just shown in
// the interface language (the toolkit names them in English) and, for the
// real-window test, reports where its file list and its confirm button
// (the one that reads confirmText) are, named file-dialog.files and
// file-dialog.confirm. It looks for the dialog's parts by their kind; a
// toolkit that builds the dialog otherwise leaves it as it is.
func (u *ui) dressPicker(confirmText string) (confirm *widget.Button) {
	content := overlayContent(u.win.Canvas().Overlays().Top())
	if content == nil {
		return nil
	}
	var places *widget.List // the split's leading side, seen before it
	walkParts(content, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *container.Split:
			if l, ok := w.Leading.(*widget.List); ok {
				places = l
				u.namePlaces(l)
			}
		case *widget.GridWrap:
			traceWhere("file-dialog.files", w)
		case *widget.List:
			if w != places {
				traceWhere("file-dialog.files", w)
			}
		case *widget.Button:
			if w.Text == confirmText {
				confirm = w
				traceWhere("file-dialog.confirm", w)
				trace("file-dialog", "confirm=%s", w.Text)
			}
		}
	})
	return confirm
}

// walkParts calls visit for o and for everything inside it that a dialog
// is built from: containers, the two sides of a split, a scroll's content
// (not the insides of widgets).
func walkParts(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walkParts(c, visit)
		}
	case *container.Split:
		walkParts(w.Leading, visit)
		walkParts(w.Trailing, visit)
	case *container.Scroll:
		walkParts(w.Content, visit)
	}
}

// overwritePrefix begins the toolkit's question before a file is replaced;
// the file's name and "?" follow.
const overwritePrefix = "Are you sure you want to overwrite the file\n"

// translateQuestion puts the toolkit's question or notice in overlay o —
// whether to replace a file, or that a folder cannot be — in the interface
// language.
func (u *ui) translateQuestion(o fyne.CanvasObject) {
	c, ok := overlayContent(o).(*fyne.Container)
	if !ok {
		return
	}
	for _, x := range c.Objects {
		l, ok := x.(*widget.Label)
		if !ok {
			continue
		}
		switch t := l.Text; {
		case t == "Overwrite?":
			l.SetText(u.t("picker.overwriteTitle"))
		case strings.HasPrefix(t, overwritePrefix):
			l.SetText(u.t("picker.overwrite", strings.TrimSuffix(strings.TrimPrefix(t, overwritePrefix), "?")))
		case t == "Cannot overwrite":
			l.SetText(u.t("picker.folderTitle"))
		case strings.HasPrefix(t, "Files cannot replace a directory"):
			l.SetText(u.t("picker.folder"))
		default:
			continue
		}
		trace("question", "text=%s", l.Text)
	}
}

// overlayContent is what overlay o shows: the content of a pop-up, which
// the toolkit may wrap in a container of its own that keeps it in an
// exported Content field. Nil when o is neither.
func overlayContent(o fyne.CanvasObject) fyne.CanvasObject {
	for range 3 {
		if p, ok := o.(*widget.PopUp); ok {
			return p.Content
		}
		v := reflect.ValueOf(o)
		if o == nil || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return nil
		}
		f := v.Elem().FieldByName("Content")
		if !f.IsValid() || !f.CanInterface() {
			return nil
		}
		next, ok := f.Interface().(fyne.CanvasObject)
		if !ok || next == nil {
			return nil
		}
		o = next
	}
	return nil
}

// namePlaces gives the favourite places in list l their names in the
// interface language.
func (u *ui) namePlaces(l *widget.List) {
	update := l.UpdateItem
	if update == nil {
		return
	}
	l.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
		update(id, item)
		c, ok := item.(*fyne.Container)
		if !ok {
			return
		}
		for _, o := range c.Objects {
			if lb, ok := o.(*widget.Label); ok {
				if n := placeName(u.lang, lb.Text); n != "" {
					lb.SetText(n)
					trace("file-dialog-place", "name=%s", n)
				}
			}
		}
	}
	l.Refresh()
}
