package tabular

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"beianledger/ledger"
)

// The XLSX export is written here, part by part straight into the zip
// stream, instead of through excelize's stream writer, which keeps the
// whole worksheet's XML in one growing buffer until the workbook is
// zipped: at 10,000 sites that buffer (passwords included, never wiped)
// was most of the export's memory, and growing it a quarter of its time.
// The workbook is the one excelize wrote — one worksheet 台账 of inline
// strings, a bold header on a light blue fill, frozen under the header,
// dates as serial numbers in the XLSXDateFormat style — and it is read
// back by ReadFile (excelize and the worksheet scan), LibreOffice and Excel.

// ErrXLSXLimit marks an XLSX export refused because the ledger does not
// fit a worksheet: a value longer than a cell holds, or more rows than a
// worksheet has. CSV and JSON have no such limit. Test with errors.Is.
var ErrXLSXLimit = errors.New("the ledger does not fit an XLSX worksheet")

// xlsxLimit is an ErrXLSXLimit with what exceeded it, in both languages.
type xlsxLimit struct{ msg string }

func (e *xlsxLimit) Error() string { return e.msg }
func (e *xlsxLimit) Unwrap() error { return ErrXLSXLimit }

// maxXLSXCell is what one XLSX cell holds, in UTF-16 units (Excel's
// limit; longer text is cut by some readers and refused by others).
const maxXLSXCell = 32767

// Styles of the workbook's cellXfs, by index.
const (
	styleHeader = 1
	styleDate   = 2
)

const (
	xlsxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`
	xlsxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	xlsxWorkbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`
	xlsxWorkbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	// cellXfs: 0 plain, 1 the header (bold on DDEBF7), 2 a date.
	xlsxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="` + XLSXDateFormat + `"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
	xlsxSheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`
)

// excelEpoch is day 0 of Excel's 1900 date system for the days from
// 1900-03-01 on (earlier ones are counted around a phantom 1900-02-29).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// xlsxSheet writes the rows of the worksheet into its zip entry.
type xlsxSheet struct {
	w    *bufio.Writer
	cols []string // column letters
	line int
	num  []byte // scratch for numbers
}

// writeXLSX writes a workbook of one worksheet: the header row in the
// header style, then each row that rows passes to emit, as it comes.
func writeXLSX(out io.Writer, header []string, widths []float64, rows func(emit func([]cellValue) error) error) error {
	zw := zip.NewWriter(out)
	// The fastest deflate level: at 10,000 sites the default level spent
	// a quarter of the export compressing.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", xlsxContentTypes},
		{"_rels/.rels", xlsxRels},
		{"xl/workbook.xml", xlsxWorkbook},
		{"xl/_rels/workbook.xml.rels", xlsxWorkbookRels},
		{"xl/styles.xml", xlsxStyles},
	} {
		f, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	f, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	s := &xlsxSheet{w: bufio.NewWriterSize(f, 64<<10), num: make([]byte, 0, 24)}
	for i := range header {
		s.cols = append(s.cols, colLetters(i))
	}
	s.w.WriteString(xlsxSheetHead)
	s.w.WriteString("<cols>")
	for i, wd := range widths {
		n := strconv.Itoa(i + 1)
		s.w.WriteString(`<col min="` + n + `" max="` + n + `" width="` + strconv.FormatFloat(wd, 'f', -1, 64) + `" customWidth="1"/>`)
	}
	s.w.WriteString("</cols><sheetData>")
	hdr := make([]cellValue, len(header))
	for i, h := range header {
		hdr[i] = h
	}
	if err := s.row(hdr, styleHeader); err != nil {
		return err
	}
	if err := rows(func(vals []cellValue) error { return s.row(vals, 0) }); err != nil {
		return err
	}
	s.w.WriteString("</sheetData></worksheet>")
	if err := s.w.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// row writes one row; blank values (the empty string, 0, the zero Date)
// leave their cell out.
func (s *xlsxSheet) row(vals []cellValue, style int) error {
	s.line++
	if s.line > maxXLSXRows {
		return &xlsxLimit{fmt.Sprintf("台账超过 XLSX 工作表的行数上限（%d 行），请导出为 CSV 或 JSON / the ledger has more rows than an XLSX worksheet holds (%d): export as CSV or JSON", maxXLSXRows, maxXLSXRows)}
	}
	line := strconv.Itoa(s.line)
	w := s.w
	w.WriteString(`<row r="`)
	w.WriteString(line)
	w.WriteString(`">`)
	for i, v := range vals {
		switch v := v.(type) {
		case string:
			if v == "" {
				continue
			}
			// A rune is at least as many bytes as UTF-16 units.
			if len(v) > maxXLSXCell {
				if n := utf16Len(v); n > maxXLSXCell {
					return &xlsxLimit{fmt.Sprintf("第 %d 行 %s 列有 %d 个字符，XLSX 单元格最多 %d 个，请导出为 CSV 或 JSON / row %d column %s holds %d characters, more than an XLSX cell holds (%d): export as CSV or JSON",
						s.line, s.cols[i], n, maxXLSXCell, s.line, s.cols[i], n, maxXLSXCell)}
				}
			}
			s.cell(i, line, style)
			w.WriteString(` t="inlineStr"><is>`)
			if strings.TrimSpace(v) != v {
				w.WriteString(`<t xml:space="preserve">`)
			} else {
				w.WriteString(`<t>`)
			}
			writeXMLText(w, v)
			w.WriteString(`</t></is></c>`)
		case int:
			if v == 0 {
				continue
			}
			s.cell(i, line, style)
			w.WriteString(`><v>`)
			w.Write(strconv.AppendInt(s.num[:0], int64(v), 10))
			w.WriteString(`</v></c>`)
		case ledger.Date:
			if v.IsZero() {
				continue
			}
			// Ledger dates are 1980–2200: serial numbers from 29221 on,
			// counted in days (a time.Duration ends 292 years on).
			days := (time.Date(v.Y, v.M, v.D, 0, 0, 0, 0, time.UTC).Unix() - excelEpoch.Unix()) / 86400
			s.cell(i, line, styleDate)
			w.WriteString(`><v>`)
			w.Write(strconv.AppendInt(s.num[:0], days, 10))
			w.WriteString(`</v></c>`)
		}
	}
	_, err := w.WriteString(`</row>`)
	return err
}

