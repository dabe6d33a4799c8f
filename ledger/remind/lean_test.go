package remind_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"beianledger/internal/testvault"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// fullOnly hides the vault reader's lean reads: Load then reads whole
// records.
type fullOnly struct{ ledger.Reader }

// TestLeanLoadSameItems runs the rules on the same demo vault loaded both
// ways, on dates across two years: the items must be the same, or the lean
// reads lack a field a rule reads.
func TestLeanLoadSameItems(t *testing.T) {
	today := ledger.MustDate("2026-11-24")
	st := testvault.Demo(t, 300, 3, today)
	lean, err := remind.Load(st)
	if err != nil {
		t.Fatal(err)
	}
	var full remind.Input
	if err := st.Read(func(r ledger.Reader) (err error) { full, err = remind.Load(fullOnly{r}); return err }); err != nil {
		t.Fatal(err)
	}
	if len(lean.Sites) != len(full.Sites) || len(lean.Credentials) != len(full.Credentials) ||
		len(lean.Contacts) != len(full.Contacts) || len(lean.Checks) != len(full.Checks) {
		t.Fatalf("lean %d/%d/%d/%d records, full %d/%d/%d/%d", len(lean.Sites), len(lean.Credentials), len(lean.Contacts), len(lean.Checks),
			len(full.Sites), len(full.Credentials), len(full.Contacts), len(full.Checks))
	}
	// The dashboard counts unchecked sites from LastChecked: the same both ways.
	last := map[string]ledger.Date{}
	for _, s := range full.Sites {
		last[s.ID] = s.LastChecked
	}
	checked := 0
	for _, s := range lean.Sites {
		if s.LastChecked != last[s.ID] {
			t.Fatalf("site %s: last checked %s lean, %s full", s.Number, s.LastChecked, last[s.ID])
		}
		if !s.LastChecked.IsZero() {
			checked++
		}
	}
	if checked == 0 {
		t.Error("no site has a check: the comparison proves nothing")
	}
	byKey := func(a, b remind.Item) int {
		return strings.Compare(a.Key+a.Due.String()+a.SubjectZH, b.Key+b.Due.String()+b.SubjectZH)
	}
	total := 0
	for d := today.AddDays(-200); d.Before(today.AddDays(500)); d = d.AddDays(23) {
		a, b := remind.Due(lean, d, 60), remind.Due(full, d, 60)
		slices.SortFunc(a, byKey)
		slices.SortFunc(b, byKey)
		if !reflect.DeepEqual(a, b) {
			for i := range min(len(a), len(b)) {
				if !reflect.DeepEqual(a[i], b[i]) {
					t.Fatalf("%s: item %d differs:\nlean %+v\nfull %+v", d, i, a[i], b[i])
				}
			}
			t.Fatalf("%s: %d items lean, %d full", d, len(a), len(b))
		}
		total += len(a)
	}
	if total < 1000 {
		t.Errorf("only %d items compared: the demo should exercise the rules", total)
	}
	t.Logf("%d items the same both ways", total)
}

// TestLoadRotationSetting: the house default rotation interval is a vault
// setting; an unusable one is a clear error, not a silent default.
func TestLoadRotationSetting(t *testing.T) {
	st := testvault.Store(t)
	for _, tt := range []struct {
		value string
		want  int
		bad   bool
	}{{"", 0, false}, {"6", 6, false}, {" 4 ", 4, false}, {"0", 0, true}, {"abc", 0, true}, {"25", 0, true}} {
		if err := st.Write(func(w ledger.Writer) error { return w.PutSetting(remind.SettingRotation, tt.value) }); err != nil {
			t.Fatal(err)
		}
		in, err := remind.Load(st)
		if (err != nil) != tt.bad || (err == nil && in.RotationMonths != tt.want) {
			t.Errorf("%q: months %d, err %v", tt.value, in.RotationMonths, err)
		}
	}
}
