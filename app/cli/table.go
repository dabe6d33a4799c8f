package cli

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// table lines up tab-separated cells the way text/tabwriter does with
// tabwriter.NewWriter(w, 2, 4, 2, ' ', 0), but by the width a terminal
// gives each character: a Chinese character takes two columns, which
// tabwriter counts as one, so a column of names like 北京示例科技有限公司
// pushed the next column out of line. A cell ends at a tab; the text after
// a line's last tab is not part of a column. As in tabwriter, a column's
// width is set over a block of consecutive lines that all have that cell.
type table struct {
	w   io.Writer
	buf bytes.Buffer
}

func newTable(w io.Writer) *table { return &table{w: w} }

func (t *table) Write(p []byte) (int, error) { return t.buf.Write(p) }

const (
	tableMinWidth = 2 // as tabwriter's minwidth
	tablePadding  = 2 // as tabwriter's padding
)

// Flush writes the lines, padded, and empties the table.
func (t *table) Flush() error {
	text := t.buf.String()
	t.buf.Reset()
	if text == "" {
		return nil
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	cells := make([][]string, len(lines)) // the tab-terminated cells of each line
	rest := make([]string, len(lines))    // what follows the last tab
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		cells[i], rest[i] = parts[:len(parts)-1], parts[len(parts)-1]
	}
	// widths[i][c]: the width of column c on line i, the widest cell of
	// its block plus the padding.
	widths := make([][]int, len(lines))
	for i := range lines {
		widths[i] = make([]int, len(cells[i]))
	}
	for i := range lines {
		for c := range cells[i] {
			if widths[i][c] != 0 {
				continue // set by the block above
			}
			j, w := i, 0
			for ; j < len(lines) && len(cells[j]) > c; j++ {
				w = max(w, displayWidth(cells[j][c]))
			}
			w = max(w+tablePadding, tableMinWidth)
			for k := i; k < j; k++ {
				widths[k][c] = w
			}
		}
	}
	var out bytes.Buffer
	for i := range lines {
		for c, cell := range cells[i] {
			out.WriteString(cell)
			out.WriteString(strings.Repeat(" ", widths[i][c]-displayWidth(cell)))
		}
		out.WriteString(rest[i])
	}
	_, err := t.w.Write(out.Bytes())
	return err
}

// displayWidth is how many terminal columns s takes: two for East Asian
// wide and full-width characters, none for combining marks and other
// zero-width characters, one for the rest.
func displayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case r == utf8.RuneError && size == 1:
			n++
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}
