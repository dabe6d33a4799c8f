package gui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// TestDraftSurvivesLock: Ctrl+L with a half-filled site form locks at
// once, and unlocking the same vault brings the form back with what was
// typed (issue 19, item 8: the lock discarded it silently).
func TestDraftSurvivesLock(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	h.press(scNew)
	f := h.u.main.sites.form
	if f == nil {
		t.Fatal("no form")
	}
	test.Type(f.name, "锁定前的草稿")
	test.Type(f.domains, "draft.example.cn")
	h.pressIn(f.name, scLock)
	if h.u.main != nil {
		t.Fatal("Ctrl+L with an unsaved form did not lock")
	}
	if len(h.u.drafts) != 1 || h.u.drafts[0].sealed == nil {
		t.Fatalf("drafts %+v", h.u.drafts)
	}
	h.unlock(testPass)
	g := h.u.main.sites.form
	if g == nil {
		t.Fatal("the form did not come back after unlocking")
	}
	if g.name.Text != "锁定前的草稿" || g.domains.Text != "draft.example.cn" || !g.dirty {
		t.Fatalf("restored %q %q dirty=%t", g.name.Text, g.domains.Text, g.dirty)
	}
	if bar := h.u.main.undo; !bar.box.Visible() || bar.msg.Text != h.u.t("draft.restored") {
		t.Errorf("no word of the restored form: %q", bar.msg.Text)
	}
	h.saveNow()
	if rows, err := h.u.store.Search("锁定前的草稿", 10); err != nil || len(rows) != 1 {
		t.Fatalf("the restored draft was not saved: %v %v", rows, err)
	}
	// Nothing is kept once restored.
	h.press(scLock)
	h.unlock(testPass)
	if h.u.main.sites.form != nil {
		t.Error("a saved draft came back again")
	}
}

// TestDraftKeepsNewPasswordOnly: a credential form's new password is kept
// sealed across the lock; an edited login too.
func TestDraftKeepsNewPassword(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("old-secret-1"))
	rs := h.openScreen(navCredentials)
	id := rs.rows[0].id
	f := h.pick(rs, id).(*credForm)
	f.login.SetText("new-login")
	test.Type(f.secret.e, "Brand-new-9")
	h.press(scLock)
	h.unlock(testPass)
	h.u.wait()
	g, ok := h.u.main.credentials.form.(*credForm)
	if !ok || g.id != id {
		t.Fatal("the credential form did not come back")
	}
	if g.login.Text != "new-login" || g.secret.e.Text != "Brand-new-9" || !g.dirty {
		t.Fatalf("restored login %q secret %q dirty=%t", g.login.Text, g.secret.e.Text, g.dirty)
	}
}
