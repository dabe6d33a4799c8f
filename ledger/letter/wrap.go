package letter

import (
	"regexp"
	"strings"
	"unicode"
)

// keepTogether matches filing numbers, which read badly when split
// (京ICP备2021012345号-1, 京公网安备11010502000123号, 浙B2-20080101-1).
var keepTogether = regexp.MustCompile(`\p{Han}?(?:ICP[备证]\d+号(?:-\d+[AX]?)?|公网安备\d+号?|B2-\d+(?:-\d+[AX]?)?)`)

// Chinese line breaking (禁则): no closing punctuation at the start of a
// line, no opening bracket at the end of one.
const (
	noStart = "。，、；：？！）」』》〉】〕”’…·．,.;:?!)]}%％"
	noEnd   = "（「『《〈【〔“‘([{"
)

// tok is an unbreakable piece of a line: one CJK character, a Latin word,
// a space, an underlined gap or a hard line break.
type tok struct {
	Text  string
	W     float64 // width in points
	Gap   bool
	Space bool
	Break bool
}

func (t tok) noStart() bool {
	return !t.Gap && t.Text != "" && strings.ContainsAny(t.Text[:firstLen(t.Text)], noStart)
}
func (t tok) noEnd() bool {
	if t.Gap || t.Text == "" {
		return false
	}
	r := []rune(t.Text)
	return strings.ContainsRune(noEnd, r[len(r)-1])
}

func firstLen(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}

// isWordRune reports whether r joins its neighbours into one Latin word
// (letters, digits, ASCII punctuation other than spaces).
func isWordRune(r rune) bool {
	if r < 0x80 {
		return r > ' ' && r != 0x7f
	}
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic) && !unicode.Is(unicode.Han, r)
}

// tokenize splits a line of spans into tokens at size points. width is the
// line width: a word wider than it is cut into characters.
func tokenize(l line, size, width float64) []tok {
	var out []tok
	for _, s := range l {
		if s.Gap {
			out = append(out, tok{Gap: true, W: min(s.Width*size, width)})
			continue
		}
		rs := []rune(s.Text)
		keep := map[int]int{} // rune index → end of a keep-together run
		if strings.ContainsAny(s.Text, "备B") {
			for _, m := range keepTogether.FindAllStringIndex(s.Text, -1) {
				a := len([]rune(s.Text[:m[0]]))
				keep[a] = a + len([]rune(s.Text[m[0]:m[1]]))
			}
		}
		for i := 0; i < len(rs); {
			r := rs[i]
			if end, ok := keep[i]; ok {
				w := 0.0
				for _, c := range rs[i:end] {
					w += runeWidth(c) * size
				}
				if w <= width {
					out = append(out, tok{Text: string(rs[i:end]), W: w})
					i = end
					continue
				}
			}
			switch {
			case r == '\n':
				out = append(out, tok{Break: true})
				i++
			case r == ' ' || r == '\t':
				out = append(out, tok{Text: " ", W: runeWidth(' ') * size, Space: true})
				i++
			case isWordRune(r):
				j := i
				w := 0.0
				for j < len(rs) && isWordRune(rs[j]) {
					w += runeWidth(rs[j]) * size
					j++
				}
				if w <= width {
					out = append(out, tok{Text: string(rs[i:j]), W: w})
				} else {
					for _, c := range rs[i:j] {
						out = append(out, tok{Text: string(c), W: runeWidth(c) * size})
					}
				}
				i = j
			default:
				out = append(out, tok{Text: string(r), W: runeWidth(r) * size})
				i++
			}
		}
	}
	return out
}

// wrapToks breaks tokens into lines no wider than width, following the
// 禁则 rules above. It never returns a line wider than width unless a
// single token is.
func wrapToks(toks []tok, width float64) [][]tok {
	var lines [][]tok
	var cur []tok
	curW := 0.0
	push := func() {
		for len(cur) > 0 && cur[len(cur)-1].Space {
			cur = cur[:len(cur)-1]
		}
		lines = append(lines, cur)
		cur, curW = nil, 0
	}
	queue := append([]tok(nil), toks...)
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		switch {
		case t.Break:
			push()
			continue
		case t.Space && len(cur) == 0:
			continue
		case curW+t.W <= width+1e-6 || len(cur) == 0:
			cur = append(cur, t)
			curW += t.W
			continue
		case t.Space:
			push()
			continue
		}
		// t does not fit: choose where to break.
		cut := len(cur) // cur[cut:] moves to the next line with t
		first := t
		for n := 0; n < 4 && cut > 1 && first.noStart(); n++ {
			cut--
			first = cur[cut]
		}
		for n := 0; n < 4 && cut > 1 && cur[cut-1].noEnd(); n++ {
			cut--
		}
		if first.noStart() || cut < 1 {
			cut = len(cur) // give up on 禁则 rather than overflow
		}
		carry := append([]tok(nil), cur[cut:]...)
		cur = cur[:cut]
		push()
		queue = append(append(carry, t), queue...)
	}
	if len(cur) > 0 || len(lines) == 0 {
		push()
	}
	return lines
}

// lineWidth sums a wrapped line's token widths.
func lineWidth(l []tok) float64 {
	w := 0.0
	for _, t := range l {
		w += t.W
	}
	return w
}

// wrapText wraps plain text at size points into lines no wider than width.
func wrapText(s string, size, width float64) []string {
	var out []string
	for _, l := range wrapToks(tokenize(line{{Text: s}}, size, width), width) {
		var b strings.Builder
		for _, t := range l {
			b.WriteString(t.Text)
		}
		out = append(out, b.String())
	}
	return out
}
