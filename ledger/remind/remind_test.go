package remind

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
)

func d(s string) ledger.Date { return ledger.MustDate(s) }

// mkSite returns a live site filed long ago with a 公安备案号, so that it
// only owes status checks unless a test says otherwise.
func mkSite(id string, mods ...func(*ledger.SiteRow)) ledger.SiteRow {
	s := ledger.SiteRow{Site: ledger.Site{
		Meta:       ledger.Meta{ID: id},
		EntityID:   "e1",
		Number:     "京ICP备11018762号-" + id,
		Name:       "Site " + id,
		Domains:    []string{id + ".example.cn"},
		Status:     ledger.StatusNormal,
		Province:   "京",
		FirstFiled: d("2020-01-01"),
		WentLive:   d("2020-01-01"),
		PSBNumber:  "京公网安备11010502030143号",
	}}
	for _, m := range mods {
		m(&s)
	}
	return s
}

// got maps key → state for the items of one kind.
func got(items []Item, kind string) map[string]string {
	m := map[string]string{}
	for _, it := range items {
		if kind == "" || it.Kind == kind {
			m[it.Key] = it.State
		}
	}
	return m
}

func find(t *testing.T, items []Item, key string) Item {
	t.Helper()
	for _, it := range items {
		if it.Key == key {
			return it
		}
	}
	t.Fatalf("no item %q in %v", key, keysOf(items))
	return Item{}
}

func keysOf(items []Item) []string {
	var k []string
	for _, it := range items {
		k = append(k, it.Key+"="+it.State)
	}
	return k
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func check(date string) ledger.StatusCheck {
	return ledger.StatusCheck{Meta: ledger.Meta{ID: "chk-" + date}, SiteID: "s1", Date: d(date), Result: ledger.CheckNormal}
}

func TestStatusCheckQuarters(t *testing.T) {
	created := func(day string) func(*ledger.SiteRow) {
		return func(s *ledger.SiteRow) {
			s.FirstFiled = ledger.Date{}
			s.CreatedAt = d(day).Time().Add(10 * time.Hour)
		}
	}
	tests := []struct {
		name   string
		today  string
		within int
		site   []func(*ledger.SiteRow)
		checks []ledger.StatusCheck
		want   map[string]string
	}{
		{name: "31 Mar: Q1 due, Q4 overdue", today: "2027-03-31",
			want: map[string]string{"status-check/s1/2027Q1": StateDue, "status-check/s1/2026Q4": StateOverdue}},
		{name: "31 Mar within 1: Q2 upcoming", today: "2027-03-31", within: 1,
			want: map[string]string{"status-check/s1/2027Q1": StateDue, "status-check/s1/2026Q4": StateOverdue, "status-check/s1/2027Q2": StateUpcoming}},
		{name: "1 Apr: Q1 overdue, Q2 due", today: "2027-04-01",
			want: map[string]string{"status-check/s1/2027Q1": StateOverdue, "status-check/s1/2027Q2": StateDue}},
		{name: "30 Jun", today: "2027-06-30",
			want: map[string]string{"status-check/s1/2027Q1": StateOverdue, "status-check/s1/2027Q2": StateDue}},
		{name: "30 Sep", today: "2027-09-30",
			want: map[string]string{"status-check/s1/2027Q2": StateOverdue, "status-check/s1/2027Q3": StateDue}},
		{name: "31 Dec", today: "2026-12-31",
			want: map[string]string{"status-check/s1/2026Q3": StateOverdue, "status-check/s1/2026Q4": StateDue}},
		{name: "1 Jan: year end", today: "2027-01-01",
			want: map[string]string{"status-check/s1/2026Q4": StateOverdue, "status-check/s1/2027Q1": StateDue}},
		{name: "check on the last day counts", today: "2027-03-31",
			checks: []ledger.StatusCheck{check("2027-03-31")},
			want:   map[string]string{}},
		{name: "check on the last day, next day", today: "2027-04-01",
			checks: []ledger.StatusCheck{check("2027-03-31")},
			want:   map[string]string{"status-check/s1/2027Q2": StateDue}},
		{name: "check on 31 Dec, 1 Jan", today: "2027-01-01",
			checks: []ledger.StatusCheck{check("2026-12-31")},
			want:   map[string]string{"status-check/s1/2027Q1": StateDue}},
		{name: "check on the first day", today: "2027-06-30",
			checks: []ledger.StatusCheck{check("2027-01-01"), check("2027-04-01")},
			want:   map[string]string{}},
		{name: "only the most recent missed quarter", today: "2027-08-01",
			checks: []ledger.StatusCheck{check("2025-01-01")},
			want:   map[string]string{"status-check/s1/2027Q2": StateOverdue, "status-check/s1/2027Q3": StateDue}},
		{name: "a late check clears the missed quarter", today: "2027-04-02",
			checks: []ledger.StatusCheck{check("2027-04-02")},
			want:   map[string]string{}},
		{name: "a check in the future is not counted", today: "2027-03-31",
			checks: []ledger.StatusCheck{check("2027-03-30"), check("2027-04-05")},
			want:   map[string]string{}},
		{name: "future check alone", today: "2027-03-15",
			checks: []ledger.StatusCheck{check("2027-04-05")},
			want:   map[string]string{"status-check/s1/2027Q1": StateDue, "status-check/s1/2026Q4": StateOverdue}},
		{name: "filed within the quarter counts as its check", today: "2027-04-01",
			site: []func(*ledger.SiteRow){func(s *ledger.SiteRow) { s.FirstFiled = d("2027-02-10") }},
			want: map[string]string{"status-check/s1/2027Q2": StateDue}},
		{name: "filed in the future owes nothing yet", today: "2027-04-01", within: 30,
			site: []func(*ledger.SiteRow){func(s *ledger.SiteRow) { s.FirstFiled = d("2027-07-20") }},
			want: map[string]string{}},
		{name: "created this quarter: no earlier quarter", today: "2027-03-01",
			site: []func(*ledger.SiteRow){created("2027-02-10")},
			want: map[string]string{"status-check/s1/2027Q1": StateDue}},
		{name: "created last quarter, never checked", today: "2027-04-01",
			site: []func(*ledger.SiteRow){created("2027-02-10")},
			want: map[string]string{"status-check/s1/2027Q1": StateOverdue, "status-check/s1/2027Q2": StateDue}},
		{name: "LastChecked counts", today: "2027-05-01",
			site: []func(*ledger.SiteRow){func(s *ledger.SiteRow) { s.LastChecked = d("2027-04-30") }},
			want: map[string]string{}},
		{name: "cancelled site owes nothing", today: "2027-03-31",
			site: []func(*ledger.SiteRow){func(s *ledger.SiteRow) { s.Status = ledger.StatusCancelled }},
			want: map[string]string{}},
		{name: "deleted check is ignored", today: "2027-03-31",
			checks: []ledger.StatusCheck{{Meta: ledger.Meta{ID: "x", Deleted: true}, SiteID: "s1", Date: d("2027-03-01")}},
			want:   map[string]string{"status-check/s1/2027Q1": StateDue, "status-check/s1/2026Q4": StateOverdue}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Sites: []ledger.SiteRow{mkSite("s1", tt.site...)}, Checks: tt.checks}
			items := Due(in, d(tt.today), tt.within)
			if g := got(items, KindStatusCheck); !sameMap(g, tt.want) {
				t.Errorf("got %v, want %v", g, tt.want)
			}
			for _, it := range items {
				if it.Kind == KindStatusCheck && it.Why == "" {
					t.Errorf("%s has no Why", it.Key)
				}
			}
		})
	}
}

