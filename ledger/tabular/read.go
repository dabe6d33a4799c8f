package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"beianledger/ledger/ident"
)

// ErrRefused marks an input the importer will not read at all: no header
// row, a missing required column, too many rows, or a file that is
// neither CSV nor XLSX. Test with errors.Is.
var ErrRefused = errors.New("import refused")

// Severities of a Problem.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Sheet is a spreadsheet as read: its data rows keyed by column id, and
// the problems found while reading. Nothing has been validated yet; Plan
// does that.
type Sheet struct {
	// Rows are the non-blank data rows below the header row.
	Rows []Row
	// Problems found while reading (duplicate headers, formulas without
	// a value, over-long cells).
	Problems []Problem
	// Columns are the matched column ids in sheet order.
	Columns []string
	// Unknown are the headers no known column matched; their values go
	// to the notes.
	Unknown []string
	// HeaderLine is the 1-based row number of the header row.
	HeaderLine int
	// Format is "csv" or "xlsx"; Encoding is the CSV text encoding
	// detected ("utf-8", "utf-8-bom", "gb18030", "utf-16").
	Format, Encoding string
	// SheetName is the XLSX worksheet read.
	SheetName string
}

// Row is one data row.
type Row struct {
	// Line is the 1-based spreadsheet row number (CSV: the record number).
	Line int
	// Cells maps a column id to the cell's text, trimmed of surrounding
	// space (except the password, kept exactly). Blank cells are absent.
	// Unknown columns are keyed "unknown:" + their header.
	Cells map[string]string
}

// Problem is one finding of reading or planning an import.
type Problem struct {
	Line     int    // 1-based row number; 0 for the whole sheet
	Column   string // the header concerned, if any
	Severity string // SeverityError or SeverityWarning
	Message  string // short English text
	// Code names the problem for a user interface that words it in its own
	// language (its catalogue's "import.problem.CODE"); Args are the values
	// the message is made of, in the order of the English text. Every
	// problem has a code; Message stays the English wording of the same.
	Code string   `json:"code,omitempty"`
	Args []string `json:"args,omitempty"`
	// Ident is the identifier check behind a problem of code "ident", for a
	// user interface to word its findings (ident.Result.Codes) itself.
	Ident *ident.Result `json:"-"`
}

// String formats the problem for a list: "line 5: 首次备案日期: … (error)".
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Column != "" {
		b.WriteString(p.Column + ": ")
	}
	b.WriteString(p.Message)
	b.WriteString(" (" + p.Severity + ")")
	return b.String()
}

// ReadFile reads a 台账 spreadsheet, choosing the format by content: an
// XLSX workbook (zip) or CSV text in UTF-8 (with or without BOM), UTF-16
// with BOM, or GB18030. name is used in messages only. The error is
// non-nil (and wraps ErrRefused) when the file cannot be imported at all;
// row-level findings are in Sheet.Problems.
func ReadFile(name string, data []byte) (*Sheet, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(name, data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return nil, fmt.Errorf("%w: %s is an old binary Excel file (.xls) or an encrypted workbook; save it as .xlsx or CSV", ErrRefused, name)
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrRefused, name, err)
	}
	return readCSV(name, text, enc)
}

// decodeText turns CSV bytes into text: UTF-8 (a BOM is dropped), UTF-16
// with a BOM, or else GB18030 (which is what Excel and WPS write for
// "CSV" on Chinese Windows). Binary data is refused.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		if !utf8.Valid(data) {
			return "", "", errors.New("the file starts with a UTF-8 mark but is not valid UTF-8")
		}
		return string(data), "utf-8-bom", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", "", fmt.Errorf("bad UTF-16 text: %v", err)
		}
		return string(b), "utf-16", nil
	}
	if bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		return "", "", notText(data)
	}
	if utf8.Valid(data) {
		return string(data), "utf-8", nil
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("neither UTF-8 nor GB18030 text: %v", err)
	}
	// GB18030 maps nearly every byte sequence; many replacement
	// characters mean binary data rather than Chinese text.
	if n := strings.Count(string(b), "\uFFFD"); n > 0 && n*100 > utf8.RuneCount(b) {
		return "", "", notText(data)
	}
	return string(b), "gb18030", nil
}

