package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Limits on what an XLSX file may unpack to, against zip bombs.
const (
	maxUnzipTotal = 1 << 30   // all parts together
	maxSheetXML   = 512 << 20 // one worksheet part
)

// cellPos is a 1-based (row, column) position.
type cellPos struct{ row, col int }

// readXLSX reads the first worksheet that has a recognisable header row.
//
// excelize opens and checks the workbook and answers for its sheets,
// styles and date system. The cells themselves are read in one byte-level
// pass over the worksheet XML (scanSheet), which also finds what
// excelize's row iterator does not tell — which numbers carry a date
// format, which formulas have no cached value, and the merged ranges.
// Reading values through the iterator costs about 2.5 s for a 10,000-site
// export (encoding/xml at roughly 4 µs a cell), and asking excelize per
// cell loads a DOM (seconds more), while the scan takes a tenth of that.
// The iterator (with RawCellValue, so that the two agree) still reads any
// worksheet the scan declines, and the tests hold the two to the same
// answers.
func readXLSX(name string, data []byte) (s *Sheet, err error) {
	// A damaged file must give an error, not take the program down with
	// a panic somewhere inside the XLSX library.
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("%w: %s is a damaged XLSX workbook (%v)", ErrRefused, name, r)
		}
	}()
	// The whole workbook is in memory already: keep its parts there too
	// (excelize unzips parts past 16 MiB, passwords included, into the
	// system's temporary folder otherwise).
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipTotal, UnzipXMLSizeLimit: maxUnzipTotal})
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a valid XLSX workbook (damaged or not a spreadsheet): %v", ErrRefused, name, err)
	}
	defer f.Close()
	parts, err := sheetParts(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a valid XLSX workbook: %v", ErrRefused, name, err)
	}
	sst, sstOK := parts.sharedStrings()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	dates := &dateStyles{f: f, known: map[int]bool{}}
	var refusal error
	for _, sheet := range f.GetSheetList() {
		x, err := parts.read(sheet)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: worksheet %q: %v", ErrRefused, name, sheet, err)
		}
		scan := scanSheet(x, dates.isDate, sst)
		x = nil
		if !sstOK {
			scan.declined = "shared strings not understood"
		}
		if useIterator {
			scan.declined = "iterator forced"
		}
		s, err := readWorksheet(f, name, sheet, scan, date1904)
		if errors.Is(err, errNoHeader) {
			continue
		}
		if errors.Is(err, errMissingRequired) {
			refusal = err
			continue
		}
		if err != nil {
			return nil, err
		}
		s.Format, s.SheetName = "xlsx", sheet
		return s, nil
	}
	if refusal != nil {
		return nil, missingRequired(name)
	}
	return nil, fmt.Errorf("%w: %s: %v", ErrRefused, name, errNoHeader)
}

// useIterator makes readXLSX read every worksheet with excelize's row
// iterator (tests compare the two readers).
var useIterator = false

var errMissingRequired = errors.New("missing required column")

// readWorksheet reads one worksheet into a Sheet. It returns errNoHeader
// or errMissingRequired (unwrapped) when the worksheet is not a 台账, so
// that the caller can try the next one.
func readWorksheet(f *excelize.File, name, sheet string, scan sheetScan, date1904 bool) (*Sheet, error) {
	grid := scan.grid
	if scan.declined != "" {
		var err error
		if grid, err = iterateRows(f, name, sheet, scan, date1904); err != nil {
			return nil, err
		}
	} else if scan.tooMany {
		return nil, tooManyRows(name)
	}
	g, lines := compact(fill(grid, scan, date1904))
	h := findHeader(g)
	if h < 0 {
		return nil, errNoHeader
	}
	if !hasRequired(g[h]) {
		return nil, errMissingRequired
	}
	s, err := buildSheet(name, g, lines)
	if err != nil {
		return nil, err
	}
	s.Problems = append(s.Problems, scan.formulaProblems(g[h], lines[h])...)
	if scan.tooWide {
		s.Problems = append(s.Problems, Problem{Severity: SeverityWarning,
			Code: "too-wide", Args: []string{colLetters(maxColumns - 1)},
			Message: fmt.Sprintf("values beyond column %s are not read", colLetters(maxColumns-1))})
	}
	return s, nil
}

