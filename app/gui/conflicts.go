package gui

import (
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
	"beianledger/vault"
)

// The conflicts of a shared vault (two writers changed one field) wait in
// the vault until someone chooses; a button in the top bar counts them and
// opens a side-by-side choice per field, secrets masked until shown. The
// same bar offers to merge the conflict copies a sync tool left beside the
// vault.

// conflictView is one open conflict with what the window shows of it.
type conflictView struct {
	c      vault.Conflict
	record string // the record's name
}

// refreshConflicts counts the open conflicts and the sync tool's copies
// and shows or hides their buttons.
func (u *ui) refreshConflicts() {
	v, m := u.v, u.main
	if v == nil || m == nil {
		return
	}
	path := u.path
	u.async(func() func() {
		cs, err := v.Conflicts()
		var copies []string
		if !vault.IsRemote(path) { // a share has no folder beside it to look in
			copies, _ = vault.ConflictCopies(path)
		}
		return func() {
			if err != nil || len(cs) == 0 {
				m.conflictsBtn.Hide()
			} else {
				m.conflictsBtn.SetText(u.t("conflicts.banner", len(cs)))
				m.conflictsBtn.Show()
			}
			m.copies = copies
			if len(copies) == 0 {
				m.copiesBtn.Hide()
			} else {
				m.copiesBtn.SetText(u.t("copies.banner", len(copies)))
				m.copiesBtn.Show()
			}
			m.content.Refresh() // the top bar makes room for them
		}
	})
}

// recordName is what the conflicts dialog calls record id of table.
func recordName(r ledger.Reader, table, id string) string {
	switch table {
	case "site":
		if s, err := r.Site(id); err == nil {
			return s.Name
		}
	case "entity":
		if e, err := r.Entity(id); err == nil {
			return e.Name
		}
	case "contact":
		if c, err := r.Contact(id); err == nil {
			return c.Name
		}
	case "provider":
		if p, err := r.Provider(id); err == nil {
			return p.Name
		}
	case "credential":
		if c, err := r.Credential(id); err == nil {
			return c.Login
		}
	}
	return id
}

// showConflicts opens the conflicts dialog.
func (u *ui) showConflicts() {
	v, st := u.v, u.store
	if v == nil {
		return
	}
	u.async(func() func() {
		cs, err := v.Conflicts()
		views := make([]conflictView, 0, len(cs))
		if err == nil {
			st.Read(func(r ledger.Reader) error {
				for _, c := range cs {
					views = append(views, conflictView{c: c, record: recordName(r, c.Table, c.RecordID)})
				}
				return nil
			})
		}
		return func() {
			if err != nil {
				u.showError(u.t("conflicts.failed"), err)
				return
			}
			u.conflictsDialog(views)
		}
	})
}

// conflictsDialog shows views, one card each.
func (u *ui) conflictsDialog(views []conflictView) {
	if u.conflictsBox != nil {
		u.conflictsBox.Hide()
	}
	list := container.NewVBox()
	intro := widget.NewLabel(u.t("conflicts.intro"))
	intro.Wrapping = fyne.TextWrapWord
	list.Add(intro)
	if len(views) == 0 {
		list.Add(widget.NewLabel(u.t("conflicts.none")))
	}
	d := u.newModal(u.t("conflicts.title"), theme.WarningIcon(), container.NewGridWrap(fyne.NewSize(680, 440), container.NewVScroll(list)))
	u.conflictsBox = d
	for _, cv := range views {
		list.Add(u.conflictCard(cv, d))
	}
	closeBtn := widget.NewButton(u.t("button.close"), d.Hide)
	d.setButtons(closeBtn)
	d.Show()
}

func (u *ui) fieldName(table, col string) string {
	if k := "conflicts.col." + col; u.t(k) != k {
		return u.t(k)
	}
	return col
}

func (u *ui) tableName(table string) string {
	if k := "conflicts.table." + table; u.t(k) != k {
		return u.t(k)
	}
	return table
}

// conflictValue is how a side's value reads in the dialog.
func (u *ui) conflictValue(c vault.Conflict, s string) string {
	switch {
	case c.Column == "deleted" && s == "1":
		return u.t("conflicts.deleted")
	case c.Column == "deleted":
		return u.t("conflicts.notDeleted")
	case c.Sealed:
		return u.t("conflicts.masked")
	case strings.TrimSpace(s) == "":
		return u.t("conflicts.empty")
	}
	return s
}

func (u *ui) when(rfc string) string {
	t, err := time.Parse(time.RFC3339, rfc)
	if err != nil {
		return rfc
	}
	return t.Local().Format("2006-01-02 15:04")
}

