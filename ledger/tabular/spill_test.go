package tabular

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"beianledger/ledger"
)

// tmpWatcher is an export destination that looks into the temporary
// folder each time it is written to: excelize writes the workbook out
// while its spill file (if any) still exists.
type tmpWatcher struct {
	dir  string
	n    int
	seen []string
}

func (w *tmpWatcher) Write(p []byte) (int, error) {
	w.n += len(p)
	ents, _ := os.ReadDir(w.dir)
	for _, e := range ents {
		w.seen = append(w.seen, e.Name())
	}
	return len(p), nil
}

// An XLSX export past excelize's 16 MiB stream chunk used to put the rows,
// passwords included, into a file in the temporary folder (left there by
// Ctrl+C). Nothing may appear there now.
func TestXLSXExportWritesNoTemporaryFile(t *testing.T) {
	st := newStore(t)
	// A cell holds at most 32,767 characters: two such cells of 3-byte
	// characters a row, 100 rows, make 19 MB of worksheet XML.
	notes := strings.Repeat("备", 32000)
	const rows = 100
	err := st.Write(func(w ledger.Writer) error {
		for i := range rows {
			s := &ledger.Site{Number: fmt.Sprintf("京ICP备2021%06d号-1", i), Name: "站点", Notes: notes}
			if err := w.PutSite(s); err != nil {
				return err
			}
			c := &ledger.Credential{SiteID: s.ID, System: ledger.SystemProvider, Login: fmt.Sprintf("admin%d", i), Notes: notes}
			if err := w.PutCredential(c); err != nil {
				return err
			}
			if err := w.SetSecret("credential", c.ID, []byte("hunter2-secret")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	w := &tmpWatcher{dir: tmp}
	if err := st.Read(func(r ledger.Reader) error { return Export(r, FormatXLSX, w, true) }); err != nil {
		t.Fatal(err)
	}
	if w.n == 0 {
		t.Fatal("export wrote nothing")
	}
	if len(w.seen) > 0 {
		t.Errorf("the export put files in the temporary folder: %v", w.seen[:min(3, len(w.seen))])
	}
	// The workbook reads back whole.
	var buf strings.Builder
	st.Read(func(r ledger.Reader) error { return Export(r, FormatXLSX, &buf, true) })
	s, err := ReadFile("big.xlsx", []byte(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != rows {
		t.Errorf("%d rows read back", len(s.Rows))
	}
}