func TestStatusCheckWindowAndWhy(t *testing.T) {
	in := Input{Sites: []ledger.SiteRow{mkSite("s1")},
		Checks: []ledger.StatusCheck{check("2026-11-02"), check("2027-05-01")}}
	items := Due(in, d("2027-03-31"), 0)
	it := find(t, items, "status-check/s1/2027Q1")
	if it.Start != d("2027-01-01") || it.Due != d("2027-03-31") || it.DaysLeft != 0 {
		t.Errorf("window %s–%s, %d days left", it.Start, it.Due, it.DaysLeft)
	}
	if !strings.Contains(it.Why, "last check 2026-11-02") || !strings.Contains(it.Why, "2027-05-01 is after today") {
		t.Errorf("Why = %q", it.Why)
	}
	if it.Site != "京ICP备11018762号-s1" || it.SiteID != "s1" || it.EntityID != "e1" {
		t.Errorf("site fields %+v", it)
	}
	if !strings.Contains(it.SubjectZH, "2027年第1季度") || !strings.Contains(it.Subject, "Q1 2027") {
		t.Errorf("subjects %q / %q", it.Subject, it.SubjectZH)
	}
}

func cred(mods ...func(*ledger.Credential)) ledger.Credential {
	c := ledger.Credential{Meta: ledger.Meta{ID: "c1"}, System: ledger.SystemProvider, SiteID: "s1",
		Login: "ops@example.cn", LastRotated: d("2026-12-01"), RotationMonths: 3, HasSecret: true}
	for _, m := range mods {
		m(&c)
	}
	return c
}

func TestRotation(t *testing.T) {
	rot := func(last string, months int) func(*ledger.Credential) {
		return func(c *ledger.Credential) {
			c.LastRotated = ledger.Date{}
			if last != "" {
				c.LastRotated = d(last)
			}
			c.RotationMonths = months
		}
	}
	tests := []struct {
		name      string
		cred      func(*ledger.Credential)
		today     string
		within    int
		key       string // "" means no item
		kind      string
		state     string
		due       string
		daysLeft  int
		whyHas    string
		whyHasNot string
	}{
		{name: "leap day", cred: rot("2023-11-29", 3), today: "2024-02-29",
			key: "rotation/c1/2024-02-29", state: StateDue, due: "2024-02-29", whyHas: "last rotated 2023-11-29, every 3 months", whyHasNot: "outside"},
		{name: "30 Nov + 3 in a common year", cred: rot("2024-11-30", 3), today: "2025-03-01",
			key: "rotation/c1/2025-02-28", state: StateOverdue, due: "2025-02-28", daysLeft: -1},
		{name: "31 Aug + 6 clamps to 28 Feb", cred: rot("2026-08-31", 6), today: "2027-02-28",
			key: "rotation/c1/2027-02-28", state: StateDue, due: "2027-02-28"},
		{name: "over the year end", cred: rot("2026-10-15", 3), today: "2027-01-15",
			key: "rotation/c1/2027-01-15", state: StateDue, due: "2027-01-15"},
		{name: "upcoming within", cred: rot("2023-11-29", 3), today: "2024-02-20", within: 9,
			key: "rotation/c1/2024-02-29", state: StateUpcoming, due: "2024-02-29", daysLeft: 9},
		{name: "not yet within", cred: rot("2023-11-29", 3), today: "2024-02-20", within: 8},
		{name: "the day before, within 0", cred: rot("2023-11-29", 3), today: "2024-02-28"},
		{name: "interval 0 is the house default", cred: rot("2027-01-01", 0), today: "2027-04-01",
			key: "rotation/c1/2027-04-01", state: StateDue, due: "2027-04-01", whyHas: "no rotation interval is set, so the house default of 3 months"},
		{name: "interval 30 is clamped", cred: rot("2027-01-01", 30), today: "2027-04-01",
			key: "rotation/c1/2027-04-01", state: StateDue, due: "2027-04-01", whyHas: "30 months is outside 1–24"},
		{name: "interval -2 is clamped", cred: rot("2027-01-01", -2), today: "2027-04-02",
			key: "rotation/c1/2027-04-01", state: StateOverdue, due: "2027-04-01", daysLeft: -1, whyHas: "-2 months is outside"},
		{name: "interval 24 is kept", cred: rot("2025-03-31", 24), today: "2027-03-31",
			key: "rotation/c1/2027-03-31", state: StateDue, due: "2027-03-31", whyHas: "every 24 months", whyHasNot: "outside"},
		{name: "never rotated", cred: rot("", 6), today: "2027-03-31",
			key: "rotation/c1/never", state: StateDue, due: "2027-03-31", whyHas: "never rotated"},
		{name: "last rotated in the future", cred: rot("2027-09-01", 3), today: "2027-03-31",
			key: "rotation/c1/invalid-2027-09-01", state: StateDue, due: "2027-03-31", whyHas: "after today"},
		{name: "offboarding", cred: func(c *ledger.Credential) { c.RotateNow = true }, today: "2027-03-31",
			key: "offboarding-rotation/c1/2026-12-01", kind: KindOffboardingRotation, state: StateDue, due: "2027-03-31", whyHas: "removed"},
		{name: "offboarding, never rotated", cred: func(c *ledger.Credential) { c.RotateNow = true; c.LastRotated = ledger.Date{} }, today: "2027-03-31",
			key: "offboarding-rotation/c1/never", kind: KindOffboardingRotation, state: StateDue, due: "2027-03-31"},
		{name: "legacy MIIT password is not rotated", cred: func(c *ledger.Credential) { c.System = ledger.SystemMIITLegacy; c.LastRotated = ledger.Date{} }, today: "2027-03-31"},
		{name: "deleted credential", cred: func(c *ledger.Credential) { c.Deleted = true; c.LastRotated = ledger.Date{} }, today: "2027-03-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.Status = ledger.StatusCancelled })},
				Credentials: []ledger.Credential{cred(tt.cred)}}
			items := Due(in, d(tt.today), tt.within)
			if tt.key == "" {
				if len(items) != 0 {
					t.Fatalf("want nothing, got %v", keysOf(items))
				}
				return
			}
			if len(items) != 1 {
				t.Fatalf("want 1 item, got %v", keysOf(items))
			}
			it := items[0]
			kind := tt.kind
			if kind == "" {
				kind = KindRotation
			}
			if it.Key != tt.key || it.Kind != kind || it.State != tt.state || it.Due != d(tt.due) || it.DaysLeft != tt.daysLeft {
				t.Errorf("got %s %s %s due %s (%d), want %s %s %s due %s (%d)",
					it.Key, it.Kind, it.State, it.Due, it.DaysLeft, tt.key, kind, tt.state, tt.due, tt.daysLeft)
			}
			if it.Why == "" || !strings.Contains(it.Why, tt.whyHas) || (tt.whyHasNot != "" && strings.Contains(it.Why, tt.whyHasNot)) {
				t.Errorf("Why = %q", it.Why)
			}
			if it.CredentialID != "c1" || it.SiteID != "s1" || it.Site == "" {
				t.Errorf("ids %+v", it)
			}
		})
	}
}

