package tabular

import (
	"beianledger/ledger"
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkImportXLSX imports the XLSX export of a 10,000-site demo
// ledger (one row per credential, about 16,000 rows) into a fresh vault:
// ReadFile, Plan and Apply in one Store.Write.
func BenchmarkImportXLSX(b *testing.B) {
	src := demoStore(b, 10000)
	data := export(b, src, FormatXLSX, true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dst := newStore(b)
		b.StartTimer()
		s, err := ReadFile("bench.xlsx", data)
		if err != nil {
			b.Fatal(err)
		}
		p, err := Plan(s, dst, today)
		if err != nil {
			b.Fatal(err)
		}
		if err := apply(dst, p); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(s.Rows)), "rows")
		b.ReportMetric(float64(len(data))/1e6, "MB")
	}
}

func benchmarkExport(b *testing.B, format string) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			src := demoStore(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var buf bytes.Buffer
				if err := src.Read(func(r ledger.Reader) error { return Export(r, format, &buf, true) }); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(buf.Len())/1e6, "MB")
			}
		})
	}
}

func BenchmarkExportCSV(b *testing.B)  { benchmarkExport(b, FormatCSV) }
func BenchmarkExportXLSX(b *testing.B) { benchmarkExport(b, FormatXLSX) }
