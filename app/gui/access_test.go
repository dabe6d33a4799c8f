package gui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
	"beianledger/ledger/remind"
	"beianledger/vault"
)

// access shows the Access screen and waits for its list.
func (h *harness) access() *accessScreen {
	h.t.Helper()
	h.u.main.show(navAccess)
	h.u.wait()
	return h.u.main.screens[navAccess].(*accessScreen)
}

// opens reports whether key opens the vault file at path (read-only, so
// the GUI's writer lock does not matter).
func opens(t *testing.T, path string, key vault.Key) error {
	t.Helper()
	v, err := vault.Open(path, key, vault.Options{ReadOnly: true})
	if err == nil {
		v.Lock()
	}
	return err
}

func pass(s string) vault.Key { return vault.NewPassphrase([]byte(s), vault.TestKDF) }

func TestAccessListsWays(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	s := h.access()
	if len(s.slots) != 1 {
		t.Fatalf("%d slots", len(s.slots))
	}
	got := s.cells(0)
	if got[0] != "口令" || got[1] != "main" || got[3] != "本次使用" || !strings.Contains(got[2], "2026年11月24日") {
		t.Errorf("row %q", got)
	}
	texts := strings.Join(visibleTexts(h.win.Canvas().Content()), "|")
	for _, want := range []string{"备用联系人：", "恢复密钥：", "添加口令", "主密钥"} {
		if !strings.Contains(texts, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
}

func TestAccessAddPassphrase(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	s := h.access()
	test.Tap(s.passBtn)
	b := s.passBox
	if b == nil || !b.d.Visible() {
		t.Fatal("no passphrase dialog")
	}

	// Nothing is added without a name, or with a mistyped confirmation.
	test.Tap(b.add)
	if !b.msg.Visible() || !strings.Contains(b.msg.Text, "名称") {
		t.Errorf("no-name message %q", b.msg.Text)
	}
	test.Type(b.label, "李四（财务）")
	test.Type(b.pass, "abc")
	weak := b.strengthLabel.Text
	test.Type(b.pass, "-九寨沟-Tumbleweed-7734")
	if !strings.Contains(weak, "弱") || b.strengthLabel.Text == weak || b.strength.Value <= 0 {
		t.Errorf("strength meter: %q then %q", weak, b.strengthLabel.Text)
	}
	test.Type(b.confirm, "abc")
	test.Tap(b.add)
	if b.msg.Text != "两次输入的口令不一致。" {
		t.Errorf("mismatch message %q", b.msg.Text)
	}
	h.u.wait()
	if n := len(h.u.v.Slots()); n != 1 {
		t.Fatalf("%d slots after a mismatch", n)
	}

	newPass := b.pass.Text
	b.confirm.SetText(newPass)
	test.Tap(b.add)
	// The key derivation runs elsewhere; meanwhile the bar moves and the
	// dialog cannot be submitted twice.
	if !b.progress.Visible() || !b.progress.Running() || !b.add.Disabled() {
		t.Error("no running progress bar while the key is derived")
	}
	h.u.wait()
	if b.d.Visible() || b.progress.Visible() || b.pass.Text != "" {
		t.Errorf("dialog still open (%q) or passphrase left in it", b.msg.Text)
	}
	if len(s.slots) != 2 || s.slots[1].Label != "李四（财务）" || s.slots[1].Type != wayPassphrase || s.slots[1].InUse {
		t.Fatalf("slots %+v", s.slots)
	}
	if !strings.Contains(s.status.Text, "李四（财务）") {
		t.Errorf("status %q", s.status.Text)
	}
	if err := opens(t, h.u.path, pass(newPass)); err != nil {
		t.Errorf("new passphrase does not open the vault: %v", err)
	}
	if err := opens(t, h.u.path, pass(testPass)); err != nil {
		t.Errorf("old passphrase no longer opens the vault: %v", err)
	}
}

func TestAccessAddBackupContact(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	s := h.access()
	id := vault.GenerateIdentity()
	good := id.Recipient().String()

	test.Tap(s.contactBtn)
	b := s.contactBox
	test.Type(b.label, "张三（备用联系人）")
	for _, bad := range []string{"abc", good[:len(good)-3], "blr1" + strings.Repeat("a", len(good)-4)} {
		b.key.SetText(bad)
		test.Tap(b.add)
		h.u.wait()
		if !b.msg.Visible() || !strings.Contains(b.msg.Text, "不是有效的公钥") {
			t.Errorf("key %q: message %q", bad, b.msg.Text)
		}
		if !b.d.Visible() {
			t.Errorf("key %q: dialog closed", bad)
		}
	}
	if n := len(h.u.v.Slots()); n != 1 {
		t.Fatalf("a bad key was added: %d slots", n)
	}

	// Pasted with the newline a terminal copy brings.
	b.key.SetText(" " + good + "\n")
	test.Tap(b.add)
	h.u.wait()
	if b.d.Visible() {
		t.Fatalf("dialog still open: %q", b.msg.Text)
	}
	if len(s.slots) != 2 || s.slots[1].Type != wayIdentity || s.slots[1].Recipient != good {
		t.Fatalf("slots %+v", s.slots)
	}
	if got := s.cells(1)[0]; got != "备用联系人" {
		t.Errorf("type shown as %q", got)
	}
	if err := opens(t, h.u.path, id); err != nil {
		t.Errorf("the contact's identity does not open the vault: %v", err)
	}

	// The same key twice is refused before the vault is asked.
	test.Tap(s.contactBtn)
	b = s.contactBox
	test.Type(b.label, "又一个")
	b.key.SetText(good)
	test.Tap(b.add)
	h.u.wait()
	if !strings.Contains(b.msg.Text, "张三（备用联系人）") || len(h.u.v.Slots()) != 2 {
		t.Errorf("duplicate key: %q, %d slots", b.msg.Text, len(h.u.v.Slots()))
	}
}

func TestAccessAddRecoveryKey(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	s := h.access()
	test.Tap(s.recoveryBtn)
	r := s.recoveryReq
	if r == nil || r.label.Text != "恢复密钥" {
		t.Fatal("no recovery dialog with a default name")
	}
	test.Tap(r.create)
	h.u.wait()
	rb := s.recovery
	if r.d.Visible() || rb == nil || !rb.d.Visible() {
		t.Fatal("recovery key not shown")
	}
	rk := rb.key.Text
	test.Tap(rb.done)
	if rb.key.Text != "" {
		t.Error("recovery key left on screen")
	}
	if len(s.slots) != 2 || s.slots[1].Type != wayRecovery {
		t.Fatalf("slots %+v", s.slots)
	}
	if err := opens(t, h.u.path, mustRK(t, rk)); err != nil {
		t.Errorf("recovery key does not open the vault: %v", err)
	}
}

func TestAccessRemove(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("Xk9#p2$mQ"))
	u := h.u
	const other = "离职同事的口令 7734"
	if _, err := u.v.AddKey(pass(other), "王五"); err != nil {
		t.Fatal(err)
	}
	rk := vault.NewRecoveryKey()
	rkText := rk.String()
	if _, err := u.v.AddKey(rk, "恢复密钥"); err != nil {
		t.Fatal(err)
	}
	s := h.access()
	if len(s.slots) != 3 {
		t.Fatalf("%d slots", len(s.slots))
	}

	// The way in use is refused with a reason, and nothing changes.
	s.remove(s.slots[0])
	if s.notice == nil || !s.notice.Visible() || !strings.Contains(s.noticeText, "这次打开台账所用的方式") {
		t.Fatalf("in-use refusal %q", s.noticeText)
	}
	s.notice.Hide()
	if u.lastConfirm != nil {
		t.Error("asked to confirm removing the way in use")
	}

	// Cancel changes nothing.
	gen := u.v.Generation()
	s.remove(s.slots[1])
	c := u.lastConfirm
	if c == nil || !c.d.Visible() {
		t.Fatal("no confirmation")
	}
	test.Tap(c.cancel)
	h.u.wait()
	if len(u.v.Slots()) != 3 || u.v.Generation() != gen {
		t.Fatal("cancel removed something")
	}

	// Remove explains the rotation, and the row's own button asks too.
	var row *slotRow
	for _, r := range s.rows {
		if r.label.Text == "王五" {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no row for 王五")
	}
	test.Tap(row.remove)
	c = u.lastConfirm
	msg := visibleTexts(c.d.pop.Content)
	if !strings.Contains(strings.Join(msg, ""), "更换主密钥") {
		t.Errorf("confirmation does not explain the rotation: %q", msg)
	}
	// It names the kind of way in and when it was added; no "他".
	if j := strings.Join(msg, ""); !strings.Contains(j, "口令“王五”（添加于") || strings.Contains(j, "他") {
		t.Errorf("confirmation does not name the way in plainly: %q", msg)
	}
	test.Tap(c.ok)
	h.u.wait()

	if len(s.slots) != 2 || s.slots[1].Label != "恢复密钥" {
		t.Fatalf("slots after remove %+v", s.slots)
	}
	if !strings.Contains(s.status.Text, "王五") || !strings.Contains(s.status.Text, "1 个账号") {
		t.Errorf("status %q", s.status.Text)
	}
	if err := opens(t, u.path, pass(other)); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("the removed passphrase: %v, want wrong key", err)
	}
	if err := opens(t, u.path, pass(testPass)); err != nil {
		t.Errorf("main passphrase: %v", err)
	}
	if err := opens(t, u.path, mustRK(t, rkText)); err != nil {
		t.Errorf("recovery key: %v", err)
	}

	// The password the removed person could read is due for rotation now.
	cs, err := u.store.Credentials()
	if err != nil || len(cs) != 1 || !cs[0].RotateNow {
		t.Fatalf("credential not flagged: %+v %v", cs, err)
	}
	d := h.dashboard()
	found := false
	for _, it := range d.items {
		found = found || it.Kind == remind.KindOffboardingRotation
	}
	if !found {
		t.Error("dashboard does not list the rotation")
	}
}

func TestAccessReadOnly(t *testing.T) {
	h := openWith(t, i18n.EN, nil)
	u := h.u
	u.readOnly = true
	s := newAccessScreen(u)
	s.load()
	u.wait()
	for _, b := range []*widget.Button{s.passBtn, s.contactBtn, s.recoveryBtn} {
		if !b.Disabled() {
			t.Errorf("%q enabled in a read-only session", b.Text)
		}
	}
	s.showAddPassphrase()
	if s.passBox != nil {
		t.Error("dialog opened read-only")
	}
	u.readOnly = false
}

// TestAccessGolden renders the Access screen in Chinese with one way of
// each kind.
func TestAccessGolden(t *testing.T) {
	dir := filepath.Join(os.TempDir(), "beianledger-gui-access-golden")
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := makeVaultIn(t, dir, nil)
	v, err := vault.Open(path, pass(testPass), vault.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddRecipient(vault.GenerateIdentity().Recipient(), "张三（备用联系人）"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddKey(vault.NewRecoveryKey(), "恢复密钥（保险柜）"); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	h := start(t, i18n.ZH, path)
	h.unlock(testPass)
	h.win.Resize(fyne.NewSize(1100, 700))
	s := h.access()
	if len(s.slots) != 3 {
		t.Fatalf("%d slots", len(s.slots))
	}
	assertGolden(t, "access_zh.png", h.win.Canvas())
}

// TestAccessLockClosesDialogs: locking leaves no passphrase or recovery
// key on screen.
func TestAccessLockClosesDialogs(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	s := h.access()
	test.Tap(s.recoveryBtn)
	test.Tap(s.recoveryReq.create)
	h.u.wait()
	rb := s.recovery
	test.Tap(s.passBtn)
	b := s.passBox
	test.Type(b.pass, "半句口令")
	h.u.lock()
	if b.d.Visible() || b.pass.Text != "" || rb.d.Visible() || rb.key.Text != "" {
		t.Error("a dialog with a secret survived the lock")
	}
}