func TestLicenceReport(t *testing.T) {
	ent := ledger.Entity{Meta: ledger.Meta{ID: "e1"}, Name: "示例科技有限公司", ICPLicence: "京B2-20201234"}
	tests := []struct {
		today  string
		within int
		want   map[string]string
		left   int
	}{
		{"2027-01-09", 0, map[string]string{"licence-report/e1/2026": StateOverdue}, 0},
		{"2027-01-09", 1, map[string]string{"licence-report/e1/2026": StateOverdue, "licence-report/e1/2027": StateUpcoming}, 81},
		{"2027-01-10", 0, map[string]string{"licence-report/e1/2027": StateDue}, 80},
		{"2027-03-31", 0, map[string]string{"licence-report/e1/2027": StateDue}, 0},
		{"2027-04-01", 0, map[string]string{"licence-report/e1/2027": StateOverdue}, -1},
		{"2027-12-31", 0, map[string]string{"licence-report/e1/2027": StateOverdue}, -275},
		{"2028-01-10", 0, map[string]string{"licence-report/e1/2028": StateDue}, 81}, // 2028 is a leap year
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s+%d", tt.today, tt.within), func(t *testing.T) {
			items := Due(Input{Entities: []ledger.Entity{ent}}, d(tt.today), tt.within)
			if g := got(items, ""); !sameMap(g, tt.want) {
				t.Fatalf("got %v, want %v", g, tt.want)
			}
			last := items[len(items)-1]
			if y := last.Due.Y; last.Start != (ledger.Date{Y: y, M: 1, D: 10}) || last.Due != (ledger.Date{Y: y, M: 3, D: 31}) {
				t.Errorf("window %s–%s", last.Start, last.Due)
			}
			if tt.left != 0 && last.DaysLeft != tt.left {
				t.Errorf("days left %d, want %d", last.DaysLeft, tt.left)
			}
			if !strings.Contains(last.Why, "京B2-20201234") || last.EntityID != "e1" || last.Site != "" {
				t.Errorf("item %+v", last)
			}
		})
	}
	// Not owed before the entity was added, and not without a licence.
	late := ent
	late.CreatedAt = d("2027-05-01").Time()
	if items := Due(Input{Entities: []ledger.Entity{late}}, d("2027-06-01"), 0); len(items) != 0 {
		t.Errorf("entity added after the deadline: %v", keysOf(items))
	}
	none := ent
	none.ICPLicence = " "
	if items := Due(Input{Entities: []ledger.Entity{none}}, d("2027-03-01"), 0); len(items) != 0 {
		t.Errorf("entity without licence: %v", keysOf(items))
	}
}

func TestDomainAndSSLExpiry(t *testing.T) {
	exp := d("2027-03-05")
	tests := []struct {
		before  int // days before expiry
		within  int
		state   string
		subject string
		why     string
	}{
		{61, 0, "", "", ""},
		{61, 1, StateUpcoming, "expires in 61 days", ""},
		{60, 0, StateDue, "expires in 60 days (2027-03-05)", "this is the 60-day reminder"},
		{31, 0, StateDue, "expires in 31 days", "this is the 60-day reminder"},
		{30, 0, StateDue, "expires in 30 days", "this is the 30-day reminder"},
		{7, 0, StateDue, "expires in 7 days", "this is the 7-day reminder"},
		{1, 0, StateDue, "expires tomorrow", "this is the 7-day reminder"},
		{0, 0, StateDue, "expires today", "this is the 7-day reminder"},
		{-1, 0, StateOverdue, "expired 1 day ago", "cancel the filing yourself"},
		{-40, 0, StateOverdue, "expired 40 days ago", "has expired"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d", tt.before), func(t *testing.T) {
			s := mkSite("s1", func(s *ledger.SiteRow) { s.DomainExpiry = exp; s.LastChecked = d("2027-05-30") })
			today := exp.AddDays(-tt.before)
			s.LastChecked = today
			items := Due(Input{Sites: []ledger.SiteRow{s}}, today, tt.within)
			if tt.state == "" {
				if len(items) != 0 {
					t.Fatalf("got %v", keysOf(items))
				}
				return
			}
			if len(items) != 1 {
				t.Fatalf("got %v", keysOf(items))
			}
			it := items[0]
			if it.Key != "domain-expiry/s1/2027-03-05" || it.State != tt.state || it.DaysLeft != tt.before ||
				it.Start != d("2027-01-04") || it.Due != exp {
				t.Errorf("got %+v", it)
			}
			if !strings.Contains(it.Subject, tt.subject) || !strings.Contains(it.Subject, "s1.example.cn") || !strings.Contains(it.Why, tt.why) {
				t.Errorf("subject %q why %q", it.Subject, it.Why)
			}
			if !strings.Contains(it.SubjectZH, "域名s1.example.cn") {
				t.Errorf("subject_zh %q", it.SubjectZH)
			}
		})
	}
	// SSL and a custom lead.
	s := mkSite("s1", func(s *ledger.SiteRow) { s.SSLExpiry = exp; s.LastChecked = d("2027-02-01") })
	in := Input{Sites: []ledger.SiteRow{s}, Lead: Lead{ExpiryDays: []int{14, 0, -3, 14}}}
	if items := Due(in, exp.AddDays(-15), 0); len(items) != 0 {
		t.Errorf("lead 14: 15 days before: %v", keysOf(items))
	}
	items := Due(in, exp.AddDays(-14), 0)
	if len(items) != 1 || items[0].Kind != KindSSLExpiry || items[0].Key != "ssl-expiry/s1/2027-03-05" ||
		!strings.Contains(items[0].Subject, "SSL certificate for s1.example.cn expires in 14 days") ||
		!strings.Contains(items[0].Why, "reminders 14 days before") {
		t.Errorf("ssl: %+v", items)
	}
}

