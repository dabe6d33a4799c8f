package gui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
)

// A field changed in an open form and, differently, by another writer
// whose save came in meanwhile: the form's value is saved and the other
// writer's is kept as a conflict (with who saved it), not dropped.
func TestFormAndOtherWriterOnOneFieldKeepAConflict(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("Old-Secret1!"))
	u := h.u
	s := u.main.sites
	d := h.selectFirst()
	id := s.selected
	other := h.copyOut()
	test.Tap(d.edit)
	u.wait()
	s.form.notes.SetText("王五的备注")
	h.saveElsewhere(other, func(w ledger.Writer) error {
		r, err := w.Site(id)
		if err != nil {
			return err
		}
		r.Notes = "张三的备注"
		r.Licence = "京B2-20260001"
		return w.PutSite(&r.Site)
	})
	u.reloadFromDisk(time.Time{})
	u.wait()
	h.saveNow()
	got, err := u.store.Site(id)
	if err != nil || got.Notes != "王五的备注" || got.Licence != "京B2-20260001" {
		t.Fatalf("after saving the form: notes %q licence %q %v", got.Notes, got.Licence, err)
	}
	cs, err := u.v.Conflicts()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].RecordID != id || cs[0].Column != "notes" || cs[0].Kept != "王五的备注" || cs[0].Other != "张三的备注" || cs[0].OtherBy == "" {
		t.Fatalf("conflicts: %+v", cs)
	}
	if !u.main.conflictsBtn.Visible() {
		t.Error("the conflicts button is not shown")
	}
}

// The same in a record form (an entity): the conflict is kept and shown.
func TestRecordFormAndOtherWriterKeepAConflict(t *testing.T) {
	h := openWith(t, i18n.EN, withContactData)
	u := h.u
	rs := h.openScreen(navEntities)
	id := rs.rows[0].id
	other := h.copyOut()
	f := h.pick(rs, id).(*entityForm)
	f.notes.SetText("Wang's note")
	h.saveElsewhere(other, func(w ledger.Writer) error {
		e, err := w.Entity(id)
		if err != nil {
			return err
		}
		e.Notes = "Zhang's note"
		return w.PutEntity(&e)
	})
	u.reloadFromDisk(time.Time{})
	u.wait()
	h.saveNow()
	cs, err := u.v.Conflicts()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Table != "entity" || cs[0].Column != "notes" || cs[0].Kept != "Wang's note" || cs[0].Other != "Zhang's note" {
		t.Fatalf("conflicts: %+v", cs)
	}
	if !u.main.conflictsBtn.Visible() {
		t.Error("the conflicts button is not shown")
	}
}
