package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// validUSCC returns a USCC with a correct check character, and the same
// code with a wrong one.
func validUSCC(t *testing.T) (good, bad string) {
	t.Helper()
	first := "91110108MA01ABCD1"
	oc, err := ident.OrgCodeCheckChar("MA01ABCD")
	if err != nil {
		t.Fatal(err)
	}
	first = "91110108MA01ABCD" + string(oc)
	c, err := ident.USCCCheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	wrong := byte('0')
	if c == '0' {
		wrong = '1'
	}
	return first + string(c), first + string(wrong)
}

// messyWorkbook builds an XLSX the way people's 台账 look: a merged
// title row, a header with a duplicate column, an entity cell merged down
// over its sites, a blank row, formulas, and dates as serial numbers with
// date formats as well as text.
func messyWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	// A first worksheet that is not the 台账: its header lacks the
	// required columns, so the reader must go on to the next sheet.
	if err := f.SetSheetName("Sheet1", "说明"); err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("说明", "A1", "本表为备案台账，请勿修改表头。")
	f.SetSheetRow("说明", "A2", &[]any{"主体名称", "域名", "接入商"})
	f.SetSheetRow("说明", "A3", &[]any{"示例", "a.cn", "阿里云"})
	sh := "台账"
	if _, err := f.NewSheet(sh); err != nil {
		t.Fatal(err)
	}
	if l := f.GetSheetList(); len(l) != 2 || l[0] != "说明" {
		t.Fatal(l)
	}
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "2026 年备案台账")
	if err := f.MergeCell(sh, "A1", "H1"); err != nil {
		t.Fatal(err)
	}
	for i, h := range []string{"主体名称", "网站备案号", "网站名称", "首次备案日期", "上线日期", "备注", "轮换周期(月)", "备注", "机房"} {
		c, _ := excelize.CoordinatesToCellName(i+1, 2)
		set(c, h)
	}
	// Rows 3–5: one entity merged down over three sites.
	set("A3", "上海晨光示例网络科技有限公司")
	if err := f.MergeCell(sh, "A3", "A5"); err != nil {
		t.Fatal(err)
	}
	set("B3", "沪ICP备2022000002号-1")
	set("C3", "晨光示例官网")
	set("B4", "沪ICP备2022000002号-2")
	set("C4", "晨光示例商城")
	set("B5", "沪ICP备2022000002号-3A")
	set("C5", "晨光示例APP")
	// Dates: a serial with the built-in date format 14, one with the
	// custom Chinese format, and text forms.
	d14, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	cn := `yyyy"年"m"月"d"日"`
	dcn, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &cn})
	set("D3", time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC))
	f.SetCellStyle(sh, "D3", "D3", d14)
	set("D4", time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC))
	f.SetCellStyle(sh, "D4", "D4", dcn)
	set("D5", "2024年1月5日")
	set("E3", "2024/1/5")
	set("E4", "２０２４-０１-０５")
	set("E5", "2024.1.5")
	// A plain number in a date column without a date format.
	set("F3", "一号备注")
	set("H3", "二号备注")
	set("I3", "A 机房")
	// Rotation: a formula with a cached value, and one without.
	set("G3", 3)
	if err := f.SetCellFormula(sh, "G3", "1+2"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFormula(sh, "G4", "2*3"); err != nil {
		t.Fatal(err)
	}
	// Row 6 blank; row 7 another site.
	set("A7", "上海晨光示例网络科技有限公司")
	set("B7", "沪ICP备2022000002号-4")
	set("C7", "晨光示例博客")
	set("D7", 45296) // a number without a date format: read with a warning
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMessyWorkbook(t *testing.T) {
	data := messyWorkbook(t)
	st := newStore(t)
	s, p := plan(t, st, "台账.xlsx", data)
	for _, pr := range p.Problems {
		t.Logf("problem: %v", pr)
	}
	if s.HeaderLine != 2 || s.SheetName != "台账" {
		t.Errorf("header line %d in sheet %q", s.HeaderLine, s.SheetName)
	}
	if len(s.Rows) != 4 || s.Rows[3].Line != 7 {
		t.Fatalf("rows: %+v", s.Rows)
	}
	// Merged: the entity reaches rows 4 and 5.
	for _, r := range s.Rows[:3] {
		if r.Cells[ColEntity] != "上海晨光示例网络科技有限公司" {
			t.Errorf("line %d: entity %q", r.Line, r.Cells[ColEntity])
		}
	}
	wantDates := map[int][2]string{3: {"2024-01-05", "2024/1/5"}, 4: {"2023-12-31", "２０２４-０１-０５"}, 5: {"2024年1月5日", "2024.1.5"}}
	for _, r := range s.Rows[:3] {
		w := wantDates[r.Line]
		if r.Cells[ColFirstFiled] != w[0] || r.Cells[ColWentLive] != w[1] {
			t.Errorf("line %d: dates %q %q, want %q", r.Line, r.Cells[ColFirstFiled], r.Cells[ColWentLive], w)
		}
	}
	// Duplicate header: a warning naming both columns; the second 备注
	// and the unknown 机房 end up in the notes.
	if !hasProblem(s.Problems, 2, SeverityWarning, "duplicate column", "column F", "column H") {
		t.Errorf("no duplicate-column problem: %v", s.Problems)
	}
	// Formulas: the cached value is used; a formula without one is an
	// error in a known column.
	if s.Rows[0].Cells[ColRotationMonths] != "3" {
		t.Errorf("cached formula value %q", s.Rows[0].Cells[ColRotationMonths])
	}
	if !hasProblem(p.Problems, 4, SeverityError, "轮换周期(月)", "formula without a value", "G4") {
		t.Errorf("no formula problem: %v", p.Problems)
	}
	if !hasProblem(p.Problems, 7, SeverityWarning, "45296", "2024-01-05") {
		t.Errorf("no serial-number warning: %v", p.Problems)
	}
	if p.Summary().Errors != 1 {
		t.Errorf("summary %+v, want exactly the formula error", p.Summary())
	}
	// The plan is refused as a whole.
	if err := apply(st, p); !errors.Is(err, ErrRefused) {
		t.Fatalf("apply of a plan with errors: %v", err)
	}
	if n := countSites(t, st); n != 0 {
		t.Fatalf("%d sites written by a refused plan", n)
	}

	// Without the formula error the same sheet imports.
	s.Problems = slicesDelete(s.Problems, func(p Problem) bool { return strings.Contains(p.Message, "formula") })
	p2, err := Plan(s, st, today)
	if err != nil {
		t.Fatal(err)
	}
	if err := apply(st, p2); err != nil {
		t.Fatal(err)
	}
	site := must(st.FindSite("沪ICP备2022000002号-1"))(t)
	if site.FirstFiled != ledger.MustDate("2024-01-05") || site.WentLive != ledger.MustDate("2024-01-05") {
		t.Errorf("dates %v %v", site.FirstFiled, site.WentLive)
	}
	for _, l := range []string{"一号备注", "备注: 二号备注", "机房: A 机房"} {
		if !strings.Contains(site.Notes, l) {
			t.Errorf("notes %q lack %q", site.Notes, l)
		}
	}
	app := must(st.FindSite("沪ICP备2022000002号-3A"))(t)
	if app.Kind != ledger.SiteApp || app.EntityName != "上海晨光示例网络科技有限公司" {
		t.Errorf("app site %+v", app)
	}
	if n := len(must(st.Entities())(t)); n != 1 {
		t.Errorf("%d entities, want 1", n)
	}
}

func slicesDelete(ps []Problem, del func(Problem) bool) []Problem {
	var out []Problem
	for _, p := range ps {
		if !del(p) {
			out = append(out, p)
		}
	}
	return out
}

func TestImpossibleDateRefusesEverything(t *testing.T) {
	st := demoStore(t, 5)
	before := countSites(t, st)
	data := csvBytes(
		[]string{"网站备案号", "网站名称", "首次备案日期"},
		[]string{"京ICP备2023000009号-1", "好的网站", "2024-01-05"},
		[]string{"京ICP备2023000009号-2", "坏日期", "2023-02-29"},
	)
	_, p := plan(t, st, "d.csv", data)
	if !hasProblem(p.Problems, 3, SeverityError, "2023-02-29", "not a real calendar date") {
		t.Fatalf("problems %v", p.Problems)
	}
	err := apply(st, p)
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("apply: %v", err)
	}
	if after := countSites(t, st); after != before {
		t.Fatalf("sites %d → %d after a refused import", before, after)
	}
}