func notText(data []byte) error {
	kind := http.DetectContentType(data)
	if i := strings.IndexByte(kind, ';'); i >= 0 {
		kind = kind[:i]
	}
	if kind == "application/octet-stream" || strings.HasPrefix(kind, "text/") {
		return errors.New("not a CSV or XLSX file: it holds binary data")
	}
	return fmt.Errorf("not a CSV or XLSX file: it looks like %s", kind)
}

// readCSV parses CSV text. The delimiter is a comma, or a tab or
// semicolon when that makes more header cells match.
func readCSV(name, text, enc string) (*Sheet, error) {
	delim := sniffDelimiter(text)
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var grid [][]string
	var lines []int
	nonBlank, embedded := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: bad CSV: %v", ErrRefused, name, err)
		}
		// The row number a spreadsheet shows: the record's first line,
		// less the line breaks inside earlier quoted cells.
		start, _ := r.FieldPos(0)
		line := start - embedded
		for _, c := range rec {
			embedded += strings.Count(c, "\n")
		}
		if blankRecord(rec) {
			continue
		}
		// Trailing blank cells (a spreadsheet's formatted but empty
		// columns) are dropped; values beyond maxColumns refuse the file.
		rec = trimBlankTail(rec)
		if len(rec) > maxColumns {
			return nil, tooManyColumns(name, line, len(rec))
		}
		// Cells our CSV export guarded against formula injection get
		// their value back.
		for i, c := range rec {
			rec[i] = restoreFormula(c)
		}
		nonBlank++
		if nonBlank > maxDataRows+headerSearchRows {
			return nil, tooManyRows(name)
		}
		grid = append(grid, rec)
		lines = append(lines, line)
	}
	s, err := buildSheet(name, grid, lines)
	if err != nil {
		return nil, err
	}
	s.Format, s.Encoding = "csv", enc
	return s, nil
}

func trimBlankTail(rec []string) []string {
	n := len(rec)
	for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	return rec[:n]
}

func tooManyColumns(name string, line, n int) error {
	return fmt.Errorf("%w: %s: 第 %d 行有 %d 列，导入最多读取 %d 列 / row %d has %d columns; an import reads at most %d (a 台账 has a few dozen): remove the extra columns",
		ErrRefused, name, line, n, maxColumns, line, n, maxColumns)
}

