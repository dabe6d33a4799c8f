package tabular

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func wideCSV(cols int, tail string) []byte {
	var b strings.Builder
	b.WriteString("网站备案号,网站名称")
	b.WriteString(strings.Repeat(",x", cols-2))
	b.WriteString("\n京ICP备2021012345号-1,官网")
	b.WriteString(strings.Repeat(",v", cols-2))
	b.WriteString(tail + "\n")
	return []byte(b.String())
}

// 100,000 columns took minutes (a scan per repeated header); the file is
// refused at once now, naming the row and the limit.
func TestCSVTooManyColumnsRefused(t *testing.T) {
	_, err := ReadFile("wide.csv", wideCSV(100000, ""))
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err = %v", err)
	}
	for _, w := range []string{"第 1 行", "100000 列", fmt.Sprint(maxColumns), "row 1 has 100000 columns"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message lacks %q: %v", w, err)
		}
	}
}

// At the limit, with repeated unknown headers, the sheet reads and plans;
// trailing blank cells (a spreadsheet's empty formatted columns) do not
// count.
func TestCSVAtColumnLimit(t *testing.T) {
	data := wideCSV(maxColumns, strings.Repeat(",", 5000))
	st := newStore(t)
	s, p := plan(t, st, "wide.csv", data)
	if len(s.Unknown) != maxColumns-2 || s.Unknown[len(s.Unknown)-1] != fmt.Sprintf("x (%d)", maxColumns-2) {
		t.Fatalf("unknown headers: %d, last %q", len(s.Unknown), s.Unknown[len(s.Unknown)-1])
	}
	if len(p.Sites) != 1 || strings.Count(p.Sites[0].notes[len(p.Sites[0].notes)-1], "v") != 1 || len(p.Sites[0].notes) != maxColumns-2 {
		t.Fatalf("site notes: %d lines", len(p.Sites[0].notes))
	}
}

func TestPasswordManagerCSVTooManyColumnsRefused(t *testing.T) {
	data := "title,username,password" + strings.Repeat(",x", 100000) + "\nt,u,p\n"
	_, err := ReadPasswordManagerCSV([]byte(data), FormatAuto)
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "100003 列") {
		t.Fatalf("err = %.200v", err)
	}
}
