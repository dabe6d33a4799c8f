package gui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/vault"
)

// Change my passphrase on Access: the current one must be right, the new
// one strong; afterwards only the new one opens, no password is marked for
// rotation, and unlocking here again asks no question about a changed way
// in.
func TestAccessChangePassphrase(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	s := h.access()
	if s.changeBtn.Disabled() {
		t.Fatal("change my passphrase is disabled in a passphrase session")
	}
	test.Tap(s.changeBtn)
	b := s.changeBox
	if b == nil || !b.d.Visible() {
		t.Fatal("no dialog")
	}
	if h.win.Canvas().Focused() != b.cur {
		t.Error("the cursor is not in the current passphrase")
	}
	newPass := "九寨沟 Tumbleweed 慢慢走 7734"

	test.Type(b.pass, "abc")
	b.confirm.SetText("abc")
	test.Type(b.cur, testPass)
	test.Tap(b.ok)
	if !strings.Contains(b.msg.Text, "太容易猜到") {
		t.Errorf("weak: %q", b.msg.Text)
	}
	b.pass.SetText(newPass)
	b.confirm.SetText(newPass)
	b.cur.SetText("wrong current passphrase")
	test.Tap(b.ok)
	h.u.wait()
	if !b.d.Visible() || !strings.Contains(b.msg.Text, "口令没有修改") {
		t.Fatalf("a wrong current passphrase: visible %t, %q", b.d.Visible(), b.msg.Text)
	}
	b.cur.SetText(testPass)
	test.Tap(b.ok)
	h.u.wait()
	if b.d.Visible() || b.pass.Text != "" || b.cur.Text != "" {
		t.Fatalf("dialog still open (%q) or passphrases left in it", b.msg.Text)
	}
	if !strings.Contains(s.status.Text, "口令已修改") {
		t.Errorf("status %q", s.status.Text)
	}
	if err := opens(t, h.u.path, pass(testPass)); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("the old passphrase still opens: %v", err)
	}
	if err := opens(t, h.u.path, pass(newPass)); err != nil {
		t.Errorf("the new passphrase does not open: %v", err)
	}
	creds, err := h.u.store.Credentials()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		if c.RotateNow {
			t.Fatalf("credential %s marked rotate now by a passphrase change", c.Login)
		}
	}
	h.u.lock()
	h.u.wait()
	h.unlock(newPass)
	if h.u.main == nil {
		t.Fatalf("the new passphrase did not unlock here: %q", h.u.lastError)
	}
}
