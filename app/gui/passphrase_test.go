package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// TestPassphraseEstimate: zxcvbn's score decides; Chinese characters alone,
// common words, keyboard runs and the app's own words are weak.
func TestPassphraseEstimate(t *testing.T) {
	for _, c := range []struct {
		p    string
		ok   bool
		hint string
	}{
		{"abc", false, "pass.hint.sequence"},
		{"password1", false, "pass.hint.word"},
		{"qwertyuiop", false, ""},
		{"xcvbnm,./", false, ""},
		{"备案台账2026", false, ""},
		{"我爱北京", false, "pass.hint.han"},
		{"woaibeijing", false, ""},
		{testPass, true, ""},
		{"-九寨沟-Tumbleweed-7734-夜", true, ""},
		{"青椒 肉丝 opera 凳子 1987!", true, ""},
	} {
		e := estimatePassphrase(c.p)
		if (e.score >= minPassphraseScore) != c.ok {
			t.Errorf("%q: score %d (10^%.1f), want ok=%t", c.p, e.score, e.log10, c.ok)
		}
		if c.hint != "" && e.hintKey != c.hint {
			t.Errorf("%q: hint %q, want %q", c.p, e.hintKey, c.hint)
		}
	}
}

// TestCreateRefusesWeakPassphrase: "abc" (and a matching confirmation)
// creates nothing and says why, in Chinese (issue 19, item 6); the meter
// shows the estimate.
func TestCreateRefusesWeakPassphrase(t *testing.T) {
	h := start(t, i18n.ZH, "")
	s := h.u.start
	path := filepath.Join(h.dir, "weak.beianvault")
	s.path.SetText(path)
	test.Type(s.pass, "abc")
	if !strings.Contains(s.strengthLabel.Text, "很弱") || s.strength.Value != 0 {
		t.Errorf("meter %q %v", s.strengthLabel.Text, s.strength.Value)
	}
	test.Type(s.confirm, "abc")
	test.Tap(s.create)
	h.u.wait()
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a vault was created with \"abc\"")
	}
	if !s.createMsg.Visible() || !strings.Contains(s.createMsg.Text, "太容易猜到") || !strings.Contains(s.createMsg.Text, "汉字、拼音") {
		t.Errorf("message %q", s.createMsg.Text)
	}
}
