package vault

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// FillSynthetic adds n rows of about 2 KB each (a site's worth of ledger
// data) to a scratch table, for benchmarks of open and save.
func fillSynthetic(tb testing.TB, v *Vault, n int) {
	tb.Helper()
	if err := v.Tx(context.Background(), func(tx *sql.Tx) error { return FillSynthetic(tx, n) }); err != nil {
		tb.Fatal(err)
	}
}

var sizes = []int{100, 1000, 10000}

func BenchmarkOpen(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			p := filepath.Join(b.TempDir(), "bench.beianvault")
			v, err := Create(p, NewPassphrase([]byte("bench"), TestKDF), "bench", Options{KeepBackups: -1})
			if err != nil {
				b.Fatal(err)
			}
			fillSynthetic(b, v, n)
			v.Lock()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w, err := Open(p, NewPassphrase([]byte("bench"), TestKDF), Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				w.Lock()
			}
		})
	}
}

func BenchmarkSave(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			p := filepath.Join(b.TempDir(), "bench.beianvault")
			v, err := Create(p, NewPassphrase([]byte("bench"), TestKDF), "bench", Options{KeepBackups: 3})
			if err != nil {
				b.Fatal(err)
			}
			defer v.Lock()
			fillSynthetic(b, v, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := v.Save(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
