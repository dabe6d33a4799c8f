package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"beianledger/ledger"
)

// Text that needs care in a worksheet: XML's markup characters, space at
// the ends, line ends (a bare CR is lost to XML's line-end normalisation
// unless written as a reference), what XML cannot hold at all (written as
// U+FFFD, as encoding/xml does), characters outside the BMP, full-width
// punctuation (whose UTF-8 starts as U+FFFE's does), blank values, numbers
// and dates.
var trickyCells = []struct {
	in   cellValue
	want string // as a reader shows it ("" = no cell)
}{
	{"示例公司", "示例公司"},
	{"  两端有空格  ", "  两端有空格  "},
	{"a & b <c> \"d\" 'e'", "a & b <c> \"d\" 'e'"},
	{"第一行\n第二行", "第一行\n第二行"},
	{"CR\rLF", "CR\rLF"},
	{"tab\there", "tab\there"},
	{"ctrl\x01x", "ctrl\uFFFDx"},
	{"bad\xffutf8", "bad\uFFFDutf8"},
	{"nonchar\uFFFE", "nonchar\uFFFD"},
	{"全角，！？～", "全角，！？～"},
	{"𠀀😀", "𠀀😀"},
	{"=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"}, // an inline string is never a formula
	{"", ""},
	{12, "12"},
	{0, ""},
	{ledger.MustDate("2026-01-05"), "2026-01-05"},
	{ledger.Date{}, ""},
	{ledger.MustDate("1980-01-01"), "1980-01-01"}, // the first and last day a ledger date can be
	{ledger.MustDate("2200-12-31"), "2200-12-31"},
}

func trickyWorkbook(t *testing.T) []byte {
	t.Helper()
	header := make([]string, len(trickyCells))
	widths := make([]float64, len(trickyCells))
	row := make([]cellValue, len(trickyCells))
	for i, c := range trickyCells {
		header[i] = "列" + colLetters(i)
		widths[i] = 14
		row[i] = c.in
	}
	var buf bytes.Buffer
	err := writeXLSX(&buf, header, widths, func(emit func([]cellValue) error) error { return emit(row) })
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXCellsReadBack(t *testing.T) {
	data := trickyWorkbook(t)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "台账" {
		t.Fatalf("sheets %q", got)
	}
	for i, c := range trickyCells {
		name := colLetters(i)
		h, _ := f.GetCellValue("台账", name+"1")
		if h != "列"+name {
			t.Errorf("header %s1 = %q", name, h)
		}
		got, err := f.GetCellValue("台账", name+"2")
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s2 (%q) reads %q, want %q", name, c.in, got, c.want)
		}
	}
	// The header's style is bold on the light blue fill, the dates' the
	// export's date format; the pane is frozen under the header.
	// (excelize names a fill's colour only in a workbook with a theme.)
	hs, _ := f.GetCellStyle("台账", "A1")
	st, err := f.GetStyle(hs)
	if err != nil || st.Font == nil || !st.Font.Bold || st.Fill.Type != "pattern" || st.Fill.Pattern != 1 || !strings.Contains(xlsxStyles, `<fgColor rgb="FFDDEBF7"/>`) {
		t.Errorf("header style %+v (%v)", st, err)
	}
	for i, c := range trickyCells {
		if d, ok := c.in.(ledger.Date); ok && !d.IsZero() {
			ds, _ := f.GetCellStyle("台账", colLetters(i)+"2")
			st, err := f.GetStyle(ds)
			if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != XLSXDateFormat {
				t.Errorf("date style of %s2: %+v (%v)", colLetters(i), st, err)
			}
		}
	}
	panes, err := f.GetPanes("台账")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v (%v)", panes, err)
	}

	// LibreOffice shows the same values.
	out, ok := soffice(t, "tricky.xlsx", data, "tricky.csv", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76")
	if !ok {
		return
	}
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("LibreOffice's CSV: %v\n%s", err, out)
	}
	for i, c := range trickyCells {
		want := c.want
		if i >= len(recs[1]) {
			if want != "" {
				t.Errorf("LibreOffice: no column %s", colLetters(i))
			}
			continue
		}
		if recs[1][i] != want {
			t.Errorf("LibreOffice shows %s2 as %q, want %q", colLetters(i), recs[1][i], want)
		}
	}
}

// A cell longer than an XLSX cell holds is refused with a message that
// names it and says what to do, instead of being cut short.
func TestXLSXExportRefusesTooLongCell(t *testing.T) {
	st := newStore(t)
	long := strings.Repeat("备", 20000) + strings.Repeat("x", 12767) + "😀" // 32,769 UTF-16 units
	err := st.Write(func(w ledger.Writer) error {
		return w.PutSite(&ledger.Site{Number: "京ICP备2021012345号-1", Name: "官网", Notes: long})
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = Export(st, FormatXLSX, &buf, false)
	if err == nil {
		t.Fatal("a 32,769-unit cell was exported")
	}
	for _, w := range []string{"第 2 行", "32769 个字符", "CSV", "row 2", "32767"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message lacks %q: %v", w, err)
		}
	}
	if errors.Is(err, ErrRefused) || !errors.Is(err, ErrXLSXLimit) {
		t.Errorf("refusal %v: ErrXLSXLimit %v, an import refusal %v", err, errors.Is(err, ErrXLSXLimit), errors.Is(err, ErrRefused))
	}
	// At the limit it is written whole.
	if err := st.Write(func(w ledger.Writer) error {
		sites, err := w.Sites()
		if err != nil {
			return err
		}
		s := sites[0].Site
		s.Notes = long[:len(long)-len("😀")] // 32,767 units
		return w.PutSite(&s)
	}); err != nil {
		t.Fatal(err)
	}
	data := export(t, st, FormatXLSX, false)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := f.GetCellValue("台账", "V2"); got != long[:len(long)-len("😀")] {
		t.Errorf("notes read back: %d bytes, want %d", len(got), len(long)-len("😀"))
	}
}

// The worksheet goes to the file as the rows come: most of it has been
// written before the last row is given (the passwords of a large ledger
// are not gathered in one buffer first).
func TestXLSXWorksheetIsStreamed(t *testing.T) {
	var out countingWriter
	const rows = 20000
	var before int64
	err := writeXLSX(&out, []string{"网站备案号", "备注"}, []float64{26, 26}, func(emit func([]cellValue) error) error {
		for i := range rows {
			if err := emit([]cellValue{"京ICP备2021012345号-" + colLetters(i), strings.Repeat(colLetters(i*7919), 40)}); err != nil {
				return err
			}
		}
		before = out.n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if before < out.n/2 {
		t.Errorf("%d of %d bytes written before the last row was given", before, out.n)
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
