package remind_test

import (
	"fmt"
	"testing"

	"beianledger/internal/testvault"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// BenchmarkLoadAndDue measures what `due --json` does after opening: read
// every record from the real store and run the rules, on demo vaults.
func BenchmarkLoadAndDue(b *testing.B) {
	today := ledger.MustDate("2026-11-24")
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			st := testvault.Demo(b, n, 1, today)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				in, err := remind.Load(st)
				if err != nil {
					b.Fatal(err)
				}
				if items := remind.Due(in, today, 30); len(items) == 0 {
					b.Fatal("no items")
				}
			}
		})
	}
}
