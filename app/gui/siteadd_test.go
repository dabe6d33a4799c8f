package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// The site detail's "add credential" opens a new credential of that site,
// its entity and provider filled in; "add contact" a new contact with the
// site ticked (issue 19, item 15). Saving links them to the site.
func TestSiteDetailAddsCredentialAndContact(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	u := h.u
	d := h.selectFirst()
	site, err := u.store.Site(u.main.sites.selected)
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(d.addCred)
	u.wait()
	if u.main.current != navCredentials {
		t.Fatalf("screen %d", u.main.current)
	}
	cf, ok := u.main.credentials.form.(*credForm)
	if !ok {
		t.Fatalf("form %T", u.main.credentials.form)
	}
	if id, ok := cf.siteID(); !ok || id != site.ID {
		t.Fatalf("site %q (%v), want %s", cf.site.Text, ok, site.ID)
	}
	if cf.entity.Text != site.EntityName {
		t.Fatalf("entity %q, want %q", cf.entity.Text, site.EntityName)
	}
	if site.ProviderName != "" && cf.provider.Selected != site.ProviderName {
		t.Fatalf("provider %q, want %q", cf.provider.Selected, site.ProviderName)
	}
	u.main.credentials.discardChanges()
	u.wait()

	u.main.show(navSites)
	u.wait()
	d = h.selectFirst()
	test.Tap(d.addContact)
	u.wait()
	ctf, ok := u.main.contacts.form.(*contactForm)
	if !ok {
		t.Fatalf("form %T", u.main.contacts.form)
	}
	if len(ctf.sites.Selected) != 1 || !strings.Contains(ctf.sites.Selected[0], site.Name) {
		t.Fatalf("ticked %q, want %s", ctf.sites.Selected, site.Name)
	}
}
