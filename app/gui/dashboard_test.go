package gui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// setNow moves the fake clock without running its timers (the idle lock).
func (h *harness) setNow(t time.Time) {
	h.clock.mu.Lock()
	h.clock.now = t
	h.clock.mu.Unlock()
}

func (h *harness) dashboard() *dashboard {
	h.t.Helper()
	h.u.main.show(navDashboard)
	h.u.wait()
	return h.u.main.dash
}

func findItem(items []remind.Item, key string) int {
	for i, it := range items {
		if it.Key == key {
			return i
		}
	}
	return -1
}

func TestDashboardRemindersOrderAndTitle(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(50))
	d := h.dashboard()
	if len(d.items) == 0 {
		t.Fatal("no reminders")
	}
	rank := map[string]int{remind.StateOverdue: 0, remind.StateDue: 1, remind.StateUpcoming: 2}
	due := 0
	for i, it := range d.items {
		if i > 0 && rank[d.items[i-1].State] > rank[it.State] {
			t.Fatalf("item %d (%s) after a %s item", i, it.State, d.items[i-1].State)
		}
		if isDue(it) {
			due++
		}
	}
	if d.items[0].State != remind.StateOverdue {
		t.Errorf("first item is %s, want overdue first", d.items[0].State)
	}
	want := "备案台账 — 台账.beianvault (" + strconv.Itoa(due) + ")"
	if due == 0 {
		want = "备案台账 — 台账.beianvault"
	}
	if got := h.win.Title(); got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	texts := strings.Join(visibleTexts(h.win.Canvas().Content()), "|")
	subj := []rune(d.items[0].SubjectZH)
	for _, s := range []string{"逾期", "完成", "推迟", string(subj[:min(8, len(subj))]), d.items[0].Site, d.items[0].Due.Chinese()} {
		if !strings.Contains(texts, s) {
			t.Errorf("dashboard lacks %q: %q", s, texts)
		}
	}
	t.Logf("title %q, %d items", h.win.Title(), len(d.items))
	// Unlocking tells of what is due, once a day.
	if want := strconv.Itoa(due) + " 项待办已到期或逾期"; h.u.notified != want {
		t.Errorf("notified %q on unlocking, want %q", h.u.notified, want)
	}
	h.u.notified = ""
	h.u.lock()
	h.unlock(testPass)
	if h.u.main == nil || h.u.notified != "" {
		t.Errorf("second unlock the same day: notified %q", h.u.notified)
	}
	h.u.lock()
	h.setNow(testToday.AddDate(0, 0, 1))
	h.unlock(testPass)
	if h.u.notified == "" {
		t.Error("no notice on the next day's unlock")
	}
}

func TestDashboardRefreshesWhileOpen(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(5))
	d := h.dashboard()
	h.app.Preferences().SetInt(prefAutoLock, 0) // no idle lock in between
	h.u.armIdleLock()
	seq := d.seq
	h.clock.Advance(dashRefresh - time.Second)
	h.u.wait()
	if d.seq != seq {
		t.Fatal("refreshed before its time")
	}
	h.clock.Advance(time.Second)
	h.u.wait()
	if d.seq != seq+1 {
		t.Fatalf("not refreshed after %v: seq %d → %d", dashRefresh, seq, d.seq)
	}
	h.clock.Advance(dashRefresh)
	h.u.wait()
	if d.seq != seq+2 {
		t.Fatalf("refresh not re-armed: seq %d", d.seq)
	}
	h.u.lock()
	h.clock.Advance(2 * dashRefresh)
	h.u.wait()
	if d.seq != seq+2 {
		t.Error("refreshed a locked vault")
	}
}

func TestDashboardDoneLogsCheck(t *testing.T) {
	h := openWith(t, i18n.EN, fillDemo(50))
	d := h.dashboard()
	i := -1
	for j, it := range d.items {
		if it.Kind == remind.KindStatusCheck && it.SiteID != "" {
			i = j
			break
		}
	}
	if i < 0 {
		t.Fatal("no status-check reminder")
	}
	it := d.items[i]
	before := h.win.Title()
	// Tap Done on the row of the item.
	d.list.ScrollTo(i)
	var row *todoRow
	for _, r := range d.rows {
		if r.subject.Text == it.Subject && r.site.Text == it.Site {
			row = r
		}
	}
	if row == nil {
		t.Fatalf("no row shows %q %q", it.Subject, it.Site)
	}
	test.Tap(row.done)
	h.u.wait()
	if findItem(d.items, it.Key) >= 0 {
		t.Error("done item still listed")
	}
	checks, err := h.u.store.Checks(it.SiteID)
	if err != nil {
		t.Fatal(err)
	}
	today := ledger.DateOf(testToday)
	found := false
	for _, c := range checks {
		if c.Date == today && c.Result == ledger.CheckNormal {
			found = true
		}
	}
	if !found {
		t.Errorf("no check logged today: %+v", checks)
	}
	if isDue(it) && h.win.Title() == before {
		t.Errorf("title count unchanged: %q", before)
	}
}

func TestDashboardSnoozeAndNotify(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(50))
	d := h.dashboard()
	it := d.items[0]
	d.snooze(it)
	h.u.wait()
	if findItem(d.items, it.Key) >= 0 {
		t.Fatal("snoozed item still listed")
	}
	// Still hidden six days on; back once the snooze date has passed.
	h.setNow(testToday.AddDate(0, 0, 6))
	d.load()
	h.u.wait()
	if findItem(d.items, it.Key) >= 0 {
		t.Error("snoozed item back too early")
	}
	h.setNow(testToday.AddDate(0, 0, 8))
	d.load()
	h.u.wait()
	if findItem(d.items, it.Key) < 0 {
		t.Error("snoozed item not back after the snooze")
	}
	// It was not due at the previous refresh: a notification.
	if !strings.HasSuffix(h.u.notified, "项待办已到期或逾期") {
		t.Errorf("notification %q", h.u.notified)
	}
}

// TestDashboardWhyFollowsLanguage shows each reminder's reason in the UI
// language: Chinese in the Chinese UI, English in the English one.
func TestDashboardWhyFollowsLanguage(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			h := openWith(t, lang, fillDemo(20))
			d := h.dashboard()
			if len(d.items) == 0 {
				t.Fatal("no reminders")
			}
			it := d.items[0]
			want, other := it.Why, it.WhyZH
			if lang == i18n.ZH {
				want, other = it.WhyZH, it.Why
			}
			if want == "" || want == other {
				t.Fatalf("reasons %q / %q", it.Why, it.WhyZH)
			}
			var row *todoRow
			for _, r := range d.rows {
				if r.subject.Text == itemSubject(lang, it) && r.site.Text == it.Site && r.date.Text != "" {
					row = r
				}
			}
			if row == nil {
				t.Fatalf("no row shows %q", itemSubject(lang, it))
			}
			if row.why.Text != want {
				t.Errorf("reason %q, want %q", row.why.Text, want)
			}
			if !strings.Contains(strings.Join(visibleTexts(h.win.Canvas().Content()), "|"), string([]rune(want)[:16])) {
				t.Errorf("the reason %q is not on screen", want)
			}
		})
	}
}