// failingWriter fails the nth credential write, to show that an Apply
// that fails part-way leaves nothing behind.
type failingWriter struct {
	ledger.Writer
	n int
}

func (f *failingWriter) PutCredential(c *ledger.Credential) error {
	if f.n--; f.n == 0 {
		return errors.New("disk full")
	}
	return f.Writer.PutCredential(c)
}

func TestApplyIsAllOrNothing(t *testing.T) {
	src := demoStore(t, 10)
	data := export(t, src, FormatCSV, true)
	st := newStore(t)
	_, p := plan(t, st, "x.csv", data)
	err := st.Write(func(w ledger.Writer) error { return p.Apply(&failingWriter{Writer: w, n: 5}) })
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("apply: %v", err)
	}
	if n := countSites(t, st); n != 0 {
		t.Fatalf("%d sites left by a failed import", n)
	}
	if n := len(must(st.Entities())(t)); n != 0 {
		t.Fatalf("%d entities left by a failed import", n)
	}
	// The plan's passwords are gone and it cannot be applied again.
	for _, c := range p.Credentials {
		if c.password != nil {
			t.Fatal("password kept after Apply")
		}
	}
	if err := apply(st, p); !errors.Is(err, ErrAlreadyApplied) {
		t.Errorf("second apply: %v", err)
	}
}