func TestPSBFiling(t *testing.T) {
	noPSB := func(s *ledger.SiteRow) { s.PSBNumber = ""; s.LastChecked = d("2027-03-01") }
	tests := []struct {
		name   string
		mod    func(*ledger.SiteRow)
		today  string
		within int
		state  string
		due    string
		why    string
	}{
		{"went live, within 30 days", func(s *ledger.SiteRow) { s.WentLive = d("2027-03-01") }, "2027-03-15", 0, StateDue, "2027-03-31", "went live on 2027-03-01"},
		{"went live, day 30", func(s *ledger.SiteRow) { s.WentLive = d("2027-03-01") }, "2027-03-31", 0, StateDue, "2027-03-31", ""},
		{"went live, day 31", func(s *ledger.SiteRow) { s.WentLive = d("2027-03-01") }, "2027-04-01", 0, StateOverdue, "2027-03-31", ""},
		{"filed, go-live unknown", func(s *ledger.SiteRow) { s.WentLive = ledger.Date{}; s.FirstFiled = d("2027-02-01") }, "2027-03-15", 0, StateOverdue, "2027-03-03", "go-live date unknown"},
		{"no dates at all", func(s *ledger.SiteRow) { s.WentLive = ledger.Date{}; s.FirstFiled = ledger.Date{} }, "2027-03-15", 0, StateDue, "2027-03-15", "no go-live or filing date"},
		{"going live later", func(s *ledger.SiteRow) { s.WentLive = d("2027-06-01") }, "2027-03-31", 0, "", "", ""},
		{"going live later, within 62", func(s *ledger.SiteRow) { s.WentLive = d("2027-06-01") }, "2027-03-31", 62, StateUpcoming, "2027-07-01", ""},
		{"date without number", func(s *ledger.SiteRow) { s.WentLive = d("2027-03-01"); s.PSBDate = d("2027-03-10") }, "2027-03-15", 0, StateDue, "2027-03-31", "without its number"},
		{"has a number", func(s *ledger.SiteRow) { s.WentLive = d("2027-03-01"); s.PSBNumber = "京公网安备1号" }, "2027-03-15", 0, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mkSite("s1", noPSB, tt.mod)
			items := Due(Input{Sites: []ledger.SiteRow{s}}, d(tt.today), tt.within)
			var psb []Item
			for _, it := range items {
				if it.Kind == KindPSBFiling {
					psb = append(psb, it)
				}
			}
			if tt.state == "" {
				if len(psb) != 0 {
					t.Fatalf("got %v", keysOf(psb))
				}
				return
			}
			if len(psb) != 1 || psb[0].Key != "psb-filing/s1" || psb[0].State != tt.state || psb[0].Due != d(tt.due) || !strings.Contains(psb[0].Why, tt.why) {
				t.Fatalf("got %+v", psb)
			}
		})
	}
}

// TestContactChange: 33号令 Art. 14, "需要变更其《备案登记表》中填报的信息的，
// 应当提前三十日…履行备案变更手续". The change is due 30 days before the
// person leaves, and shows from the day a leaving date up to a year ahead
// is recorded; there is no grace period after leaving (the old rule gave
// End + 30 days). Only 主体负责人 and 网站负责人 are named in a filing.
func TestContactChange(t *testing.T) {
	sites := []ledger.SiteRow{
		mkSite("s1", func(s *ledger.SiteRow) { s.LastChecked = d("2027-03-01") }),
		mkSite("s2", func(s *ledger.SiteRow) { s.Status = ledger.StatusCancelled }),
	}
	ents := []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, Name: "示例科技有限公司"}}
	contact := func(mods ...func(*ledger.Contact)) ledger.Contact {
		c := ledger.Contact{Meta: ledger.Meta{ID: "p1"}, Name: "张三", Role: ledger.RoleSiteOwner,
			End: d("2027-03-01"), EntityID: "e1", SiteIDs: []string{"s1", "s2", "s1"}}
		for _, m := range mods {
			m(&c)
		}
		return c
	}
	leaves := func(day string) func(*ledger.Contact) { return func(c *ledger.Contact) { c.End = d(day) } }
	tests := []struct {
		name   string
		c      ledger.Contact
		today  string
		want   map[string]string
		due    string
		zhHas  string
		subjZH string
	}{
		{"left yesterday: overdue, not due for 30 more days", contact(), "2027-03-02",
			map[string]string{"contact-change/p1/s1/2027-03-01": StateOverdue}, "2027-01-30", "人已离职的，请尽快办理", "张三已离职"},
		{"left long ago", contact(), "2027-04-01",
			map[string]string{"contact-change/p1/s1/2027-03-01": StateOverdue}, "2027-01-30", "已于2027年3月1日离职", "已离职"},
		{"leaving in 31 days: due tomorrow", contact(leaves("2027-05-01")), "2027-03-31",
			map[string]string{"contact-change/p1/s1/2027-05-01": StateDue}, "2027-04-01", "将于2027年5月1日离职", "张三将于2027年5月1日离职"},
		{"leaving in 30 days: due today", contact(leaves("2027-04-30")), "2027-03-31",
			map[string]string{"contact-change/p1/s1/2027-04-30": StateDue}, "2027-03-31", "即不晚于2027年3月31日", "将于"},
		{"leaving in 20 days: already late", contact(leaves("2027-04-20")), "2027-03-31",
			map[string]string{"contact-change/p1/s1/2027-04-20": StateOverdue}, "2027-03-21", "现已逾期，请尽快办理", "将于"},
		{"leaving in 11 months: shown from the day it is entered", contact(leaves("2028-03-01")), "2027-03-31",
			map[string]string{"contact-change/p1/s1/2028-03-01": StateDue}, "2028-01-31", "将于2028年3月1日离职", "将于"},
		{"leaving in 13 months: not yet", contact(leaves("2028-05-01")), "2027-03-31", map[string]string{}, "", "", ""},
		{"still there", contact(func(c *ledger.Contact) { c.End = ledger.Date{} }), "2027-03-31", map[string]string{}, "", "", ""},
		{"only on a cancelled site: entity", contact(func(c *ledger.Contact) { c.SiteIDs = []string{"s2", "gone"} }), "2027-03-31",
			map[string]string{"contact-change/p1/e1/2027-03-01": StateOverdue}, "2027-01-30", "已于", ""},
		{"entity owner", contact(func(c *ledger.Contact) { c.Role = ledger.RoleEntityOwner }), "2027-03-31",
			map[string]string{"contact-change/p1/e1/2027-03-01": StateOverdue}, "2027-01-30", "主体负责人张三已于", ""},
		{"unlinked", contact(func(c *ledger.Contact) { c.SiteIDs = nil; c.EntityID = "" }), "2027-03-31", map[string]string{}, "", "", ""},
		{"account manager", contact(func(c *ledger.Contact) { c.Role = ledger.RoleAccountManager }), "2027-03-31", map[string]string{}, "", "", ""},
		// Not filing roles: no filing change (the old rule asked for one).
		{"administrator", contact(func(c *ledger.Contact) { c.Role = ledger.RoleAdministrator }), "2027-03-31", map[string]string{}, "", "", ""},
		{"backup contact", contact(func(c *ledger.Contact) { c.Role = ledger.RoleBackup }), "2027-03-31", map[string]string{}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := Due(Input{Sites: sites, Entities: ents, Contacts: []ledger.Contact{tt.c}}, d(tt.today), 0)
			if g := got(items, KindContactChange); !sameMap(g, tt.want) {
				t.Fatalf("got %v, want %v", g, tt.want)
			}
			for _, it := range items {
				if it.Kind != KindContactChange {
					continue
				}
				if it.ContactID != "p1" || it.EntityID != "e1" || !strings.Contains(it.Why, "张三") || !strings.Contains(it.SubjectZH, "张三") {
					t.Errorf("item %+v", it)
				}
				if it.Due != d(tt.due) || it.Start != norm(tt.c.End).AddDays(-365) {
					t.Errorf("window %s–%s, want due %s", it.Start, it.Due, tt.due)
				}
				if !strings.Contains(it.WhyZH, tt.zhHas) || !strings.Contains(it.SubjectZH, tt.subjZH) {
					t.Errorf("why_zh %q subject_zh %q", it.WhyZH, it.SubjectZH)
				}
				// "将于…离职" before the day, "已离职" only after it.
				if left := !d(tt.today).Before(norm(tt.c.End)); left != strings.Contains(it.SubjectZH, "已离职") || left == strings.Contains(it.WhyZH, "将于") {
					t.Errorf("left %v: %q / %q", left, it.SubjectZH, it.WhyZH)
				}
				if it.Basis != BasisRegulation || !strings.Contains(it.Source, "第33号") || !strings.Contains(it.Source, "提前30日") {
					t.Errorf("basis %q source %q", it.Basis, it.Source)
				}
			}
		})
	}
}

