package gui

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/vault"
)

// An older copy put back over the vault is not opened silently: the
// unlock asks, naming both versions, and opens only when told to.
func TestUnlockAsksAboutARollback(t *testing.T) {
	path := makeVault(t, fillDemo(2))
	v, err := vault.Open(path, vault.NewPassphrase([]byte(testPass), vault.TestKDF), vault.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"后来的网站", "再后来的网站"} {
		if err := v.Store().Write(func(w ledger.Writer) error { return w.PutSite(&ledger.Site{Name: n}) }); err != nil {
			t.Fatal(err)
		}
	}
	gen := v.Generation()
	v.Lock()
	bs, err := vault.ListBackups(path)
	if err != nil || len(bs) < 2 {
		t.Fatalf("backups %v %v", bs, err)
	}
	old, _ := os.ReadFile(bs[1].Path)
	if err := os.WriteFile(path, old, 0o600); err != nil {
		t.Fatal(err)
	}

	h := start(t, i18n.ZH, path)
	h.unlock(testPass)
	s := h.u.unlock
	b := s.changeBox
	if b == nil || !b.d.Visible() {
		t.Fatalf("no question about the rollback; message %q error %q", s.msg.Text, h.u.lastError)
	}
	if h.u.v != nil {
		t.Fatal("the rolled-back vault was opened before the user agreed")
	}
	for _, want := range []string{"版本倒退", "旧副本"} {
		if !strings.Contains(b.text, want) {
			t.Errorf("question lacks %q: %s", want, b.text)
		}
	}
	if !strings.Contains(b.text, "第 "+strconv.FormatUint(gen, 10)+" 版") {
		t.Errorf("question does not name the newer version %d: %s", gen, b.text)
	}
	test.Tap(b.accept)
	h.u.wait()
	if h.u.v == nil {
		t.Fatalf("not opened after agreeing: %q", h.u.lastError)
	}
}
