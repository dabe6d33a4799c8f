package gui

import (
	"errors"
	"image/color"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
)

// undoKeep is how long the bar at the bottom of the window offers to undo
// the last change.
const undoKeep = 30 * time.Second

// undoStep is how to take back the last saved change of a window session:
// one level only. It holds the record as it was before the change, read in
// the same transaction as the change; a password replaced by the change is
// read back from the credential's history when the undo runs, so no
// password waits in memory for it.
type undoStep struct {
	kind string // the store's kind: "site", "entity" …
	id   string
	name string // the record's name, for the bar
	// deleted: the change deleted the record, and undo brings it back.
	deleted bool
	// created: the change made the record, and undo deletes it.
	created bool
	// password: the change replaced a credential's password.
	password bool
	// msg is the bar's text when it is not the record's save or delete (a
	// reminder snoozed or done).
	msg string
	// revert writes the record back; it runs inside one st.Write.
	revert func(w ledger.Writer) error
	// wipe forgets any secret revert holds (a contact's ID number that
	// the form had revealed).
	wipe func()
}

// forget wipes what the step holds; it can be called more than once.
func (s *undoStep) forget() {
	if s != nil && s.wipe != nil {
		s.wipe()
		s.wipe = nil
	}
}

// countingStore counts the writes that commit, so that the undo of a change
// is offered only while that change is the last one written.
type countingStore struct {
	ledger.Store
	n *atomic.Int64
}

// Write implements ledger.Store.
func (c countingStore) Write(f func(w ledger.Writer) error) error {
	err := c.Store.Write(f)
	if err == nil {
		c.n.Add(1)
	}
	return err
}

// snapshot reads the stored copy of record id of kind and returns the write
// that puts it back (which also clears a tombstone). found is false when
// there is no live record of that id: a new one.
func snapshot(w ledger.Writer, kind, id string) (restore func(w ledger.Writer) error, found bool, err error) {
	if id == "" {
		return nil, false, nil
	}
	switch kind {
	case "site":
		var s ledger.SiteRow
		if s, err = w.Site(id); err == nil {
			restore = func(w ledger.Writer) error { return w.PutSite(&s.Site) }
		}
	case "entity":
		var e ledger.Entity
		if e, err = w.Entity(id); err == nil {
			restore = func(w ledger.Writer) error { return w.PutEntity(&e) }
		}
	case "credential":
		var c ledger.Credential
		if c, err = w.Credential(id); err == nil {
			restore = func(w ledger.Writer) error { return w.PutCredential(&c) }
		}
	case "contact":
		var c ledger.Contact
		if c, err = w.Contact(id); err == nil {
			// The copy keeps the linked sites; PutContact links them again.
			restore = func(w ledger.Writer) error { return w.PutContact(&c) }
		}
	case "provider":
		var p ledger.Provider
		if p, err = w.Provider(id); err == nil {
			restore = func(w ledger.Writer) error { return w.PutProvider(&p) }
		}
	default:
		return nil, false, errors.New("no undo for a " + kind)
	}
	if errors.Is(err, ledger.ErrNotFound) {
		return nil, false, nil
	}
	return restore, err == nil, err
}

// putWithUndo runs put, the save of record id of kind ("" for a new one),
// and returns how to take it back: put the copy read before it again, or
// delete the record it made. put returns the record's id.
func putWithUndo(w ledger.Writer, kind, id string, put func() (string, error)) (string, *undoStep, error) {
	restore, found, err := snapshot(w, kind, id)
	if err != nil {
		return "", nil, err
	}
	id, err = put()
	if err != nil {
		return "", nil, err
	}
	step := &undoStep{kind: kind, id: id, revert: restore}
	if !found {
		step.created = true
		step.revert = func(w ledger.Writer) error { return w.Delete(kind, id) }
	}
	return id, step, nil
}

// deleteWithUndo deletes record id of kind and returns how to bring it
// back. A credential's password and history go with the delete, so its
// delete returns no step.
func deleteWithUndo(w ledger.Writer, kind, id string) (*undoStep, error) {
	var step *undoStep
	if kind != "credential" {
		restore, found, err := snapshot(w, kind, id)
		if err != nil {
			return nil, err
		}
		if found {
			step = &undoStep{kind: kind, id: id, deleted: true, revert: restore}
		}
	}
	return step, w.Delete(kind, id)
}

// then makes the step run more after its revert, in the same transaction.
func (s *undoStep) then(more func(w ledger.Writer) error) {
	first := s.revert
	s.revert = func(w ledger.Writer) error {
		if err := first(w); err != nil {
			return err
		}
		return more(w)
	}
}

// restorePassword sets a credential's password back to the one the last
// save replaced: the newest in its history (the replaced one goes to the
// history in turn), or none if it had none.
func restorePassword(w ledger.Writer, id string, had bool) error {
	if !had {
		return w.SetSecret("credential", id, nil)
	}
	hist, err := w.SecretHistory(id)
	defer func() {
		for _, h := range hist {
			clear(h.Secret)
		}
	}()
	if err != nil {
		return err
	}
	if len(hist) == 0 {
		return errors.New("the previous password is not in the history")
	}
	return w.SetSecret("credential", id, hist[0].Secret)
}

// undoBar is the strip at the bottom of the main window that offers to
// undo the last change.
type undoBar struct {
	box *fyne.Container
	msg *widget.Label
	btn *widget.Button
	// slot is what the window lays out: the bar over a spacer of its height.
	slot *fyne.Container
}

