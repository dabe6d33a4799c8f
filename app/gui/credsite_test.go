package gui

import (
	"testing"

	"beianledger/app/i18n"
)

// Item 15: picking a site on a new credential fills in its entity and its
// provider.
func TestCredentialSiteFillsEntityAndProvider(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	rs := h.openScreen(navCredentials)
	f := h.newForm(rs).(*credForm)
	if f.entity.Text != "" || f.provider.SelectedIndex() > 0 {
		t.Fatalf("a new credential starts with entity %q, provider %q", f.entity.Text, f.provider.Selected)
	}
	var site siteRef
	for _, s := range f.links.sites {
		if s.entityID != "" && s.providerID != "" {
			site = s
			break
		}
	}
	if site.id == "" {
		t.Fatal("no demo site with an entity and a provider")
	}
	f.site.SetText(site.label)
	if want := f.links.entities.name(site.entityID); f.entity.Text != want {
		t.Errorf("entity %q, want %q", f.entity.Text, want)
	}
	if want := f.links.providers.name(site.providerID); f.provider.Selected != want {
		t.Errorf("provider %q, want %q", f.provider.Selected, want)
	}
	if id, ok := f.siteID(); !ok || id != site.id {
		t.Errorf("the site itself changed: %q %v", id, ok)
	}
}
