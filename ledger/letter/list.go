package letter

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// List items. A paragraph that starts with a label — "1. ", "2、",
// "（一）", "(3)", "①", "• ", "□ " — is a list item: the writers set the
// label apart and wrap the text with a hanging indent, so continuation
// lines align under the text, not under the number.

// labelRE matches a list label at the start of a line with the spaces
// after it. A number must not run on into another digit ("1.5倍" is text).
var labelRE = regexp.MustCompile(`^(?:` +
	`\d{1,3}[.．、]|` + // 1.  2、
	`[（(](?:[一二三四五六七八九十]{1,3}|\d{1,3})[）)]|` + // （一） (3)
	`[①-⑳]|` + // ①
	`[•●○■□☐◆◇▪※]|` + // bullets and check boxes
	`[-*](?:[ \t]|$)` + // "- " and "* " as typed in plain text
	`)[ \t\x{3000}]*`)

// splitLabel splits a line into its list label (with the spaces after it)
// and the rest. ok is false if the line is not a list item or the label
// is all there is.
func splitLabel(s string) (label, rest string, ok bool) {
	m := labelRE.FindString(s)
	if m == "" || len(m) == len(s) {
		return "", s, false
	}
	if r, _ := utf8.DecodeRuneInString(s[len(m):]); r >= '0' && r <= '9' && strings.TrimRight(m, " \t\u3000") == m {
		return "", s, false // 1.5, 2、3 …: a number, not a label
	}
	return m, s[len(m):], true
}

// labelWidth is a label's width in em: its characters, the spaces after it
// included.
func labelWidth(label string) float64 {
	w := 0.0
	for _, r := range label {
		w += runeWidth(r)
	}
	return w
}

// maxHang caps a list's label column, in em, so a long label cannot push
// the text off the page.
const maxHang = 6.0

// alignLists gives each run of consecutive list items one label column,
// the widest label's, so items 1 to 10 start their text at the same place.
func alignLists(blocks []block) {
	for i := 0; i < len(blocks); {
		if blocks[i].Label == "" {
			i++
			continue
		}
		j := i + 1
		for j < len(blocks) && blocks[j].Kind == blockPara && blocks[j].Label != "" && !blocks[j].Space {
			j++
		}
		w := 0.0
		for k := i; k < j; k++ {
			w = max(w, labelWidth(blocks[k].Label))
		}
		for k := i; k < j; k++ {
			blocks[k].Hang = min(w, maxHang)
		}
		i = j
	}
}
