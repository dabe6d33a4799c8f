package letter

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"beianledger/ledger"
)

// TestLettersAddressTheProvidersLegalName: a letter to the 接入商 is
// addressed to the company that provides the access (issue: "the addressee
// is the provider's legal name, not a brand"): a known provider's legal
// name, the name the user gave, or — for a provider whose legal name is
// not known — the name as entered with a note in Missing to check it.
func TestLettersAddressTheProvidersLegalName(t *testing.T) {
	tests := []struct {
		name     string
		provider string // as the site and the provider record have it
		legal    string // Data.ProviderLegalName
		want     string // after 致：
		note     bool   // Missing asks to check the name
	}{
		// aliyun.com footer: 域名注册服务机构 阿里云计算有限公司, 浙B2-20080101.
		{"aliyun brand", "阿里云", "", "阿里云计算有限公司", false},
		{"aliyun alias", "万网", "", "阿里云计算有限公司", false},
		// Tencent Cloud API reference: 腾讯云主体名称，固定填：腾讯云计算（北京）有限责任公司.
		{"tencent alias", "qcloud", "", "腾讯云计算（北京）有限责任公司", false},
		// west.cn filing form: 接入商 请填写成都西维数码科技有限公司.
		{"west.cn", "west.cn", "", "成都西维数码科技有限公司", false},
		{"known, legal name not verified", "华为云", "", "华为云", true},
		{"unknown", "某某小机房", "", "某某小机房", true},
		{"user's own", "某某小机房", "某某网络科技有限公司", "某某网络科技有限公司", false},
		{"user's own beats the preset", "阿里云", "阿里云计算有限公司杭州分公司", "阿里云计算有限公司杭州分公司", false},
	}
	noteRE := regexp.MustCompile(`^核对接入商全称`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := filled()
			d.Provider = ledger.Provider{Name: tt.provider}
			for i := range d.Sites {
				d.Sites[i].ProviderName = tt.provider
			}
			d.Site.ProviderName = tt.provider
			d.ProviderLegalName = tt.legal
			for _, kind := range []string{KindRecovery, KindAgent, KindCancellation} {
				pdf, missing, err := RenderPDF(kind, d)
				if err != nil {
					t.Fatal(err)
				}
				docx, dmissing, err := RenderDOCX(kind, d)
				if err != nil {
					t.Fatal(err)
				}
				texts := map[string]string{"DOCX": squash(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(docxPart(t, docx, "word/document.xml"), ""))}
				if _, err := exec.LookPath("pdftotext"); err == nil {
					texts["PDF"] = squash(pdfText(t, pdf, "-layout"))
				}
				for format, txt := range texts {
					if !strings.Contains(txt, "致："+tt.want) {
						t.Errorf("%s %s: no 致：%s in\n%.200s", kind, format, tt.want, txt)
					}
					if strings.Contains(txt, "核对接入商全称") {
						t.Errorf("%s %s: the note to check the name is printed in the letter", kind, format)
					}
				}
				for format, m := range map[string][]string{"PDF": missing, "DOCX": dmissing} {
					got := 0
					for _, s := range m {
						if noteRE.MatchString(s) {
							got++
							if !strings.Contains(s, tt.provider) {
								t.Errorf("%s %s: the note does not name %q: %s", kind, format, tt.provider, s)
							}
						}
					}
					if want := map[bool]int{true: 1, false: 0}[tt.note]; got != want {
						t.Errorf("%s %s: %d notes to check the provider's name, want %d: %v", kind, format, got, want, m)
					}
				}
			}
		})
	}
}

// TestKnownLegalNamesHaveSources: every legal name in the provider table
// says where it was read.
func TestKnownLegalNamesHaveSources(t *testing.T) {
	n := 0
	for _, p := range ledger.KnownProviders {
		if p.LegalName == "" {
			continue
		}
		n++
		if p.LegalSource == "" {
			t.Errorf("%s: legal name %q has no source", p.Name, p.LegalName)
		}
		if !strings.HasSuffix(p.LegalName, "公司") {
			t.Errorf("%s: %q does not read as a company's name", p.Name, p.LegalName)
		}
	}
	if n < 2 {
		t.Errorf("only %d providers with a legal name", n)
	}
}
