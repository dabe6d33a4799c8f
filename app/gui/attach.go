package gui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
)

// attachBox is the "附件 / Attachments" section of a record: the list of
// its attachments (name, size, date) with Add…, Save as… and Delete. Every
// change is its own write, saved at once; the record's form stays as it
// was. The file I/O and vault work run off Fyne's goroutine.
type attachBox struct {
	u        *ui
	kind, id string // owner kind (ledger.Owner*) and record id; id "" before the record is saved
	items    []ledger.Attachment
	rows     []*attachRow
	list     *fyne.Container
	add      *widget.Button
	status   *widget.Label
	box      *fyne.Container
	seq      int // load sequence: older results are dropped
	confirm  *confirmBox
}

// attachRow is one attachment in the list.
type attachRow struct {
	a      ledger.Attachment
	label  *widget.Label
	saveAs *widget.Button
	del    *widget.Button
}

// readAttachments reads the list a box starts with, off Fyne's goroutine
// (none for a record not saved yet).
func readAttachments(st ledger.Reader, kind, id string) ([]ledger.Attachment, error) {
	if id == "" {
		return nil, nil
	}
	return st.Attachments(kind, id)
}

// newAttachBox builds the section for record id of kind, showing items.
func newAttachBox(u *ui, kind, id string, items []ledger.Attachment) *attachBox {
	b := &attachBox{u: u, kind: kind, id: id}
	title := widget.NewLabelWithStyle(u.t("attach.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.add = widget.NewButtonWithIcon(u.t("attach.add"), theme.ContentAddIcon(), b.chooseAdd)
	hint := widget.NewLabel(u.t("attach.hint", ledger.FormatSize(ledger.MaxAttachmentSize)))
	if id == "" {
		hint.SetText(u.t("attach.saveFirst"))
	}
	hint.Importance = widget.LowImportance
	hint.Wrapping = fyne.TextWrapWord
	if id == "" || u.readOnly {
		b.add.Disable()
	}
	b.status = widget.NewLabel("")
	b.status.Wrapping = fyne.TextWrapWord
	b.status.Hide()
	b.list = container.NewVBox()
	b.box = container.NewVBox(container.NewBorder(nil, nil, nil, b.add, title), hint, b.list, b.status)
	b.show(items)
	return b
}

// show lists items.
func (b *attachBox) show(items []ledger.Attachment) {
	u := b.u
	b.items = items
	b.rows = b.rows[:0]
	b.list.RemoveAll()
	for _, a := range items {
		r := &attachRow{a: a}
		r.label = widget.NewLabel(dotLine(a.Name, ledger.FormatSize(a.Size), u.date(ledger.DateOf(a.CreatedAt))))
		r.label.Truncation = fyne.TextTruncateEllipsis
		r.saveAs = widget.NewButtonWithIcon(u.t("attach.saveAs"), theme.DocumentSaveIcon(), func() { b.chooseSave(a) })
		r.del = widget.NewButtonWithIcon(u.t("button.delete"), theme.DeleteIcon(), func() { b.askDelete(a) })
		if u.readOnly {
			r.del.Disable() // saving a copy changes nothing
		}
		b.rows = append(b.rows, r)
		b.list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(r.saveAs, r.del), r.label))
	}
	if len(items) == 0 {
		none := widget.NewLabel(u.t("attach.none"))
		none.Importance = widget.LowImportance
		b.list.Add(none)
	}
	b.list.Refresh()
}

// say shows a line under the list; danger marks a problem.
func (b *attachBox) say(msg string, danger bool) {
	b.status.Importance = widget.MediumImportance
	if danger {
		b.status.Importance = widget.DangerImportance
	}
	b.status.SetText(msg)
	b.status.Show()
}

// reload reads the list again and then shows msg.
func (b *attachBox) reload(msg string) {
	u := b.u
	st := u.store
	b.seq++
	seq := b.seq
	u.async(func() func() {
		items, err := readAttachments(st, b.kind, b.id)
		return func() {
			if seq != b.seq {
				return
			}
			if err != nil {
				u.showError(u.t("attach.loadFailed"), err)
				return
			}
			b.show(items)
			if msg != "" {
				b.say(msg, false)
			}
		}
	})
}

// chooseAdd asks for a file to attach.
func (b *attachBox) chooseAdd() {
	u := b.u
	u.pickOpen(pickOptions{title: u.t("attach.dialogFailed")}, b.addAttachment)
}

// addAttachment seals the file at path into the vault as an attachment of
// the box's record. A file over the limit is refused before it is read.
func (b *attachBox) addAttachment(path string) {
	u := b.u
	if b.id == "" || u.readOnly {
		return
	}
	st := u.store
	name := filepath.Base(path)
	u.async(func() func() {
		err := attachFile(st, b.kind, b.id, path)
		return func() {
			if err != nil {
				u.showError(u.t("attach.addFailed", name), err)
				return
			}
			b.reload(u.t("attach.added", name))
		}
	})
}

// attachFile reads the file at path and stores it as an attachment.
func attachFile(st ledger.Store, kind, id, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	if err := ledger.CheckAttachmentSize(filepath.Base(path), fi.Size()); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	defer clear(data)
	return st.Write(func(w ledger.Writer) error {
		return w.PutAttachment(&ledger.Attachment{OwnerKind: kind, OwnerID: id, Name: filepath.Base(path)}, data)
	})
}

// chooseSave asks where to save a copy of a.
func (b *attachBox) chooseSave(a ledger.Attachment) {
	u := b.u
	u.pickSave(pickOptions{name: a.Name, title: u.t("attach.saveFailed", a.Name)}, func(path string) {
		b.saveAttachment(a.ID, path)
	})
}

// saveAttachment opens attachment id and writes it to path, readable by
// the owner only (the file dialog has already asked about replacing, and
// may have created the file).
func (b *attachBox) saveAttachment(id, path string) {
	u := b.u
	u.touch()
	st := u.store
	name := filepath.Base(path)
	u.async(func() func() {
		data, err := st.OpenAttachment(id)
		if err == nil {
			err = writePrivate(path, data)
			clear(data)
		}
		return func() {
			if err != nil {
				u.showError(u.t("attach.saveFailed", name), err)
				return
			}
			b.say(u.t("attach.saved", path), false)
		}
	})
}

// askDelete asks, then deletes a.
func (b *attachBox) askDelete(a ledger.Attachment) {
	u := b.u
	if u.readOnly {
		return
	}
	u.touch()
	b.confirm = u.confirm(u.t("attach.deleteTitle"), u.t("attach.deleteAsk", a.Name), u.t("button.delete"), func() { b.deleteAttachment(a) })
}

// deleteAttachment deletes a from the vault.
func (b *attachBox) deleteAttachment(a ledger.Attachment) {
	u := b.u
	st := u.store
	u.async(func() func() {
		err := st.Write(func(w ledger.Writer) error { return w.Delete("attachment", a.ID) })
		return func() {
			if err != nil && !errors.Is(err, ledger.ErrNotFound) {
				u.showError(u.t("attach.deleteFailed", a.Name), err)
				return
			}
			b.reload(u.t("attach.deleted", a.Name))
		}
	})
}