// TestOffboarding: administrators and backup contacts are not named in a
// filing (Tencent Cloud 备案信息填写: the filing records 主体负责人 and
// 网站负责人), so their leaving asks for their ways in and their passwords,
// not a filing change.
func TestOffboarding(t *testing.T) {
	in := Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.LastChecked = d("2027-03-01") })},
		Contacts: []ledger.Contact{
			{Meta: ledger.Meta{ID: "a1"}, Name: "李四", Role: ledger.RoleAdministrator, End: d("2027-04-15"), EntityID: "e1", SiteIDs: []string{"s1"}},
			{Meta: ledger.Meta{ID: "b1"}, Name: "王五", Role: ledger.RoleBackup, End: d("2027-03-01"), EntityID: "e1"},
			{Meta: ledger.Meta{ID: "n1"}, Name: "赵六", End: d("2027-03-20")},
		}}
	items := Due(in, d("2027-03-31"), 0)
	want := map[string]string{"offboarding/a1/2027-04-15": StateDue, "offboarding/b1/2027-03-01": StateOverdue, "offboarding/n1/2027-03-20": StateOverdue}
	if g := got(items, ""); !sameMap(g, want) {
		t.Fatalf("got %v, want %v", g, want)
	}
	a := find(t, items, "offboarding/a1/2027-04-15")
	if a.Start != d("2027-03-16") || a.Due != d("2027-04-15") || a.Site != "京ICP备11018762号-s1" || a.Basis != BasisHouse {
		t.Errorf("administrator %+v", a)
	}
	if !strings.Contains(a.SubjectZH, "管理员李四将于2027年4月15日离职") || !strings.Contains(a.WhyZH, "无须变更备案") || strings.Contains(a.WhyZH, "已离职") {
		t.Errorf("administrator texts %q / %q", a.SubjectZH, a.WhyZH)
	}
	b := find(t, items, "offboarding/b1/2027-03-01")
	if !strings.Contains(b.SubjectZH, "备用联系人王五已于2027年3月1日离职") || strings.Contains(b.SubjectZH+b.WhyZH, "应急联系人") {
		t.Errorf("backup texts %q / %q", b.SubjectZH, b.WhyZH)
	}
	if n := find(t, items, "offboarding/n1/2027-03-20"); !strings.Contains(n.WhyZH, "请设置其角色") {
		t.Errorf("no role: %q", n.WhyZH)
	}
}

// TestLicenceRenewal: 《电信业务经营许可管理办法》 "经营许可证有效期届满，需要
// 继续经营的，应当提前90日向原发证机关提出延续经营许可证的申请"; "未在此
// 规定期限内提出…有效期届满不予延续". So the deadline is expiry − 90 days,
// and the reminder starts about 180 days before expiry. The old rule made
// the window run from −90 days to the expiry: too late to apply.
func TestLicenceRenewal(t *testing.T) {
	lic := func(s *ledger.SiteRow) {
		s.Licence = "京B2-20201234"
		s.LicenceExpiry = d("2027-06-30")
		s.LastChecked = d("2027-06-01")
	}
	in := Input{Sites: []ledger.SiteRow{mkSite("s2", lic), mkSite("s1", lic)}}
	tests := []struct {
		today string
		state string // "" = no item
		left  int
	}{
		{"2026-12-31", "", 0},            // 181 days before expiry
		{"2027-01-01", StateDue, 90},     // 180 days before: reminding starts
		{"2027-03-31", StateDue, 1},      // the old rule showed nothing yet
		{"2027-04-01", StateDue, 0},      // expiry − 90: the last day to apply
		{"2027-04-02", StateOverdue, -1}, // the old rule called this "due"
		{"2027-07-01", StateOverdue, -91},
	}
	for _, tt := range tests {
		t.Run(tt.today, func(t *testing.T) {
			items := Due(in, d(tt.today), 0)
			g := got(items, KindLicenceRenewal)
			if tt.state == "" {
				if len(g) != 0 {
					t.Fatalf("got %v", g)
				}
				return
			}
			if !sameMap(g, map[string]string{"licence-renewal/s1/2027-06-30": tt.state}) {
				t.Fatalf("got %v", g) // one item per licence and expiry, on the smallest site ID
			}
			it := find(t, items, "licence-renewal/s1/2027-06-30")
			if it.Start != d("2027-01-01") || it.Due != d("2027-04-01") || it.DaysLeft != tt.left {
				t.Errorf("window %s–%s, %d days left", it.Start, it.Due, it.DaysLeft)
			}
			if it.Basis != BasisRegulation || !strings.Contains(it.Source, "提前90日") {
				t.Errorf("basis %q source %q", it.Basis, it.Source)
			}
			if !strings.Contains(it.Why, "at least 90 days before expiry, by 2027-04-01") || !strings.Contains(it.WhyZH, "到期前至少90日、即2027年4月1日前") ||
				!strings.Contains(it.WhyZH, "不予延续") || !strings.Contains(it.SubjectZH, "京B2-20201234") {
				t.Errorf("texts %q / %q / %q", it.Subject, it.Why, it.WhyZH)
			}
			if passed := strings.Contains(it.WhyZH, "申请期限已过"); passed != (tt.state == StateOverdue) {
				t.Errorf("overdue %v, text %q", tt.state == StateOverdue, it.WhyZH)
			}
		})
	}
}

