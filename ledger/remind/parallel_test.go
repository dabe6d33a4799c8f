package remind_test

import (
	"reflect"
	"runtime"
	"testing"

	"beianledger/internal/testvault"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// TestParallelSameItems: on a ledger large enough for the rules to run on
// two goroutines, LoadDue, Due on two CPUs and Due on one give the same
// list, in the same order, on dates across two years.
func TestParallelSameItems(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one CPU: the rules never run in parallel here")
	}
	today := ledger.MustDate("2026-11-24")
	st := testvault.Demo(t, 800, 5, today)
	in, err := remind.Load(st)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for d := today.AddDays(-150); d.Before(today.AddDays(600)); d = d.AddDays(83) {
		for _, within := range []int{0, 400} {
			par := remind.Due(in, d, within)
			_, viaLoad, err := remind.LoadDue(st, d, within)
			if err != nil {
				t.Fatal(err)
			}
			prev := runtime.GOMAXPROCS(1)
			seq := remind.Due(in, d, within)
			_, seqLoad, err := remind.LoadDue(st, d, within)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatal(err)
			}
			for _, items := range [][]remind.Item{viaLoad, seqLoad} {
				if len(items) > 0 && !remind.PlainMarked(&items[0]) {
					t.Fatal("LoadDue left the demo's plain text unmarked")
				}
				remind.ClearPlain(items)
			}
			for name, got := range map[string][]remind.Item{"Due on two CPUs": par, "LoadDue on two CPUs": viaLoad, "LoadDue on one": seqLoad} {
				if !reflect.DeepEqual(got, seq) {
					t.Fatalf("%s within %d: %s gives %d items, Due on one CPU %d, or the same in another order", d, within, name, len(got), len(seq))
				}
			}
			total += len(seq)
		}
	}
	if total < 3000 {
		t.Errorf("only %d items compared", total)
	}
	t.Logf("%d items the same four ways", total)
}