func (u *ui) conflictCard(cv conflictView, d *modal) fyne.CanvasObject {
	c := cv.c
	title := widget.NewLabelWithStyle(u.t("conflicts.field", u.tableName(c.Table)+" "+cv.record, u.fieldName(c.Table, c.Column)),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	kept := widget.NewLabel(u.conflictValue(c, c.Kept))
	kept.Wrapping = fyne.TextWrapWord
	other := widget.NewLabel(u.conflictValue(c, c.Other))
	other.Wrapping = fyne.TextWrapWord
	keepBtn := widget.NewButton(u.t("conflicts.keepCurrent"), func() { u.resolveConflict(cv, true) })
	takeBtn := widget.NewButton(u.t("conflicts.takeOther"), func() { u.resolveConflict(cv, false) })
	if u.readOnly {
		keepBtn.Disable()
		takeBtn.Disable()
	}
	left := container.NewVBox(widget.NewLabel(u.t("conflicts.current", c.KeptBy, u.when(c.KeptAt))), kept, keepBtn)
	right := container.NewVBox(widget.NewLabel(u.t("conflicts.other", c.OtherBy, u.when(c.OtherAt))), other, takeBtn)
	card := container.NewVBox(widget.NewSeparator(), title)
	if c.Sealed {
		v := u.v
		var reveal *widget.Button
		reveal = widget.NewButtonWithIcon(u.t("conflicts.reveal"), theme.VisibilityIcon(), func() {
			u.touch()
			k, err1 := v.ConflictValue(c.ID, true)
			o, err2 := v.ConflictValue(c.ID, false)
			if err1 == nil && err2 == nil {
				kept.SetText(string(k))
				other.SetText(string(o))
				reveal.Disable()
			}
			clear(k)
			clear(o)
		})
		card.Add(container.NewHBox(reveal))
	}
	card.Add(container.NewGridWithColumns(2, left, right))
	return card
}

// resolveConflict applies the user's choice and shows the list again.
func (u *ui) resolveConflict(cv conflictView, keepCurrent bool) {
	v := u.v
	u.async(func() func() {
		err := v.ResolveConflict(cv.c.ID, keepCurrent)
		return func() {
			if err != nil {
				u.showError(u.t("conflicts.failed"), err)
				return
			}
			u.dropUndo()
			if m := u.main; m != nil {
				m.reloadShown()
				u.showUndoBar(u.t("conflicts.resolved", cv.record), false, u.writes.Load())
			}
			u.refreshConflicts()
			u.showConflicts()
		}
	})
}

// showCopies offers to merge the sync tool's conflict copies.
func (u *ui) showCopies() {
	m := u.main
	if m == nil || len(m.copies) == 0 {
		return
	}
	names := make([]string, len(m.copies))
	for i, p := range m.copies {
		names[i] = "• " + filepath.Base(p)
	}
	l := widget.NewLabel(u.t("copies.intro", strings.Join(names, "\n")))
	l.Wrapping = fyne.TextWrapWord
	d := u.newModal(u.t("copies.title"), theme.WarningIcon(), container.NewGridWrap(fyne.NewSize(560, 260), container.NewVScroll(l)))
	cancel := widget.NewButton(u.t("button.cancel"), d.Hide)
	merge := widget.NewButton(u.t("copies.merge"), func() {
		d.Hide()
		u.mergeCopies(append([]string(nil), m.copies...))
	})
	merge.Importance = widget.HighImportance
	if u.readOnly {
		merge.Disable()
		l.SetText(l.Text + "\n\n" + u.t("copies.readOnly"))
	}
	d.setButtons(cancel, merge)
	u.copiesBox = d
	d.Show()
}

// mergeCopies merges each copy into the vault (vault.MergeFile moves it to
// the backups folder afterwards).
func (u *ui) mergeCopies(paths []string) {
	v := u.v
	u.async(func() func() {
		var records, conflicts, n int
		var failed string
		var ferr error
		for _, p := range paths {
			rep, err := v.MergeFile(p)
			if err != nil {
				failed, ferr = filepath.Base(p), err
				break
			}
			n++
			records += rep.Records
			conflicts += rep.Conflicts
		}
		return func() {
			u.dropUndo()
			if m := u.main; m != nil {
				m.reloadShown()
				u.showUndoBar(u.t("copies.merged", n, records, conflicts), false, u.writes.Load())
			}
			if ferr != nil {
				u.showError(u.t("copies.failed", failed), ferr)
			}
			u.refreshConflicts()
		}
	})
}
