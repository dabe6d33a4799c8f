package gui

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
)

// canvasShortcut types s as the window does when no widget has the
// focus: to the shortcuts registered on the canvas (the test canvas keeps
// them in the software canvas it wraps).
func (h *harness) canvasShortcut(s fyne.Shortcut) {
	h.t.Helper()
	c, ok := reflect.ValueOf(h.win.Canvas()).Elem().FieldByName("WindowlessCanvas").Interface().(fyne.Shortcutable)
	if !ok {
		h.t.Fatal("the canvas takes no shortcuts")
	}
	c.TypedShortcut(s)
}

// undoOffered reports whether the bar shows with its Undo button, and
// fails the test unless it says want.
func (h *harness) undoOffered(want string) {
	h.t.Helper()
	b := h.u.main.undo
	if !b.box.Visible() || !b.btn.Visible() || b.btn.Disabled() || h.u.undo == nil {
		h.t.Fatalf("no undo offered (bar %v, %q)", b.box.Visible(), b.msg.Text)
	}
	if !strings.Contains(b.msg.Text, want) {
		h.t.Errorf("bar says %q, want %q in it", b.msg.Text, want)
	}
}

// undoNow taps Undo and fails the test on an error; the bar then says it
// was undone and offers nothing more.
func (h *harness) undoNow() {
	h.t.Helper()
	h.u.lastError = ""
	test.Tap(h.u.main.undo.btn)
	h.u.wait()
	if h.u.lastError != "" {
		h.t.Fatalf("undo failed: %s", h.u.lastError)
	}
	b := h.u.main.undo
	if !b.box.Visible() || b.btn.Visible() || h.u.undo != nil || !strings.Contains(b.msg.Text, "已撤销") {
		h.t.Errorf("after undo the bar shows %v %q, button %v", b.box.Visible(), b.msg.Text, b.btn.Visible())
	}
}

func TestUndoSiteEdit(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("Old-Secret1!"))
	u := h.u
	s := u.main.sites
	d := h.selectFirst()
	id := s.selected
	if u.main.undo.box.Visible() {
		t.Fatal("undo bar before any change")
	}
	test.Tap(d.edit)
	u.wait()
	s.form.name.SetText("改过的名称")
	s.form.notes.SetText("备注")
	h.saveNow()
	if got, _ := u.store.Site(id); got.Name != "改过的名称" {
		t.Fatalf("saved name %q", got.Name)
	}
	h.undoOffered("已保存“改过的名称”")
	h.undoNow()
	got, err := u.store.Site(id)
	if err != nil || got.Name != "示例网站" || got.Notes != "" || got.Number != "京ICP备11018762号-1" {
		t.Fatalf("after undo %+v %v", got, err)
	}
	// The list and the detail show the site as it was.
	if s.form != nil || s.detailBox == nil || s.selected != id || len(s.rows) != 1 || s.rows[0].Name != "示例网站" {
		t.Errorf("screen after undo: form %v, detail %v, rows %+v", s.form != nil, s.detailBox != nil, s.rows)
	}
	// One level only: Ctrl+Z now does nothing.
	h.canvasShortcut(&fyne.ShortcutUndo{})
	u.wait()
	if got, _ := u.store.Site(id); got.Name != "示例网站" {
		t.Errorf("a second undo changed the site: %q", got.Name)
	}
}

