package letter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"beianledger/ledger"
)

func filled() Data {
	site := ledger.SiteRow{
		Site: ledger.Site{Number: "京ICP备2021012345号-1", Name: "示例官网", Domains: []string{"example.cn", "www.example.cn"},
			PSBNumber: "京公网安备11010502000123号"},
		EntityName: "北京示例科技有限公司", ProviderName: "阿里云",
	}
	site2 := ledger.SiteRow{
		Site:       ledger.Site{Number: "京ICP备2021012345号-2", Name: "示例商城", Domains: []string{"shop.example.cn"}},
		EntityName: "北京示例科技有限公司", ProviderName: "阿里云",
	}
	return Data{
		Entity: ledger.Entity{Name: "北京示例科技有限公司", Kind: ledger.EntityCompany, USCC: "91110105MA01XK3P6N",
			LegalRep: "张伟", Address: "北京市朝阳区示例路1号院2号楼3层301", Province: "京", FilingNumber: "京ICP备2021012345号"},
		Site:  site,
		Sites: []ledger.SiteRow{site, site2},
		Contacts: []ledger.Contact{
			{Name: "张伟", Role: ledger.RoleEntityOwner, Mobile: "13800138000", Email: "zhangwei@example.cn"},
			{Name: "李娜", Role: ledger.RoleSiteOwner, Mobile: "13900139000", Email: "lina@example.cn"},
			{Name: "王芳", Role: ledger.RoleBackup, Mobile: "13700137000"},
			{Name: "赵强", Role: ledger.RoleSiteOwner, Mobile: "13600136000", End: ledger.MustDate("2025-06-30")},
		},
		Provider:        ledger.Provider{Name: "阿里云", ConsoleURL: "https://beian.aliyun.com", Hotline: "95187"},
		Agent:           Party{Name: "王芳", IDNumber: "110105199003071239", Employer: "北京示例科技有限公司", Position: "运维主管", Mobile: "13700137000"},
		LegalRepID:      "11010519491231002X",
		Facts:           "2026年10月8日，原网站负责人赵强离职，其登记手机号13600136000已停机，无法接收12381核验短信。\n本单位已指定李娜为新的网站负责人。",
		Request:         "申请将网站负责人变更为李娜，并更新联系方式。",
		Date:            ledger.MustDate("2026-11-24"),
		VaultPath:       `D:\备案\beian.vault`,
		RecoveryKeyHint: "打印件在财务室保险柜第二格",
		Scenario:        ScenarioLeft,
	}
}

func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed", name)
	}
	return p
}

func pdfText(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	needTool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return pdfFileText(t, f, args...)
}

