package letter

import (
	"strconv"
	"strings"
)

// The intermediate document model. A template's text output is parsed into
// a doc; the PDF and DOCX writers both lay out the same doc.

// blockKind tells the writers how to lay out a block.
type blockKind int

const (
	blockTitle   blockKind = iota // "# " line: centred title
	blockHeading                  // "## " line: section heading
	blockPara                     // ordinary line of text
	blockTable                    // consecutive "| a | b |" rows
	blockSign                     // consecutive ">>" lines: right-hand signature block
)

// span is a run of text or an underlined gap.
type span struct {
	Text  string
	Gap   bool    // underlined blank to fill by hand
	Width float64 // gap width in em
}

type line []span

type block struct {
	Kind  blockKind
	Space bool   // a blank line came before it (paragraph spacing)
	Line  line   // title, heading, para
	Rows  []row  // table
	Lines []line // signature block; an empty line is a gap for a seal
	// Label is a list item's label ("1. ", "（一）", "□ "), set apart from
	// Line; Hang is the width of its list's label column in em.
	Label string
	Hang  float64
}

type row []line // one line per cell

type doc struct {
	Title   string
	Blocks  []block
	Missing []string
}

// Sentinels carried in a template's text output. They are in the Private
// Use Area and stripped from any data value, so data cannot fake them.
const (
	gapOpen   = '\uE000' // gapOpen label \x1f width gapClose
	gapClose  = '\uE001'
	litOpen   = '\uE002' // litOpen value litClose: literal text, no markup
	litClose  = '\uE003'
	lineBreak = '\uE004' // a newline inside a literal value
	noteOpen  = '\uE005' // noteOpen text noteClose: a note for Missing, not printed
	noteClose = '\uE006'
)

func stripSentinels(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= gapOpen && r <= noteClose {
			return -1
		}
		return r
	}, s)
}

// literal protects a data value from the markup parser.
func literal(s string) string {
	s = stripSentinels(s)
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", string(lineBreak))
	return string(litOpen) + s + string(litClose)
}

// noteMarker carries a note for the Missing list; it prints nothing.
func noteMarker(note string) string {
	if note = stripSentinels(note); note == "" {
		return ""
	}
	return string(noteOpen) + note + string(noteClose)
}

func gapMarker(label string, width float64) string {
	return string(gapOpen) + stripSentinels(label) + "\x1f" + strconv.FormatFloat(width, 'f', -1, 64) + string(gapClose)
}

// parseMarkup turns a template's output into a doc. Markup is recognised
// only in template text, never inside literal data values.
func parseMarkup(out string) *doc {
	d := &doc{}
	seen := map[string]bool{}
	addMissing := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			d.Missing = append(d.Missing, s)
		}
	}
	// Split into lines on newlines outside literals.
	var lines []string
	var cur strings.Builder
	inLit := false
	for _, r := range out {
		switch {
		case r == litOpen:
			inLit = true
		case r == litClose:
			inLit = false
		case r == '\n' && !inLit:
			lines = append(lines, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	lines = append(lines, cur.String())

	space := false
	for _, raw := range lines {
		l := strings.TrimRight(raw, " \t\r")
		trim := strings.TrimLeft(l, " \t")
		switch {
		case trim == "":
			space = true
			continue
		case strings.HasPrefix(trim, "## "):
			d.Blocks = append(d.Blocks, block{Kind: blockHeading, Space: space, Line: spans(trim[3:], addMissing)})
		case strings.HasPrefix(trim, "# "):
			ln := spans(trim[2:], addMissing)
			if d.Title == "" {
				d.Title = plain(ln)
			}
			d.Blocks = append(d.Blocks, block{Kind: blockTitle, Space: space, Line: ln})
		case strings.HasPrefix(trim, "|"):
			r := row{}
			for _, c := range splitCells(trim) {
				r = append(r, spans(strings.TrimSpace(c), addMissing))
			}
			if n := len(d.Blocks); n > 0 && d.Blocks[n-1].Kind == blockTable && !space {
				d.Blocks[n-1].Rows = append(d.Blocks[n-1].Rows, r)
			} else {
				d.Blocks = append(d.Blocks, block{Kind: blockTable, Space: space, Rows: []row{r}})
			}
		case strings.HasPrefix(trim, ">>"):
			ln := spans(strings.TrimSpace(trim[2:]), addMissing)
			if n := len(d.Blocks); n > 0 && d.Blocks[n-1].Kind == blockSign && !space {
				d.Blocks[n-1].Lines = append(d.Blocks[n-1].Lines, ln)
			} else {
				d.Blocks = append(d.Blocks, block{Kind: blockSign, Space: space, Lines: []line{ln}})
			}
		default:
			b := block{Kind: blockPara, Space: space}
			// A list label counts only in template text, before any data.
			if label, rest, ok := splitLabel(trim); ok {
				b.Label, b.Line = label, spans(rest, addMissing)
			} else {
				b.Line = spans(l, addMissing)
			}
			d.Blocks = append(d.Blocks, b)
		}
		space = false
	}
	alignLists(d.Blocks)
	return d
}

// splitCells splits "| a | b |" on bars outside literals.
func splitCells(s string) []string {
	s = strings.TrimPrefix(s, "|")
	var cells []string
	var cur strings.Builder
	inLit := false
	for _, r := range s {
		switch {
		case r == litOpen:
			inLit = true
		case r == litClose:
			inLit = false
		case r == '|' && !inLit:
			cells = append(cells, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	if rest := strings.TrimSpace(cur.String()); rest != "" {
		cells = append(cells, rest)
	}
	return cells
}

// spans decodes literals and gaps in one line of output.
func spans(s string, missing func(string)) line {
	var ln line
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			ln = append(ln, span{Text: text.String()})
			text.Reset()
		}
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case litOpen, litClose:
		case lineBreak:
			text.WriteRune('\n')
		case noteOpen:
			j := i + 1
			for j < len(rs) && rs[j] != noteClose {
				j++
			}
			missing(string(rs[i+1 : j]))
			i = j
		case gapOpen:
			j := i + 1
			for j < len(rs) && rs[j] != gapClose {
				j++
			}
			label, w, _ := strings.Cut(string(rs[i+1:j]), "\x1f")
			width, err := strconv.ParseFloat(w, 64)
			if err != nil || width <= 0 {
				width = 8
			}
			flush()
			ln = append(ln, span{Gap: true, Width: width})
			missing(label)
			i = j
		default:
			text.WriteRune(r)
		}
	}
	flush()
	return ln
}

// plain is a line's text with gaps as underscores.
func plain(l line) string {
	var b strings.Builder
	for _, s := range l {
		if s.Gap {
			b.WriteString(strings.Repeat("_", int(s.Width)))
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