func TestUndoNewEntityWithCtrlZ(t *testing.T) {
	h := openWith(t, i18n.ZH, withContactData)
	u := h.u
	rs := h.openScreen(navEntities)
	before := rs.rowCount()
	f := h.newForm(rs).(*entityForm)
	test.Type(f.name, "撤销测试有限公司")
	// Ctrl+Z in the field undoes typing, not a save.
	f.name.TypedShortcut(&fyne.ShortcutUndo{})
	if f.name.Text == "撤销测试有限公司" {
		t.Fatal("Ctrl+Z in the field did not undo typing")
	}
	f.name.SetText("撤销测试有限公司")
	h.saveNow()
	id := rs.form.base().id
	if _, err := u.store.Entity(id); err != nil {
		t.Fatal(err)
	}
	h.undoOffered("撤销测试有限公司")
	// Ctrl+Z with the cursor in a field stays the field's.
	rs.form.(*entityForm).notes.TypedShortcut(&fyne.ShortcutUndo{})
	u.wait()
	if _, err := u.store.Entity(id); err != nil {
		t.Fatal("Ctrl+Z in a field undid the save")
	}
	// Elsewhere it undoes the save: the new entity is gone.
	u.win.Canvas().Unfocus()
	h.canvasShortcut(&fyne.ShortcutUndo{})
	u.wait()
	if _, err := u.store.Entity(id); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("undone entity: %v", err)
	}
	if rs.rowCount() != before || rs.form != nil || rs.selected != "" {
		t.Errorf("%d rows (was %d), form %v, selected %q", rs.rowCount(), before, rs.form != nil, rs.selected)
	}
	if !strings.Contains(u.main.undo.msg.Text, "已撤销") {
		t.Errorf("bar says %q", u.main.undo.msg.Text)
	}
}

// withProvider adds a provider with every field and a site it serves.
func withProvider(w ledger.Writer) error {
	p := &ledger.Provider{Name: "示例云", Aliases: []string{"shiliyun", "示例"}, ConsoleURL: "https://console.example.cn",
		Hotline: "95000", AccountManager: "赵经理", Materials: "营业执照", Notes: "年框合同"}
	if err := w.PutProvider(p); err != nil {
		return err
	}
	return w.PutSite(&ledger.Site{Name: "示例官网", Number: "京ICP备11018762号-1", ProviderID: p.ID})
}

func TestUndoProviderDelete(t *testing.T) {
	h := openWith(t, i18n.EN, withProvider)
	u := h.u
	rs := h.openScreen(navProviders)
	id := rs.rows[0].id
	want, _ := u.store.Provider(id)
	f := h.pick(rs, id).(*providerForm)
	test.Tap(f.delBtn)
	test.Tap(rs.confirmDel.ok)
	u.wait()
	if _, err := u.store.Provider(id); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("provider not deleted: %v", err)
	}
	h.undoOffered("Deleted “示例云”")
	test.Tap(u.main.undo.btn)
	u.wait()
	got, err := u.store.Provider(id)
	if err != nil {
		t.Fatalf("provider not back: %v", err)
	}
	got.UpdatedAt, want.UpdatedAt = want.UpdatedAt, got.UpdatedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("back as %+v, was %+v", got, want)
	}
	if !strings.HasPrefix(u.main.undo.msg.Text, "Undone") || u.main.undo.btn.Visible() {
		t.Errorf("bar says %q", u.main.undo.msg.Text)
	}
	// The list and the form show it again; the site finds its provider.
	if rs.rowCount() != 1 || rs.selected != id || rs.form == nil || rs.form.(*providerForm).name.Text != "示例云" {
		t.Errorf("%d rows, selected %q, form %v", rs.rowCount(), rs.selected, rs.form != nil)
	}
	if rows, _ := u.store.Sites(); len(rows) != 1 || rows[0].ProviderName != "示例云" {
		t.Errorf("site rows %+v", rows)
	}
}