func pdfFileText(t testing.TB, file string, args ...string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", append(append(args, file), "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// squash removes the spaces pdftotext -layout may put inside a line.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

var wantFilled = []string{"北京示例科技有限公司", "91110105MA01XK3P6N", "京ICP备2021012345号-1", "2026年11月24日"}

func TestRenderAllKindsPDFAndDOCX(t *testing.T) {
	dir := t.TempDir()
	var docxFiles []string
	for _, k := range Kinds() {
		pdf, missing, err := RenderPDF(k.ID, filled())
		if err != nil {
			t.Fatalf("%s: %v", k.ID, err)
		}
		if len(pdf) > 1<<20 {
			t.Errorf("%s: PDF is %d bytes, want ≤ 1 MB", k.ID, len(pdf))
		}
		for _, m := range missing {
			if strings.HasPrefix(m, "字体缺字") {
				t.Errorf("%s: unexpected missing glyph %s", k.ID, m)
			}
		}
		if _, err := exec.LookPath("pdftotext"); err == nil {
			txt := squash(pdfText(t, pdf, "-layout"))
			for _, w := range wantFilled {
				if !strings.Contains(txt, w) {
					t.Errorf("%s PDF: %q not found", k.ID, w)
				}
			}
			if !strings.Contains(txt, "第1页共") {
				t.Errorf("%s PDF: no page number", k.ID)
			}
			f := filepath.Join(dir, k.ID+".pdf")
			os.WriteFile(f, pdf, 0o644)
			if _, err := exec.LookPath("pdffonts"); err == nil {
				out, _ := exec.Command("pdffonts", f).CombinedOutput()
				if !regexp.MustCompile(`[A-Z]{6}\+WenQuanYi`).Match(out) || !regexp.MustCompile(`(?m)CID TrueType\s+Identity-H\s+yes\s+yes`).Match(out) {
					t.Errorf("%s: font not embedded and subset:\n%s", k.ID, out)
				}
			}
			if png := os.Getenv("LETTER_PNG_DIR"); png != "" {
				if _, err := exec.LookPath("pdftoppm"); err == nil {
					os.MkdirAll(png, 0o755)
					if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", f, filepath.Join(png, k.ID)).CombinedOutput(); err != nil {
						t.Errorf("pdftoppm: %v %s", err, out)
					}
				}
			}
		}
		docx, missing2, err := RenderDOCX(k.ID, filled())
		if err != nil {
			t.Fatalf("%s docx: %v", k.ID, err)
		}
		if strings.Join(missing, "|") != strings.Join(missing2, "|") {
			t.Errorf("%s: PDF and DOCX disagree on missing: %v vs %v", k.ID, missing, missing2)
		}
		checkDOCXParts(t, k.ID, docx)
		f := filepath.Join(dir, k.ID+".docx")
		if err := os.WriteFile(f, docx, 0o644); err != nil {
			t.Fatal(err)
		}
		docxFiles = append(docxFiles, f)
	}

	// LibreOffice opens every DOCX and the text survives (one soffice run).
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("soffice not installed: DOCX conversion skipped")
		return
	}
	needTool(t, "pdftotext")
	out := filepath.Join(dir, "lo")
	cmd := exec.Command("soffice", append([]string{"--headless", "--convert-to", "pdf", "--outdir", out}, docxFiles...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	for _, k := range Kinds() {
		f := filepath.Join(out, k.ID+".pdf")
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s: LibreOffice produced no PDF", k.ID)
			continue
		}
		txt := squash(pdfFileText(t, f, "-layout"))
		for _, w := range wantFilled {
			if !strings.Contains(txt, w) {
				t.Errorf("%s DOCX→PDF: %q not found", k.ID, w)
			}
		}
	}
}