// iterateRows reads a worksheet's values with excelize's row iterator.
func iterateRows(f *excelize.File, name, sheet string, scan sheetScan, date1904 bool) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: worksheet %q: %v", ErrRefused, name, sheet, err)
	}
	defer rows.Close()
	var grid [][]string // indexed by row number - 1; nil for blank rows
	nonBlank, checked := 0, false
	for line := 1; rows.Next(); line++ {
		// Raw values, as the scan reads them: dates and numbers are
		// converted from the scan's findings.
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%w: %s: worksheet %q row %d: %v", ErrRefused, name, sheet, line, err)
		}
		if len(cells) > maxColumns {
			cells = cells[:maxColumns]
		}
		for len(grid) < line-1 {
			grid = append(grid, nil)
		}
		if blankRecord(cells) {
			grid = append(grid, nil)
			continue
		}
		grid = append(grid, cells)
		nonBlank++
		if nonBlank > maxDataRows+headerSearchRows {
			return nil, tooManyRows(name)
		}
		if !checked && nonBlank == headerSearchRows {
			// Give up on a worksheet early when its first rows hold no
			// header, so a large sheet of something else is not read.
			checked = true
			g, _ := compact(fill(slices.Clone(grid), scan, date1904))
			if h := findHeader(g); h < 0 {
				return nil, errNoHeader
			} else if !hasRequired(g[h]) {
				return nil, errMissingRequired
			}
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%w: %s: worksheet %q: %v", ErrRefused, name, sheet, err)
	}
	return grid, nil
}

// fill applies what the XML scan found to the grid: date-formatted
// serial numbers become YYYY-MM-DD, and every cell of a merged range
// takes the range's top-left value. It works on grid in place.
func fill(grid [][]string, scan sheetScan, date1904 bool) [][]string {
	set := func(p cellPos, v string) {
		if p.col > maxColumns || p.row > len(grid) {
			return
		}
		r := grid[p.row-1]
		for len(r) < p.col {
			r = append(r, "")
		}
		r[p.col-1] = v
		grid[p.row-1] = r
	}
	get := func(p cellPos) string {
		if p.row > len(grid) || p.col > len(grid[p.row-1]) {
			return ""
		}
		return grid[p.row-1][p.col-1]
	}
	for p, serial := range scan.dates {
		if t, err := excelize.ExcelDateToTime(serial, date1904); err == nil && t.Year() >= 1900 {
			set(p, t.Format("2006-01-02"))
		}
	}
	for p, v := range scan.numbers {
		set(p, v)
	}
	// A merged range fills the rows that have values of their own; a row
	// that is blank but for a merged cell stays blank.
	blank := func(r int) bool { return r > len(grid) || blankRecord(grid[r-1]) }
	var skip map[int]bool
	for _, m := range scan.merges {
		for r := m.from.row + 1; r <= m.to.row; r++ {
			if blank(r) {
				if skip == nil {
					skip = map[int]bool{}
				}
				skip[r] = true
			}
		}
	}
	for _, m := range scan.merges {
		v := get(m.from)
		if v == "" {
			continue
		}
		for r := m.from.row; r <= m.to.row; r++ {
			if skip[r] {
				continue
			}
			for c := m.from.col; c <= m.to.col; c++ {
				set(cellPos{r, c}, v)
			}
		}
	}
	return grid
}

// compact drops blank rows and returns the rest with their row numbers.
func compact(grid [][]string) ([][]string, []int) {
	var out [][]string
	var lines []int
	for i, r := range grid {
		if r != nil && !blankRecord(r) {
			out = append(out, r)
			lines = append(lines, i+1)
		}
	}
	return out, lines
}

// ---- the worksheet XML

// dateStyles tells whether a cell style carries a date number format.
type dateStyles struct {
	f     *excelize.File
	known map[int]bool
}

