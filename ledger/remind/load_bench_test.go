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
			v, err := vault.Create(filepath.Join(b.TempDir(), "d.beianvault"), vault.NewPassphrase([]byte("b"), vault.TestKDF), "b", vault.Options{KeepBackups: -1})
			if err != nil {
				b.Fatal(err)
			}
			defer v.Lock()
			st := v.Store()
			if err := st.Write(func(w ledger.Writer) error { _, err := demo.Populate(w, n, 1, today); return err }); err != nil {
				b.Fatal(err)
			}
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
