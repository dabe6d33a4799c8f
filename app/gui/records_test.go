package gui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/policy"
)

// openScreen shows navigation entry id and waits for its list.
func (h *harness) openScreen(id int) *recordScreen {
	h.t.Helper()
	h.u.main.show(id)
	h.u.wait()
	rs, ok := h.u.main.screens[id].(*recordScreen)
	if !ok {
		h.t.Fatalf("%s is not a record screen", navKeys[id])
	}
	return rs
}

// newForm opens an empty form on rs with Ctrl+N.
func (h *harness) newForm(rs *recordScreen) recordForm {
	h.t.Helper()
	h.u.shortcut(scNew)
	h.u.wait()
	if rs.form == nil || rs.form.base().id != "" {
		h.t.Fatal("no new form")
	}
	return rs.form
}

// pick selects the row of record id and waits for its form.
func (h *harness) pick(rs *recordScreen, id string) recordForm {
	h.t.Helper()
	for i, r := range rs.rows {
		if r.id == id {
			rs.list.Select(i)
			h.u.wait()
			if rs.form == nil || rs.form.base().id != id {
				h.t.Fatalf("form of %s not open", id)
			}
			return rs.form
		}
	}
	h.t.Fatalf("%s not listed", id)
	return nil
}

// saveNow saves the open form with Ctrl+S and fails the test on an error.
func (h *harness) saveNow() {
	h.t.Helper()
	h.u.lastError = ""
	h.u.shortcut(scSave)
	h.u.wait()
	if h.u.lastError != "" {
		h.t.Fatalf("save failed: %s", h.u.lastError)
	}
}

func TestEntityAddEditDelete(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	u := h.u
	rs := h.openScreen(navEntities)
	before := rs.rowCount()
	if before == 0 {
		t.Fatal("no entities listed")
	}
	f := h.newForm(rs).(*entityForm)
	if h.win.Canvas().Focused() != f.name {
		t.Error("cursor not in the name field")
	}
	test.Type(f.name, "示例熊猫科技有限公司")
	// A wrong check character warns but does not block the save.
	test.Type(f.uscc.e, "91110000100000000A")
	if !f.uscc.warn.Visible() || !strings.Contains(f.uscc.warn.Text, "校验") {
		t.Errorf("no checksum warning: %q", f.uscc.warn.Text)
	}
	test.Type(f.filing.e, "京ICP备11018762号")
	if f.filing.warn.Visible() {
		t.Errorf("warning for a good filing number: %q", f.filing.warn.Text)
	}
	test.Type(f.legalRep, "王示例")
	test.Type(f.address, "北京市示例路 1 号")
	test.Type(f.licence.e, "京ICP证150437号")
	f.kind.SetSelectedIndex(1)
	if !f.dirty {
		t.Error("typing did not mark the form")
	}
	h.saveNow()
	if rs.form == nil || rs.form.base().id == "" {
		t.Fatal("the saved entity is not shown")
	}
	id := rs.form.base().id
	got, err := u.store.Entity(id)
	if err != nil {
		t.Fatal(err)
	}
	want := ledger.Entity{Meta: got.Meta, Name: "示例熊猫科技有限公司", Kind: ledger.EntitySoleTrader, USCC: "91110000100000000A",
		LegalRep: "王示例", Address: "北京市示例路 1 号", Province: "京", FilingNumber: "京ICP备11018762号", ICPLicence: "京ICP证150437号"}
	if got != want {
		t.Errorf("stored %+v", got)
	}
	if rs.rowCount() != before+1 || rs.selected != id {
		t.Errorf("%d rows (was %d), selected %q", rs.rowCount(), before, rs.selected)
	}
	f = rs.form.(*entityForm)
	if f.dirty || f.name.Text != want.Name || !f.uscc.warn.Visible() {
		t.Error("the reopened form does not show the stored entity")
	}

	// Edit.
	f.notes.SetText("年报已交")
	h.saveNow()
	if got, _ := u.store.Entity(id); got.Notes != "年报已交" || got.Name != want.Name {
		t.Errorf("after edit %+v", got)
	}

	// Delete, after confirming; Cancel keeps it.
	f = rs.form.(*entityForm)
	test.Tap(f.delBtn)
	test.Tap(rs.confirmDel.cancel)
	u.wait()
	if _, err := u.store.Entity(id); err != nil {
		t.Fatal("cancel deleted the entity")
	}
	test.Tap(f.delBtn)
	test.Tap(rs.confirmDel.ok)
	u.wait()
	if _, err := u.store.Entity(id); err == nil {
		t.Error("entity not deleted")
	}
	if rs.rowCount() != before || rs.form != nil {
		t.Errorf("%d rows after delete; form %v", rs.rowCount(), rs.form)
	}
}