func newUndoBar(u *ui) *undoBar {
	b := &undoBar{}
	b.msg = widget.NewLabel("")
	b.msg.Wrapping = fyne.TextWrapWord
	b.btn = widget.NewButtonWithIcon(u.t("undo.button"), theme.ContentUndoIcon(), u.undoLast)
	b.box = container.NewBorder(widget.NewSeparator(), nil, nil, b.btn, b.msg)
	b.box.Hide()
	// The bar's place is kept while it is hidden, so the panes above do
	// not jump when it comes and goes (issue 19, item 13).
	keep := canvas.NewRectangle(color.Transparent)
	keep.SetMinSize(fyne.NewSize(0, b.box.MinSize().Height))
	b.slot = container.NewStack(keep, b.box)
	return b
}

// offerUndo shows the bar for step, a change that just committed; before
// and after are the write counts around it. If anything else was written
// in between, or the vault is read-only, nothing is offered.
func (u *ui) offerUndo(step *undoStep, before, after int64) {
	u.dropUndo()
	if step == nil {
		return
	}
	if u.readOnly || u.main == nil || after != before+1 {
		step.forget()
		return
	}
	u.undo = step
	key := "undo.saved"
	switch {
	case step.deleted:
		key = "undo.deleted"
	case step.password:
		key = "undo.savedPassword"
	}
	msg := u.t(key, step.name)
	if step.msg != "" {
		msg = step.msg
	}
	u.showUndoBar(msg, true, after)
}

// showUndoBar shows msg, with the Undo button if offer, until undoKeep
// has passed or another change is written (seq is the write count now).
func (u *ui) showUndoBar(msg string, offer bool, seq int64) {
	b := u.main.undo
	b.msg.SetText(msg)
	if offer {
		b.btn.Show()
		b.btn.Enable()
	} else {
		b.btn.Hide()
	}
	b.box.Show()
	u.main.content.Refresh()
	u.undoSeq = seq
	if u.undoTimer != nil {
		u.undoTimer.Stop()
	}
	gen := u.gen
	u.undoTimer = u.after(undoKeep, func() {
		if gen == u.gen {
			u.dropUndo()
		}
	})
}

// dropUndo forgets the last change and hides the bar.
func (u *ui) dropUndo() {
	if u.undoTimer != nil {
		u.undoTimer.Stop()
		u.undoTimer = nil
	}
	u.undo.forget()
	u.undo = nil
	if u.main != nil && u.main.undo.box.Visible() {
		u.main.undo.box.Hide()
		u.main.content.Refresh()
	}
}

// noteWrites hides the bar once some other change has been written; async
// results call it as they arrive.
func (u *ui) noteWrites() {
	if u.main != nil && !u.undoing && u.main.undo.box.Visible() && u.writes.Load() != u.undoSeq {
		u.dropUndo()
	}
}

// undoLast takes back the last change (the Undo button, or Ctrl+Z when the
// cursor is not in a text field). The step leaves u.undo at once: the
// goroutine that writes it back also wipes it.
func (u *ui) undoLast() {
	u.touch()
	step := u.undo
	if step == nil || u.undoing || u.readOnly || u.store == nil || u.main == nil {
		return
	}
	if u.writes.Load() != u.undoSeq {
		u.dropUndo() // something else changed since
		return
	}
	u.undo = nil
	u.undoing = true
	u.main.undo.btn.Disable()
	st := u.store
	writes := &u.writes
	u.async(func() func() {
		defer step.forget()
		err := st.Write(step.revert)
		seq := writes.Load()
		return func() {
			u.undoing = false
			if err != nil {
				u.dropUndo()
				u.showError(u.t("undo.failed", step.name), err)
				return
			}
			u.main.afterUndo(step)
			u.showUndoBar(u.t("undo.done", step.name), false, seq)
		}
	})
}

// afterUndo reloads what shows the record the undo wrote back: its screen
// (list and form or detail), the site details and the dashboard.
func (m *mainScreen) afterUndo(step *undoStep) {
	gone := step.created
	switch step.kind {
	case "site":
		m.sites.afterUndo(step.id, gone)
	case "entity":
		m.entities.afterUndo(step.id, gone)
	case "credential":
		m.credentials.afterUndo(step.id, gone)
	case "contact":
		m.contacts.afterUndo(step.id, gone)
	case "provider":
		m.providers.afterUndo(step.id, gone)
	}
	m.sites.stale = true
	// The screen on show may list what the change touched too (a site's
	// new provider); the dashboard recounts, which also sets the title.
	if m.current >= 0 && m.screens[m.current] != m.screenOf(step.kind) && m.current != navDashboard {
		m.screens[m.current].load()
	}
	m.dash.load()
}

// screenOf is the screen of a record kind.
func (m *mainScreen) screenOf(kind string) navScreen {
	switch kind {
	case "site":
		return m.sites
	case "entity":
		return m.entities
	case "credential":
		return m.credentials
	case "contact":
		return m.contacts
	case "provider":
		return m.providers
	}
	return nil
}

// afterUndo shows the list again and, unless a form has unsaved changes,
// the record as it is now (nothing if the undo deleted it).
func (s *sitesScreen) afterUndo(id string, gone bool) {
	s.stale = true
	s.load()
	if s.form != nil && s.form.dirty {
		return
	}
	if gone {
		if s.selected == id {
			s.selected = ""
		}
	} else {
		s.selected = id
	}
	s.closeForm()
}

// afterUndo shows the list again and, unless the form has unsaved
// changes, the record as it is now (nothing if the undo deleted it).
func (s *recordScreen) afterUndo(id string, gone bool) {
	s.load()
	if s.unsaved() {
		return
	}
	if gone {
		if s.selected == id {
			s.selected = ""
			s.closeForm()
		}
		return
	}
	s.selected = id
	s.form = nil
	s.openRecord(id)
}