// Built-in number formats that show a date (ECMA-376 §18.8.30 and the
// East Asian ids 27–36 and 50–58, less the ones that show a time only).
var builtinDateFormats = map[int]bool{14: true, 15: true, 16: true, 17: true, 22: true,
	27: true, 28: true, 29: true, 30: true, 31: true, 36: true,
	50: true, 51: true, 52: true, 53: true, 54: true, 57: true, 58: true}

func (d *dateStyles) isDate(style int) bool {
	if v, ok := d.known[style]; ok {
		return v
	}
	v := false
	if st, err := d.f.GetStyle(style); err == nil && st != nil {
		if st.CustomNumFmt != nil {
			v = isDateFormatCode(*st.CustomNumFmt)
		} else {
			v = builtinDateFormats[st.NumFmt]
		}
	}
	d.known[style] = v
	return v
}

// isDateFormatCode reports whether a custom number format shows a date:
// it has a year or day token outside quoted text, escapes and [..]
// sections.
func isDateFormatCode(code string) bool {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e':
			return true
		}
	}
	return false
}

// sheetScan is what one pass over a worksheet's XML found.
type sheetScan struct {
	dates    map[cellPos]float64 // numeric cells with a date format
	numbers  map[cellPos]string  // numbers stored with float noise, as Excel shows them
	formulas []cellPos           // formulas without a cached value
	merges   []mergeRange

	// grid holds the cell values by row (nil for a row without values)
	// unless declined says why the scan could not read them; then the
	// excelize row iterator reads them instead.
	grid     [][]string
	declined string
	tooMany  bool // more non-blank rows than an import takes
	tooWide  bool // values beyond maxColumns were dropped
}

// maxColumns bounds the columns read: a 台账 has a few dozen, and a
// stray value in column XFD must not make every row 16,384 cells wide.
const maxColumns = 1024

type mergeRange struct{ from, to cellPos }

// formulaProblems reports the formulas without a value, as errors in
// known columns and warnings in others.
func (s sheetScan) formulaProblems(header []string, headerLine int) []Problem {
	var out []Problem
	for _, p := range s.formulas {
		if p.row < headerLine {
			continue
		}
		col, sev := "列"+colLetters(p.col-1), SeverityWarning
		if p.col <= len(header) {
			col = strings.TrimSpace(header[p.col-1])
			if matchHeader(col) != "" {
				sev = SeverityError
			}
		}
		out = append(out, Problem{Line: p.row, Column: col, Severity: sev,
			Code: "formula-no-value", Args: []string{colLetters(p.col-1) + strconv.Itoa(p.row)},
			Message: fmt.Sprintf("formula without a value in cell %s%d (open and save the file in Excel or WPS to compute it)", colLetters(p.col-1), p.row)})
	}
	return out
}

