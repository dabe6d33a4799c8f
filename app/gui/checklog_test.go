package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
)

// TestLogCheckFromSiteDetail: the site detail logs a status check with a
// date, a result and a note; a date after today is refused and writes
// nothing.
func TestLogCheckFromSiteDetail(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("pw"))
	u := h.u
	d := h.selectFirst()
	s := u.main.sites
	siteID := s.selected
	before, err := u.store.Checks(siteID)
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(d.logCheck)
	b := s.checkDlg
	if b == nil || !b.m.Visible() {
		t.Fatal("no check dialog")
	}
	if want := ledger.DateOf(testToday).Chinese(); b.date.e.Text != want {
		t.Errorf("date %q, want today %q", b.date.e.Text, want)
	}
	assertGolden(t, "checklog_zh.png", h.win.Canvas())
	// Tomorrow: refused.
	b.date.e.SetText(ledger.DateOf(testToday).AddDays(1).String())
	test.Tap(b.save)
	u.wait()
	if !b.m.Visible() || !b.msg.Visible() || !strings.Contains(b.msg.Text, "晚于今天") {
		t.Fatalf("future date: visible %t, message %q", b.m.Visible(), b.msg.Text)
	}
	if now, _ := u.store.Checks(siteID); len(now) != len(before) {
		t.Fatal("a refused check was written")
	}
	// Yesterday, a problem, a note.
	b.date.e.SetText("2026年11月23日")
	b.result.SetSelected("有问题")
	test.Type(b.note, "备案主体名称与营业执照不一致")
	test.Tap(b.save)
	u.wait()
	if b.m.Visible() {
		t.Fatalf("dialog still open: %q", b.msg.Text)
	}
	after, err := u.store.Checks(siteID)
	if err != nil || len(after) != len(before)+1 {
		t.Fatalf("%d checks, want %d (%v)", len(after), len(before)+1, err)
	}
	c := after[0]
	if c.Date != ledger.MustDate("2026-11-23") || c.Result != ledger.CheckProblem || c.Note != "备案主体名称与营业执照不一致" || c.Who == "" {
		t.Errorf("logged %+v", c)
	}
	// The detail shows it.
	texts := strings.Join(visibleTexts(h.win.Canvas().Content()), "|")
	if !strings.Contains(texts, "备案主体名称与营业执照不一致") {
		t.Errorf("detail does not show the check: %q", texts)
	}
}

// TestLockClosesCheckDialog: a check dialog left open does not outlive the
// vault it would write to.
func TestLockClosesCheckDialog(t *testing.T) {
	h := openWith(t, i18n.ZH, withCredential("pw"))
	d := h.selectFirst()
	test.Tap(d.logCheck)
	b := h.u.main.sites.checkDlg
	h.u.lock()
	if b.m.Visible() {
		t.Fatal("check dialog still open after lock")
	}
	test.Tap(b.save) // must not write or panic
	h.u.wait()
}
