package letter

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLongNameLeavesNoLoneCharacter: a company name too long for one line
// of the signature block wraps without leaving one character alone on its
// last line (the issue: "a long company name in the signature block never
// leaves one character on a line"), in the PDF and in the DOCX as
// LibreOffice lays it out. Names of 14 to 22 characters walk the break
// through every position.
func TestLongNameLeavesNoLoneCharacter(t *testing.T) {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	base := []rune("广东省深圳市南山区示例网络科技发展集团")
	var docx []string
	names := map[string]string{}
	for n := 14; n <= 22; n++ {
		name := string(base[:n-4]) + "有限公司"
		d := filled()
		d.Entity.Name = name
		pdf, _, err := RenderPDF(KindAgent, d)
		if err != nil {
			t.Fatal(err)
		}
		key := "n" + string(rune('a'+n-14))
		names[key] = name
		for _, l := range strings.Split(pdfText(t, pdf, "-layout"), "\n") {
			if l = strings.TrimSpace(l); utf8.RuneCountInString(l) == 1 && strings.Contains(name, l) {
				t.Errorf("PDF, %d-character name: a line holds only %q", n, l)
			}
		}
		b, _, err := RenderDOCX(KindAgent, d)
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, key+".docx")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		docx = append(docx, f)
	}
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("soffice not installed: the DOCX is not checked")
		return
	}
	lo := filepath.Join(dir, "lo")
	cmd := exec.Command("soffice", append([]string{"--headless", "--convert-to", "pdf", "--outdir", lo}, docx...)...)
	cmd.Env = lofonts(t, filepath.Join(dir, "fc"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for key, name := range names {
		for _, l := range strings.Split(pdfFileText(t, filepath.Join(lo, key+".pdf"), "-layout"), "\n") {
			if l = strings.TrimSpace(l); utf8.RuneCountInString(l) == 1 && strings.Contains(name, l) {
				t.Errorf("DOCX (LibreOffice), name %s: a line holds only %q", name, l)
			}
		}
	}
}
