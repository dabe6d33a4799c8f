package letter

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"beianledger/ledger"
)

// TestLettersPerEntityKind renders the authorisations and the statement for
// a person, a 个体工商户, a 事业单位 and a company with a company as agent,
// as PDF (read back by pdftotext) and DOCX, and checks each speaks of its
// own kind of principal (domain.md §7 "Letters per entity kind"): a person
// is 本人 with 姓名/身份证号/住址 and signs, no USCC or 法定代表人; a
// 个体工商户 has a 经营者; a 事业单位 a 事业单位法人证书, not a 营业执照; a
// company agent is a 受托单位 with 营业执照, a 经办人 with ID, and seals.
func TestLettersPerEntityKind(t *testing.T) {
	tests := []struct {
		name   string
		mod    func(*Data)
		has    []string
		hasNot []string
	}{
		{"individual", func(d *Data) {
			d.Entity = ledger.Entity{Name: "李明", Kind: ledger.EntityIndividual, USCC: "110105199003071239", Address: "北京市朝阳区示例路2号"}
		}, []string{"姓名", "李明", "身份证号", "110105199003071239", "住址", "本人现委托", "以本人名义", "本人身份证复印件", "委托人（签字）"},
			[]string{"统一社会信用代码", "法定代表人", "营业执照", "本单位", "盖章）：李明"}},
		{"sole trader", func(d *Data) {
			d.Entity = ledger.Entity{Name: "北京市朝阳区示例小吃店", Kind: ledger.EntitySoleTrader, USCC: "92110105MA01XK3P0B", LegalRep: "王强"}
		}, []string{"名称", "经营者", "王强", "经营者身份证复印件", "经营者（签字）", "本单位"},
			[]string{"法定代表人", "单位名称"}},
		{"institution", func(d *Data) {
			d.Entity = ledger.Entity{Name: "深圳市示例研究院", Kind: ledger.EntityInstitution, USCC: "1244030045575890XR", LegalRep: "陈静"}
		}, []string{"单位名称", "深圳市示例研究院", "事业单位法人证书复印件（加盖公章）", "法定代表人（签字）"},
			[]string{"营业执照复印件（加盖公章）；2. 法定代表人"}},
		{"company agent", func(d *Data) {
			d.Agent = Party{Name: "北京示例代理服务有限公司", USCC: "91110105MA01XK3P6N", Handler: "赵敏", HandlerID: "44010619851231046X", Mobile: "13500135000"}
		}, []string{"受托单位", "北京示例代理服务有限公司", "经办人", "赵敏", "44010619851231046X", "受托单位营业执照复印件（加盖公章）", "经办人身份证复印件",
			"受托单位（盖章）", "经办人（签字）"},
			[]string{"受托人身份证复印件", "受托人（签字）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := filled()
			d.LegalRepID = ""
			tt.mod(&d)
			for _, kind := range []string{KindAgent, KindRecovery} {
				pdf, _, err := RenderPDF(kind, d)
				if err != nil {
					t.Fatal(err)
				}
				docx, _, err := RenderDOCX(kind, d)
				if err != nil {
					t.Fatal(err)
				}
				texts := map[string]string{"DOCX": squash(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(docxPart(t, docx, "word/document.xml"), ""))}
				if _, err := exec.LookPath("pdftotext"); err == nil {
					texts["PDF"] = squash(pdfText(t, pdf, "-layout"))
				}
				for format, txt := range texts {
					for _, w := range tt.has {
						if !strings.Contains(txt, squash(w)) {
							t.Errorf("%s %s: %q not found", kind, format, w)
						}
					}
					for _, w := range tt.hasNot {
						if strings.Contains(txt, squash(w)) {
							t.Errorf("%s %s: %q found", kind, format, w)
						}
					}
				}
			}
		})
	}
}

// TestRecoveryLetterWording: the recovery letter centres on the provider
// account, lets the agent only assist with the 12381 check, and no longer
// asks about historical filing passwords.
func TestRecoveryLetterWording(t *testing.T) {
	d := filled()
	d.ProviderAccount = "ops@example.cn (UID 100012345678)"
	txt := previewOf(t, KindRecovery, d)
	for _, w := range []string{"接入商账号ID/UID/登录名", "ops@example.cn (UID 100012345678)", "协助主体负责人或网站负责人完成", "只能由负责人本人完成"} {
		if !strings.Contains(txt, w) {
			t.Errorf("lacks %q:\n%s", w, txt)
		}
	}
	for _, w := range []string{"历史备案密码", "以本单位名义接收并办理工信部备案系统"} {
		if strings.Contains(txt, w) {
			t.Errorf("still says %q", w)
		}
	}
}

// TestProviderLettersListItsSites: a letter addressed to one 接入商 lists
// only the sites recorded at it; the emergency kit, which has a 接入商
// column, lists them all.
func TestProviderLettersListItsSites(t *testing.T) {
	d := filled()
	other := d.Sites[1]
	other.ProviderName = "腾讯云"
	d.Sites = []ledger.SiteRow{d.Site, other}
	for _, kind := range []string{KindAgent, KindRecovery, KindCancellation} {
		txt := previewOf(t, kind, d)
		if !strings.Contains(txt, "京ICP备2021012345号-1") || strings.Contains(txt, "京ICP备2021012345号-2") {
			t.Errorf("%s lists a site at another provider:\n%s", kind, txt)
		}
	}
	if txt := previewOf(t, KindKit, d); !strings.Contains(txt, "京ICP备2021012345号-2") || !strings.Contains(txt, "腾讯云") {
		t.Errorf("the kit lacks the other provider's site")
	}
	// The same provider typed another way (aliyun, 万网) is the same
	// provider: its site is listed.
	other.ProviderName = "aliyun"
	d.Sites = []ledger.SiteRow{d.Site, other}
	for _, kind := range []string{KindAgent, KindRecovery, KindCancellation} {
		if txt := previewOf(t, kind, d); !strings.Contains(txt, "京ICP备2021012345号-2") {
			t.Errorf("%s leaves out a site whose provider is typed \"aliyun\":\n%s", kind, txt)
		}
	}
}