func TestProvincialReview(t *testing.T) {
	hubei := ProvincialReview{Province: "鄂", FromMonth: 1, FromDay: 15, ToMonth: 4, ToDay: 15}
	tests := []struct {
		name   string
		review ProvincialReview
		site   func(*ledger.SiteRow)
		today  string
		want   map[string]string
		why    string
	}{
		{"by province name", hubei, func(s *ledger.SiteRow) { s.Province = "湖北" }, "2027-03-31",
			map[string]string{"provincial-review/s1/2027-01-15": StateDue}, "01-15 to 04-15"},
		{"by full name in the review", ProvincialReview{Province: "湖北省", FromMonth: 1, FromDay: 15, ToMonth: 4, ToDay: 15},
			func(s *ledger.SiteRow) { s.Province = "鄂" }, "2027-04-16",
			map[string]string{"provincial-review/s1/2027-01-15": StateOverdue}, ""},
		{"by ICP prefix", hubei, func(s *ledger.SiteRow) { s.Province = ""; s.Number = "鄂ICP备12345678号-1" }, "2027-01-15",
			map[string]string{"provincial-review/s1/2027-01-15": StateDue}, ""},
		{"by alias prefix", ProvincialReview{Province: "川", FromMonth: 3, FromDay: 1, ToMonth: 3, ToDay: 31},
			func(s *ledger.SiteRow) { s.Province = ""; s.Number = "蜀ICP备12345678号-1" }, "2027-03-31",
			map[string]string{"provincial-review/s1/2027-03-01": StateDue}, ""},
		{"by entity province", hubei, func(s *ledger.SiteRow) { s.Province = ""; s.Number = "" }, "2027-03-31",
			map[string]string{"provincial-review/s1/2027-01-15": StateDue}, ""},
		{"other province", hubei, func(s *ledger.SiteRow) {}, "2027-03-31", map[string]string{}, ""},
		{"before the window: last year's missed window stays overdue", hubei, func(s *ledger.SiteRow) { s.Province = "鄂" }, "2027-01-14",
			map[string]string{"provincial-review/s1/2026-01-15": StateOverdue}, ""},
		{"before the window, site filed after last year's", hubei, func(s *ledger.SiteRow) { s.Province = "鄂"; s.FirstFiled = d("2026-05-01") }, "2027-01-14",
			map[string]string{}, ""},
		{"over New Year", ProvincialReview{Province: "鄂", FromMonth: 12, FromDay: 1, ToMonth: 1, ToDay: 31},
			func(s *ledger.SiteRow) { s.Province = "鄂" }, "2027-01-31",
			map[string]string{"provincial-review/s1/2026-12-01": StateDue}, ""},
		{"impossible dates are adjusted", ProvincialReview{Province: "鄂", FromMonth: 13, FromDay: 0, ToMonth: 2, ToDay: 31},
			func(s *ledger.SiteRow) { s.Province = "鄂" }, "2027-02-28",
			map[string]string{"provincial-review/s1/2027-01-01": StateDue}, "impossible month 13, day 0, day 31 of month 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ents := []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, Province: "湖北省"}}
			in := Input{Entities: ents, Sites: []ledger.SiteRow{mkSite("s1", tt.site)}, Reviews: []ProvincialReview{tt.review}}
			items := Due(in, d(tt.today), 0)
			if g := got(items, KindProvincialReview); !sameMap(g, tt.want) {
				t.Fatalf("got %v, want %v", g, tt.want)
			}
			for _, it := range items {
				if it.Kind == KindProvincialReview && !strings.Contains(it.Why, tt.why) {
					t.Errorf("Why = %q", it.Why)
				}
			}
		})
	}
}

func TestSnoozeAndDone(t *testing.T) {
	in := Input{Sites: []ledger.SiteRow{mkSite("s1")}, Credentials: []ledger.Credential{cred(func(c *ledger.Credential) { c.LastRotated = ledger.Date{} })}}
	today := d("2027-03-31")
	all := got(Due(in, today, 0), "")
	want := map[string]string{"status-check/s1/2027Q1": StateDue, "status-check/s1/2026Q4": StateOverdue, "rotation/c1/never": StateDue}
	if !sameMap(all, want) {
		t.Fatalf("got %v", all)
	}
	tests := []struct {
		name   string
		states []State
		gone   []string
	}{
		{"snoozed until tomorrow", []State{{Key: "rotation/c1/never", SnoozedUntil: d("2027-04-01")}}, []string{"rotation/c1/never"}},
		{"snooze ends today", []State{{Key: "rotation/c1/never", SnoozedUntil: today}}, nil},
		{"snooze ended", []State{{Key: "rotation/c1/never", SnoozedUntil: d("2027-03-01")}}, nil},
		{"done", []State{{Key: "status-check/s1/2026Q4", Done: true, DoneOn: today}}, []string{"status-check/s1/2026Q4"}},
		{"done twice, one undone", []State{{Key: "status-check/s1/2027Q1", Done: true}, {Key: "status-check/s1/2027Q1"}}, []string{"status-check/s1/2027Q1"}},
		{"other occurrence done", []State{{Key: "status-check/s1/2026Q3", Done: true}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := in
			in.States = tt.states
			g := got(Due(in, today, 0), "")
			w := map[string]string{}
			for k, v := range want {
				if !slices.Contains(tt.gone, k) {
					w[k] = v
				}
			}
			if !sameMap(g, w) {
				t.Errorf("got %v, want %v", g, w)
			}
		})
	}
}

func TestSortingAndWithin(t *testing.T) {
	in := Input{
		Sites: []ledger.SiteRow{
			mkSite("s1", func(s *ledger.SiteRow) { s.DomainExpiry = d("2027-04-20"); s.LastChecked = d("2027-03-01") }),
			mkSite("s2", func(s *ledger.SiteRow) { s.LastChecked = d("2027-01-05") }),
		},
		Credentials: []ledger.Credential{
			cred(func(c *ledger.Credential) { c.ID = "c1"; c.LastRotated = d("2026-10-01") }), // due 2027-01-01: overdue
			cred(func(c *ledger.Credential) { c.ID = "c2"; c.LastRotated = d("2026-06-15") }), // due 2026-09-15: overdue, older
			cred(func(c *ledger.Credential) { c.ID = "c3"; c.LastRotated = d("2027-01-10") }), // due 2027-04-10: upcoming
			cred(func(c *ledger.Credential) { c.ID = "c4"; c.RotateNow = true }),              // due today
		},
		Entities: []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, ICPLicence: "京B2-1"}},
	}
	today := d("2027-03-20")
	items := Due(in, today, 21)
	var order []string
	for _, it := range items {
		order = append(order, it.Key)
	}
	want := []string{
		"rotation/c2/2026-09-15",             // overdue, oldest deadline first
		"rotation/c1/2027-01-01",             // overdue
		"offboarding-rotation/c4/2026-12-01", // due today
		"licence-report/e1/2027",             // due by 03-31
		"domain-expiry/s1/2027-04-20",        // due (since 02-19) by 04-20
		"rotation/c3/2027-04-10",             // upcoming
		"status-check/s1/2027Q2",             // upcoming from 04-01, by 06-30; s1 before s2
		"status-check/s2/2027Q2",
	}
	if !slices.Equal(order, want) {
		t.Errorf("order\n got %v\nwant %v", order, want)
	}
	for i := 1; i < len(items); i++ {
		if compareUrgency(&items[i-1], &items[i]) > 0 {
			t.Errorf("not sorted at %d", i)
		}
	}

	// within 0: no upcoming items; negative within: the Lead's horizon.
	for _, it := range Due(in, today, 0) {
		if it.State == StateUpcoming {
			t.Errorf("within 0 gave %s", it.Key)
		}
	}
	in.Lead = Lead{UpcomingDays: 21}
	if a, b := got(Due(in, today, -1), ""), got(Due(in, today, 21), ""); !sameMap(a, b) {
		t.Errorf("within -1 with UpcomingDays 21: %v vs %v", a, b)
	}
	in.Lead = Lead{}
	if a, b := got(Due(in, today, -1), ""), got(Due(in, today, 30), ""); !sameMap(a, b) {
		t.Errorf("within -1 with default lead: %v vs %v", a, b)
	}
	if len(Due(in, today, 30)) <= len(Due(in, today, 0)) {
		t.Error("a longer horizon shows nothing more")
	}
}

// An item due on 31 March is due on 31 March in Beijing, whatever the
// machine's zone.
func TestBeijingDates(t *testing.T) {
	old := time.Local
	defer func() { time.Local = old }()
	for _, zone := range []string{"UTC", "America/Los_Angeles", "Pacific/Kiritimati"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skip(err)
		}
		time.Local = loc
		today := ledger.DateOf(time.Date(2026, 3, 30, 23, 30, 0, 0, time.UTC))
		if today != d("2026-03-31") {
			t.Fatalf("%s: today = %s", zone, today)
		}
		in := Input{Entities: []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, ICPLicence: "沪B2-1"}}}
		items := Due(in, today, 0)
		if len(items) != 1 || items[0].State != StateDue || items[0].DaysLeft != 0 || items[0].Due != d("2026-03-31") {
			t.Errorf("%s: %+v", zone, items)
		}
		// One hour later in Beijing it is 1 April: overdue.
		items = Due(in, ledger.DateOf(time.Date(2026, 3, 31, 16, 30, 0, 0, time.UTC)), 0)
		if len(items) != 1 || items[0].State != StateOverdue {
			t.Errorf("%s: %+v", zone, items)
		}
	}
}