func TestProviderAddEdit(t *testing.T) {
	h := openWith(t, i18n.EN, nil)
	u := h.u
	rs := h.openScreen(navProviders)
	f := h.newForm(rs).(*providerForm)
	test.Tap(f.saveBtn)
	if !f.msg.Visible() || rs.form.base().id != "" {
		t.Fatal("saved without a name")
	}
	test.Type(f.name, "示例云")
	test.Type(f.aliases, "示例云计算, 示例 Cloud；示例云")
	test.Type(f.console, "https://console.example.cn")
	test.Type(f.hotline, "95000")
	test.Type(f.manager, "Li")
	test.Type(f.materials, "营业执照扫描件")
	// Return in a field does not save; Ctrl+S from inside it does.
	h.key(f.hotline, fyne.KeyReturn)
	u.wait()
	if rs.form.base().id != "" || !f.dirty {
		t.Fatal("Return saved the provider")
	}
	h.pressIn(f.materials, scSave)
	u.wait()
	ps, err := u.store.Providers()
	if err != nil {
		t.Fatal(err)
	}
	var p ledger.Provider
	for _, x := range ps {
		if x.Name == "示例云" {
			p = x
		}
	}
	if p.ID == "" || strings.Join(p.Aliases, "|") != "示例云计算|示例 Cloud|示例云" || p.ConsoleURL != "https://console.example.cn" ||
		p.Hotline != "95000" || p.AccountManager != "Li" || p.Materials != "营业执照扫描件" {
		t.Fatalf("stored %+v", p)
	}
	f = h.pick(rs, p.ID).(*providerForm)
	if f.hotline.Text != "95000" {
		t.Errorf("form shows hotline %q", f.hotline.Text)
	}
}

// withContactData adds an entity with two sites.
func withContactData(w ledger.Writer) error {
	e := &ledger.Entity{Name: "示例星河科技有限公司", Kind: ledger.EntityCompany, USCC: "91110108MA01XXXX0X", FilingNumber: "京ICP备11018762号"}
	if err := w.PutEntity(e); err != nil {
		return err
	}
	for i, n := range []string{"星河博客", "星河商城"} {
		s := &ledger.Site{EntityID: e.ID, Name: n, Number: "京ICP备11018762号-" + string(rune('1'+i)), Domains: []string{"xinghe-shili.cn"}}
		if err := w.PutSite(s); err != nil {
			return err
		}
	}
	return nil
}