func TestRefusals(t *testing.T) {
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0x13, 0x37}, 200)...)
	var big strings.Builder
	big.WriteString("网站备案号,网站名称\n")
	for i := 0; i < 100001; i++ {
		fmt.Fprintf(&big, "京ICP备2023%06d号-1,站点%d\n", i%1000000, i)
	}
	docx := func() []byte { // a zip that is not a workbook
		f := excelize.NewFile()
		var b bytes.Buffer
		f.Write(&b)
		// Break the workbook part name.
		return bytes.ReplaceAll(b.Bytes(), []byte("xl/workbook.xml"), []byte("xl/workbook.xmx"))
	}()
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"picture.xlsx", pngBuf.Bytes(), "image/png"},
		{"corrupt.xlsx", corrupt, "not a valid XLSX"},
		{"broken.xlsx", docx, "not a valid XLSX"},
		{"old.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), ".xls"},
		{"missing.csv", []byte("主体名称,域名,接入商\n某公司,a.cn,阿里云\n"), "网站备案号"},
		{"noheader.csv", []byte("a,b,c\n1,2,3\n"), "no header row"},
		{"empty.csv", nil, "no header row"},
		{"big.csv", []byte(big.String()), "too many rows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := ReadFile(c.name, c.data)
			if err == nil {
				t.Fatalf("read %d rows, want an error", len(s.Rows))
			}
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want ErrRefused mentioning %q", err, c.want)
			}
		})
	}
	// Exactly 100,000 data rows are fine.
	lines := strings.SplitAfter(big.String(), "\n")
	s, err := ReadFile("max.csv", []byte(strings.Join(lines[:100001], "")))
	if err != nil || len(s.Rows) != 100000 {
		t.Fatalf("100,000 rows: %v", err)
	}
	// A missing required column in an XLSX.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"主体名称", "域名"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"某公司", "a.cn"})
	var b bytes.Buffer
	f.Write(&b)
	if _, err := ReadFile("m.xlsx", b.Bytes()); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "网站名称") {
		t.Errorf("xlsx without the required column: %v", err)
	}
}

func TestValidationProblems(t *testing.T) {
	good, bad := validUSCC(t)
	if r := ident.ParseUSCC(good); !r.Valid {
		t.Fatalf("test USCC %s invalid: %v", good, r.Problems)
	}
	long := strings.Repeat("长", maxCellChars+1)
	data := csvBytes(
		[]string{"主体名称", "统一社会信用代码", "网站备案号", "网站名称", "登录名", "轮换周期(月)", "主体负责人手机", "主体负责人", "备注", "网站类型"},
		[]string{"甲示例公司", bad, "京ICP备2023000010号-1", "甲网站", "a", "25", "12345", "张三", "", "网站"},
		[]string{"乙示例公司", good, "京ICP备2023000011号-1", "乙网站", "b", "abc", "13800138000", "李四", long, "网页游戏"},
		[]string{"乙示例公司", good, "京ICP备2023000011号-1", "乙网站改名", "c", "0", "", "", "", ""},
		[]string{"丙示例公司", "", "京ICP备2023000012号-1", "丙网站", "d", "6", "", "", "", ""},
	)
	st := newStore(t)
	s, p := plan(t, st, "v.csv", data)
	for _, pr := range p.Problems {
		t.Logf("problem: %v", pr)
	}
	checks := []struct {
		line  int
		sev   string
		words []string
	}{
		{2, SeverityWarning, []string{"统一社会信用代码", bad, "kept as typed"}},
		{2, SeverityError, []string{"轮换周期(月)", "outside 1–24"}},
		{2, SeverityWarning, []string{"主体负责人手机", "12345"}},
		{3, SeverityError, []string{"轮换周期(月)", "not a number"}},
		{3, SeverityError, []string{"备注", "longer than 10000"}},
		{3, SeverityWarning, []string{"网站类型", "网页游戏"}},
		{4, SeverityWarning, []string{"网站名称", "乙网站改名", "kept"}},
		{4, SeverityError, []string{"轮换周期(月)", "outside 1–24"}},
	}
	for _, c := range checks {
		if !hasProblem(p.Problems, c.line, c.sev, c.words...) {
			t.Errorf("no %s on line %d with %q", c.sev, c.line, c.words)
		}
	}
	if hasProblem(p.Problems, -1, SeverityWarning, good) {
		t.Error("the valid USCC got a warning")
	}
	if sum := p.Summary(); sum.Errors != 4 {
		t.Errorf("summary %+v", sum)
	}
	if err := apply(st, p); !errors.Is(err, ErrRefused) {
		t.Fatal("plan with errors applied")
	}
	// Without the error rows, the warnings alone do not stop the import,
	// and the invalid USCC is stored exactly as typed.
	s.Rows = s.Rows[:1]
	s.Rows[0].Cells[ColRotationMonths] = "3"
	s.Problems = nil
	p, err := Plan(s, st, today)
	if err != nil {
		t.Fatal(err)
	}
	if sum := p.Summary(); sum.Errors != 0 || sum.Warnings == 0 {
		t.Fatalf("summary %+v", sum)
	}
	if err := apply(st, p); err != nil {
		t.Fatal(err)
	}
	ents := must(st.Entities())(t)
	if len(ents) != 1 || ents[0].USCC != bad {
		t.Errorf("entities %+v, want USCC %q kept", ents, bad)
	}
}