func TestUndoCredentialPassword(t *testing.T) {
	const old, changed = "Old-Secret1!", "New-Secret2@"
	h := openWith(t, i18n.ZH, withCredential(old))
	u := h.u
	rs := h.openScreen(navCredentials)
	id := rs.rows[0].id
	f := h.pick(rs, id).(*credForm)
	test.Type(f.secret.e, changed)
	h.saveNow()
	reveal := func() string {
		t.Helper()
		b, err := u.store.Reveal("credential", id)
		if err != nil {
			t.Fatal(err)
		}
		defer clear(b)
		return string(b)
	}
	if got := reveal(); got != changed {
		t.Fatalf("saved password %q", got)
	}
	h.undoOffered("新密码留在密码历史中")
	h.undoNow()
	if got := reveal(); got != old {
		t.Errorf("after undo the password is %q", got)
	}
	// The replaced one went to the history.
	hist, err := u.store.SecretHistory(id)
	if err != nil || len(hist) == 0 || string(hist[0].Secret) != changed {
		t.Errorf("history after undo: %d entries, %v", len(hist), err)
	}
	for _, e := range hist {
		clear(e.Secret)
	}
	if c, _ := u.store.Credential(id); !c.HasSecret || c.LastRotated != (ledger.Date{}) {
		t.Errorf("credential after undo %+v", c)
	}

	// A credential's delete warns that it cannot be undone, and offers no undo.
	f = rs.form.(*credForm)
	test.Tap(f.delBtn)
	if c := u.lastConfirm; c == nil || !strings.Contains(strings.Join(visibleTexts(c.d.body), " "), "不能撤销") {
		t.Fatal("the delete asks without saying it cannot be undone")
	}
	test.Tap(u.lastConfirm.ok)
	u.wait()
	if _, err := u.store.Credential(id); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("credential not deleted: %v", err)
	}
	if u.main.undo.box.Visible() || u.undo != nil {
		t.Error("undo offered for a deleted credential")
	}
}

func TestUndoExpiresAndLockClears(t *testing.T) {
	h := openWith(t, i18n.ZH, withContactData)
	u := h.u
	rs := h.openScreen(navEntities)
	f := h.pick(rs, rs.rows[0].id).(*entityForm)
	f.notes.SetText("一")
	h.saveNow()
	h.undoOffered("已保存")
	h.clock.Advance(undoKeep - 1)
	h.undoOffered("已保存")
	h.clock.Advance(1)
	if u.main.undo.box.Visible() || u.undo != nil {
		t.Fatal("the bar outlived its 30 s")
	}

	// The next change replaces the offer; another kind of write ends it.
	f = rs.form.(*entityForm)
	f.notes.SetText("二")
	h.saveNow()
	h.undoOffered("已保存")
	if err := u.store.Write(func(w ledger.Writer) error { return w.PutSetting("x", "y") }); err != nil {
		t.Fatal(err)
	}
	rs.load()
	u.wait()
	if u.main.undo.box.Visible() || u.undo != nil {
		t.Fatal("the bar stayed after another change")
	}

	// Lock forgets it.
	f = rs.form.(*entityForm)
	f.notes.SetText("三")
	h.saveNow()
	h.undoOffered("已保存")
	u.lock()
	if u.undo != nil || u.undoTimer != nil {
		t.Error("lock kept the undo")
	}
	h.unlock(testPass)
	if u.main == nil || u.main.undo.box.Visible() || u.undo != nil {
		t.Error("undo offered after unlocking again")
	}
}

// withLinkedContact adds withContactData and a contact of both sites
// with a sealed ID number.
func withLinkedContact(w ledger.Writer) error {
	if err := withContactData(w); err != nil {
		return err
	}
	sites, err := w.Sites()
	if err != nil {
		return err
	}
	c := &ledger.Contact{Name: "张示例", Role: ledger.RoleSiteOwner, Mobile: "13800138000", IDType: "居民身份证"}
	for _, s := range sites {
		c.SiteIDs = append(c.SiteIDs, s.ID)
	}
	if err := w.PutContact(c); err != nil {
		return err
	}
	return w.SetSecret("contact-id", c.ID, []byte("11010519491231002X"))
}

