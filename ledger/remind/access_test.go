package remind_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/remind"
	"beianledger/vault"
)

func only(items []remind.Item, kind string) []remind.Item {
	var out []remind.Item
	for _, it := range items {
		if it.Kind == kind {
			out = append(out, it)
		}
	}
	return out
}

func TestAccessDrill(t *testing.T) {
	d := ledger.MustDate
	in := remind.Input{Ways: []remind.Way{
		{ID: "w-never", Label: "李四（备用）", Type: "recipient", Created: d("2026-01-10")},
		{ID: "w-drilled", Label: "王五", Type: "recipient", Created: d("2025-01-10"), Opened: d("2026-06-01")},
		{ID: "w-admin", Label: "admin", Type: "passphrase", Created: d("2025-01-10")},
		{ID: "w-rk", Label: "recovery", Type: "recovery-key", Created: d("2025-01-10")},
		{ID: "w-sched", Label: "scheduler@host", Type: "recipient", Created: d("2025-01-10")},
	}}
	for _, tc := range []struct {
		today, state string
		n            int
	}{
		{"2026-05-01", "", 0},        // the drill shows a month before its deadline
		{"2026-06-15", "due", 1},     // 2026-06-10 … 2026-07-10
		{"2026-08-01", "overdue", 1}, // never drilled
		{"2026-11-05", "overdue", 2}, // 王五's next one (2026-12-01) is upcoming too
		{"2026-12-02", "overdue", 2},
	} {
		items := only(remind.Due(in, d(tc.today), -1), remind.KindAccessDrill)
		if len(items) != tc.n {
			t.Fatalf("%s: %d drills, want %d: %+v", tc.today, len(items), tc.n, items)
		}
		if tc.n == 0 {
			continue
		}
		it := items[0]
		if it.State != tc.state || it.Key != "access-drill/w-never/2026-07-10" || it.Due != d("2026-07-10") ||
			it.Basis != remind.BasisHouse || !strings.Contains(it.Source, "6个月") {
			t.Fatalf("%s: %+v", tc.today, it)
		}
		if !strings.Contains(it.Why, "never") || !strings.Contains(it.WhyZH, "从未") || !strings.Contains(it.WhyZH, "李四（备用）") ||
			!strings.Contains(it.Why, "access drill --identity") {
			t.Fatalf("%s: why %q / %q", tc.today, it.Why, it.WhyZH)
		}
		if tc.n == 2 && (items[1].Key != "access-drill/w-drilled/2026-12-01" || !strings.Contains(items[1].WhyZH, "2026年6月1日")) {
			t.Fatalf("%s: second drill %+v", tc.today, items[1])
		}
	}
	// Marking it done hides it; a drill moves the deadline on.
	in.States = []remind.State{{Key: "access-drill/w-never/2026-07-10", Done: true}}
	if n := len(only(remind.Due(in, d("2026-08-01"), -1), remind.KindAccessDrill)); n != 0 {
		t.Fatalf("done drill still shown (%d)", n)
	}
	in.States = nil
	in.Ways[0].Opened = d("2026-07-20")
	if n := len(only(remind.Due(in, d("2026-08-01"), -1), remind.KindAccessDrill)); n != 0 {
		t.Fatalf("drilled way still shown (%d)", n)
	}
}

func TestKitStale(t *testing.T) {
	d := ledger.MustDate
	in := remind.Input{KitPrinted: d("2026-01-05")}
	if n := len(only(remind.Due(in, d("2026-11-01"), -1), remind.KindKitStale)); n != 0 {
		t.Fatalf("fresh kit reminded (%d)", n)
	}
	items := only(remind.Due(in, d("2026-12-10"), -1), remind.KindKitStale)
	if len(items) != 1 || items[0].Due != d("2027-01-05") || items[0].State != "due" || items[0].Key != "kit-stale/2026-01-05" ||
		!strings.Contains(items[0].WhyZH, "每12个月") || items[0].Basis != remind.BasisHouse || items[0].Source == "" {
		t.Fatalf("12-month kit: %+v", items)
	}
	// A change of contacts after printing makes it stale within a month.
	in.KitChanges.Contacts = d("2026-03-01")
	in.KitChanges.Keys = d("2026-01-05") // the same day as printing: made after it
	items = only(remind.Due(in, d("2026-03-02"), -1), remind.KindKitStale)
	if len(items) != 1 || items[0].Due != d("2026-03-31") || items[0].State != "due" ||
		!strings.Contains(items[0].Why, "contacts changed (2026-03-01)") || !strings.Contains(items[0].WhyZH, "联系人有变动（2026年3月1日）") ||
		strings.Contains(items[0].Why, "ways into") {
		t.Fatalf("stale kit: %+v", items)
	}
	if items := only(remind.Due(in, d("2026-04-02"), -1), remind.KindKitStale); len(items) != 1 || items[0].State != "overdue" {
		t.Fatalf("stale kit later: %+v", items)
	}
	in.KitPrinted = ledger.Date{}
	if n := len(only(remind.Due(in, d("2026-04-02"), -1), remind.KindKitStale)); n != 0 {
		t.Fatalf("kit never made, yet reminded (%d)", n)
	}
}

// TestAccessFromVault: the ways in, the drill days, the kit's print day and
// the later changes come out of a real vault through Load and LoadDue.
func TestAccessFromVault(t *testing.T) {
	now := time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	v, err := vault.Create(filepath.Join(t.TempDir(), "a.beianvault"), vault.NewPassphrase([]byte("x"), vault.TestKDF), "admin",
		vault.Options{KeepBackups: -1, Now: clock, KnownDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	contact, err := v.AddRecipient(vault.GenerateIdentity().Recipient(), "李四 backup")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddRecipient(vault.GenerateIdentity().Recipient(), "scheduler@host"); err != nil {
		t.Fatal(err)
	}
	st := v.Store()
	put := func(f func(w ledger.Writer) error) {
		t.Helper()
		if err := st.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	put(func(w ledger.Writer) error { return w.PutSetting(remind.SettingKitPrinted, "2026-01-05") })
	now = time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	put(func(w ledger.Writer) error {
		return w.PutContact(&ledger.Contact{Name: "赵六", Role: ledger.RoleBackup})
	})

	in, items, err := remind.LoadDue(st, ledger.MustDate("2026-07-01"), -1)
	if err != nil {
		t.Fatal(err)
	}
	if in.KitPrinted != ledger.MustDate("2026-01-05") || in.KitChanges.Contacts != ledger.MustDate("2026-03-01") ||
		in.KitChanges.Keys != ledger.MustDate("2026-01-05") {
		t.Fatalf("kit input %v %+v", in.KitPrinted, in.KitChanges)
	}
	drills, kits := only(items, remind.KindAccessDrill), only(items, remind.KindKitStale)
	if len(drills) != 1 || drills[0].Key != "access-drill/"+contact.ID+"/2026-07-05" || len(kits) != 1 || kits[0].Due != ledger.MustDate("2026-03-31") {
		t.Fatalf("drills %+v\nkits %+v", drills, kits)
	}
	// The drill is recorded under the way in's id.
	put(func(w ledger.Writer) error {
		return w.PutSetting(remind.SettingDrillPrefix+contact.ID, "2026-06-20")
	})
	_, items, err = remind.LoadDue(st, ledger.MustDate("2026-07-01"), -1)
	if err != nil || len(only(items, remind.KindAccessDrill)) != 0 {
		t.Fatalf("after the drill: %+v (%v)", only(items, remind.KindAccessDrill), err)
	}
}
