package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
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
	u.showPicker(d, o)
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
	u.showPicker(d, o)
	return d
}

// showPicker sets the filter and the start folder and shows d. No Resize:
// FileDialog.Resize reads its window, which does not exist before Show,
// nor ever when the system's own chooser is used.
func (u *ui) showPicker(d *dialog.FileDialog, o pickOptions) {
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
}
