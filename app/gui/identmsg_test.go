package gui

import (
	"strings"
	"testing"

	"beianledger/app/i18n"
	"beianledger/ledger/ident"
)

// TestIdentMessagesPerKind: each kind of identifier gets its own message
// in the UI language ("手机号应为 11 位、以 1 开头"), never "does not look like
// a filing number" for a mobile, an ID or a credit code, and messages with
// arguments come out filled in.
func TestIdentMessagesPerKind(t *testing.T) {
	tests := []struct {
		in     string
		parse  func(string) ident.Result
		zh, en string
	}{
		{"1380013800", ident.ParseMobile, "手机号应为 11 位、以 1 开头", "11 digits and starts with 1"},
		{"11010519900307123", ident.ParseResidentID, "身份证号应为 18 位", "resident ID number has 18 characters"},
		{"110105199003071238", ident.ParseResidentID, "最后一位应为 9，不是 8", "should be 9, not 8"},
		{"91110105MA01XK3P60", ident.ParseUSCC, "校验位应为 N，不是 0", "should be N, not 0"},
		{"9111010", ident.ParseUSCC, "统一社会信用代码应为 18 位，现在是 7 位", "18 characters, not 7"},
		{"京ICP11018762", ident.ParseICPEntity, "主体备案号应形如", "entity filing number looks like"},
		{"京公网安备ABC", ident.ParsePSB, "公安备案号应形如", "公安 filing number looks like"},
		{"京公网安备44030502000001号", ident.ParsePSB, "区划代码 440305 不属于北京市", "440305 is not in 北京市"},
		{"川ICP备09150084号-1", ident.ParseICPSite, "页脚应写作“蜀ICP备09150084号-1”（川是别名）", "footer should read 蜀ICP备09150084号-1"},
	}
	for _, tt := range tests {
		r := tt.parse(tt.in)
		if len(r.Codes) == 0 {
			t.Fatalf("%q: no problem found", tt.in)
		}
		for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
			u := &ui{lang: lang}
			var all []string
			for i := range r.Codes {
				all = append(all, u.identProblem(r, i))
			}
			text := strings.Join(all, " | ")
			want := tt.en
			if lang == i18n.ZH {
				want = tt.zh
			}
			if !strings.Contains(text, want) || strings.Contains(text, "%!") || strings.Contains(text, "filing number.") && r.Kind == ident.KindMobile ||
				strings.Contains(text, "不像备案号") {
				t.Errorf("%s %q: %q, want %q", lang, tt.in, text, want)
			}
		}
	}
}