// The acceptance case: today = 2027-03-31.
func TestAcceptance20270331(t *testing.T) {
	in := Input{
		Entities: []ledger.Entity{
			{Meta: ledger.Meta{ID: "e1"}, Name: "示例科技有限公司", ICPLicence: "京B2-20201234", Province: "京"},
			{Meta: ledger.Meta{ID: "e2"}, Name: "个人", Province: "鄂"},
		},
		Sites: []ledger.SiteRow{
			mkSite("s1", func(s *ledger.SiteRow) { s.DomainExpiry = d("2027-04-30"); s.SSLExpiry = d("2027-06-01") }),
			mkSite("s2", func(s *ledger.SiteRow) { s.LastChecked = d("2027-02-14") }),
			mkSite("s3", func(s *ledger.SiteRow) {
				s.EntityID, s.Number, s.Province = "e2", "鄂ICP备2027000001号-1", ""
				s.PSBNumber, s.WentLive = "", d("2027-03-10")
				s.FirstFiled = d("2027-03-01")
			}),
			mkSite("s4", func(s *ledger.SiteRow) { s.Status = ledger.StatusCancelled; s.DomainExpiry = d("2027-04-01") }),
		},
		Checks: []ledger.StatusCheck{
			{Meta: ledger.Meta{ID: "k1"}, SiteID: "s1", Date: d("2026-12-20")},
		},
		Credentials: []ledger.Credential{
			cred(func(c *ledger.Credential) { c.ID = "c1"; c.LastRotated = d("2026-12-31") }),                       // 2027-03-31 due
			cred(func(c *ledger.Credential) { c.ID = "c2"; c.LastRotated = d("2026-09-30") }),                       // 2026-12-30 overdue
			cred(func(c *ledger.Credential) { c.ID = "c3"; c.LastRotated = d("2027-01-15") }),                       // 2027-04-15 upcoming (within 30)
			cred(func(c *ledger.Credential) { c.ID = "c4"; c.LastRotated = d("2027-03-01"); c.RotationMonths = 6 }), // 2027-09-01: beyond
		},
		Reviews: []ProvincialReview{{Province: "湖北", FromMonth: 1, FromDay: 15, ToMonth: 4, ToDay: 15}},
	}
	before := fmt.Sprintf("%+v", in)
	items := Due(in, d("2027-03-31"), 30)
	if after := fmt.Sprintf("%+v", in); after != before {
		t.Error("Due changed its input")
	}
	want := map[string]string{
		"status-check/s1/2027Q1":          StateDue, // checked in Q4 only; s2 is covered by its LastChecked
		"status-check/s1/2027Q2":          StateUpcoming,
		"status-check/s2/2027Q2":          StateUpcoming,
		"status-check/s3/2027Q2":          StateUpcoming, // filed in Q1: the filing counts for Q1
		"rotation/c1/2027-03-31":          StateDue,
		"rotation/c2/2026-12-30":          StateOverdue,
		"rotation/c3/2027-04-15":          StateUpcoming,
		"licence-report/e1/2027":          StateDue,
		"domain-expiry/s1/2027-04-30":     StateDue,
		"ssl-expiry/s1/2027-06-01":        StateUpcoming, // starts 60 days before: 04-02
		"psb-filing/s3":                   StateDue,
		"provincial-review/s3/2027-01-15": StateDue,
	}
	if g := got(items, ""); !sameMap(g, want) {
		t.Errorf("got  %v\nwant %v", g, want)
	}
	q1 := find(t, items, "status-check/s1/2027Q1")
	if q1.Start != d("2027-01-01") || q1.Due != d("2027-03-31") || q1.DaysLeft != 0 {
		t.Errorf("Q1 %+v", q1)
	}
	if psb := find(t, items, "psb-filing/s3"); psb.Due != d("2027-04-09") {
		t.Errorf("psb %+v", psb)
	}
	if items[0].Key != "rotation/c2/2026-12-30" {
		t.Errorf("first item %s", items[0].Key)
	}
	for _, it := range items {
		if it.Why == "" || it.Subject == "" || it.SubjectZH == "" || it.Key == "" {
			t.Errorf("incomplete item %+v", it)
		}
	}
}

func TestBadInputNeverPanics(t *testing.T) {
	weird := []ledger.Date{{}, {Y: 2027, M: 13, D: 40}, {Y: 2027, M: 2, D: 30}, {Y: 1, M: 1, D: 1}, {Y: 9999, M: 12, D: 31}, {Y: 2027, M: 0, D: 0}, {Y: -5, M: -3, D: -9}}
	var in Input
	for i, w := range weird {
		id := fmt.Sprint(i)
		in.Sites = append(in.Sites, ledger.SiteRow{Site: ledger.Site{Meta: ledger.Meta{ID: "s" + id}, FirstFiled: w, WentLive: w,
			LicenceExpiry: w, DomainExpiry: w, SSLExpiry: w, LastChecked: w, PSBDate: w}})
		in.Credentials = append(in.Credentials, ledger.Credential{Meta: ledger.Meta{ID: "c" + id}, LastRotated: w, RotationMonths: []int{-1, 0, 1, 24, 25, 1 << 40, -1 << 40}[i%7]})
		in.Contacts = append(in.Contacts, ledger.Contact{Meta: ledger.Meta{ID: "p" + id}, End: w, SiteIDs: []string{"s" + id, ""}, EntityID: "e" + id})
		in.Checks = append(in.Checks, ledger.StatusCheck{SiteID: "s" + id, Date: w})
		in.Entities = append(in.Entities, ledger.Entity{Meta: ledger.Meta{ID: "e" + id}, ICPLicence: "x"})
		in.States = append(in.States, State{Key: "rotation/c" + id + "/never", SnoozedUntil: w})
		in.Reviews = append(in.Reviews, ProvincialReview{Province: []string{"", "鄂", "火星", "蜀", "内蒙古自治区", "Hubei", "京"}[i], FromMonth: i * 5, FromDay: i * 11, ToMonth: -i, ToDay: 99})
	}
	in.Lead = Lead{ExpiryDays: []int{-1, 0, 1 << 30}, UpcomingDays: -9}
	for _, today := range weird {
		for _, within := range []int{-1, 0, 30, 1 << 20} {
			for _, it := range Due(in, today, within) {
				if it.Why == "" || it.Key == "" || it.Kind == "" || (it.State != StateOverdue && it.State != StateDue && it.State != StateUpcoming) {
					t.Fatalf("today %v within %d: incomplete %+v", today, within, it)
				}
			}
		}
		for _, months := range []int{-1, 0, 12, 1 << 20} {
			ItemsForCalendar(in, today, months)
		}
	}
}

