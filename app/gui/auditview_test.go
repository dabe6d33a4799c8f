package gui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/vault"
)

// Settings → the audit log: the vault's audit lines, newest first, in
// Chinese (kinds, actions and the vault's own sentences), with a search.
func TestAuditViewer(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	u := h.u
	if _, err := u.v.AddKey(vault.NewRecoveryKey(), "保险柜"); err != nil {
		t.Fatal(err)
	}
	u.main.show(navSettings)
	u.wait()
	test.Tap(u.main.settings.auditBtn)
	u.wait()
	a := u.auditBox
	if a == nil || len(a.all) == 0 || len(a.shown) != len(a.all) {
		t.Fatalf("viewer %+v", a)
	}
	text := func(i int) string {
		e := a.shown[i]
		return auditTime(e.At) + " " + e.Actor + " " + u.auditAction(e.Action) + " " + u.auditSummary(e.Summary)
	}
	if got := text(0); !strings.Contains(got, "访问方式 · 添加") || !strings.Contains(got, "添加了恢复密钥访问方式“保险柜”") {
		t.Fatalf("newest line %q", got)
	}
	var sites int
	for i := range a.shown {
		if strings.Contains(text(i), "网站 · 新建") {
			sites++
		}
	}
	if sites != 3 {
		t.Fatalf("%d site lines, want 3", sites)
	}
	for i := range a.shown {
		if s := u.auditSummary(a.shown[i].Summary); strings.Contains(s, "secret changed") || strings.Contains(s, " slot ") {
			t.Fatalf("English left in line %d: %q", i, s)
		}
	}
	test.Type(a.search, "保险柜")
	if len(a.shown) != 1 || !strings.Contains(a.count.Text, "显示 1 条") {
		t.Fatalf("search shows %d, %q", len(a.shown), a.count.Text)
	}
	if dir := os.Getenv("BEIANLEDGER_SHOTS"); dir != "" {
		a.search.SetText("")
		h.writeShot(dir, i18n.ZH, "audit")
	}
}
