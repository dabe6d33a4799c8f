package gui

import (
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/awnumar/memguard"

	"beianledger/ledger"
)

// # Drafts across a lock
//
// Ctrl+L, the Lock button, the tray and the idle timer lock at once, also
// with a form half filled in. The form's fields are then kept as a draft:
// their values in the order the form shows them, sealed in a memguard
// enclave (encrypted under memguard's session key, which the lock has just
// replaced), and only for the vault file that was open. Unlocking the
// same file reopens the form with the values and says so; the user saves
// or cancels as before. A sealed field (a password, an ID number) is kept
// only if a new value was typed into it. Quitting, or opening another
// vault, drops the draft.

// draft is one unsaved form kept across a lock.
type draft struct {
	path   string // the vault file it belongs to
	screen int    // the navigation entry of the form
	id     string // the record's id, "" for a new one
	sealed *memguard.Enclave
}

// draftValue is one field's value: text, or a check box's state.
type draftValue struct {
	S string `json:"s,omitempty"`
	B bool   `json:"b,omitempty"`
}

// fieldWalk visits the input widgets under o in the order they are laid
// out: entries, select entries, selects, check boxes and radio groups.
func fieldWalk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	switch w := o.(type) {
	case nil:
	case *entry, *widget.Entry, *widget.SelectEntry, *pickEntry, *widget.Select, *widget.Check, *widget.RadioGroup:
		visit(w)
	case *fyne.Container:
		for _, c := range w.Objects {
			fieldWalk(c, visit)
		}
	case *widget.Form:
		for _, it := range w.Items {
			fieldWalk(it.Widget, visit)
		}
	case *container.Scroll:
		fieldWalk(w.Content, visit)
	case *widget.Card:
		fieldWalk(w.Content, visit)
	}
}

// captureFields reads the values of the fields under o; keep reports for
// an entry whether its text is the user's (a sealed field's revealed
// stored value is not).
func captureFields(o fyne.CanvasObject, keep func(*entry) bool) []draftValue {
	var out []draftValue
	fieldWalk(o, func(o fyne.CanvasObject) {
		var v draftValue
		switch w := o.(type) {
		case *entry:
			if keep == nil || keep(w) {
				v.S = w.Text
			}
		case *widget.Entry:
			v.S = w.Text
		case *widget.SelectEntry:
			v.S = w.Text
		case *pickEntry:
			v.S = w.Text
		case *widget.Select:
			v.S = w.Selected
		case *widget.Check:
			v.B = w.Checked
		case *widget.RadioGroup:
			v.S = w.Selected
		}
		out = append(out, v)
	})
	return out
}

// restoreFields puts vals back into the fields under o, in order; a
// change fires the fields' OnChanged, so the form counts as edited.
func restoreFields(o fyne.CanvasObject, vals []draftValue) {
	i := 0
	fieldWalk(o, func(o fyne.CanvasObject) {
		if i >= len(vals) {
			return
		}
		v := vals[i]
		i++
		switch w := o.(type) {
		case *entry:
			if w.Text != v.S && (v.S != "" || !w.Password) {
				w.SetText(v.S)
			}
		case *widget.Entry:
			if w.Text != v.S {
				w.SetText(v.S)
			}
		case *widget.SelectEntry:
			if w.Text != v.S {
				w.SetText(v.S)
			}
		case *pickEntry:
			if w.Text != v.S {
				w.SetText(v.S)
			}
		case *widget.Select:
			if w.Selected != v.S && v.S != "" {
				w.SetSelected(v.S)
			}
		case *widget.Check:
			if w.Checked != v.B {
				w.SetChecked(v.B)
			}
		case *widget.RadioGroup:
			if w.Selected != v.S && v.S != "" {
				w.SetSelected(v.S)
			}
		}
	})
}

// pendingDraft is a form's values read before the lock, sealed after it.
type pendingDraft struct {
	screen int
	id     string
	vals   []draftValue
}

// takeDrafts reads the forms with unsaved changes (before the lock).
func (m *mainScreen) takeDrafts() []pendingDraft {
	var out []pendingDraft
	if m.sites.form != nil && m.sites.form.dirty {
		f := m.sites.form
		out = append(out, pendingDraft{screen: navSites, id: f.site.ID, vals: captureFields(f.content, nil)})
	}
	for _, id := range []int{navEntities, navCredentials, navContacts, navProviders} {
		rs, ok := m.screens[id].(*recordScreen)
		if !ok || !rs.unsaved() {
			continue
		}
		f := rs.form.base()
		out = append(out, pendingDraft{screen: id, id: f.id, vals: captureFields(f.content, f.keepEntry)})
	}
	return out
}

// sealDrafts seals ps for path (after the lock has replaced memguard's
// session key); the values' bytes are wiped.
func (u *ui) sealDrafts(path string, ps []pendingDraft) {
	u.drafts = nil
	for _, p := range ps {
		b, err := json.Marshal(p.vals)
		if err != nil {
			continue // unreachable: strings and bools
		}
		u.drafts = append(u.drafts, draft{path: path, screen: p.screen, id: p.id, sealed: memguard.NewEnclave(b)})
	}
}

// restoreDrafts reopens the forms kept at the last lock if this is their
// vault; drafts of another vault are dropped.
func (u *ui) restoreDrafts() {
	ds := u.drafts
	u.drafts = nil
	restored := 0
	for _, d := range ds {
		if d.path != u.path || u.readOnly {
			continue
		}
		buf, err := d.sealed.Open()
		if err != nil {
			continue
		}
		var vals []draftValue
		err = json.Unmarshal(buf.Bytes(), &vals)
		buf.Destroy()
		if err != nil {
			continue
		}
		restored++
		u.main.reopen(d, vals)
	}
	if restored > 0 {
		trace("draft-restored", "forms=%d", restored)
		u.showUndoBar(u.t("draft.restored"), false, u.writes.Load())
	}
}

// reopen shows the form of d again and fills in vals.
func (m *mainScreen) reopen(d draft, vals []draftValue) {
	u := m.u
	if d.screen == navSites {
		m.show(navSites)
		s := m.sites
		fill := func(site ledger.Site) {
			s.afterForm = func(f *siteForm) { restoreFields(f.content, vals) }
			s.selected = site.ID
			s.openForm(site)
		}
		if d.id == "" {
			fill(ledger.Site{Kind: ledger.SiteWebsite, Status: ledger.StatusNormal})
			return
		}
		st := u.store
		u.async(func() func() {
			row, err := st.Site(d.id)
			return func() {
				if err == nil {
					fill(row.Site)
				}
			}
		})
		return
	}
	rs, ok := m.screens[d.screen].(*recordScreen)
	if !ok {
		return
	}
	m.show(d.screen)
	rs.selected = d.id
	rs.form = nil
	rs.then = func(f recordForm) { restoreFields(f.base().content, vals) }
	rs.openRecord(d.id)
}
