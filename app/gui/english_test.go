package gui

import (
	"strings"
	"testing"

	"beianledger/app/i18n"
	"beianledger/ledger"
)

// Item 17: an English site detail lists domains with commas, not the
// Chinese enumeration comma, and counts agree with their noun.
func TestEnglishListsAndSingular(t *testing.T) {
	h := openWith(t, i18n.EN, func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Meta: ledger.Meta{ID: "s1"}, Name: "Portal", Domains: []string{"a.example.cn", "b.example.cn"}})
	})
	u := h.u
	d := h.selectFirst()
	var vals []string
	for _, v := range d.values {
		vals = append(vals, v.Text())
	}
	texts := strings.Join(vals, "|")
	if strings.Contains(texts, "、") {
		t.Errorf("Chinese enumeration comma in English: %q", texts)
	}
	if !strings.Contains(texts, "a.example.cn, b.example.cn") {
		t.Errorf("domains not listed with a comma: %q", texts)
	}
	if got := u.t("sites.count", 1); got != "1 site" {
		t.Errorf("%q", got)
	}
	zh := &ui{lang: i18n.ZH}
	if got := zh.list([]string{"甲", "乙"}); got != "甲、乙" {
		t.Errorf("Chinese list %q", got)
	}
}
