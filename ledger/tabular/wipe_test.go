package tabular

import (
	"bytes"
	"io"
	"testing"

	"beianledger/ledger"
)

// spyReader hands out the vault's bulk-reveal maps and keeps hold of
// their plaintext, to look at it after the export.
type spyReader struct {
	ledger.Reader
	vals [][]byte
}

func (s *spyReader) RevealAll(kind string) (map[string][]byte, error) {
	m, err := s.Reader.(bulkRevealer).RevealAll(kind)
	for _, v := range m {
		s.vals = append(s.vals, v)
	}
	return m, err
}

// The export's bulk read of every password used to stay in memory until
// the collector reused it: it is wiped when the export ends.
func TestExportWipesBulkReveal(t *testing.T) {
	st := demoStore(t, 5)
	for _, format := range []string{FormatCSV, FormatXLSX, FormatJSON} {
		spy := &spyReader{}
		err := st.Read(func(r ledger.Reader) error {
			spy.Reader = r
			return Export(spy, format, io.Discard, true)
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(spy.vals) == 0 {
			t.Fatalf("%s: no bulk reveal", format)
		}
		for _, v := range spy.vals {
			if len(v) == 0 || len(bytes.Trim(v, "\x00")) != 0 {
				t.Fatalf("%s: plaintext left after the export: %d bytes not wiped", format, len(bytes.Trim(v, "\x00")))
			}
		}
	}
}
