package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"beianledger/internal/testvault"
	"beianledger/ledger"
)

// BenchmarkDueJSON measures `due --json` beyond opening the vault, as the
// issue sets its target: load the ledger, run the rules and write the JSON
// to a file, on demo vaults of 100, 1,000 and 10,000 sites.
func BenchmarkDueJSON(b *testing.B) {
	today := ledger.MustDate("2026-11-24")
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			st := testvault.Demo(b, n, 1, today)
			dir := b.TempDir()
			out, err := os.Create(filepath.Join(dir, "due.json"))
			if err != nil {
				b.Fatal(err)
			}
			defer out.Close()
			b.ResetTimer()
			for b.Loop() {
				if _, err := out.Seek(0, io.SeekStart); err != nil {
					b.Fatal(err)
				}
				if err := out.Truncate(0); err != nil {
					b.Fatal(err)
				}
				c := newCtx("due", Env{Stdout: out, Stderr: io.Discard})
				c.json = true
				if err := c.due(st, today, 30); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			fi, err := out.Stat()
			if err != nil || fi.Size() < int64(n)*100 {
				b.Fatalf("wrote %v bytes (%v)", fi.Size(), err)
			}
			b.ReportMetric(float64(fi.Size())/1e6, "MB")
		})
	}
}
