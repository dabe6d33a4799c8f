package letter

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"beianledger/ledger"
)

// TestNoPageHoldsOnlyTheSignature: for every kind and principal, no PDF
// page carries the signature block alone (the page number aside): the
// block is kept with what precedes it.
func TestNoPageHoldsOnlyTheSignature(t *testing.T) {
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo not installed")
	}
	needTool(t, "pdftotext")
	sig := regexp.MustCompile(`^(委托人|受托人|受托单位|经办人|法定代表人|经营者|申请人|申请单位|单位|说明人|核对人|编制人|日期)（?[^：]*）?：`)
	variants := map[string]func(*Data){
		"company":    func(*Data) {},
		"individual": func(d *Data) { d.Entity.Kind, d.Entity.Name = ledger.EntityIndividual, "李明" },
		"sole":       func(d *Data) { d.Entity.Kind = ledger.EntitySoleTrader },
		"agent-co": func(d *Data) {
			d.Agent = Party{Name: "北京示例代理服务有限公司", USCC: "91110105MA01XK3P6N"}
		},
	}
	for name, mod := range variants {
		for _, k := range Kinds() {
			d := filled()
			mod(&d)
			pdf, _, err := RenderPDF(k.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(pdfText(t, pdf, "-layout"), "\f")
			for i, p := range pages {
				var rest []string
				for _, l := range strings.Split(p, "\n") {
					l = squash(l)
					if l == "" || sig.MatchString(l) || regexp.MustCompile(`^第\d+页共\d+页$`).MatchString(l) {
						continue
					}
					rest = append(rest, l)
				}
				if len(rest) == 0 && strings.Contains(p, "：") {
					t.Errorf("%s %s: page %s holds only the signature block:\n%s", name, k.ID, strconv.Itoa(i+1), p)
				}
			}
		}
	}
}
