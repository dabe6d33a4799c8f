package gui

import (
	"strings"
	"testing"

	"beianledger/app/i18n"
)

// Item 19: the unlock notice comes once a day per vault, also after a
// restart (this run's memory is gone) and after another vault was open in
// between; the next day it comes again.
func TestNoticeOnceADayAcrossRestartsAndVaults(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(5))
	h.dashboard()
	if !strings.HasSuffix(h.u.notified, "项待办已到期或逾期") {
		t.Fatalf("first unlock: notified %q", h.u.notified)
	}
	h.u.notified = ""
	h.u.lock()
	h.u.openNotice = "" // a restart: nothing in memory
	h.unlock(testPass)
	h.dashboard()
	if h.u.notified != "" {
		t.Errorf("after a restart the same day: notified %q", h.u.notified)
	}
	h.u.lock()
	h.u.openNotice = "/elsewhere/另一个.beianvault " + testToday.Format("2006-01-02") // another vault was open
	h.unlock(testPass)
	h.dashboard()
	if h.u.notified != "" {
		t.Errorf("after another vault the same day: notified %q", h.u.notified)
	}
	h.u.lock()
	h.u.openNotice = ""
	h.setNow(testToday.AddDate(0, 0, 1))
	h.unlock(testPass)
	h.dashboard()
	if h.u.notified == "" {
		t.Error("no notice on the next day")
	}
}