func TestContactWithSealedIDNumber(t *testing.T) {
	const idNumber = "11010519491231002X"
	h := openWith(t, i18n.ZH, withContactData)
	u := h.u
	rs := h.openScreen(navContacts)
	f := h.newForm(rs).(*contactForm)
	test.Type(f.name, "张示例")
	test.Type(f.mobile.e, "13800138000")
	if f.mobile.warn.Visible() {
		t.Errorf("warning for a good mobile: %q", f.mobile.warn.Text)
	}
	if !f.idNumber.e.Password {
		t.Fatal("ID number not in a password entry")
	}
	// A wrong check character warns, the right one does not.
	test.Type(f.idNumber.e, "110105194912310021")
	if !f.idWarn.Visible() {
		t.Error("no warning for a wrong ID check character")
	}
	f.idNumber.e.SetText("")
	test.Type(f.idNumber.e, idNumber)
	if f.idWarn.Visible() {
		t.Errorf("warning for a good ID number: %q", f.idWarn.Text)
	}
	f.role.SetSelectedIndex(0)
	test.Type(f.employer, "示例星河科技有限公司")
	test.Type(f.start.e, "2024-03-01")
	test.Type(f.entity, "星河科技")
	if len(f.sites.Options) != 0 {
		t.Errorf("sites offered before an entity is picked: %v", f.sites.Options)
	}
	// A site of any entity can be found and ticked.
	const shop = "星河商城（京ICP备11018762号-2）"
	test.Type(f.addSite, "商城")
	test.Type(f.addSite, "（京ICP备11018762号-2）")
	f.addSite.SetText(shop)
	if f.addSite.Text != "" || len(f.sites.Options) != 1 || len(f.sites.Selected) != 1 {
		t.Fatalf("site search: options %v, ticked %v", f.sites.Options, f.sites.Selected)
	}
	f.entity.SetText("示例星河科技有限公司")
	if len(f.sites.Options) != 2 || !slices.Equal(f.sites.Selected, []string{shop}) {
		t.Fatalf("sites offered %v, ticked %v", f.sites.Options, f.sites.Selected)
	}
	h.saveNow()
	id := rs.form.base().id
	c, err := u.store.Contact(id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "张示例" || c.Role != ledger.RoleEntityOwner || c.Mobile != "13800138000" || c.IDType != "居民身份证" ||
		!c.HasIDNumber || c.Start != (ledger.Date{Y: 2024, M: 3, D: 1}) || c.EntityID == "" || len(c.SiteIDs) != 1 {
		t.Fatalf("stored %+v", c)
	}
	if site, _ := u.store.Site(c.SiteIDs[0]); site.Name != "星河商城" {
		t.Errorf("linked site %q", site.Name)
	}
	// Sealed: it comes back only through Reveal.
	b, err := u.store.Reveal("contact-id", id)
	if err != nil || string(b) != idNumber {
		t.Fatalf("revealed %q %v", b, err)
	}
	clear(b)

	// The reopened form keeps the number hidden until asked.
	f = rs.form.(*contactForm)
	if f.idNumber.e.Text != "" || !f.idNumber.e.Password {
		t.Fatalf("ID number shown without asking: %q", f.idNumber.e.Text)
	}
	if len(f.sites.Selected) != 1 {
		t.Errorf("ticked sites %v", f.sites.Selected)
	}
	assertGolden(t, "contacts_zh.png", h.win.Canvas())
	test.Tap(f.idNumber.reveal)
	u.wait()
	if f.idNumber.e.Text != idNumber || f.idNumber.e.Password {
		t.Fatalf("reveal shows %q", f.idNumber.e.Text)
	}
	if f.dirty {
		t.Error("revealing counted as an edit")
	}
	// Hiding takes it out of the entry; so does the lock.
	test.Tap(f.idNumber.reveal)
	if f.idNumber.e.Text != "" || !f.idNumber.e.Password {
		t.Errorf("hidden entry holds %q", f.idNumber.e.Text)
	}
	test.Tap(f.idNumber.reveal)
	u.wait()
	u.lock()
	if f.idNumber.e.Text != "" {
		t.Error("lock left the ID number in its entry")
	}
}

// withEntityAndContact adds an entity whose contact has a mobile number
// and a resident ID.
func withEntityAndContact(w ledger.Writer) error {
	e := &ledger.Entity{Name: "示例云帆网络有限公司", Kind: ledger.EntityCompany}
	if err := w.PutEntity(e); err != nil {
		return err
	}
	c := &ledger.Contact{Name: "Li Shili", Mobile: "13912345678", IDType: "居民身份证", EntityID: e.ID}
	if err := w.PutContact(c); err != nil {
		return err
	}
	return w.SetSecret("contact-id", c.ID, []byte("11010519491231002X"))
}

func TestCredentialGeneratedPasswordAndHistory(t *testing.T) {
	h := openWith(t, i18n.ZH, withEntityAndContact)
	u := h.u
	rs := h.openScreen(navCredentials)
	f := h.newForm(rs).(*credForm)
	f.system.SetSelectedIndex(0) // MIIT legacy
	f.entity.SetText("示例云帆网络有限公司")
	test.Type(f.login, "admin@example.cn")
	test.Type(f.url, "https://beian.miit.gov.cn")
	if !f.history.Disabled() {
		t.Error("history offered for a new credential")
	}

	// The generator uses the MIIT rule and avoids the contact's data.
	test.Tap(f.generate)
	u.wait()
	g := f.gen
	if g == nil || !g.d.Visible() {
		t.Fatal("no generator")
	}
	p := g.current()
	if p.Name != policy.MIITLegacy.Name {
		t.Errorf("preset %q for the MIIT system", p.Name)
	}
	if len(g.avoid.Phones) != 1 || len(g.avoid.Names) != 1 || len(g.avoid.Dates) != 1 {
		t.Errorf("avoid %d phones, %d names, %d dates", len(g.avoid.Phones), len(g.avoid.Names), len(g.avoid.Dates))
	}
	first := g.shown.Text
	test.Tap(g.regen)
	if g.shown.Text == first || len(g.shown.Text) != p.DefaultLength() {
		t.Errorf("regenerated %d characters, same: %v", len(g.shown.Text), g.shown.Text == first)
	}
	g.length.SetValue(12)
	if len(g.shown.Text) != 12 || !strings.Contains(g.lengthLabel.Text, "12") {
		t.Errorf("length 12 gave %d characters", len(g.shown.Text))
	}
	if !strings.HasPrefix(g.strengthLabel.Text, "强度") {
		t.Errorf("strength %q", g.strengthLabel.Text)
	}
	generated := g.shown.Text
	test.Tap(g.use)
	if g.d.Visible() || len(g.pw) != 0 || g.shown.Text != "" {
		t.Error("the generator did not close and wipe")
	}
	if f.secret.e.Text != generated || !f.dirty {
		t.Fatal("Use did not fill the password entry")
	}

	// Rotation is 1 to 24 months.
	for _, bad := range []string{"0", "25", "x"} {
		f.rotation.SetText(bad)
		h.saveNow()
		if rs.form.base() != f.formBase || !f.msg.Visible() || !strings.Contains(f.msg.Text, "1 到 24") {
			t.Fatalf("rotation %q: message %q", bad, f.msg.Text)
		}
		if cs, _ := u.store.Credentials(); len(cs) != 0 {
			t.Fatalf("rotation %q was saved", bad)
		}
	}
	f.rotation.SetText("6")
	// A site must be one of the ledger's.
	f.site.SetText("没有这个网站")
	h.saveNow()
	if !strings.Contains(f.msg.Text, "没有这个网站") {
		t.Errorf("unknown site: message %q", f.msg.Text)
	}
	f.site.SetText("")
	// Ctrl+S typed in the entity picker saves too.
	h.pressIn(f.entity, scSave)
	u.wait()
	if rs.form.base() == f.formBase {
		t.Fatalf("Ctrl+S in the entity field did not save: %q / %q", f.msg.Text, u.lastError)
	}
	id := rs.form.base().id
	c, err := u.store.Credential(id)
	if err != nil {
		t.Fatal(err)
	}
	if c.System != ledger.SystemMIITLegacy || c.Login != "admin@example.cn" || c.RotationMonths != 6 || c.EntityID == "" ||
		c.LastRotated != ledger.DateOf(testToday) || !c.HasSecret {
		t.Errorf("stored %+v", c)
	}
	b, err := u.store.Reveal("credential", id)
	if err != nil || string(b) != generated {
		t.Fatalf("stored secret %q, generated %q (%v)", b, generated, err)
	}
	if probs := p.Check(b, g.avoid); len(probs) != 0 {
		t.Errorf("stored secret breaks the policy: %v", probs)
	}
	clear(b)

	// A second change moves the first password to the history.
	f = rs.form.(*credForm)
	if f.secret.e.Text != "" {
		t.Error("the saved password stays in the entry")
	}
	test.Type(f.secret.e, "Second#Pass2026")
	h.saveNow()
	if b, _ := u.store.Reveal("credential", id); string(b) != "Second#Pass2026" {
		t.Errorf("second secret %q", b)
	}
	f = rs.form.(*credForm)
	test.Tap(f.history)
	u.wait()
	hb := f.hist
	if hb == nil || !hb.d.Visible() || len(hb.items) != 1 {
		t.Fatalf("history %+v", hb)
	}
	it := hb.items[0]
	if it.label.Text != hiddenSecret {
		t.Errorf("history shown by default: %q", it.label.Text)
	}
	test.Tap(it.reveal)
	if it.label.Text != generated {
		t.Errorf("history reveals %q", it.label.Text)
	}
	test.Tap(it.copy)
	if h.app.Clipboard().Content() != generated {
		t.Error("history copy")
	}
	secret := it.secret
	test.Tap(hb.done)
	if hb.d.Visible() || it.label.Text != hiddenSecret || it.secret != nil || strings.Trim(string(secret), "\x00") != "" {
		t.Error("closing the history did not wipe it")
	}

	// The lock wipes an open history too.
	test.Tap(f.history)
	u.wait()
	hb = f.hist
	test.Tap(hb.items[0].reveal)
	secret = hb.items[0].secret
	u.lock()
	if hb.d.Visible() || strings.Trim(string(secret), "\x00") != "" || h.app.Clipboard().Content() != "" {
		t.Error("lock left the history or the clipboard")
	}
}

func TestRecordFormUnsavedCloseAsks(t *testing.T) {
	h := openWith(t, i18n.ZH, func(w ledger.Writer) error {
		for _, n := range []string{"示例甲公司", "示例乙公司"} {
			if err := w.PutEntity(&ledger.Entity{Name: n}); err != nil {
				return err
			}
		}
		return nil
	})
	u := h.u
	rs := h.openScreen(navEntities)
	id := rs.rows[0].id
	f := h.pick(rs, id).(*entityForm)
	test.Type(f.legalRep, "未保存")

	// Picking another record keeps the form, its row and its changes.
	rs.list.Select(1)
	u.wait()
	if rs.form.base() != f.formBase || f.legalRep.Text != "未保存" || !f.msg.Visible() {
		t.Fatal("picking another record lost the unsaved form")
	}
	if rs.selected != id {
		t.Errorf("selected %q, want %q", rs.selected, id)
	}

	// Another record is not opened over unsaved changes.
	u.shortcut(scNew)
	u.wait()
	if rs.form.base() != f.formBase {
		t.Fatal("a new form replaced the unsaved one")
	}
	// Another screen with no changes does not matter; this one does.
	u.main.show(navSites)
	u.closeRequested()
	if u.lastConfirm == nil || !u.lastConfirm.d.Visible() {
		t.Fatal("closing did not ask")
	}
	test.Tap(u.lastConfirm.cancel)
	if u.v == nil || rs.form == nil || !rs.form.base().dirty {
		t.Fatal("cancel lost the form")
	}
	// Discarding closes the window and locks.
	u.closeRequested()
	test.Tap(u.lastConfirm.ok)
	if u.v != nil {
		t.Error("discard did not close")
	}
	h.win = h.app.NewWindow("closed") // the window is gone: clean up a stand-in
}

func TestRecordsReadOnlyAndCancel(t *testing.T) {
	h := openWith(t, i18n.EN, withContactData)
	u := h.u
	rs := h.openScreen(navEntities)
	f := h.pick(rs, rs.rows[0].id).(*entityForm)
	name := f.name.Text
	test.Type(f.name, " changed")
	test.Tap(f.cancel)
	test.Tap(u.lastConfirm.ok)
	u.wait()
	f = rs.form.(*entityForm)
	if f.name.Text != name || f.dirty {
		t.Errorf("cancel kept %q", f.name.Text)
	}
	// Opened read-only: nothing can be edited.
	u.readOnly = true
	u.main = newMainScreen(u)
	u.setContent(u.main.content)
	rs = h.openScreen(navEntities)
	if !rs.newBtn.Disabled() {
		t.Error("New enabled in a read-only vault")
	}
	f = h.pick(rs, rs.rows[0].id).(*entityForm)
	if !f.saveBtn.Disabled() || !f.name.Disabled() || !f.uscc.e.Disabled() {
		t.Error("read-only form can be edited")
	}
}

func TestSiteDetailFollowsRecordEdits(t *testing.T) {
	h := openWith(t, i18n.EN, withCredential("pw-1"))
	u := h.u
	if d := h.selectFirst(); d.creds[0].cred.Login != "admin@example.cn" {
		t.Fatalf("login %q", d.creds[0].cred.Login)
	}
	rs := h.openScreen(navCredentials)
	f := h.pick(rs, rs.rows[0].id).(*credForm)
	if id, _ := f.siteID(); id == "" {
		t.Error("the credential's site is not chosen")
	}
	f.login.SetText("ops@example.cn")
	h.saveNow()
	u.main.show(navSites)
	u.wait()
	if d := u.main.sites.detailBox; d == nil || len(d.creds) != 1 || d.creds[0].cred.Login != "ops@example.cn" {
		t.Errorf("the site's detail still shows the old credential")
	}
}