func TestUpdateExisting(t *testing.T) {
	st := demoStore(t, 10)
	sites := must(st.Sites())(t)
	s0 := sites[0]
	nCreds := len(must(st.Credentials())(t))
	// A short sheet: the number in another spelling (full-width digits
	// and spaces), a new domain list, a new provider-console password
	// for the first credential, and an unknown column.
	creds := must(st.Credentials())(t)
	var c0 ledger.Credential
	for _, c := range creds {
		if c.SiteID == s0.ID && c.System == ledger.SystemProvider {
			c0 = c
		}
	}
	if c0.ID == "" {
		t.Fatal("demo site without a provider-console credential")
	}
	number := halfToFull(s0.Number)
	data := csvBytes(
		[]string{"网站备案号", "域名", "账号系统", "登录名", "密码", "账号网址", "合同编号"},
		[]string{number, "new-domain.cn", "接入商控制台", c0.Login, "N3w-Passw0rd", c0.URL, "HT-2026-001"},
	)
	_, p := plan(t, st, "u.csv", data)
	sum := p.Summary()
	if sum.Sites != 1 || sum.Credentials != 1 || sum.Entities != 0 || sum.Errors != 0 {
		t.Fatalf("summary %+v, problems %v", sum, p.Problems)
	}
	if p.Sites[0].New || p.Credentials[0].New || !p.Credentials[0].SetsPassword {
		t.Fatalf("plan creates instead of updating: site new=%v cred new=%v", p.Sites[0].New, p.Credentials[0].New)
	}
	if s := fmt.Sprintf("%v %#v %+v %v", p.Credentials[0], p.Credentials[0], *p.Credentials[0], p.Credentials); strings.Contains(s, "N3w-Passw0rd") ||
		strings.Contains(s, strings.Trim(fmt.Sprint([]byte("N3w-Passw0rd")), "[]")) {
		t.Errorf("fmt shows the password: %s", s)
	}
	if err := apply(st, p); err != nil {
		t.Fatal(err)
	}
	if n := countSites(t, st); n != 10 {
		t.Errorf("%d sites after an update, want 10", n)
	}
	if n := len(must(st.Credentials())(t)); n != nCreds {
		t.Errorf("%d credentials after an update, want %d", n, nCreds)
	}
	got := must(st.Site(s0.ID))(t)
	if len(got.Domains) != 1 || got.Domains[0] != "new-domain.cn" || got.Name != s0.Name || got.EntityID != s0.EntityID {
		t.Errorf("updated site %+v", got)
	}
	if !strings.Contains(got.Notes, "合同编号: HT-2026-001") {
		t.Errorf("notes %q", got.Notes)
	}
	if pw := must(st.Reveal("credential", c0.ID))(t); string(pw) != "N3w-Passw0rd" {
		t.Errorf("password %q", pw)
	}
	if h := must(st.SecretHistory(c0.ID))(t); len(h) != 1 {
		t.Errorf("history has %d entries, want the old password", len(h))
	}
	// The same sheet again: nothing to do.
	_, again := plan(t, st, "u.csv", data)
	if s := again.Summary(); s != (Summary{}) {
		t.Errorf("re-import plans %+v", s)
	}
}

func halfToFull(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r + 0xFEE0
		}
		return r
	}, s)
}
