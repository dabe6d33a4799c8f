package letter

import (
	"os/exec"
	"strings"
	"testing"
)

// TestSituationStatementPrefilledFromTheGuide: a situation statement made
// for a guide scenario (the recovery guide sets Data.Scenario) states that
// scenario's facts, with the records' numbers, domains and provider filled
// in and gaps for the rest, and leaves ruled lines for more; typed facts
// still win, and a statement with no scenario keeps its six ruled lines.
func TestSituationStatementPrefilledFromTheGuide(t *testing.T) {
	needPDF := func() bool { _, err := exec.LookPath("pdftotext"); return err == nil }()
	tests := []struct {
		scenario string
		has      []string
	}{
		{ScenarioLeft, []string{"本单位的原", "离职，其登记的手机号", "无法接收12381核验短信", "申请将", "并更新其手机号和联系方式"}},
		{ScenarioEntity, []string{"京ICP备2021012345号-1、京ICP备2021012345号-2", "example.cn", "转让给", "申请注销上述网站的备案"}},
		{ScenarioAccessLost, []string{"原由阿里云计算有限公司提供接入", "被取消接入", "重新接入备案或重新备案"}},
		{ScenarioProvince, []string{"本单位的备案在北京市", "主体备案号京ICP备2021012345号", "接入商为阿里云计算有限公司"}},
	}
	for _, tt := range tests {
		d := filled()
		d.Facts, d.Request, d.Scenario = "", "", tt.scenario
		txt := squash(previewOf(t, KindSituation, d))
		if needPDF {
			pdf, _, err := RenderPDF(KindSituation, d)
			if err != nil {
				t.Fatal(err)
			}
			txt += "\n" + squash(pdfText(t, pdf, "-layout"))
		}
		for _, w := range tt.has {
			if strings.Count(txt, w) < map[bool]int{true: 2, false: 1}[needPDF] {
				t.Errorf("%s: %q not in the preview and the PDF:\n%s", tt.scenario, w, txt)
			}
		}
		_, missing, err := RenderPDF(KindSituation, d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(missing, "|"), "情况说明 Facts") {
			t.Errorf("%s: the gaps in the facts are not listed: %v", tt.scenario, missing)
		}
	}
	// Typed facts win over the scenario's.
	d := filled()
	d.Scenario = ScenarioAccessLost
	if txt := previewOf(t, KindSituation, d); strings.Contains(txt, "被取消接入") || !strings.Contains(txt, "赵强离职") {
		t.Errorf("typed facts replaced by the scenario's:\n%s", txt)
	}
	// No scenario: six ruled lines, as before.
	d.Facts, d.Scenario = "", ""
	if txt := previewOf(t, KindSituation, d); strings.Contains(txt, "离职，其登记") {
		t.Errorf("facts made up without a scenario:\n%s", txt)
	}
}