func tooManyRows(name string) error {
	return fmt.Errorf("%w: %s: too many rows (more than %d data rows)", ErrRefused, name, maxDataRows)
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// sniffDelimiter parses the first records with each candidate delimiter
// and keeps the one under which a row matches the most known headers.
func sniffDelimiter(text string) rune {
	best, bestScore := ',', -1
	for _, d := range []rune{',', '\t', ';'} {
		r := csv.NewReader(strings.NewReader(text))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = d, -1, true
		score := 0
		for i := 0; i < headerSearchRows; i++ {
			rec, err := r.Read()
			if err != nil {
				break
			}
			n := 0
			for _, c := range rec {
				if matchHeader(c) != "" {
					n++
				}
			}
			score = max(score, n)
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// findHeader returns the index of the first of the first rows that
// matches at least two known columns, or -1.
func findHeader(grid [][]string) int {
	for i := 0; i < len(grid) && i < headerSearchRows; i++ {
		n := 0
		for _, c := range grid[i] {
			if matchHeader(c) != "" {
				n++
			}
		}
		if n >= minHeaderMatches {
			return i
		}
	}
	return -1
}

// hasRequired reports whether a header row names the site number or the
// site name.
func hasRequired(header []string) bool {
	for _, c := range header {
		if id := matchHeader(c); id == ColSiteNumber || id == ColSiteName {
			return true
		}
	}
	return false
}

var errNoHeader = errors.New("no header row found in the first 10 rows (expected headers such as 网站备案号, 网站名称, 域名)")

func missingRequired(name string) error {
	return fmt.Errorf("%w: %s: the required column 网站备案号 (Site filing number) or 网站名称 (Site name) is missing", ErrRefused, name)
}

// buildSheet finds the header row in grid (rows with their line numbers,
// blank rows already dropped) and keys the data rows by column id.
func buildSheet(name string, grid [][]string, lines []int) (*Sheet, error) {
	h := findHeader(grid)
	if h < 0 {
		return nil, fmt.Errorf("%w: %s: %v", ErrRefused, name, errNoHeader)
	}
	if !hasRequired(grid[h]) {
		return nil, missingRequired(name)
	}
	if len(grid)-h-1 > maxDataRows {
		return nil, tooManyRows(name)
	}
	s := &Sheet{HeaderLine: lines[h]}
	ids := make([]string, len(grid[h]))
	firstCol := map[string]int{}
	nextDup := map[string]int{} // header → the next number to try for a repeat
	var secretCols []int        // unknown columns whose header names a secret
	for i, raw := range grid[h] {
		hdr := strings.TrimSpace(raw)
		if hdr == "" {
			hdr = "列" + colLetters(i)
		}
		id := matchHeader(hdr)
		if id != "" {
			if j, dup := firstCol[id]; dup {
				if !secretHeader(hdr) { // a second password column is refused below
					s.Problems = append(s.Problems, Problem{Line: lines[h], Column: hdr, Severity: SeverityWarning,
						Code: "duplicate-column", Args: []string{strings.TrimSpace(grid[h][j]), colLetters(j), hdr, colLetters(i)},
						Message: fmt.Sprintf("duplicate column: %s (column %s) and %s (column %s) are the same column; the second is kept in the notes",
							strings.TrimSpace(grid[h][j]), colLetters(j), hdr, colLetters(i))})
				}
				id = ""
			} else {
				firstCol[id] = i
				s.Columns = append(s.Columns, id)
			}
		}
		if id == "" && secretHeader(hdr) {
			secretCols = append(secretCols, i)
			ids[i] = secretPending
			continue
		}
		if id == "" {
			id = unknownPrefix + hdr
			if hasKey(firstCol, id) {
				n := max(2, nextDup[hdr])
				for ; hasKey(firstCol, id); n++ {
					id = fmt.Sprintf("%s%s (%d)", unknownPrefix, hdr, n)
				}
				nextDup[hdr] = n
			}
			firstCol[id] = i
			s.Unknown = append(s.Unknown, strings.TrimPrefix(id, unknownPrefix))
		}
		ids[i] = id
	}
	placeSecretColumns(s, grid, h, lines[h], ids, secretCols, hasKey(firstCol, ColPassword))
	s.Rows = make([]Row, 0, len(grid)-h-1)
	for r := h + 1; r < len(grid); r++ {
		row := Row{Line: lines[r], Cells: make(map[string]string, len(ids))}
		for i, v := range grid[r] {
			if strings.TrimSpace(v) == "" {
				continue
			}
			// Trim the space around values, but never around a
			// password: it is kept exactly as typed.
			if i >= len(ids) || ids[i] != ColPassword {
				v = strings.TrimSpace(v)
			}
			if i < len(ids) && ids[i] == secretPending {
				continue // refused: never kept, never shown
			}
			if i >= len(ids) {
				s.Problems = append(s.Problems, Problem{Line: lines[r], Column: "列" + colLetters(i), Severity: SeverityWarning,
					Code: "no-header", Message: "value in a column without a header; kept in the notes"})
				row.Cells[unknownPrefix+"列"+colLetters(i)] = v
				continue
			}
			if utf8.RuneCountInString(v) > maxCellChars {
				s.Problems = append(s.Problems, Problem{Line: lines[r], Column: headerFor(ids[i]), Severity: SeverityError,
					Code: "cell-too-long", Args: []string{strconv.Itoa(maxCellChars)}, Message: fmt.Sprintf("cell longer than %d characters", maxCellChars)})
				v = string([]rune(v)[:maxCellChars])
			}
			row.Cells[ids[i]] = v
		}
		s.Rows = append(s.Rows, row)
	}
	return s, nil
}

// secretPending marks a column whose values are dropped unread.
const secretPending = "\x00secret"

// placeSecretColumns decides about the unknown columns whose header names
// a secret. With no 密码 column and exactly one such column, that column
// is the password: sealed with the row's credential, like 密码. Otherwise
// which credential each secret belongs to is a guess, so the import is
// refused (an error per column that holds values) and the values are
// dropped; an empty one is only mentioned. Messages name the column, never
// its values.
func placeSecretColumns(s *Sheet, grid [][]string, h, headerLine int, ids []string, cols []int, havePassword bool) {
	if len(cols) == 0 {
		return
	}
	hdr := func(i int) string { return strings.TrimSpace(grid[h][i]) }
	if !havePassword && len(cols) == 1 {
		i := cols[0]
		ids[i] = ColPassword
		s.Columns = append(s.Columns, ColPassword)
		s.Problems = append(s.Problems, Problem{Line: headerLine, Column: hdr(i), Severity: SeverityWarning,
			Code: "password-column", Args: []string{colLetters(i), hdr(i)},
			Message: fmt.Sprintf("第 %s 列「%s」按「密码」列导入，加密保存，不记入备注 / column %s is imported as the password (密码) column: sealed, not kept in the notes",
				colLetters(i), hdr(i), colLetters(i))})
		return
	}
	whyZh, whyEn := "表中已有「密码」列", "the sheet has a 密码 column already"
	code, extra := "password-unclear-have", []string(nil)
	if !havePassword {
		whyZh, whyEn = fmt.Sprintf("表中有 %d 个这样的列", len(cols)), fmt.Sprintf("the sheet has %d such columns", len(cols))
		code, extra = "password-unclear-many", []string{strconv.Itoa(len(cols))}
	}
	for _, i := range cols {
		filled := 0
		for r := h + 1; r < len(grid); r++ {
			if i < len(grid[r]) && strings.TrimSpace(grid[r][i]) != "" {
				filled++
			}
		}
		if filled == 0 {
			s.Problems = append(s.Problems, Problem{Line: headerLine, Column: hdr(i), Severity: SeverityWarning,
				Code: "password-column-empty", Args: []string{colLetters(i), hdr(i)},
				Message: fmt.Sprintf("第 %s 列「%s」像密码列但是空的，已忽略 / column %s looks like a password column but is empty; ignored",
					colLetters(i), hdr(i), colLetters(i))})
			continue
		}
		s.Problems = append(s.Problems, Problem{Line: headerLine, Column: hdr(i), Severity: SeverityError,
			Code: code, Args: append([]string{strconv.Itoa(headerLine), colLetters(i), hdr(i), strconv.Itoa(filled)}, extra...),
			Message: fmt.Sprintf("第 %d 行第 %s 列「%s」像密码列（%d 行有值），但无法确定属于哪个账号（%s）。密码不能记入明文备注：请每个账号一行，密码放在「密码」列，并填写「账号系统」和「登录名」 / "+
				"column %s on row %d looks like a password column (%d rows have values), but which credential each belongs to is unclear (%s). Passwords are never kept in the plain-text notes: give each credential its own row, with the password under 密码 and its 账号系统 and 登录名",
				headerLine, colLetters(i), hdr(i), filled, whyZh, colLetters(i), headerLine, filled, whyEn)})
	}
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// colLetters returns the spreadsheet letters of a 0-based column index.
func colLetters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
