package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// Item 15: a credential's login name in the site detail has a copy button;
// the bar says what was copied.
func TestCopyLoginFromSiteDetail(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	d := h.selectFirst()
	var r *credRow
	for _, c := range d.creds {
		if c.cred.Login != "" {
			r = c
			break
		}
	}
	if r == nil {
		t.Fatal("no credential with a login in the first site")
	}
	test.Tap(r.copyLogin)
	h.u.wait()
	if got := h.app.Clipboard().Content(); got != r.cred.Login {
		t.Fatalf("clipboard %q, want %q", got, r.cred.Login)
	}
	if b := h.u.main.undo; !b.box.Visible() || !strings.Contains(b.msg.Text, "已复制登录名") {
		t.Errorf("no message: %v %q", b.box.Visible(), b.msg.Text)
	}
}