// checkDOCXParts opens the package and checks the parts Word needs.
func checkDOCXParts(t *testing.T, kind string, b []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: not a zip: %v", kind, err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(data)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			dec := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s %s: bad XML: %v", kind, f.Name, err)
				}
			}
		}
	}
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml", "word/fontTable.xml", "docProps/core.xml", "docProps/app.xml"} {
		if _, ok := parts[p]; !ok {
			t.Errorf("%s: part %s missing", kind, p)
		}
	}
	// Body text is 宋体 (SimSun) 12 pt: the default and every run name an
	// East Asian font, and the font table says 宋体 is SimSun (GB2312).
	if st := parts["word/styles.xml"]; !strings.Contains(st, `w:eastAsia="宋体"`) || !strings.Contains(st, `<w:sz w:val="24"/>`) {
		t.Errorf("%s: the default run is not 宋体 12 pt: %s", kind, st)
	}
	for _, w := range []string{`<w:font w:name="宋体"><w:altName w:val="SimSun"/>`, `<w:charset w:val="86"/>`, `<w:font w:name="黑体"><w:altName w:val="SimHei"/>`} {
		if !strings.Contains(parts["word/fontTable.xml"], w) {
			t.Errorf("%s: fontTable.xml lacks %s", kind, w)
		}
	}
	if !strings.Contains(parts["word/_rels/document.xml.rels"], `Target="fontTable.xml"`) || !strings.Contains(parts["[Content_Types].xml"], `/word/fontTable.xml`) {
		t.Errorf("%s: fontTable.xml is not linked", kind)
	}
	for _, rf := range regexp.MustCompile(`<w:rFonts [^>]*>`).FindAllString(parts["word/document.xml"], -1) {
		if !strings.Contains(rf, `w:eastAsia="宋体"`) && !strings.Contains(rf, `w:eastAsia="黑体"`) {
			t.Errorf("%s: a run without an East Asian font: %s", kind, rf)
			break
		}
	}
	d := parts["word/document.xml"]
	for _, w := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:left="1417"`, `<w:keepNext/>`, `w:eastAsia="宋体"`, `w:eastAsia="黑体"`, `<w:tbl>`, `<w:tblBorders>`, `<w:jc w:val="center"/>`} {
		if !strings.Contains(d, w) {
			t.Errorf("%s: document.xml lacks %s", kind, w)
		}
	}
}

func TestEmptyDataLeavesGaps(t *testing.T) {
	for _, k := range Kinds() {
		d := Data{Date: ledger.MustDate("2026-01-05")}
		pdf, missing, err := RenderPDF(k.ID, d)
		if err != nil {
			t.Fatalf("%s: %v", k.ID, err)
		}
		joined := strings.Join(missing, "\n")
		if !strings.Contains(joined, "主体名称 Entity name") {
			t.Errorf("%s: Missing %v lacks 主体名称", k.ID, missing)
		}
		for _, m := range missing {
			if strings.Contains(m, "日期") {
				t.Errorf("%s: the date was given but is reported missing", k.ID)
			}
		}
		// Gaps are drawn as underlines.
		dc, err := mustBuiltin(t, k.ID).build(d)
		if err != nil {
			t.Fatal(err)
		}
		gaps := 0
		for _, p := range layoutPDF(dc).pages {
			for _, o := range p {
				if o.gap {
					gaps++
					if o.x2-o.x < 20 {
						t.Errorf("%s: gap underline only %.1f pt wide", k.ID, o.x2-o.x)
					}
				}
			}
		}
		if gaps < len(missing) {
			t.Errorf("%s: %d underlines for %d missing fields", k.ID, gaps, len(missing))
		}
		if _, err := exec.LookPath("pdftotext"); err == nil {
			txt := pdfText(t, pdf, "-layout")
			for _, leak := range []string{"<no value>", "{{", "}}", "\uE000", "\uE002"} {
				if strings.Contains(txt, leak) {
					t.Errorf("%s: %q leaked into the PDF", k.ID, leak)
				}
			}
			if !strings.Contains(squash(txt), "2026年1月5日") || strings.Contains(squash(txt), "2026年01月05日") {
				t.Errorf("%s: date not written as 2026年1月5日 (no leading zeros)", k.ID)
			}
		}
		_, dm, err := RenderDOCX(k.ID, d)
		if err != nil || len(dm) == 0 {
			t.Errorf("%s DOCX: err %v, missing %v", k.ID, err, dm)
		}
	}
	// DOCX gaps are underlined runs.
	b, _, _ := RenderDOCX(KindAgent, Data{Date: ledger.MustDate("2026-01-05")})
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			if !bytes.Contains(data, []byte(`<w:u w:val="single"/>`)) {
				t.Error("DOCX gaps are not underlined")
			}
		}
	}
}

func mustBuiltin(t testing.TB, kind string) *Template {
	t.Helper()
	tp, err := builtin(kind)
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func TestRequiresDate(t *testing.T) {
	if _, _, err := RenderPDF(KindAgent, filled2(func(d *Data) { d.Date = ledger.Date{} })); err == nil {
		t.Error("no error without a letter date")
	}
	if _, _, err := RenderPDF("no-such-kind", filled()); err == nil {
		t.Error("no error for an unknown kind")
	}
}

func filled2(f func(*Data)) Data {
	d := filled()
	f(&d)
	return d
}

var bboxRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)

func TestLongNameAndAddressWrap(t *testing.T) {
	needTool(t, "pdftotext")
	long := strings.Repeat("北京超长名称示例科技发展有限责任公司", 16)[:0]
	for len([]rune(long)) < 300 {
		long += "北京超长名称示例科技发展有限责任公司"
	}
	long = string([]rune(long)[:300])
	addr := strings.Repeat("北京市朝阳区建国路88号SOHO现代城A座1001室，", 12)
	addr = string([]rune(addr)[:300])
	for _, k := range Kinds() {
		d := filled2(func(d *Data) {
			d.Entity.Name = long
			d.Entity.Address = addr
			d.Sites[0].Domains = []string{"a-very-long-subdomain-name-for-testing-overflow.example-with-a-long-registrable-domain.cn"}
		})
		pdf, _, err := RenderPDF(k.ID, d)
		if err != nil {
			t.Fatal(err)
		}
		out := pdfText(t, pdf, "-bbox")
		n := 0
		for _, m := range bboxRE.FindAllStringSubmatch(out, -1) {
			n++
			xMin, _ := strconv.ParseFloat(m[1], 64)
			xMax, _ := strconv.ParseFloat(m[3], 64)
			yMax, _ := strconv.ParseFloat(m[4], 64)
			if xMax > pageW-margin+1 || xMin < margin-1 || yMax > pageH {
				t.Errorf("%s: word at x %.1f–%.1f, y≤%.1f leaves the text area (%.1f–%.1f)", k.ID, xMin, xMax, yMax, margin, pageW-margin)
			}
		}
		if n == 0 {
			t.Fatalf("%s: pdftotext -bbox found no words", k.ID)
		}
		if k.ID != KindChecklist && !strings.Contains(squash(pdfText(t, pdf)), squash(long[:30])) {
			t.Errorf("%s: long name not found", k.ID)
		}
	}
}

func TestMissingGlyphIsVisible(t *testing.T) {
	const rare = '𪛖' // U+2A6D6, CJK Extension B
	if HasGlyph(rare) {
		t.Fatalf("%c is in the font: pick another test character", rare)
	}
	if !HasGlyph('堃') || !HasGlyph(missingGlyph) {
		t.Fatal("the font lacks 堃 or □")
	}
	d := filled2(func(d *Data) { d.Entity.Name = "北京" + string(rare) + "科技有限公司" })
	pdf, missing, err := RenderPDF(KindAgent, d)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range missing {
		if strings.HasPrefix(m, "字体缺字: "+string(rare)) {
			found = true
		}
	}
	if !found {
		t.Errorf("Missing %v does not report %c", missing, rare)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt := squash(pdfText(t, pdf, "-layout"))
		if !strings.Contains(txt, "北京□科技有限公司") {
			t.Errorf("%c is not shown as □", rare)
		}
	}
}

func TestKinsoku(t *testing.T) {
	w := runeWidth('一') * bodySize
	// Five characters fit; the sixth is a comma, which must not start a line.
	lines := wrapText("一二三四五，六七八九十。", bodySize, 5*w)
	if len(lines) < 2 || strings.HasPrefix(lines[1], "，") {
		t.Fatalf("comma starts a line: %q", lines)
	}
	if lines[0] != "一二三四" || lines[1] != "五，六七八" {
		t.Errorf("lines = %q, want the 五 carried down with its comma", lines)
	}
	// An opening bracket must not end a line.
	lines = wrapText("一二三四（五六七）", bodySize, 5*w)
	if strings.HasSuffix(lines[0], "（") {
		t.Errorf("opening bracket ends a line: %q", lines)
	}

	// Property: over many widths, no rule is broken and nothing is lost.
	text := "本单位现委托上述受托人，以本单位名义办理以下事项：向接入商找回或重置控制台账号；接收12381短信核验（须24小时内完成）！是否可以？「可以」。『好』、示例ABC def, ghi；“引号”……结束。"
	// (From 6 characters: 『好』、 alone needs 4, so narrower lines cannot
	// obey both rules.)
	for width := 6 * w; width < 30*w; width += 0.7 {
		lines := wrapText(text, bodySize, width)
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("width %.1f: text changed:\n%q\n%q", width, got, text)
		}
		for i, l := range lines {
			if lw := lineWidth(tokenize(line{{Text: l}}, bodySize, width)); lw > width+0.01 {
				t.Errorf("width %.1f: line %q is %.1f wide", width, l, lw)
			}
			r := []rune(l)
			if len(r) == 0 {
				continue
			}
			if i > 0 && strings.ContainsRune("。，、；：？！）」』", r[0]) {
				t.Errorf("width %.1f: line %d starts with %c: %q", width, i, r[0], lines)
			}
			if i < len(lines)-1 && strings.ContainsRune("（「『", r[len(r)-1]) {
				t.Errorf("width %.1f: line %d ends with %c: %q", width, i, r[len(r)-1], lines)
			}
		}
	}
}

func TestFilingNumbersStayWhole(t *testing.T) {
	w := runeWidth('一') * bodySize
	lines := wrapText("备案号为京ICP备2021012345号-1的网站", bodySize, 12*w)
	if !strings.Contains(strings.Join(lines, "\n"), "京ICP备2021012345号-1") {
		t.Errorf("filing number split: %q", lines)
	}
}

func TestBrokenTemplateNamesTheLine(t *testing.T) {
	_, err := Parse("我的授权书", "# 标题\n\n正文\n{{if .Entity.Name}}\n没有结束\n")
	if err == nil {
		t.Fatal("no error for an unclosed if")
	}
	if !strings.Contains(err.Error(), "我的授权书") || !regexp.MustCompile(`:\d+:`).MatchString(err.Error()) {
		t.Errorf("error %q does not name the template and line", err)
	}
	_, err = Parse("mine", "line one\nline two {{blank \"x\" .Entity.Nmae}}\n")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	tp, _ := Parse("mine", "line one\nline two {{.Entity.Nmae}}\n")
	if _, _, err := tp.RenderPDF(filled()); err == nil || !strings.Contains(err.Error(), "mine:2") {
		t.Errorf("execution error %v does not name line 2", err)
	}
}

func TestUserTemplateMarkup(t *testing.T) {
	src := "# 我的标题\n\n## 小节\n| 名称 | {{blank \"主体名称 Entity name\" .EntityName}} |\n| 号码 | {{blank \"网站备案号 Site filing number\" .Site.Number}} |\n\n正文 {{text .Facts}} 结束\n\n>> 盖章：{{blank}}\n>>\n>> 日期：{{blank \"日期 Date\" .Date}}\n"
	tp, err := Parse("mine", src)
	if err != nil {
		t.Fatal(err)
	}
	d := filled2(func(d *Data) { d.Facts = "| 不是表格 |\n# 不是标题" })
	dc, err := tp.build(d)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []blockKind
	for _, b := range dc.Blocks {
		kinds = append(kinds, b.Kind)
	}
	want := []blockKind{blockTitle, blockHeading, blockTable, blockPara, blockSign}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Fatalf("blocks %v, want %v", kinds, want)
	}
	if dc.Title != "我的标题" || len(dc.Blocks[2].Rows) != 2 || len(dc.Blocks[4].Lines) != 3 {
		t.Errorf("title %q, rows %d, sign lines %d", dc.Title, len(dc.Blocks[2].Rows), len(dc.Blocks[4].Lines))
	}
	if p := plain(dc.Blocks[3].Line); p != "正文 | 不是表格 |\n# 不是标题 结束" {
		t.Errorf("data was read as markup: %q", p)
	}
	if len(dc.Missing) != 0 {
		t.Errorf("missing %v", dc.Missing)
	}
	for _, k := range Kinds() {
		src, ok := Builtin(k.ID)
		if !ok || !strings.Contains(src, "# ") {
			t.Errorf("Builtin(%s) = %v", k.ID, ok)
		}
		if _, err := Parse("copy-of-"+k.ID, src); err != nil {
			t.Errorf("built-in %s does not parse as a user template: %v", k.ID, err)
		}
	}
	if _, ok := Builtin("nope"); ok {
		t.Error("Builtin(nope) ok")
	}
}

func TestSituationStatementAddressee(t *testing.T) {
	d := filled2(func(d *Data) {
		d.Site.Number, d.Site.Province = "鄂ICP备2020001234号-3", ""
		d.Sites = nil
		d.Entity.Province, d.Entity.FilingNumber = "", ""
	})
	dc, err := mustBuiltin(t, KindSituation).build(d)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, b := range dc.Blocks {
		all = append(all, plain(b.Line))
		for _, r := range b.Rows {
			for _, c := range r {
				all = append(all, plain(c))
			}
		}
	}
	txt := strings.Join(all, "\n")
	for _, w := range []string{"致：湖北省通信管理局", "鄂ICP备2020001234号"} {
		if !strings.Contains(txt, w) {
			t.Errorf("%q not in the statement:\n%s", w, txt)
		}
	}
}

func TestFormatDate(t *testing.T) {
	if got := FormatDate(ledger.MustDate("2026-01-05")); got != "2026年1月5日" {
		t.Errorf("FormatDate = %q", got)
	}
	if FormatDate(ledger.Date{}) != "" {
		t.Error("zero date not empty")
	}
}

func TestGuide(t *testing.T) {
	g := Guide()
	want := []string{ScenarioReachable, ScenarioAccountLost, ScenarioLeft, ScenarioSMSTimeout, ScenarioRenamed, ScenarioEntity,
		ScenarioLegalRep, ScenarioNewProvider, ScenarioAccessLost, ScenarioCancel, ScenarioMovedProvince, ScenarioProvince,
		ScenarioRegistrarMoved, ScenarioLegacy}
	if len(g) != len(want) {
		t.Fatalf("%d scenarios, want %d", len(g), len(want))
	}
	all := ""
	for i, s := range g {
		if s.ID != want[i] {
			t.Errorf("scenario %d = %s, want %s", i, s.ID, want[i])
		}
		if len(s.StepsZH) == 0 || len(s.StepsZH) != len(s.StepsEN) || len(s.Certainty) != len(s.StepsZH) {
			t.Errorf("%s: %d ZH, %d EN steps, %d certainties", s.ID, len(s.StepsZH), len(s.StepsEN), len(s.Certainty))
		}
		for j, c := range s.Certainty {
			if c != Rule && c != Practice && c != Provider {
				t.Errorf("%s: certainty %q", s.ID, c)
			}
			// A provider's practice names the provider, or says the
			// provider decides.
			if c == Provider && j < len(s.StepsZH) && !strings.Contains(s.StepsZH[j], "腾讯云") && !strings.Contains(s.StepsZH[j], "接入商") {
				t.Errorf("%s step %d is provider practice but names no provider: %q", s.ID, j+1, s.StepsZH[j])
			}
		}
		if len(s.Checklist) == 0 || len(s.Letters) == 0 || s.TitleZH == "" || s.TitleEN == "" {
			t.Errorf("%s: empty checklist, letters or title", s.ID)
		}
		if len(s.ChecklistEN) != len(s.Checklist) {
			t.Errorf("%s: %d checklist items in Chinese, %d in English", s.ID, len(s.Checklist), len(s.ChecklistEN))
		}
		for j, item := range s.ChecklistEN {
			if strings.TrimSpace(item) == "" || regexp.MustCompile(`\p{Han}`).MatchString(item) {
				t.Errorf("%s: English checklist item %d is %q (empty or not English)", s.ID, j+1, item)
			}
		}
		for _, l := range s.Letters {
			if _, ok := Builtin(l); !ok {
				t.Errorf("%s: unknown letter %s", s.ID, l)
			}
		}
		// The photo check is the provider's, never an official rule.
		for j, st := range s.StepsZH {
			if strings.Contains(st, "拍照") && (s.Certainty[j] == Rule || !strings.Contains(st, "以接入商为准")) {
				t.Errorf("%s step %d: %q labelled %s", s.ID, j+1, st, s.Certainty[j])
			}
		}
		all += strings.Join(s.StepsZH, "") + strings.Join(s.StepsEN, "")
	}
	for _, w := range []string{"2020年8月17日", "12381", "24小时", "后6位", "17 Aug 2020", "24 hours", "last 6 digits"} {
		if !strings.Contains(all+GuideStartZH+GuideStartEN, w) {
			t.Errorf("guide never says %q", w)
		}
	}
	if !strings.Contains(GuideStartZH, "手机") || !strings.Contains(GuideStartEN, "mobile") {
		t.Error("the guide does not start from the responsible person's phone")
	}
}

// TestGuideScenariosSayWhatTheSourcesSay walks every scenario and holds it
// to domain.md §7: what each must say, and what it must not.
func TestGuideScenariosSayWhatTheSourcesSay(t *testing.T) {
	tests := []struct {
		id      string
		has     []string // in the Chinese steps
		hasNot  []string
		letters []string
	}{
		{ScenarioReachable, []string{"12381", "24小时", "拍照、人脸或视频核验（以接入商为准）", "腾讯云的说明"}, []string{"找回备案密码的做法"}, []string{KindChecklist}},
		{ScenarioAccountLost, []string{"账号ID、UID或登录名", "95716"}, nil, []string{KindRecovery, KindAgent}},
		// 33号令 Art. 14: 30 days ahead; a person already gone: at once.
		{ScenarioLeft, []string{"提前30日", "人已离职的，尽快办理"}, []string{"为网站负责人拍照"}, []string{KindSituation}},
		// Tencent Cloud 短信核验.md: a timed-out check returns the application.
		{ScenarioSMSTimeout, []string{"退回", "重新提交"}, nil, nil},
		// Tencent Cloud 变更信息.md: same USCC → 变更备案, the number is kept.
		// The old "主体变更" scenario told a renamed company to file anew.
		{ScenarioRenamed, []string{"变更备案", "备案号保留", "网站在审核期间照常开放", "不要注销后重新备案"}, []string{"新主体以自己的名义新办备案"}, []string{KindAgent}},
		{ScenarioEntity, []string{"新办备案", "网站必须关闭", "无法恢复", "公安备案"}, []string{"备案号保留"}, []string{KindCancellation}},
		{ScenarioLegalRep, []string{"法定代表人", "备案号保留", "提前30日"}, nil, nil},
		// Tencent Cloud 接入备案: the number is kept; no changes meanwhile.
		{ScenarioNewProvider, []string{"接入备案", "备案号保留", "不能同时变更", "空壳"}, nil, nil},
		{ScenarioAccessLost, []string{"beian.miit.gov.cn", "空壳", "无法恢复", "重新备案", "网站底部", "公安备案"}, nil, []string{KindSituation}},
		// Tencent Cloud 注销备案.md: account ID, licence, IDs, sealed request.
		{ScenarioCancel, []string{"注销主体", "注销网站", "取消接入", "手机已无法使用", "接入商账号ID", "注销申请"}, nil, []string{KindCancellation}},
		{ScenarioMovedProvince, []string{"不能跨省", "重新备案", "网站必须关闭"}, nil, []string{KindCancellation}},
		// The 陕西/湖北 offline paths were for the filing password, before 2020.
		{ScenarioProvince, []string{"通过接入商", "2020年以前"}, nil, []string{KindSituation}},
		// Tencent Cloud 域名过户: same registrant, real-name verified → no change.
		{ScenarioRegistrarMoved, []string{"备案不用变更", "实名认证"}, nil, nil},
		{ScenarioLegacy, []string{"2020年8月17日"}, nil, []string{KindRecovery}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			sc := scenario(tt.id)
			if sc == nil {
				t.Fatalf("no scenario %s", tt.id)
			}
			seen[tt.id] = true
			text := strings.Join(sc.StepsZH, "\n")
			for _, w := range tt.has {
				if !strings.Contains(text, w) {
					t.Errorf("does not say %q:\n%s", w, text)
				}
			}
			for _, w := range tt.hasNot {
				if strings.Contains(text, w) {
					t.Errorf("says %q:\n%s", w, text)
				}
			}
			for _, l := range tt.letters {
				if !slicesContains(sc.Letters, l) {
					t.Errorf("letters %v lack %s", sc.Letters, l)
				}
			}
			// The printed checklist labels every step and does not list
			// itself among the letters to prepare.
			d := filled()
			d.Scenario = tt.id
			txt, _, err := PreviewText(KindChecklist, d)
			if err != nil {
				t.Fatal(err)
			}
			for i := range sc.StepsZH {
				if want := fmt.Sprintf("%d. 【%s】", i+1, CertaintyZH(sc.Certainty[i])); !strings.Contains(txt, want) {
					t.Errorf("checklist lacks %q", want)
				}
			}
			if strings.Contains(txt, "《材料清单》") {
				t.Errorf("the checklist lists itself:\n%s", txt)
			}
		})
	}
	for _, s := range Guide() {
		if !seen[s.ID] {
			t.Errorf("scenario %s is not walked", s.ID)
		}
	}
}

func slicesContains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestEmergencyKitNoBlankCheque: the kit must not advise keeping a signed,
// sealed authorisation with a blank agent and an open term.
func TestEmergencyKitNoBlankCheque(t *testing.T) {
	txt, _, err := PreviewText(KindKit, filled())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(txt, "预签的") || !strings.Contains(txt, "写明受托人和委托期限后再签章") || !strings.Contains(txt, "未签章") {
		t.Errorf("kit:\n%s", txt)
	}
}

func BenchmarkRenderPDF(b *testing.B) {
	d := filled()
	for b.Loop() {
		if _, _, err := RenderPDF(KindRecovery, d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderDOCX(b *testing.B) {
	d := filled()
	for b.Loop() {
		if _, _, err := RenderDOCX(KindRecovery, d); err != nil {
			b.Fatal(err)
		}
	}
}
