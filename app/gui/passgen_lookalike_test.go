package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger/policy"
)

// Item 15: the generator can keep look-alike characters out, shows the
// password in a monospaced face, and says 字符 for the length (位 is left
// for bits).
func TestGeneratorWithoutLookAlikes(t *testing.T) {
	h := openWith(t, i18n.ZH, withEntityAndContact)
	u := h.u
	rs := h.openScreen(navCredentials)
	f := h.newForm(rs).(*credForm)
	test.Tap(f.generate)
	u.wait()
	g := f.gen
	if g == nil || !g.d.Visible() {
		t.Fatal("no generator")
	}
	chose := false
	for i, p := range g.policies {
		if !p.ExcludeAmbiguous && strings.ContainsAny(p.Alphabet(), policy.Ambiguous) {
			g.preset.SetSelectedIndex(i)
			chose = true
			break
		}
	}
	if !chose {
		t.Fatal("no preset that allows look-alikes")
	}
	g.length.SetValue(g.length.Max)
	if !g.shown.TextStyle.Monospace {
		t.Error("the password is not shown monospaced")
	}
	if !strings.Contains(g.lengthLabel.Text, "个字符") || strings.Contains(g.lengthLabel.Text, "位") {
		t.Errorf("length label %q", g.lengthLabel.Text)
	}
	seen := false
	for range 40 {
		test.Tap(g.regen)
		seen = seen || strings.ContainsAny(g.shown.Text, policy.Ambiguous)
	}
	if !seen {
		t.Fatal("40 passwords without one look-alike: the test shows nothing")
	}
	test.Tap(g.noLookAlike)
	for range 40 {
		if strings.ContainsAny(g.shown.Text, policy.Ambiguous) {
			t.Fatalf("look-alike in %q with the box ticked", g.shown.Text)
		}
		test.Tap(g.regen)
	}
}