// cell starts a cell element, up to its attributes' end.
func (s *xlsxSheet) cell(col int, line string, style int) {
	s.w.WriteString(`<c r="`)
	s.w.WriteString(s.cols[col])
	s.w.WriteString(line)
	s.w.WriteByte('"')
	if style != 0 {
		s.w.WriteString(` s="`)
		s.w.Write(strconv.AppendInt(s.num[:0], int64(style), 10))
		s.w.WriteByte('"')
	}
}

// maxXLSXRows is the number of rows a worksheet holds.
const maxXLSXRows = 1048576

// utf16Len is the length of s in UTF-16 units, as Excel counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // invalid UTF-8 is U+FFFD here and below: 1
	}
	return n
}

// writeXMLText writes s as XML character data: the markup characters
// escaped, tab, line feed and carriage return as references (so that a
// reader's line-end normalisation keeps them), and what XML cannot hold
// (other control characters, invalid UTF-8, U+FFFE, U+FFFF) as U+FFFD —
// what encoding/xml's EscapeText does, which does it for the rare values
// that need any of this.
func writeXMLText(w *bufio.Writer, s string) {
	if plainXMLText(s) {
		w.WriteString(s)
		return
	}
	xml.EscapeText(w, []byte(s))
}

// plainXMLText reports whether s can be written as XML text as it is.
func plainXMLText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '&', c == '<', c == '>', c == '"', c == '\'':
			return false
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE: // U+FFFE, U+FFFF
			return false
		}
	}
	return utf8.ValidString(s)
}
