package letter

import (
	"errors"
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"beianledger/ledger"
)

func TestParseMatters(t *testing.T) {
	got := ParseMatters("1. 代为提交变更材料；\r\n\n  （二）代为接收通知；  \n• 配合短信核验。\n2026年底前办结\n")
	want := []string{"代为提交变更材料；", "代为接收通知；", "配合短信核验。", "2026年底前办结"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseMatters = %q, want %q", got, want)
	}
	if ParseMatters(" \n\n") != nil {
		t.Error("blank lines give matters")
	}
}

// TestMattersAndTerm: the 委托事项 and 委托期限 given replace the defaults
// in the PDF and the DOCX of both authorisations.
func TestMattersAndTerm(t *testing.T) {
	const matter = "代为向阿里云申请注销网站备案京ICP备2021012345号-2"
	d := filled2(func(d *Data) {
		d.Matters = []string{matter, "代为领取注销通知"}
		d.From, d.Until = ledger.MustDate("2026-12-01"), ledger.MustDate("2027-03-31")
	})
	for _, kind := range []string{KindAgent, KindRecovery} {
		pdf, _, err := RenderPDF(kind, d)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		docx, _, err := RenderDOCX(kind, d)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		texts := map[string]string{"DOCX": squash(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(docxPart(t, docx, "word/document.xml"), ""))}
		if _, err := exec.LookPath("pdftotext"); err == nil {
			texts["PDF"] = squash(pdfText(t, pdf, "-layout"))
		}
		for format, txt := range texts {
			// The typed items are punctuated as a list: "；" after all
			// but the last, "。" after it.
			for _, w := range []string{"1." + matter + "；", "2.代为领取注销通知。", "自2026年12月1日起至2027年3月31日止"} {
				if !strings.Contains(txt, w) {
					t.Errorf("%s %s: %q not found", kind, format, w)
				}
			}
			for _, def := range DefaultMatters(kind) {
				if strings.Contains(txt, squash(def)) {
					t.Errorf("%s %s: default matter %q still there", kind, format, def)
				}
			}
			if strings.Contains(txt, "事项办结之日止") {
				t.Errorf("%s %s: the default term is still there", kind, format)
			}
		}
	}
	// With none given, the defaults: the kind's matters, from the letter
	// date until the matters are done.
	txt := previewOf(t, KindAgent, filled())
	for _, w := range append(DefaultMatters(KindAgent), "自2026年11月24日起至事项办结之日止") {
		if !strings.Contains(txt, w) {
			t.Errorf("default letter lacks %q", w)
		}
	}
}

func previewOf(t *testing.T, kind string, d Data) string {
	t.Helper()
	txt, _, err := PreviewText(kind, d)
	if err != nil {
		t.Fatal(err)
	}
	return txt
}

func TestTermEndBeforeStartRefused(t *testing.T) {
	bad := filled2(func(d *Data) { d.Until = ledger.MustDate("2026-11-23") }) // the letter is dated 2026-11-24
	if err := bad.CheckTerm(); !errors.Is(err, ErrTermOrder) || !strings.Contains(err.Error(), "2026-11-23") || !strings.Contains(err.Error(), "2026-11-24") {
		t.Errorf("CheckTerm = %v, want ErrTermOrder naming both dates", err)
	}
	for _, render := range []func(string, Data) ([]byte, []string, error){RenderPDF, RenderDOCX} {
		if _, _, err := render(KindAgent, bad); !errors.Is(err, ErrTermOrder) {
			t.Errorf("rendered a term that ends before it starts: %v", err)
		}
	}
	if _, _, err := PreviewText(KindAgent, bad); !errors.Is(err, ErrTermOrder) {
		t.Errorf("preview of a term that ends before it starts: %v", err)
	}
	// From given: it is the start.
	bad = filled2(func(d *Data) { d.From, d.Until = ledger.MustDate("2027-01-10"), ledger.MustDate("2027-01-09") })
	if !errors.Is(bad.CheckTerm(), ErrTermOrder) {
		t.Error("Until before From accepted")
	}
	for _, ok := range []Data{
		filled2(func(d *Data) { d.Until = d.Date }), // one day
		filled2(func(d *Data) { d.From, d.Until = ledger.MustDate("2026-01-01"), ledger.MustDate("2026-06-30") }),
		filled(),
	} {
		if err := ok.CheckTerm(); err != nil {
			t.Errorf("CheckTerm(%v–%v) = %v", ok.StartDate(), ok.Until, err)
		}
	}
}
