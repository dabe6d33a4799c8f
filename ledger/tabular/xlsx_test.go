package tabular

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// readBoth reads an XLSX with the byte-level scan and with excelize's
// row iterator, and fails unless both give the same sheet.
func readBoth(t *testing.T, data []byte) *Sheet {
	t.Helper()
	fast, err1 := ReadFile("fast.xlsx", data)
	useIterator = true
	slow, err2 := ReadFile("slow.xlsx", data)
	useIterator = false
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("scan error %v, iterator error %v", err1, err2)
	}
	if err1 != nil {
		t.Fatalf("both readers refuse: %v", err1)
	}
	if !equalJSON(fast, slow) {
		for i := range max(len(fast.Rows), len(slow.Rows)) {
			if i >= len(fast.Rows) || i >= len(slow.Rows) || !equalJSON(fast.Rows[i], slow.Rows[i]) {
				t.Errorf("row %d differs:\n scan     %q\n iterator %q", i, rowAt(fast, i), rowAt(slow, i))
				break
			}
		}
		t.Fatalf("the readers differ:\n scan     %+v\n iterator %+v", fast.Problems, slow.Problems)
	}
	return fast
}

func rowAt(s *Sheet, i int) any {
	if i < len(s.Rows) {
		return s.Rows[i]
	}
	return nil
}

func TestScanMatchesIterator(t *testing.T) {
	t.Run("messy", func(t *testing.T) { readBoth(t, messyWorkbook(t)) })
	t.Run("export", func(t *testing.T) { readBoth(t, export(t, demoStore(t, 30), FormatXLSX, true)) })
	t.Run("strings", func(t *testing.T) {
		f := excelize.NewFile()
		sh := "Sheet1"
		f.SetSheetRow(sh, "A1", &[]any{"网站备案号", "网站名称", "备注", "轮换周期(月)", "密码", "登录名", "域名", "首次备案日期"})
		odd := []string{`<&>"'`, "  两端空格  ", "行一\r\n行二\r行三", "_x000D_ 与 _x005F_x000D_", "&amp; 字面", "\t制表", "𠀀堃", "=1+1"}
		for i, v := range odd {
			r := i + 2
			f.SetCellValue(sh, fmt.Sprintf("A%d", r), fmt.Sprintf("京ICP备2023%06d号-1", i))
			f.SetCellValue(sh, fmt.Sprintf("B%d", r), v) // shared strings
			f.SetCellValue(sh, fmt.Sprintf("C%d", r), "备注"+v)
			f.SetCellValue(sh, fmt.Sprintf("E%d", r), v)
		}
		// Rich text, numbers with float noise, big numbers, booleans.
		f.SetCellRichText(sh, "B10", []excelize.RichTextRun{{Text: "富"}, {Text: "文本", Font: &excelize.Font{Bold: true}}})
		f.SetCellValue(sh, "A10", "京ICP备2023000100号-1")
		f.SetCellValue(sh, "D2", 0.1+0.2)
		f.SetCellValue(sh, "D3", 3)
		f.SetCellValue(sh, "D4", 1e20)
		f.SetCellValue(sh, "D5", math.Pi)
		f.SetCellValue(sh, "F2", 13800138000)
		f.SetCellValue(sh, "F3", true)
		f.SetCellValue(sh, "G2", "a.cn")
		f.SetCellValue(sh, "H2", time.Date(2024, 2, 29, 13, 30, 0, 0, time.UTC)) // default date-time style
		f.SetCellValue(sh, "Z1", "远处的表头")
		f.SetCellValue(sh, "Z2", "远处的值")
		var b bytes.Buffer
		f.Write(&b)
		s := readBoth(t, b.Bytes())
		r := s.Rows[0].Cells
		if r[ColSiteName] != odd[0] || r[ColRotationMonths] != "0.3" || r[ColLogin] != "13800138000" || r[ColFirstFiled] != "2024-02-29" {
			t.Errorf("row 2: %q", r)
		}
		if got := s.Rows[2].Cells[ColSiteName]; got != odd[2] {
			t.Errorf("line ends: %q", got)
		}
		if got := s.Rows[1].Cells[ColPassword]; got != "  两端空格  " {
			t.Errorf("password spaces: %q", got)
		}
		// excelize writes "_x000D_" unescaped, so it reads back as a
		// carriage return (trimmed away); "_x005F_x000D_" is the literal.
		if got := s.Rows[3].Cells[ColSiteName]; got != "与 _x000D_" {
			t.Errorf("escapes: %q", got)
		}
		if got := s.Rows[8].Cells[ColSiteName]; got != "富文本" {
			t.Errorf("rich text: %q", got)
		}
		if got := s.Rows[0].Cells[unknownPrefix+"远处的表头"]; got != "远处的值" {
			t.Errorf("far column: %q", s.Rows[0].Cells)
		}
	})
}

// rawXLSX builds a workbook from hand-written XML parts.
func rawXLSX(t *testing.T, sheetXML, sstXML string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<x:sheets><x:sheet name="台账" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheetXML,
		"xl/sharedStrings.xml":     sstXML,
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range parts {
			if !yield(k) {
				return
			}
		}
	}) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	z.Close()
	return b.Bytes()
}

func TestScanOddXML(t *testing.T) {
	ns := `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	sst := `<?xml version="1.0" encoding="UTF-8"?><x:sst ` + ns + ` count="4" uniqueCount="4">` +
		`<x:si><x:t>网站备案号</x:t></x:si><x:si><x:t xml:space="preserve">网站名称</x:t></x:si>` +
		`<x:si><x:r><x:t>星</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>河</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ほし</x:t></x:rPh></x:si>` +
		`<x:si><x:t>&#x5B89;&amp;&#23433;</x:t></x:si></x:sst>`
	// Prefixed elements, rows and cells without r attributes, an inline
	// string, a merged range.
	sheet := `<?xml version="1.0" encoding="UTF-8"?><x:worksheet ` + ns + `><x:sheetData>` +
		`<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c></x:row>` +
		`<x:row><x:c t="inlineStr"><x:is><x:t>京ICP备2023000001号-1</x:t></x:is></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c></x:row>` +
		`<x:row r="4"><x:c r="A4" t="str"><x:f>"京ICP备2023000001号-"&amp;2</x:f><x:v>京ICP备2023000001号-2</x:v></x:c><x:c r="B4"><x:v>12.5</x:v></x:c></x:row>` +
		`</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="C2:C4"/></x:mergeCells></x:worksheet>`
	s := readBoth(t, rawXLSX(t, sheet, sst))
	if len(s.Rows) != 2 || s.Rows[0].Line != 2 || s.Rows[1].Line != 4 {
		t.Fatalf("rows %+v", s.Rows)
	}
	if r := s.Rows[0].Cells; r[ColSiteName] != "星河" || r[ColNotes] != "安&安" {
		t.Errorf("row 2: %q", r)
	}
	if r := s.Rows[1].Cells; r[ColSiteNumber] != "京ICP备2023000001号-2" || r[ColSiteName] != "12.5" || r[ColNotes] != "安&安" {
		t.Errorf("row 4: %q", r)
	}

	// CDATA is left to the iterator: same answer.
	cdata := strings.Replace(sheet, `<x:is><x:t>备注</x:t></x:is>`, `<x:is><x:t><![CDATA[备注]]></x:t></x:is>`, 1)
	scan := scanSheet([]byte(cdata), func(int) bool { return false }, []string{"a", "b", "c", "d"})
	if scan.declined == "" {
		t.Error("the scan did not decline CDATA")
	}
	readBoth(t, rawXLSX(t, cdata, sst))
}
