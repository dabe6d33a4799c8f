package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"text/tabwriter"
	"unicode"
)

// TestTableIsTabwriterForASCII: on text of one-column characters the table
// writes byte for byte what tabwriter writes with the settings the
// commands used, blocks of lines with fewer cells included.
func TestTableIsTabwriterForASCII(t *testing.T) {
	inputs := []string{
		"",
		"a\tbb\tccc\n",
		"ID\tTYPE\tLABEL\n1\tpassphrase\tadmin *\n22\trecipient\tzhang (backup)\n",
		"x\ty\n\nlonger cell\tz\tw\nq\n1\t2\t3\t4\n",
		"no tabs at all\nsecond line",
		"a\t\tc\n\t\t\n",
	}
	for _, in := range inputs {
		var want, got bytes.Buffer
		tw := tabwriter.NewWriter(&want, 2, 4, 2, ' ', 0)
		fmt.Fprint(tw, in)
		tw.Flush()
		tb := newTable(&got)
		fmt.Fprint(tb, in)
		if err := tb.Flush(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("input %q:\ngot  %q\nwant %q", in, got.String(), want.String())
		}
	}
}

// TestTableLinesUpChinese: a column after Chinese text starts at the same
// terminal column on every line, which tabwriter's one-column-a-character
// count does not give.
func TestTableLinesUpChinese(t *testing.T) {
	in := "备案号 NUMBER\t名称 NAME\t主体 ENTITY\n京ICP备2021012345号-1\t示例官网\t北京示例科技有限公司\n" +
		"沪ICP备2023073254号-2\t知行云帆示例商城\tACME 上海\n已逾期 overdue\tx\ty\n到期待办 due\t全角ＡＢ\tz\n"
	var b bytes.Buffer
	tb := newTable(&b)
	fmt.Fprint(tb, in)
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	// The terminal column at which the third cell starts, counted here
	// without displayWidth: Han characters and full-width forms take two.
	start := func(line string, cell string) int {
		n := 0
		for _, r := range line[:strings.LastIndex(line, cell)] {
			if unicode.Is(unicode.Han, r) || (r >= 0xFF01 && r <= 0xFF60) {
				n += 2
			} else {
				n++
			}
		}
		return n
	}
	thirds := []string{"主体 ENTITY", "北京示例科技有限公司", "ACME 上海", "y", "z"}
	col := start(lines[0], thirds[0])
	for i, l := range lines {
		if got := start(l, thirds[i]); got != col {
			t.Errorf("line %d: third column at %d, want %d:\n%s", i, got, col, b.String())
		}
	}
	if w := displayWidth("京ICP备2021012345号-1"); w != 21 {
		t.Errorf("display width %d, want 21", w)
	}
	if w := displayWidth("e\u0301ＡＢ"); w != 5 {
		t.Errorf("display width of a combining mark and full-width letters: %d, want 5", w)
	}
}
