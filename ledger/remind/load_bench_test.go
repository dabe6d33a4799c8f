package remind_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"beianledger/ledger"
	"beianledger/ledger/demo"
	"beianledger/ledger/remind"
	"beianledger/vault"
)

// BenchmarkLoadAndDue measures what `due --json` does after opening: read
// every record from the real store and run the rules, on demo vaults.
func BenchmarkLoadAndDue(b *testing.B) {
	today := ledger.MustDate("2026-11-24")
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			st := demoStore(b, n, 1, today)
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

// demoStore writes an n-site demo ledger (seed) dated today into a new
// vault with the test-cost KDF and returns its store; the vault locks when
// the test ends.
func demoStore(tb testing.TB, n int, seed int64, today ledger.Date) ledger.Store {
	tb.Helper()
	v, err := vault.Create(filepath.Join(tb.TempDir(), "d.beianvault"), vault.NewPassphrase([]byte("b"), vault.TestKDF), "b", vault.Options{KeepBackups: -1})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(v.Lock)
	st := v.Store()
	if err := st.Write(func(w ledger.Writer) error { _, err := demo.Populate(w, n, seed, today); return err }); err != nil {
		tb.Fatal(err)
	}
	return st
}
