package gui

import (
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/app/i18n"
)

// englishWords matches two or more English words in a row.
var englishWords = regexp.MustCompile(`[A-Za-z]{2,}(?:[ \t]+[A-Za-z']{2,})+`)

// englishSentence finds English prose in s: two or more English words in a
// row ("is in the future", "Legal representative ID"). A value quoted from
// the file (a domain, "abc") or a name such as Excel is one word and passes.
func englishSentence(s string) string {
	return englishWords.FindString(s)
}

func TestEnglishSentence(t *testing.T) {
	for s, want := range map[string]string{
		"错误 · 第 3 行 · 首次备案日期：“2023-02-29”不是有效日期（请写作 2024-01-05 或 2024年1月5日）": "",
		"提醒 · 第 2 行 · 域名：good.example.cn 与第 1 行不同":                           "",
		"提醒 · 第 2 行：\"x\" is in the future":                                  "is in the future",
		"法定代表人身份证号 Legal representative ID":                                  "Legal representative ID",
	} {
		if got := englishSentence(s); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}

// A sheet with many kinds of problem, previewed in the Chinese UI: every
// line the preview lists, and every text it shows, is Chinese (issue 19,
// items 3 and 4). On the old code the problems came in the importer's
// English ("2023-02-29" is not a real calendar date …).
const sheetMessy = "网站备案号,网站名称,主体名称,统一社会信用代码,主体备案号,首次备案日期,上线日期,网站类型,网站状态,主体类型,负责人手机,账号系统,登录名,轮换周期(月),账号归属,网站名称,\n" +
	"京ICP备2023000009号-1,好的网站,北京示例科技有限公司,91110105MA01XK3P60,京ICP备2023000009号,2023-02-29,2099-01-01,博客,停用,合伙,1380013800,某某后台,admin,99,部门,重名,多出来的值\n" +
	"京ICP备2023000009号-1,另一个名字,北京示例科技有限公司,abc,京ICP备2023000008号,45000,,APP,正常,企业,13800138000,,ops,,,,\n" +
	"川ICP备09150084号-1,四川网站,成都示例公司,91510100MA61XK3P6N,,2024-01-05,,网站,正常,企业,,,,,,,\n"

func TestImportPreviewChinese(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	u := h.u
	d := h.data()
	d.startImport(h.writeFile("messy.csv", sheetMessy), importLedger)
	u.wait()
	b := d.preview
	if b == nil {
		t.Fatalf("no preview: %q", u.lastError)
	}
	if len(b.problems) < 10 {
		t.Fatalf("only %d problems: %q", len(b.problems), b.problems)
	}
	for _, l := range b.problems {
		if e := englishSentence(l); e != "" {
			t.Errorf("English in the Chinese preview: %q (in %q)", e, l)
		}
		if strings.Contains(l, "%!") {
			t.Errorf("badly filled message: %q", l)
		}
	}
	texts := append(visibleTexts(b.d.pop), b.summary.Text, b.verdict.Text)
	for _, s := range texts {
		if e := englishSentence(s); e != "" {
			t.Errorf("English on the preview: %q (in %q)", e, s)
		}
	}
	t.Logf("%d problems, e.g. %q", len(b.problems), b.problems[:3])
}

// A problem that wraps onto several lines gets a row as tall as its text:
// it used to run over the row below.
func TestImportPreviewRowsFitTheirText(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(2))
	h.win.Resize(fyne.NewSize(1100, 700))
	u := h.u
	d := h.data()
	d.startImport(h.writeFile("messy.csv", sheetMessy), importLedger)
	u.wait()
	b := d.preview
	if b == nil {
		t.Fatalf("no preview: %q", u.lastError)
	}
	one := widget.NewLabel("一行")
	single := one.MinSize().Height
	tall := 0
	for i, l := range b.problems {
		probe := widget.NewLabel(l)
		probe.Wrapping = fyne.TextWrapWord
		probe.Resize(fyne.NewSize(b.list.Size().Width-theme.Padding()*2, single))
		need := probe.MinSize().Height
		if need <= single {
			continue
		}
		tall++
		got, ok := b.heights[i]
		if i < 6 && (!ok || got < need) {
			t.Errorf("row %d (%q) is %v high, its text needs %v", i, l, got, need)
		}
	}
	if tall == 0 {
		t.Fatal("no problem wraps; the test shows nothing")
	}
}
