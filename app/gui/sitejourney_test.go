package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// TestSiteWithCredentialAndContacts walks a site's life through the
// window: the site is added, a credential with a password and two contacts
// are attached to it on their screens, the site's detail shows them and
// reveals the password, the site is edited, then deleted.
func TestSiteWithCredentialAndContacts(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	u := h.u
	sites := u.main.sites

	// Add the site.
	u.shortcut(scNew)
	u.wait()
	sf := sites.form
	test.Type(sf.name, "熊猫博客")
	test.Type(sf.number, "京ICP备11018762号-9")
	h.saveNow()
	rows, err := u.store.Search("熊猫博客", 10)
	if err != nil || len(rows) != 1 {
		t.Fatalf("site: %v %v", rows, err)
	}
	site := rows[0]
	label := "熊猫博客（京ICP备11018762号-9）"

	// A credential for it, with a password.
	rs := h.openScreen(navCredentials)
	cf := h.newForm(rs).(*credForm)
	test.Type(cf.login, "panda-admin")
	cf.site.SetText(label)
	test.Type(cf.secret.e, "Panda#2026-blog")
	h.saveNow()
	creds, err := u.store.SiteCredentials(site.ID)
	if err != nil || len(creds) != 1 || creds[0].Login != "panda-admin" || !creds[0].HasSecret {
		t.Fatalf("credential: %+v %v", creds, err)
	}

	// Two contacts who answer for it.
	for _, name := range []string{"熊大", "熊二"} {
		rs := h.openScreen(navContacts)
		ctf := h.newForm(rs).(*contactForm)
		test.Type(ctf.name, name)
		test.Type(ctf.mobile.e, "13800138000")
		ctf.addSite.SetText(label)
		if len(ctf.sites.Selected) != 1 {
			t.Fatalf("%s: site not ticked: %v", name, ctf.sites.Selected)
		}
		h.saveNow()
	}
	contacts, err := u.store.SiteContacts(site.ID)
	if err != nil || len(contacts) != 2 {
		t.Fatalf("contacts: %+v %v", contacts, err)
	}

	// The site's detail lists both and reveals the password.
	u.main.show(navSites)
	u.wait()
	sites.selectSite(site.ID)
	u.wait()
	d := sites.detailBox
	if d == nil || len(d.creds) != 1 {
		t.Fatalf("detail: %+v", d)
	}
	texts := strings.Join(visibleTexts(d.content), "|")
	for _, want := range []string{"panda-admin", "熊大", "熊二"} {
		if !strings.Contains(texts, want) {
			t.Errorf("detail lacks %q: %s", want, texts)
		}
	}
	test.Tap(d.creds[0].reveal)
	u.wait()
	if d.creds[0].secret.Text != "Panda#2026-blog" {
		t.Errorf("revealed %q", d.creds[0].secret.Text)
	}

	// Edit: a new name, the links stay.
	test.Tap(d.edit)
	u.wait()
	sites.form.name.SetText("熊猫日记")
	h.saveNow()
	edited, err := u.store.Site(site.ID)
	if err != nil || edited.Name != "熊猫日记" {
		t.Fatalf("edited: %+v %v", edited.Site, err)
	}
	if c, _ := u.store.SiteContacts(site.ID); len(c) != 2 {
		t.Errorf("%d contacts after the edit", len(c))
	}

	// Delete, confirmed.
	sites.deleteSite(edited)
	if sites.confirmDel == nil {
		t.Fatal("no confirmation")
	}
	test.Tap(sites.confirmDel.ok)
	u.wait()
	if _, err := u.store.Site(site.ID); err == nil {
		t.Fatal("site still there after delete")
	}
	if rows, _ := u.store.Search("熊猫", 10); len(rows) != 0 {
		t.Errorf("deleted site still found: %v", rows)
	}
	if _, err := u.store.Credential(creds[0].ID); err != nil {
		t.Errorf("the credential went with the site: %v", err)
	}
}