func TestJSON(t *testing.T) {
	items := Due(Input{Sites: []ledger.SiteRow{mkSite("s1")}}, d("2027-03-31"), 0)
	b, err := json.Marshal(items[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"kind", "due", "start", "state", "site", "subject", "subject_zh", "why", "why_zh", "days_left", "key", "site_id", "entity_id", "credential_id", "contact_id"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in %s", k, b)
		}
	}
	if m["due"] != "2026-12-31" || m["start"] != "2026-10-01" || m["state"] != "overdue" || m["days_left"] != float64(-90) {
		t.Errorf("%s", b)
	}
}

func TestItemsForCalendar(t *testing.T) {
	in := Input{
		Entities: []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, Name: "示例", ICPLicence: "京B2-1"}},
		Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) {
			s.DomainExpiry = d("2027-09-01")
			s.SSLExpiry = d("2028-02-01") // outside
		})},
		Checks: []ledger.StatusCheck{{Meta: ledger.Meta{ID: "k"}, SiteID: "s1", Date: d("2026-12-01")}},
		Credentials: []ledger.Credential{
			cred(func(c *ledger.Credential) { c.LastRotated = d("2026-11-30") }),
			cred(func(c *ledger.Credential) { c.ID = "c2"; c.LastRotated = d("2020-01-31"); c.RotationMonths = 1 }),
		},
		States: []State{{Key: "rotation/c1/2027-08-30", Done: true}, {Key: "status-check/s1/2027Q2", SnoozedUntil: d("2027-12-31")}},
	}
	items := ItemsForCalendar(in, d("2027-01-01"), 12)
	g := got(items, "")
	want := map[string]string{
		"status-check/s1/2027Q1": StateDue, "status-check/s1/2027Q2": StateUpcoming,
		"status-check/s1/2027Q3": StateUpcoming, "status-check/s1/2027Q4": StateUpcoming,
		"rotation/c1/2027-02-28": StateUpcoming, "rotation/c1/2027-05-30": StateUpcoming, "rotation/c1/2027-11-30": StateUpcoming,
		"licence-report/e1/2027":      StateUpcoming,
		"domain-expiry/s1/2027-09-01": StateUpcoming,
	}
	// c2 rotates monthly from 31 Jan 2020: the last day of every month of 2027 (and 2028-01-01's month is outside).
	for m := time.January; m <= time.December; m++ {
		want[fmt.Sprintf("rotation/c2/2027-%02d-%02d", m, daysIn(2027, m))] = StateUpcoming
	}
	if !sameMap(g, want) {
		t.Errorf("got  %v\nwant %v", g, want)
	}
	for i := 1; i < len(items); i++ {
		if compareDue(&items[i-1], &items[i]) > 0 {
			t.Errorf("not sorted at %d", i)
		}
	}
	for _, it := range items {
		if strings.Contains(it.Subject, "days") || strings.Contains(it.Subject, "Q1 2027") {
			t.Errorf("calendar subject depends on the day: %q", it.Subject)
		}
	}
}

// The package's own date arithmetic agrees with package ledger's.
func TestDateArithmetic(t *testing.T) {
	base := ledger.Date{Y: 1899, M: 12, D: 25}
	epoch := ledger.Date{Y: 1970, M: 1, D: 1}
	for i := 0; i < 200*366; i += 7 {
		a := base.AddDays(i)
		if got := addDays(base, i); got != a {
			t.Fatalf("addDays(%s, %d) = %s, want %s", base, i, got, a)
		}
		for _, n := range []int{-400, -1, 0, 1, 29, 90, 366} {
			if got, want := addDays(a, n), a.AddDays(n); got != want {
				t.Fatalf("addDays(%s, %d) = %s, want %s", a, n, got, want)
			}
		}
		if got, want := daysBetween(epoch, a), epoch.DaysUntil(a); got != want {
			t.Fatalf("daysBetween(%s) = %d, want %d", a, got, want)
		}
		if got, want := ds(a), a.String(); got != want {
			t.Fatalf("ds = %q, want %q", got, want)
		}
		if got, want := zh(a), a.Chinese(); got != want {
			t.Fatalf("zh = %q, want %q", got, want)
		}
		if got, want := daysIn(a.Y, a.M), (ledger.Date{Y: a.Y, M: a.M, D: 1}).AddMonths(1).AddDays(-1).D; got != want {
			t.Fatalf("daysIn(%d, %d) = %d, want %d", a.Y, a.M, got, want)
		}
	}
	if daysIn(2024, 2) != 29 || daysIn(2025, 2) != 28 || daysIn(2000, 2) != 29 || daysIn(1900, 2) != 28 || daysIn(2027, 4) != 30 || daysIn(2027, 12) != 31 {
		t.Error("daysIn")
	}
	if ds(ledger.Date{}) != "" || zh(ledger.Date{}) != "" || !addDays(ledger.Date{}, 5).IsZero() {
		t.Error("zero dates")
	}
}

// The packed sort keys order items exactly as compareUrgency and
// compareDue do.
func TestPackedSortMatchesCompare(t *testing.T) {
	kinds := []string{KindStatusCheck, KindRotation, KindDomainExpiry, KindSSLExpiry, KindPSBFiling, KindContactChange}
	states := []string{StateDue, StateOverdue, StateUpcoming}
	sites := []string{"", "京ICP备1号-1", "京ICP备1号-2", "鄂ICP备2号", "a"}
	dates := []ledger.Date{d("2027-03-31"), d("2027-04-01"), d("2026-12-31"), {Y: 1, M: 1, D: 1}, {Y: 90000, M: 1, D: 1}, {Y: 1000000, M: 5, D: 5}, {Y: 2000000, M: 5, D: 5}, {Y: -300000, M: 1, D: 1}}
	sane, wild := dates[:3], dates
	for seed := 0; seed < 60; seed++ {
		// Seeds 0–19: the packed keys alone; 20–39: dates they cannot
		// hold; 40–59: kinds they do not know.
		dates = sane
		if seed >= 20 && seed < 40 {
			dates = wild
		}
		if seed == 40 {
			kinds = append(kinds, "zz-unknown", "aa-unknown")
		}
		// Seeds 50–59: a filing number that is not a site's.
		in := &Input{}
		for _, n := range sites[:len(sites)-map[bool]int{true: 1}[seed >= 50]] {
			in.Sites = append(in.Sites, ledger.SiteRow{Site: ledger.Site{Number: n}})
		}
		g := &gen{in: in}
		var all []Item
		for i := 0; i < 300; i++ {
			n := seed*7919 + i*104729
			it := Item{Kind: kinds[n%len(kinds)], State: states[n/7%len(states)], Site: sites[n/21%len(sites)],
				Due: dates[n/105%len(dates)], Key: fmt.Sprint(n % 13)}
			g.emit(it)
			all = append(all, g.chunks[len(g.chunks)-1][len(g.chunks[len(g.chunks)-1])-1])
		}
		for _, urgent := range []bool{true, false} {
			got := g.sorted(urgent)
			want := slices.Clone(all)
			c := compareDue
			if urgent {
				c = compareUrgency
			}
			slices.SortStableFunc(want, func(a, b Item) int { return c(&a, &b) })
			for i := range got {
				if c(&got[i], &want[i]) != 0 {
					t.Fatalf("seed %d urgent %v: at %d got %+v, want %+v", seed, urgent, i, got[i], want[i])
				}
			}
		}
	}
}
