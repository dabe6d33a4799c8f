package letter

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestSplitLabel(t *testing.T) {
	for _, c := range []struct{ in, label string }{
		{"1. 代为办理", "1. "},
		{"12、代为办理", "12、"},
		{"（一）主体信息", "（一）"},
		{"(3) 第三项", "(3) "},
		{"① 第一", "① "},
		{"• 要点", "• "},
		{"□ 营业执照", "□ "},
		{"- item", "- "},
		{"1.5倍的时间", ""},
		{"2、3月之间", ""},
		{"2026年10月8日，负责人离职", ""},
		{"附件：1. 营业执照复印件", ""},
		{"-5度", ""},
		{"1.", ""}, // a label with no text is text
		{"　　本单位现委托", ""},
	} {
		label, rest, ok := splitLabel(c.in)
		if label != c.label || ok != (c.label != "") || label+rest != c.in {
			t.Errorf("splitLabel(%q) = %q, %q, %v; want label %q", c.in, label, rest, ok, c.label)
		}
	}
}

// TestHangingIndent: a long list item wraps with its second line under
// the text, not under the number, in the PDF and in the DOCX; the items
// of one list share a text column.
func TestHangingIndent(t *testing.T) {
	long := strings.Repeat("代为向接入商提交备案变更申请并接收审核结果和补正通知，", 4)
	src := "# 测试\n\n1. {{text .Facts}}\n2. 短的一项。\n10. 第十项。\n\n（一）{{text .Request}}\n"
	tp, err := Parse("hang", src)
	if err != nil {
		t.Fatal(err)
	}
	d := filled2(func(d *Data) { d.Facts, d.Request = long, long })

	dc, err := tp.build(d)
	if err != nil {
		t.Fatal(err)
	}
	var hangs []float64
	for _, b := range dc.Blocks {
		if b.Label != "" {
			hangs = append(hangs, b.Hang)
		}
	}
	if len(hangs) != 4 || hangs[0] != hangs[1] || hangs[1] != hangs[2] || hangs[0] != labelWidth("10. ") || hangs[3] != labelWidth("（一）") {
		t.Errorf("label columns %v: want one column for items 1–10 (%.2f em) and (一)'s own", hangs, labelWidth("10. "))
	}

	// PDF: the number at the margin, the text of both lines in the column.
	needTool(t, "pdftotext")
	pdf, _, err := tp.RenderPDF(d)
	if err != nil {
		t.Fatal(err)
	}
	num, text, next := firstItem(t, "PDF", pdfText(t, pdf, "-bbox"))
	if abs(num-margin) > 1 {
		t.Errorf("PDF: number at x %.1f, want the margin %.1f", num, margin)
	}
	col := margin + labelWidth("10. ")*bodySize
	if abs(text-col) > 1 || abs(next-col) > 1 {
		t.Errorf("PDF: item 1's lines start at x %.1f and %.1f, want the text column %.1f (the number is at %.1f)", text, next, col, num)
	}

	// DOCX: list paragraphs hang, with a tab from the label to the text.
	docx, _, err := tp.RenderDOCX(d)
	if err != nil {
		t.Fatal(err)
	}
	doc := docxPart(t, docx, "word/document.xml")
	hanging := regexp.MustCompile(`<w:ind w:left="(\d+)" w:hanging="(\d+)"/>`).FindAllStringSubmatch(doc, -1)
	if len(hanging) != 4 {
		t.Fatalf("%d paragraphs with w:hanging, want 4", len(hanging))
	}
	for _, h := range hanging {
		if h[1] != h[2] || h[1] == "0" {
			t.Errorf("w:left %s, w:hanging %s: the label should start at the margin", h[1], h[2])
		}
	}
	if !strings.Contains(doc, `<w:t xml:space="preserve">10.</w:t></w:r><w:r>`) || strings.Count(doc, `<w:tab/>`) != 4 {
		t.Error("labels are not followed by a tab to the text column")
	}

	// LibreOffice lays the DOCX out the same way.
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("soffice not installed: DOCX layout not checked")
		return
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "hang.docx")
	if err := os.WriteFile(f, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "--headless", "--convert-to", "pdf", "--outdir", dir, f)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	num, text, next = firstItem(t, "DOCX", pdfFileText(t, filepath.Join(dir, "hang.pdf"), "-bbox"))
	if abs(text-next) > 1 || next < num+5 {
		t.Errorf("DOCX in LibreOffice: number at x %.1f, item 1's lines at %.1f and %.1f: want both lines in one column right of the number", num, text, next)
	}
}

// firstItem finds list item "1." in pdftotext -bbox output: the x of the
// number, of the text beside it and of the item's second line.
func firstItem(t *testing.T, what, bbox string) (num, text, next float64) {
	t.Helper()
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>`)
	type word struct {
		x, y float64
		s    string
	}
	var words []word
	for _, m := range re.FindAllStringSubmatch(bbox, -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		words = append(words, word{x, y, m[3]})
	}
	i := slices.IndexFunc(words, func(w word) bool { return w.s == "1." })
	if i < 0 || i+2 >= len(words) {
		t.Fatalf("%s: no item 1. among the words %v", what, words)
	}
	n, beside := words[i], words[i+1]
	if abs(beside.y-n.y) > 1 {
		t.Fatalf("%s: nothing beside the number: %v", what, words[i:i+2])
	}
	for _, w := range words[i+1:] {
		if w.y > n.y+1 {
			if w.s == "2." {
				t.Fatalf("%s: item 1 did not wrap", what)
			}
			return n.x, beside.x, w.x
		}
	}
	t.Fatalf("%s: item 1 has no second line", what)
	return
}

// docxPart is one part of a DOCX package.
func docxPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			x, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(x)
		}
	}
	t.Fatalf("no %s in the DOCX", name)
	return ""
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
