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

// rowOf scrolls to it and returns its row.
func rowOf(t *testing.T, d *dashboard, it remind.Item) *todoRow {
	t.Helper()
	d.list.ScrollTo(findItem(d.items, it.Key))
	for _, r := range d.rows {
		if r.subject.Text == itemSubject(d.u.lang, it) && r.site.Text == it.Site {
			return r
		}
	}
	t.Fatalf("no row shows %q %q", it.Subject, it.Site)
	return nil
}

// firstOfKind is the first item of one of kinds.
func firstOfKind(t *testing.T, d *dashboard, kinds ...string) remind.Item {
	t.Helper()
	for _, it := range d.items {
		for _, k := range kinds {
			if it.Kind == k {
				return it
			}
		}
	}
	t.Fatalf("no %v reminder", kinds)
	return remind.Item{}
}

// TestDashboardDoneOpensCheck: Done on a status check opens the check
// dialog; cancelling logs nothing and keeps the item; saving a result
// logs the check as chosen, which clears the item (issue 19, item 5: Done
// logged "normal" without asking).
func TestDashboardDoneOpensCheck(t *testing.T) {
	h := openWith(t, i18n.EN, fillDemo(50))
	d := h.dashboard()
	it := firstOfKind(t, d, remind.KindStatusCheck)
	before := h.win.Title()
	test.Tap(rowOf(t, d, it).done)
	h.u.wait()
	b := d.check
	if b == nil || !b.m.Visible() {
		t.Fatal("Done did not open the check dialog")
	}
	checks0, _ := h.u.store.Checks(it.SiteID)
	b.m.Hide() // cancel
	d.load()
	h.u.wait()
	if findItem(d.items, it.Key) < 0 {
		t.Fatal("a cancelled check cleared the item")
	}
	if checks, _ := h.u.store.Checks(it.SiteID); len(checks) != len(checks0) {
		t.Fatal("a cancelled check was logged")
	}
	test.Tap(rowOf(t, d, it).done)
	h.u.wait()
	b = d.check
	b.result.SetSelected(h.u.t("check.result." + ledger.CheckProblem))
	test.Type(b.note, "ICP 查询页打不开")
	test.Tap(b.save)
	h.u.wait()
	if findItem(d.items, it.Key) >= 0 {
		t.Error("the item is still listed after the check was logged")
	}
	checks, err := h.u.store.Checks(it.SiteID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range checks {
		if c.Date == ledger.DateOf(testToday) && c.Result == ledger.CheckProblem && c.Note == "ICP 查询页打不开" {
			found = true
		}
	}
	if !found {
		t.Errorf("the check as chosen was not logged: %+v", checks)
	}
	if isDue(it) && h.win.Title() == before {
		t.Errorf("title count unchanged: %q", before)
	}
}

// TestDashboardDoneOpensRotation: Done on a rotation opens the credential
// with the generator; the item stays until a new password is saved.
func TestDashboardDoneOpensRotation(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(50))
	d := h.dashboard()
	it := firstOfKind(t, d, remind.KindRotation, remind.KindOffboardingRotation)
	test.Tap(rowOf(t, d, it).done)
	h.u.wait()
	m := h.u.main
	if m.current != navCredentials {
		t.Fatalf("Done showed screen %s", navKeys[m.current])
	}
	f, ok := m.credentials.form.(*credForm)
	if !ok || f.id != it.CredentialID {
		t.Fatalf("the credential %s is not open", it.CredentialID)
	}
	if f.gen == nil {
		t.Fatal("the generator did not open")
	}
	d.load()
	h.u.wait()
	if findItem(d.items, it.Key) < 0 {
		t.Fatal("the rotation cleared before a new password was saved")
	}
	test.Tap(f.gen.use)
	h.saveNow()
	d.load()
	h.u.wait()
	if findItem(d.items, it.Key) >= 0 {
		t.Error("the rotation is still listed after a new password was saved")
	}
}

// TestDashboardConfirmDoneUndo: what the ledger cannot see is confirmed
// before it is marked done, and the undo bar takes it back.
func TestDashboardConfirmDoneUndo(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(50))
	d := h.dashboard()
	it := d.items[0]
	d.confirmDone(it)
	c := h.u.lastConfirm
	if c == nil || !c.d.Visible() {
		t.Fatal("no confirmation")
	}
	test.Tap(c.ok)
	h.u.wait()
	if findItem(d.items, it.Key) >= 0 {
		t.Fatal("confirmed item still listed")
	}
	if bar := h.u.main.undo; !bar.box.Visible() || !strings.Contains(bar.msg.Text, "标记为完成") {
		t.Fatalf("no undo offered: %q", bar.msg.Text)
	}
	test.Tap(h.u.main.undo.btn)
	h.u.wait()
	if findItem(d.items, it.Key) < 0 {
		t.Error("undo did not bring the item back")
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
	// The bar says until when and offers undo; the list of snoozed items
	// has it with its day.
	until := ledger.DateOf(testToday).AddDays(snoozeDays).Chinese()
	if bar := h.u.main.undo; !bar.box.Visible() || !strings.Contains(bar.msg.Text, until) {
		t.Errorf("undo bar %q does not say until %s", bar.msg.Text, until)
	}
	if len(d.snoozed) != 1 || d.snoozed[0].item.Key != it.Key || !strings.Contains(d.showSnoozedBtn.Text, "1") {
		t.Fatalf("snoozed list %+v, button %q", d.snoozed, d.showSnoozedBtn.Text)
	}
	d.showSnoozed()
	if !strings.Contains(strings.Join(visibleTexts(d.snoozedBox.pop.Content), "|"), until) {
		t.Error("the snoozed list does not say until when")
	}
	d.snoozedBox.Hide()
	h.u.undoLast()
	h.u.wait()
	if findItem(d.items, it.Key) < 0 {
		t.Fatal("undo did not bring the snoozed item back")
	}
	d.snooze(it)
	h.u.wait()
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
