package letter

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"beianledger/assets"
	"beianledger/ledger"
)

// sigLineRE matches a line of a signature block as pdftotext prints it.
var sigLineRE = regexp.MustCompile(`^(委托人|受托人|受托单位|经办人|法定代表人|经营者|申请人|申请单位|单位|说明人|核对人|编制人|日期)（?[^：]*）?：`)

// headingRE matches a section heading (一、委托人).
var headingRE = regexp.MustCompile(`^[一二三四五六七八九十]+、`)

// pageNumberRE matches the footer.
var pageNumberRE = regexp.MustCompile(`^第\d+页共\d+页$`)

// lofonts writes a fontconfig setup under dir in which LibreOffice finds
// the bundled font and takes it for 宋体/SimSun and 黑体/SimHei, the names
// the DOCX asks for: on a machine without Chinese fonts LibreOffice would
// otherwise measure Chinese text in a Latin font and break pages
// anywhere. It returns the environment for soffice.
func lofonts(t *testing.T, dir string) []string {
	t.Helper()
	fonts := filepath.Join(dir, "fonts")
	if err := os.MkdirAll(fonts, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fonts, assets.FontFile), assets.FontTTF, 0o644); err != nil {
		t.Fatal(err)
	}
	var alias strings.Builder
	for _, name := range []string{"宋体", "SimSun", "黑体", "SimHei"} {
		fmt.Fprintf(&alias, `<match target="pattern"><test name="family"><string>%s</string></test><edit name="family" mode="prepend" binding="strong"><string>%s</string></edit></match>`, name, assets.FontName)
	}
	conf := filepath.Join(dir, "fonts.conf")
	err := os.WriteFile(conf, []byte(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>`+fonts+`</dir><cachedir>`+filepath.Join(dir, "cache")+`</cachedir>`+alias.String()+`</fontconfig>`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+filepath.Join(dir, "home"))
}

// pdfPages is the number of pages pdfinfo reports.
func pdfPages(t *testing.T, file string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v\n%s", file, err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count\n%s", file, out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pageBreakFaults lists what is wrong at the page breaks of a PDF's text
// (pdftotext -layout, pages split by form feeds): a page that starts with
// a signature line (the block was split, or left alone on the page), or
// one whose last line is a section heading (parted from its text).
func pageBreakFaults(text string) []string {
	var faults []string
	for i, p := range strings.Split(strings.TrimRight(text, "\f"), "\f") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if l = squash(l); l != "" && !pageNumberRE.MatchString(l) {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		if i > 0 && sigLineRE.MatchString(lines[0]) {
			faults = append(faults, fmt.Sprintf("page %d starts with the signature block: %s", i+1, lines[0]))
		}
		if headingRE.MatchString(lines[len(lines)-1]) {
			faults = append(faults, fmt.Sprintf("page %d ends with the heading %s", i+1, lines[len(lines)-1]))
		}
	}
	return faults
}

// TestDOCXPagesMatchPDF: LibreOffice (headless) renders every kind of
// letter, for each kind of principal, from the DOCX in as many pages as
// the PDF has; in both, the signature block stays whole and with the
// paragraph before it (keep-with-next, keep-lines-together), and no page
// ends with a heading. A series of authorisations with one more 委托事项
// (three more each time) walks the signature block across the end of a
// page.
func TestDOCXPagesMatchPDF(t *testing.T) {
	needTool(t, "soffice")
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	dir := t.TempDir()
	if k := os.Getenv("LETTER_KEEP_DIR"); k != "" {
		dir = k // to look at the files afterwards
	}
	type tcase struct {
		name string
		kind string
		data Data
	}
	var cases []tcase
	principals := map[string]func(*Data){
		"company": func(*Data) {},
		"individual": func(d *Data) {
			d.Entity = ledger.Entity{Name: "李明", Kind: ledger.EntityIndividual, USCC: "110105199003071239", Address: "北京市朝阳区示例路2号"}
		},
		"sole": func(d *Data) {
			d.Entity = ledger.Entity{Name: "北京市朝阳区示例小吃店", Kind: ledger.EntitySoleTrader, USCC: "92110105MA01XK3P0B", LegalRep: "王强"}
		},
		"institution": func(d *Data) {
			d.Entity = ledger.Entity{Name: "深圳市示例研究院", Kind: ledger.EntityInstitution, USCC: "1244030045575890XR", LegalRep: "陈静"}
		},
		"agent-company": func(d *Data) {
			d.Agent = Party{Name: "北京示例代理服务有限公司", USCC: "91110105MA01XK3P6N", Handler: "赵敏", HandlerID: "44010619851231046X", Mobile: "13500135000"}
		},
	}
	for name, mod := range principals {
		for _, k := range Kinds() {
			d := filled()
			mod(&d)
			cases = append(cases, tcase{name + "-" + k.ID, k.ID, d})
		}
	}
	for n := 0; n <= 30; n += 3 {
		d := filled()
		d.Matters = DefaultMatters(KindAgent)
		for i := 0; i < n; i++ {
			d.Matters = append(d.Matters, fmt.Sprintf("代为领取第%d批备案相关的纸质通知和材料；", i+1))
		}
		cases = append(cases, tcase{fmt.Sprintf("matters-%d", len(d.Matters)), KindAgent, d})
	}

	var docx []string
	for _, c := range cases {
		pdf, _, err := RenderPDF(c.kind, c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		doc, _, err := RenderDOCX(c.kind, c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, c.name+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, c.name+".docx")
		if err := os.WriteFile(f, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		docx = append(docx, f)
	}
	lo := filepath.Join(dir, "lo")
	cmd := exec.Command("soffice", append([]string{"--headless", "--convert-to", "pdf", "--outdir", lo}, docx...)...)
	cmd.Env = lofonts(t, filepath.Join(dir, "fc"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pages := map[int]int{}
	for _, c := range cases {
		ours, theirs := filepath.Join(dir, c.name+".pdf"), filepath.Join(lo, c.name+".pdf")
		if _, err := os.Stat(theirs); err != nil {
			t.Errorf("%s: LibreOffice made no PDF", c.name)
			continue
		}
		np, nl := pdfPages(t, ours), pdfPages(t, theirs)
		pages[np]++
		if np != nl {
			t.Errorf("%s: the PDF has %d pages, LibreOffice renders the DOCX in %d", c.name, np, nl)
		}
		for format, f := range map[string]string{"PDF": ours, "DOCX (LibreOffice)": theirs} {
			for _, fault := range pageBreakFaults(pdfFileText(t, f, "-layout")) {
				t.Errorf("%s %s: %s", c.name, format, fault)
			}
		}
	}
	t.Logf("%d letters, by page count: %v", len(cases), pages)
}
