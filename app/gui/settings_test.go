package gui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// withExpiringSite adds a site in 湖北 whose domain expires 100 days after
// the test day: beyond the default 60-day lead and the dashboard's 30-day
// horizon.
func withExpiringSite(w ledger.Writer) error {
	today := ledger.DateOf(testToday)
	return w.PutSite(&ledger.Site{Name: "到期示例", Number: "鄂ICP备2023000009号-1", Province: "湖北",
		Domains: []string{"expiring.example.cn"}, FirstFiled: ledger.Date{Y: 2024, M: 1, D: 5},
		DomainExpiry: today.AddDays(100), PSBNumber: "42010602000001"})
}

func (h *harness) reminders() *remindForm {
	h.t.Helper()
	h.u.main.show(navSettings)
	h.u.wait()
	f := h.u.main.settings.remind
	if !f.loaded {
		h.t.Fatal("reminder settings not loaded")
	}
	return f
}

func hasKind(items []remind.Item, kind string) bool {
	return slices.ContainsFunc(items, func(it remind.Item) bool { return it.Kind == kind })
}

func storedInput(t *testing.T, h *harness) remind.Input {
	t.Helper()
	in, err := remind.Load(h.u.store)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestRemindLeadTimeChangesDashboard(t *testing.T) {
	h := openWith(t, i18n.ZH, withExpiringSite)
	if hasKind(h.dashboard().items, remind.KindDomainExpiry) {
		t.Fatal("domain expiry listed 100 days ahead with the default lead")
	}
	f := h.reminders()
	if f.expiry.Text != "60, 30, 7" {
		t.Errorf("default lead shown as %q", f.expiry.Text)
	}
	f.expiry.SetText("")
	test.Type(f.expiry, "30，120、7")
	test.Tap(f.save)
	h.u.wait()
	if f.msg.Text != "已保存，仪表盘已按新设置更新。" || f.expiry.Text != "120, 30, 7" {
		t.Fatalf("after save: %q, %q; error %q", f.msg.Text, f.expiry.Text, h.u.lastError)
	}
	if got := storedInput(t, h).Lead; !slices.Equal(got.ExpiryDays, []int{120, 30, 7}) || got.UpcomingDays != 30 {
		t.Errorf("stored lead %+v", got)
	}
	// Saving refreshed the dashboard already.
	d := h.u.main.dash
	i := slices.IndexFunc(d.items, func(it remind.Item) bool { return it.Kind == remind.KindDomainExpiry })
	if i < 0 || d.items[i].State != remind.StateDue {
		t.Fatalf("domain expiry not due with a 120-day lead: %+v", d.items)
	}

	// Back to a short lead: the reminder goes again.
	f.expiry.SetText("30")
	test.Tap(f.save)
	h.u.wait()
	if hasKind(h.dashboard().items, remind.KindDomainExpiry) {
		t.Error("domain expiry still listed with a 30-day lead")
	}
	// The screen shows what is stored when it comes back.
	f = h.reminders()
	if f.expiry.Text != "30" {
		t.Errorf("reloaded lead %q", f.expiry.Text)
	}
}

func TestRemindLeadValidation(t *testing.T) {
	h := openWith(t, i18n.ZH, nil)
	f := h.reminders()
	for _, tc := range []struct{ in, want string }{
		{"", "至少填写一个"},
		{"abc", "1 到 3660"},
		{"0", "1 到 3660"},
		{"60, -7", "1 到 3660"},
		{"4000", "1 到 3660"},
		{"1 2 3 4 5 6 7 8 9", "最多 8 个"},
	} {
		f.expiry.SetText(tc.in)
		test.Tap(f.save)
		h.u.wait()
		if !f.msg.Visible() || !strings.Contains(f.msg.Text, tc.want) {
			t.Errorf("%q: message %q", tc.in, f.msg.Text)
		}
	}
	if v, err := h.u.store.Setting(remind.SettingLead); err != nil || v != "" {
		t.Errorf("an invalid lead was stored: %q %v", v, err)
	}
}

func TestProvincialReviews(t *testing.T) {
	h := openWith(t, i18n.ZH, withExpiringSite)
	if hasKind(h.dashboard().items, remind.KindProvincialReview) {
		t.Fatal("a review listed before any was set")
	}
	f := h.reminders()
	if len(f.reviews) != 0 || f.reviewHead.Visible() {
		t.Fatal("reviews shown before any was set")
	}

	test.Tap(f.addReview)
	r := f.reviews[0]
	test.Type(r.province, "火星")
	test.Type(r.from, "11-01")
	test.Type(r.to, "12-31")
	test.Tap(f.save)
	h.u.wait()
	if !strings.Contains(f.msg.Text, "第 1 条核查") || !strings.Contains(f.msg.Text, "火星") {
		t.Errorf("bad province: %q", f.msg.Text)
	}
	r.province.SetText("湖北省")
	r.to.SetText("2月30日")
	test.Tap(f.save)
	h.u.wait()
	if !strings.Contains(f.msg.Text, "2月30日") {
		t.Errorf("bad date: %q", f.msg.Text)
	}
	r.to.SetText("12月31日")
	test.Type(r.note, "通过接入商提交")
	test.Tap(f.save)
	h.u.wait()
	if f.msg.Text != "已保存，仪表盘已按新设置更新。" {
		t.Fatalf("save: %q %q", f.msg.Text, h.u.lastError)
	}
	in := storedInput(t, h)
	if len(in.Reviews) != 1 || in.Reviews[0] != (remind.ProvincialReview{Province: "湖北省", FromMonth: 11, FromDay: 1, ToMonth: 12, ToDay: 31}) {
		t.Fatalf("stored reviews %+v", in.Reviews)
	}
	if !hasKind(h.u.main.dash.items, remind.KindProvincialReview) {
		t.Error("the review window around today is not on the dashboard")
	}

	// Shown again as stored, note included; removing the row removes it.
	f = h.reminders()
	if len(f.reviews) != 1 || f.reviews[0].note.Text != "通过接入商提交" || f.reviews[0].from.Text != "11-01" {
		t.Fatalf("reloaded rows %d", len(f.reviews))
	}
	// A start with a year is a one-off campaign (湖北 2020): stored with
	// its year and shown with it again.
	f.reviews[0].from.SetText("2020-01-15")
	f.reviews[0].to.SetText("04-15")
	test.Tap(f.save)
	h.u.wait()
	if in := storedInput(t, h); len(in.Reviews) != 1 || in.Reviews[0].Year != 2020 || in.Reviews[0].FromMonth != 1 || in.Reviews[0].FromDay != 15 {
		t.Fatalf("campaign stored as %+v (%q)", in.Reviews, f.msg.Text)
	}
	if f = h.reminders(); f.reviews[0].from.Text != "2020-01-15" {
		t.Errorf("campaign reloaded as %q", f.reviews[0].from.Text)
	}
	test.Tap(f.reviews[0].remove)
	if len(f.reviews) != 0 || f.reviewHead.Visible() {
		t.Error("row not removed")
	}
	test.Tap(f.save)
	h.u.wait()
	if len(storedInput(t, h).Reviews) != 0 || hasKind(h.dashboard().items, remind.KindProvincialReview) {
		t.Error("removed review still stored or listed")
	}
}

func TestParseLeadDaysAndMonthDay(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		bad  string
	}{
		{"60, 30, 7", []int{60, 30, 7}, ""},
		{"7 30 60 30", []int{60, 30, 7}, ""},
		{"９０；１４", []int{90, 14}, ""},
		{"3660", []int{3660}, ""},
		{"3661", nil, "settings.badLead"},
		{"1.5", nil, "settings.badLead"},
		{" ,, ", nil, "settings.needLead"},
	} {
		got, bad := parseLeadDays(tc.in)
		if !slices.Equal(got, tc.want) || bad != tc.bad {
			t.Errorf("parseLeadDays(%q) = %v %q, want %v %q", tc.in, got, bad, tc.want, tc.bad)
		}
	}
	for _, tc := range []struct {
		in   string
		m, d int
		ok   bool
	}{
		{"01-15", 1, 15, true}, {"1/15", 1, 15, true}, {"4.15", 4, 15, true}, {"1月15日", 1, 15, true},
		{"２月２９日", 2, 29, true}, {"02-30", 0, 0, false}, {"13-01", 0, 0, false}, {"04-31", 0, 0, false},
		{"0-1", 0, 0, false}, {"15", 0, 0, false}, {"", 0, 0, false}, {"1-2-3", 0, 0, false},
	} {
		m, d, ok := parseMonthDay(tc.in)
		if m != tc.m || d != tc.d || ok != tc.ok {
			t.Errorf("parseMonthDay(%q) = %d %d %t", tc.in, m, d, ok)
		}
	}
}
