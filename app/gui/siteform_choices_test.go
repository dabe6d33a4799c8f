package gui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
)

// Item 15: on an empty ledger the 接入商 dropdown already offers the known
// providers, and the province is picked from the list and saved as its
// abbreviation; a province typed before the picker existed stays.
func TestSiteFormOffersProvidersAndProvinces(t *testing.T) {
	h := openWith(t, i18n.ZH, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "old"}, Name: "旧网站", Province: "火星"})
	})
	u := h.u
	sites := u.main.sites
	u.shortcut(scNew)
	u.wait()
	f := sites.form
	if f == nil {
		t.Fatal("no form")
	}
	choices := providerChoices(f.providers)
	for _, want := range []string{"阿里云", "腾讯云", "华为云"} {
		if !slices.Contains(choices, want) {
			t.Errorf("provider choices %q lack %q", choices, want)
		}
	}
	if !slices.Contains(f.province.Options, "川 · 四川省") || f.province.Selected != u.t("common.noneChoice") {
		t.Fatalf("province choices %q, selected %q", f.province.Options, f.province.Selected)
	}
	test.Type(f.name, "省份测试")
	f.provider.SetText("腾讯云")
	f.province.SetSelected("川 · 四川省")
	u.shortcut(scSave)
	u.wait()
	if sites.form != nil {
		t.Fatalf("not saved: %q", f.msg.Text)
	}
	rows, err := u.store.Sites()
	if err != nil {
		t.Fatal(err)
	}
	var got ledger.SiteRow
	for _, r := range rows {
		if r.Name == "省份测试" {
			got = r
		}
	}
	if got.Province != "川" || got.ProviderName != "腾讯云" {
		t.Errorf("saved province %q, provider %q", got.Province, got.ProviderName)
	}

	// The old free-text province is kept as it was.
	old, err := u.store.Site("old")
	if err != nil {
		t.Fatal(err)
	}
	sites.openForm(old.Site)
	u.wait()
	f = sites.form
	if f.province.Selected != "火星" {
		t.Fatalf("old province shows as %q", f.province.Selected)
	}
	f.name.SetText("旧网站改")
	u.shortcut(scSave)
	u.wait()
	if old, _ = u.store.Site("old"); old.Province != "火星" || old.Name != "旧网站改" {
		t.Errorf("after saving: %q %q", old.Name, old.Province)
	}
}