func TestUndoContact(t *testing.T) {
	const oldID, newID = "11010519491231002X", "110105194912310037"
	h := openWith(t, i18n.ZH, withLinkedContact)
	u := h.u
	rs := h.openScreen(navContacts)
	id := rs.rows[0].id
	want, _ := u.store.Contact(id)
	if len(want.SiteIDs) != 2 {
		t.Fatalf("the test contact has %d sites", len(want.SiteIDs))
	}
	idNumber := func() string {
		t.Helper()
		b, err := u.store.Reveal("contact-id", id)
		if err != nil {
			t.Fatal(err)
		}
		defer clear(b)
		return string(b)
	}

	// A replaced ID number the form had read comes back with the undo.
	f := h.pick(rs, id).(*contactForm)
	test.Tap(f.idNumber.reveal)
	u.wait()
	f.idNumber.e.SetText(newID)
	f.mobile.e.SetText("13900139000")
	h.saveNow()
	if idNumber() != newID {
		t.Fatal("the new ID number was not saved")
	}
	h.undoOffered("已保存“张示例”")
	h.undoNow()
	if got := idNumber(); got != oldID {
		t.Errorf("ID number after undo %q", got)
	}
	if c, _ := u.store.Contact(id); c.Mobile != want.Mobile {
		t.Errorf("mobile after undo %q", c.Mobile)
	}

	// A delete comes back with its linked sites.
	f = h.pick(rs, id).(*contactForm)
	test.Tap(f.delBtn)
	test.Tap(rs.confirmDel.ok)
	u.wait()
	h.undoOffered("已删除“张示例”")
	h.undoNow()
	got, err := u.store.Contact(id)
	if err != nil || !reflect.DeepEqual(got.SiteIDs, want.SiteIDs) || got.Name != want.Name || got.Mobile != want.Mobile {
		t.Fatalf("contact back as %+v, %v", got, err)
	}
	for _, sid := range want.SiteIDs {
		if cs, _ := u.store.SiteContacts(sid); len(cs) != 1 || cs[0].ID != id {
			t.Errorf("site %s has contacts %+v", sid, cs)
		}
	}
}

func TestUndoNotOfferedReadOnly(t *testing.T) {
	h := openWith(t, i18n.ZH, withContactData)
	u := h.u
	rs := h.openScreen(navEntities)
	f := h.pick(rs, rs.rows[0].id).(*entityForm)
	f.notes.SetText("改")
	// Saving is disabled in a read-only vault; should a change still come
	// through, no undo is offered.
	u.readOnly = true
	before := u.writes.Load()
	u.offerUndo(&undoStep{kind: "entity", id: f.id, name: "x", revert: func(ledger.Writer) error { return nil }}, before, before+1)
	if u.main.undo.box.Visible() || u.undo != nil {
		t.Error("undo offered in a read-only vault")
	}
	// Ctrl+S in a read-only form writes nothing and offers nothing.
	h.u.shortcut(scSave)
	u.wait()
	if u.writes.Load() != before || u.main.undo.box.Visible() {
		t.Error("a read-only form saved")
	}
}

// TestUndoNewSiteTakesItsNewProvider: a site saved with a provider typed
// in makes that provider too; undo takes both back.
func TestUndoNewSiteTakesItsNewProvider(t *testing.T) {
	h := openWith(t, i18n.ZH, withContactData)
	u := h.u
	s := u.main.sites
	u.shortcut(scNew)
	u.wait()
	f := s.form
	f.name.SetText("撤销网站")
	f.provider.SetText("撤销接入商")
	h.saveNow()
	id := s.selected
	if _, err := u.store.Site(id); err != nil {
		t.Fatal(err)
	}
	if ps, _ := u.store.Providers(); len(ps) != 1 {
		t.Fatalf("%d providers after the save", len(ps))
	}
	h.undoOffered("已保存“撤销网站”")
	h.undoNow()
	if _, err := u.store.Site(id); !errors.Is(err, ledger.ErrNotFound) {
		t.Errorf("site after undo: %v", err)
	}
	if ps, _ := u.store.Providers(); len(ps) != 0 {
		t.Errorf("%d providers after undo", len(ps))
	}
	if s.selected != "" || s.form != nil || len(s.rows) != 2 {
		t.Errorf("selected %q, form %v, %d rows", s.selected, s.form != nil, len(s.rows))
	}
}