// scanSheet makes one pass over worksheet XML. It does not build a DOM:
// it finds the <row>, <c>, <f>, <v>, <is>, <t> and <mergeCell> tags by
// their bytes, which is enough because attribute values and text never
// hold a literal '<'. Element names may carry a namespace prefix. The
// cell values are read as excelize's row iterator reads them with
// RawCellValue (shared strings resolved, rich-text runs joined, phonetic
// runs left out, _xHHHH_ escapes decoded); anything unusual (CDATA, an
// unknown cell type, a bad shared-string index) declines the values to
// the iterator. sst is the workbook's shared strings (nil if it has
// none).
func scanSheet(x []byte, isDate func(style int) bool, sst []string) sheetScan {
	s := sheetScan{dates: map[cellPos]float64{}, numbers: map[cellPos]string{}}
	prefix, i, ok := elemPrefix(x, "sheetData")
	if !ok {
		return s
	}
	end := bytes.Index(x[i:], []byte("</"+prefix+"sheetData>"))
	if end < 0 {
		end = len(x)
	} else {
		end += i
	}
	rowTag, cTag := prefix+"row", prefix+"c"
	cEnd := []byte("</" + prefix + "c>")
	fTag, vTag, isTag := "<"+prefix+"f", "<"+prefix+"v", "<"+prefix+"is"
	row, col := 0, 0
	nonBlank, rowHasValue := 0, false
	closeRow := func() {
		if rowHasValue {
			nonBlank++
			if nonBlank > maxDataRows+headerSearchRows {
				s.tooMany = true
			}
		}
		rowHasValue = false
	}
	setValue := func(v string) {
		if s.declined != "" || v == "" {
			return
		}
		if col > maxColumns {
			s.tooWide = true
			return
		}
		for len(s.grid) < row {
			s.grid = append(s.grid, nil)
		}
		r := s.grid[row-1]
		if cap(r) < col {
			r = slices.Grow(r, max(col, 2*cap(r))-len(r))
		}
		for len(r) < col {
			r = append(r, "")
		}
		r[col-1] = v
		s.grid[row-1] = r
		if strings.TrimSpace(v) != "" {
			rowHasValue = true
		}
	}
	pos := i
	for pos < end && !s.tooMany {
		k := bytes.IndexByte(x[pos:end], '<')
		if k < 0 {
			break
		}
		pos += k + 1
		name, attrs, selfClosing, next := readTag(x, pos, end)
		switch name {
		case rowTag:
			closeRow()
			if r, err := strconv.Atoi(attr(attrs, "r")); err == nil && r > 0 {
				row = r
			} else {
				row++
			}
			if row > excelize.TotalRows {
				s.declined = "row number out of range"
			}
			col = 0
		case cTag:
			if c, r, err := excelize.CellNameToCoordinates(attr(attrs, "r")); err == nil {
				col, row = c, r
			} else {
				col++
			}
			if row < 1 {
				row = 1
			}
			if selfClosing {
				break
			}
			ce := bytes.Index(x[next:end], cEnd)
			if ce < 0 {
				ce = end - next
			}
			body := x[next : next+ce]
			next += ce + len(cEnd)
			v, hasV := tagText(body, vTag)
			if hasTag(body, fTag) && (!hasV || len(v) == 0) {
				s.formulas = append(s.formulas, cellPos{row, col})
			}
			t := attr(attrs, "t")
			switch t {
			case "s":
				if len(v) == 0 {
					break
				}
				n, err := strconv.Atoi(string(bytes.TrimSpace(v)))
				if err != nil || n < 0 || n >= len(sst) {
					s.declined = "shared string index out of range"
					break
				}
				setValue(sst[n])
			case "inlineStr":
				if is, ok := tagBody(body, isTag, prefix+"is"); ok {
					txt, ok := richText(is, prefix)
					if !ok {
						s.declined = "CDATA in an inline string"
					}
					setValue(txt)
				} else {
					setValue(xmlText(v))
				}
			case "", "n", "str", "e", "b", "d":
				if bytes.Contains(v, []byte("<![CDATA[")) {
					s.declined = "CDATA in a value"
				}
				setValue(xmlText(v))
			default:
				s.declined = "unknown cell type " + t
			}
			if (t != "" && t != "n") || len(v) == 0 {
				break
			}
			if st, err := strconv.Atoi(attr(attrs, "s")); err == nil && st > 0 && isDate(st) {
				if f, err := strconv.ParseFloat(string(v), 64); err == nil {
					s.dates[cellPos{row, col}] = f
				}
			} else if n, ok := tidyNumber(v); ok {
				s.numbers[cellPos{row, col}] = n
			}
		}
		if next > pos {
			pos = next
		}
	}
	closeRow()
	mTag := []byte("<" + prefix + "mergeCell ")
	for rest := x[end:]; ; {
		k := bytes.Index(rest, mTag)
		if k < 0 {
			break
		}
		_, attrs, _, next := readTag(rest, k+1, len(rest))
		rest = rest[next:]
		ref := attr(attrs, "ref")
		a, b, ok := strings.Cut(ref, ":")
		if !ok {
			b = a
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(a)
		c2, r2, err2 := excelize.CellNameToCoordinates(b)
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 || (r2-r1+1)*(c2-c1+1) > 1<<20 {
			continue
		}
		c2 = min(c2, maxColumns)
		s.merges = append(s.merges, mergeRange{cellPos{r1, c1}, cellPos{r2, c2}})
	}
	return s
}

// elemPrefix finds the first start tag named local (with any namespace
// prefix) and returns the prefix ("" or "x:") and the offset of local.
func elemPrefix(x []byte, local string) (string, int, bool) {
	for off := 0; ; {
		k := bytes.Index(x[off:], []byte(local))
		if k < 0 {
			return "", 0, false
		}
		i := off + k
		off = i + len(local)
		if off < len(x) && x[off] != ' ' && x[off] != '>' && x[off] != '/' && x[off] != '\t' && x[off] != '\n' && x[off] != '\r' {
			continue
		}
		j := i
		for j > 0 && isNameByte(x[j-1]) {
			j--
		}
		if j == 0 || x[j-1] != '<' {
			continue
		}
		p := string(x[j:i])
		if p != "" && !strings.HasSuffix(p, ":") {
			continue
		}
		return p, i, true
	}
}

func isNameByte(c byte) bool {
	return c == ':' || c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// openTag finds the first element open… (e.g. "<v") in body and returns
// where its content starts; empty is true for a self-closing element.
func openTag(body []byte, open string) (start int, empty, ok bool) {
	for i := 0; ; {
		k := bytes.Index(body[i:], []byte(open))
		if k < 0 {
			return 0, false, false
		}
		i += k + len(open)
		if i >= len(body) {
			return 0, false, false
		}
		switch body[i] {
		case '/':
			return 0, true, true
		case '>', ' ':
			gt := bytes.IndexByte(body[i:], '>')
			if gt < 0 {
				return 0, false, false
			}
			if body[i+gt-1] == '/' {
				return 0, true, true
			}
			return i + gt + 1, false, true
		}
	}
}

// tagBody returns the content of the first element open…</name> in body;
// a self-closing element has empty content.
func tagBody(body []byte, open, name string) ([]byte, bool) {
	start, empty, ok := openTag(body, open)
	if !ok || empty {
		return nil, ok
	}
	e := bytes.Index(body[start:], []byte("</"+name+">"))
	if e < 0 {
		return body[start:], true
	}
	return body[start : start+e], true
}

// richText joins the <t> texts of a string item (plain or rich text),
// leaving out phonetic runs (<rPh>). ok is false for CDATA.
func richText(body []byte, prefix string) (string, bool) {
	if bytes.Contains(body, []byte("<![CDATA[")) {
		return "", false
	}
	tTag, rPh := prefix+"t", prefix+"rPh"
	var b strings.Builder
	for pos := 0; pos < len(body); {
		k := bytes.IndexByte(body[pos:], '<')
		if k < 0 {
			break
		}
		pos += k + 1
		name, _, selfClosing, next := readTag(body, pos, len(body))
		switch {
		case name == rPh && !selfClosing:
			e := bytes.Index(body[next:], []byte("</"+rPh+">"))
			if e < 0 {
				return b.String(), true
			}
			next += e
		case name == tTag && !selfClosing:
			e := bytes.Index(body[next:], []byte("</"+tTag+">"))
			if e < 0 {
				e = len(body) - next
			}
			b.WriteString(xmlText(body[next : next+e]))
			next += e
		}
		if next > pos {
			pos = next
		}
	}
	return decodeBSTR(b.String()), true
}

// xmlText decodes XML character data: line ends normalised to \n, then
// the five named entities and numeric character references.
func xmlText(v []byte) string {
	if bytes.IndexByte(v, '\r') >= 0 {
		v = bytes.ReplaceAll(v, []byte("\r\n"), []byte("\n"))
		v = bytes.ReplaceAll(v, []byte("\r"), []byte("\n"))
	}
	if bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	var b strings.Builder
	for len(v) > 0 {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			b.Write(v)
			break
		}
		b.Write(v[:i])
		v = v[i:]
		semi := bytes.IndexByte(v, ';')
		if semi < 0 || semi > 12 {
			b.WriteByte('&')
			v = v[1:]
			continue
		}
		ent := string(v[1:semi])
		switch ent {
		case "lt":
			b.WriteByte('<')
		case "gt":
			b.WriteByte('>')
		case "amp":
			b.WriteByte('&')
		case "quot":
			b.WriteByte('"')
		case "apos":
			b.WriteByte('\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = strconv.ErrSyntax
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				b.Write(v[:semi+1])
			} else {
				b.WriteRune(rune(n))
			}
		}
		v = v[semi+1:]
	}
	return b.String()
}

// decodeBSTR decodes the _xHHHH_ escapes OOXML uses for characters XML
// cannot hold (as excelize does): _x000D_ is a carriage return, _x005F_
// a literal underscore.
func decodeBSTR(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			if s[i+2:i+6] == "005F" || s[i+2:i+6] == "005f" {
				b.WriteByte('_')
			} else {
				n, _ := strconv.ParseUint(s[i+2:i+6], 16, 32)
				if r := rune(n); utf8.ValidRune(r) {
					b.WriteRune(r)
				}
			}
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return len(s) == 4
}

// sharedStrings reads a shared-strings part into its string items.
func sharedStrings(x []byte) ([]string, bool) {
	prefix, i, ok := elemPrefix(x, "sst")
	if !ok {
		return nil, len(bytes.TrimSpace(x)) == 0
	}
	var out []string
	siTag := prefix + "si"
	siEnd := []byte("</" + siTag + ">")
	for pos := i; pos < len(x); {
		k := bytes.IndexByte(x[pos:], '<')
		if k < 0 {
			break
		}
		pos += k + 1
		name, _, selfClosing, next := readTag(x, pos, len(x))
		if name == siTag {
			if selfClosing {
				out = append(out, "")
			} else {
				e := bytes.Index(x[next:], siEnd)
				if e < 0 {
					return nil, false
				}
				txt, ok := richText(x[next:next+e], prefix)
				if !ok {
					return nil, false
				}
				out = append(out, txt)
				next += e + len(siEnd)
			}
		}
		if next > pos {
			pos = next
		}
	}
	return out, true
}

// tidyNumber rounds a stored number to the 15 significant digits Excel
// shows (0.30000000000000004 → 0.3) and writes it without an exponent
// where it can (1.3800138E10 → 13800138000). ok is false when the stored
// text is already what Excel shows.
func tidyNumber(v []byte) (string, bool) {
	if !bytes.ContainsAny(v, ".eE") {
		return "", false
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return "", false
	}
	g, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if err != nil {
		return "", false
	}
	out := strconv.FormatFloat(g, 'f', -1, 64)
	if len(out) > 20 {
		out = strconv.FormatFloat(g, 'g', -1, 64)
	}
	return out, out != string(v)
}

// readTag reads the tag that starts at x[pos] (just after '<'): its name,
// its attribute text, whether it closes itself, and the offset after '>'.
func readTag(x []byte, pos, end int) (name string, attrs []byte, selfClosing bool, next int) {
	k := pos
	for k < end && x[k] != ' ' && x[k] != '>' && x[k] != '/' && x[k] != '\t' && x[k] != '\n' && x[k] != '\r' {
		k++
	}
	name = string(x[pos:k])
	gt := bytes.IndexByte(x[k:end], '>')
	if gt < 0 {
		return name, nil, false, end
	}
	attrs = x[k : k+gt]
	selfClosing = len(attrs) > 0 && attrs[len(attrs)-1] == '/'
	return name, attrs, selfClosing, k + gt + 1
}

// attr returns the value of name="…" (or '…') in a tag's attribute text.
func attr(attrs []byte, name string) string {
	for i := 0; i < len(attrs); {
		k := bytes.Index(attrs[i:], []byte(name+"="))
		if k < 0 {
			return ""
		}
		k += i
		i = k + len(name) + 1
		if k > 0 && attrs[k-1] != ' ' && attrs[k-1] != '\t' && attrs[k-1] != '\n' && attrs[k-1] != '\r' {
			continue // the end of a longer name, e.g. "xr:r="
		}
		if i >= len(attrs) {
			return ""
		}
		q := attrs[i]
		if q != '"' && q != '\'' {
			return ""
		}
		e := bytes.IndexByte(attrs[i+1:], q)
		if e < 0 {
			return ""
		}
		return string(attrs[i+1 : i+1+e])
	}
	return ""
}

// hasTag reports whether body holds the start tag open (e.g. "<f").
func hasTag(body []byte, open string) bool {
	for i := 0; ; {
		k := bytes.Index(body[i:], []byte(open))
		if k < 0 {
			return false
		}
		i += k + len(open)
		if i < len(body) && (body[i] == '>' || body[i] == ' ' || body[i] == '/') {
			return true
		}
	}
}

// tagText returns the text of the first element open (e.g. "<v") in body.
func tagText(body []byte, open string) ([]byte, bool) {
	start, empty, ok := openTag(body, open)
	if !ok || empty {
		return nil, ok
	}
	e := bytes.IndexByte(body[start:], '<')
	if e < 0 {
		return nil, true
	}
	return bytes.TrimSpace(body[start : start+e]), true
}

// ---- finding the worksheet parts in the zip

// workbookParts maps worksheet names to their zip entries.
type workbookParts struct {
	files  map[string]*zip.File // lower-case part name → entry
	sheets map[string]string    // sheet name → part name
	sst    string               // the shared-strings part, if any
}

// sheetParts finds each worksheet's XML part through the package
// relationships, as excelize does, without building its DOM.
func sheetParts(data []byte) (*workbookParts, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	p := &workbookParts{files: map[string]*zip.File{}, sheets: map[string]string{}}
	for _, f := range zr.File {
		p.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	wb := "xl/workbook.xml"
	if rels, err := p.rels("_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wb = r.Target
			}
		}
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := p.decode(wb, &book); err != nil {
		return nil, fmt.Errorf("workbook part: %v", err)
	}
	rels, err := p.rels(path.Join(path.Dir(wb), "_rels", path.Base(wb)+".rels"), path.Dir(wb))
	if err != nil {
		return nil, fmt.Errorf("workbook relationships: %v", err)
	}
	byID := map[string]string{}
	for _, r := range rels {
		byID[r.ID] = r.Target
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			p.sst = r.Target
		}
	}
	for _, s := range book.Sheets {
		p.sheets[s.Name] = byID[s.RID]
	}
	return p, nil
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// rels reads a relationships part, resolving targets against dir.
func (p *workbookParts) rels(name, dir string) ([]relationship, error) {
	var v struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := p.decode(name, &v); err != nil {
		return nil, err
	}
	for i, r := range v.Rels {
		if strings.HasPrefix(r.Target, "/") {
			v.Rels[i].Target = strings.TrimPrefix(r.Target, "/")
		} else {
			v.Rels[i].Target = path.Join(dir, r.Target)
		}
	}
	return v.Rels, nil
}

func (p *workbookParts) open(name string, limit int64) ([]byte, error) {
	f := p.files[strings.ToLower(name)]
	if f == nil {
		return nil, fmt.Errorf("part %s is missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("part %s is too large", name)
	}
	return b, nil
}

func (p *workbookParts) decode(name string, v any) error {
	b, err := p.open(name, 64<<20)
	if err != nil {
		return err
	}
	return xml.Unmarshal(b, v)
}

// sharedStrings reads the workbook's shared strings: nil and true when
// it has none, false when the part cannot be read.
func (p *workbookParts) sharedStrings() ([]string, bool) {
	if p.sst == "" {
		return nil, true
	}
	x, err := p.open(p.sst, maxSheetXML)
	if err != nil {
		return nil, false
	}
	return sharedStrings(x)
}

// read returns a worksheet's XML.
func (p *workbookParts) read(sheet string) ([]byte, error) {
	part, ok := p.sheets[sheet]
	if !ok || part == "" {
		return nil, errors.New("its part is not in the workbook relationships")
	}
	return p.open(part, maxSheetXML)
}
