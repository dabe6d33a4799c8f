package gui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// TestDashboardExportsCalendar: the dashboard writes the year's reminders
// as an iCalendar file a real parser reads, one event per item, readable
// by the owner only.
func TestDashboardExportsCalendar(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(8))
	d := h.dashboard()
	path := filepath.Join(h.dir, "备案提醒.ics")
	d.exportCalendar(path)
	h.u.wait()
	if h.u.lastError != "" {
		t.Fatal(h.u.lastError)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	in, err := remind.Load(h.u.store)
	if err != nil {
		t.Fatal(err)
	}
	// The same events as `beianledger ics` writes for these items
	// (quarterly checks become one recurring event per site).
	var direct bytes.Buffer
	items := remind.ItemsForCalendar(in, ledger.DateOf(testToday), calendarMonths)
	if err := remind.WriteICS(&direct, items, "x"); err != nil {
		t.Fatal(err)
	}
	ref, err := ics.ParseCalendar(&direct)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(cal.Events()), len(ref.Events()); got != want || want == 0 {
		t.Fatalf("%d events, want %d", got, want)
	}
	uids := map[string]bool{}
	for _, e := range ref.Events() {
		uids[e.Id()] = true
	}
	for _, e := range cal.Events() {
		if !uids[e.Id()] {
			t.Errorf("event %s not in the reference", e.Id())
		}
	}
	if !strings.Contains(d.summary.Text, "备案提醒.ics") {
		t.Errorf("summary %q", d.summary.Text)
	}
	// A folder that is not there: a clear error, no crash.
	d.exportCalendar(filepath.Join(h.dir, "no", "such", "x.ics"))
	h.u.wait()
	if h.u.lastError == "" {
		t.Error("no error for a missing folder")
	}
}
