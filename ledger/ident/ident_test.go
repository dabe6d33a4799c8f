package ident

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// fixedNow is the clock used by all tests.
var fixedNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	now = func() time.Time { return fixedNow }
	os.Exit(m.Run())
}

// want describes the expected outcome of a parse. Empty fields are not checked
// except Codes, which must match exactly (nil means no problems).
type want struct {
	kind       Kind
	valid      bool
	normalized string
	codes      []string
	canonical  string
	province   string
	year       int
	serial     string
	siteIndex  int
	suffix     string
	siteType   string
	entity     string
	area       string
	legacy     bool
	sex        string
	birth      string
	department string
	orgType    string
	foreign    bool
}

func check(t *testing.T, name string, got Result, w want) {
	t.Helper()
	fail := func(field string, g, e any) {
		t.Helper()
		t.Errorf("%s(%q).%s = %v, want %v (problems %q)", name, got.Input, field, g, e, got.Problems)
	}
	if got.Kind != w.kind {
		fail("Kind", got.Kind, w.kind)
	}
	if got.Valid != w.valid {
		fail("Valid", got.Valid, w.valid)
	}
	if got.Problems == nil || got.Codes == nil {
		t.Errorf("%s(%q): Problems or Codes is nil", name, got.Input)
	}
	if len(got.Problems) != len(got.Codes) {
		t.Errorf("%s(%q): %d problems but %d codes", name, got.Input, len(got.Problems), len(got.Codes))
	}
	codes := w.codes
	if codes == nil {
		codes = []string{}
	}
	if !slices.Equal(got.Codes, codes) {
		fail("Codes", got.Codes, codes)
	}
	for _, c := range got.Codes {
		if got.Valid && !IsWarning(c) {
			t.Errorf("%s(%q): valid result carries error code %q", name, got.Input, c)
		}
	}
	if w.normalized != "" && got.Normalized != w.normalized {
		fail("Normalized", got.Normalized, w.normalized)
	}
	strs := []struct{ field, g, e string }{
		{"Canonical", got.Canonical, w.canonical},
		{"Province", got.Province, w.province},
		{"Serial", got.Serial, w.serial},
		{"Suffix", got.Suffix, w.suffix},
		{"SiteType", got.SiteType, w.siteType},
		{"Entity", got.Entity, w.entity},
		{"Area", got.Area, w.area},
		{"Sex", got.Sex, w.sex},
		{"Birth", got.Birth, w.birth},
		{"Department", got.Department, w.department},
		{"OrgType", got.OrgType, w.orgType},
	}
	for _, s := range strs {
		if s.e != "" && s.g != s.e {
			fail(s.field, s.g, s.e)
		}
	}
	if w.canonical == "" && got.Canonical != "" && !got.Legacy {
		fail("Canonical", got.Canonical, "")
	}
	if w.year != 0 && got.Year != w.year {
		fail("Year", got.Year, w.year)
	}
	if w.siteIndex != 0 && got.SiteIndex != w.siteIndex {
		fail("SiteIndex", got.SiteIndex, w.siteIndex)
	}
	if got.Legacy != w.legacy {
		fail("Legacy", got.Legacy, w.legacy)
	}
	if got.Foreign != w.foreign {
		fail("Foreign", got.Foreign, w.foreign)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{" 京icp备11018762号 ", "京ICP备11018762号"},
		{"京ＩＣＰ备１１０１８７６２号－１１", "京ICP备11018762号-11"},
		{"京ICP备\u300011018762号\u3000-\u30001", "京ICP备11018762号-1"},
		{"京ICP备11018762号—1", "京ICP备11018762号-1"},
		{"京ICP备11018762号–1", "京ICP备11018762号-1"},
		{"\t京 ICP 备 11018762 号\n", "京ICP备11018762号"},
		{"\ufeff京ICP备\u200b11018762号", "京ICP备11018762号"},
		{"９１１１０１０５ｍａ０１ｘｋ３ｐ６ｎ", "91110105MA01XK3P6N"},
		{"合字Ｂ１．Ｂ２－２００９０００１", "合字B1.B2-20090001"},
		{"＋８６ １３８ ００１３ ８０００", "+8613800138000"},
		{"北京市", "北京市"},
		{"\xff\xfe", "\ufffd\ufffd"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Normalize(Normalize(tt.in)); got != tt.want {
			t.Errorf("Normalize not idempotent on %q: %q", tt.in, got)
		}
	}
}

func TestICPNumbers(t *testing.T) {
	tests := []struct {
		in    string
		parse func(string) Result
		w     want
	}{
		{"京ICP备11018762号", ParseICPEntity, want{kind: KindICPEntity, valid: true, normalized: "京ICP备11018762号",
			province: "北京市", year: 2011, serial: "018762"}},
		{"京ICP备11018762号-11", ParseICPSite, want{kind: KindICPSite, valid: true, normalized: "京ICP备11018762号-11",
			province: "北京市", year: 2011, serial: "018762", siteIndex: 11, siteType: "website", entity: "京ICP备11018762号"}},
		{"蜀ICP备08088888号", ParseICPEntity, want{kind: KindICPEntity, valid: true, province: "四川省", year: 2008, serial: "088888"}},
		{"黔ICP备2021008357号", ParseICPEntity, want{kind: KindICPEntity, valid: true, province: "贵州省", year: 2021, serial: "008357"}},
		{"川ICP备09150084号", ParseICPEntity, want{kind: KindICPEntity, valid: true, normalized: "川ICP备09150084号",
			canonical: "蜀ICP备09150084号", codes: []string{CodeAliasPrefix}, province: "四川省", year: 2009}},
		{"贵ICP备2021004806号-1", ParseICPSite, want{kind: KindICPSite, valid: true, canonical: "黔ICP备2021004806号-1",
			codes: []string{CodeAliasPrefix}, province: "贵州省", year: 2021, siteIndex: 1, entity: "贵ICP备2021004806号"}},
		{"云ICP备12003456号", ParseICPEntity, want{kind: KindICPEntity, valid: true, canonical: "滇ICP备12003456号",
			codes: []string{CodeAliasPrefix}, province: "云南省"}},
		{"甘ICP备130034号", ParseICPEntity, want{kind: KindICPEntity, valid: true, canonical: "陇ICP备130034号",
			codes: []string{CodeAliasPrefix}, province: "甘肃省", year: 2013, serial: "0034"}},
		{"粤ICP备99001234号", ParseICPEntity, want{kind: KindICPEntity, valid: true, year: 1999}},
		{"京ICP备11018762号-1A", ParseICPSite, want{kind: KindICPSite, valid: true, suffix: "A", siteType: "app", siteIndex: 1}},
		{"京ICP备11018762号-30X", ParseICPSite, want{kind: KindICPSite, valid: true, suffix: "X", siteType: "mini-program", siteIndex: 30}},
		{"京ＩＣＰ备１１０１８７６２号－１１", ParseICPSite, want{kind: KindICPSite, valid: true, normalized: "京ICP备11018762号-11", siteIndex: 11}},
		{" 京icp备11018762号 ", ParseICPEntity, want{kind: KindICPEntity, valid: true, normalized: "京ICP备11018762号"}},
		{"京ICP备\u300011018762号\u3000", ParseICPEntity, want{kind: KindICPEntity, valid: true, normalized: "京ICP备11018762号"}},
		{"京ICP备11018762-1", ParseICPSite, want{kind: KindICPSite, valid: true, normalized: "京ICP备11018762号-1",
			codes: []string{CodeMissingHao}, siteIndex: 1, entity: "京ICP备11018762号"}},
		{"黔ICP备2019008357号", ParseICPEntity, want{kind: KindICPEntity, valid: true, codes: []string{CodeYearRange}, year: 2019}},
		{"黔ICP备2027008357号", ParseICPEntity, want{kind: KindICPEntity, valid: true, codes: []string{CodeYearRange}, year: 2027}},
		{"黔ICP备2026008357号", ParseICPEntity, want{kind: KindICPEntity, valid: true, year: 2026}},
		{"京ICP备45018762号", ParseICPEntity, want{kind: KindICPEntity, valid: true, codes: []string{CodeYearRange}, year: 2045}},
		// invalid
		{"京ICP备1101876号", ParseICPEntity, want{kind: KindICPEntity, codes: []string{CodeDigitCount}}},
		{"ICP备11018762号", ParseICPEntity, want{kind: KindICPEntity, codes: []string{CodePrefix}}},
		{"北京ICP备11018762号", ParseICPEntity, want{kind: KindICPEntity, codes: []string{CodePrefix}}},
		{"港ICP备11018762号", ParseICPEntity, want{kind: KindICPEntity, codes: []string{CodePrefix}}},
		{"京ICP备11018762号-11", ParseICPEntity, want{kind: KindICPEntity, codes: []string{CodeNotEntity}}},
		{"京ICP备11018762号", ParseICPSite, want{kind: KindICPSite, codes: []string{CodeNotSite}}},
		{"京ICP备11018762号-12345", ParseICPSite, want{kind: KindICPSite, codes: []string{CodeSiteIndex}}},
		{"京ICP备11018762号-", ParseICPSite, want{kind: KindICPSite, codes: []string{CodeSiteIndex}}},
		{"京ICP备11018762号-1Q", ParseICPSite, want{kind: KindICPSite, codes: []string{CodeSiteSuffix}}},
		{"京ICP备11018762号-1K", ParseICPSite, want{kind: KindICPSite, codes: []string{CodeSiteSuffix}}},
		{"京ICP备A1018762号", ParseICPEntity, want{kind: KindICPEntity, codes: []string{CodeFormat}}},
		{"", ParseICPEntity, want{kind: KindICPEntity, codes: []string{CodeEmpty}}},

		{"京ICP证150437号", ParseICPLicence, want{kind: KindICPLicence, valid: true, normalized: "京ICP证150437号",
			province: "北京市", year: 2015, serial: "0437"}},
		{"京ICP证030173号-1", ParseICPLicence, want{kind: KindICPLicence, valid: true, year: 2003, siteIndex: 1,
			entity: "京ICP证030173号", siteType: "website"}},
		{"京ICP证150437", ParseICPLicence, want{kind: KindICPLicence, valid: true, normalized: "京ICP证150437号", codes: []string{CodeMissingHao}}},
		{"川ICP证150437号", ParseICPLicence, want{kind: KindICPLicence, codes: []string{CodePrefix}}},
		{"京ICP证15043号", ParseICPLicence, want{kind: KindICPLicence, codes: []string{CodeDigitCount}}},
		{"京ICP证030173号-1A", ParseICPLicence, want{kind: KindICPLicence, codes: []string{CodeSiteSuffix}}},

		{"粤B2-20090059-1626X", ParseVATS, want{kind: KindVATS, valid: true, normalized: "粤B2-20090059-1626X", province: "广东省",
			year: 2009, serial: "0059", siteIndex: 1626, suffix: "X", siteType: "mini-program", entity: "粤B2-20090059"}},
		{"浙B2-20080101", ParseVATS, want{kind: KindVATS, valid: true, province: "浙江省", year: 2008, serial: "0101"}},
		{"粤B2-20090059-5", ParseVATS, want{kind: KindVATS, valid: true, siteIndex: 5, entity: "粤B2-20090059"}},
		{"合字B1.B2-20090001", ParseVATS, want{kind: KindVATS, valid: true, foreign: true, year: 2009}},
		{"B2-20090001", ParseVATS, want{kind: KindVATS, valid: true, year: 2009}},
		{"浙b2—20080101", ParseVATS, want{kind: KindVATS, valid: true, normalized: "浙B2-20080101"}},
		{"浙B2-2008010", ParseVATS, want{kind: KindVATS, codes: []string{CodeDigitCount}}},
		{"川B2-20080101", ParseVATS, want{kind: KindVATS, codes: []string{CodePrefix}}},
		{"浙B3-20080101", ParseVATS, want{kind: KindVATS, codes: []string{CodeFormat}}},

		{"晋公网安备14040302000255号", ParsePSB, want{kind: KindPSB, valid: true, normalized: "晋公网安备14040302000255号",
			province: "山西省", area: "140403", serial: "000255"}},
		{"晋公网安备14040302000255", ParsePSB, want{kind: KindPSB, valid: true, normalized: "晋公网安备14040302000255号"}},
		{"京公网安备110105005926", ParsePSB, want{kind: KindPSB, valid: true, normalized: "京公网安备110105005926号", legacy: true,
			codes: []string{CodeLegacyFormat}, area: "110105", province: "北京市"}},
		{"川公网安备51010402000001号", ParsePSB, want{kind: KindPSB, valid: true, province: "四川省"}},
		{"甘公网安备62010202000001号", ParsePSB, want{kind: KindPSB, valid: true, province: "甘肃省"}},
		// A Shenzhen district under 京: the prefix or the digits are wrong
		// (was a mere warning).
		{"京公网安备44030502000001号", ParsePSB, want{kind: KindPSB, codes: []string{CodePSBProvinceMismatch}}},
		{"京公网安备11010503000001号", ParsePSB, want{kind: KindPSB, valid: true, codes: []string{CodePSBMiddle}}},
		{"蜀公网安备51010402000001号", ParsePSB, want{kind: KindPSB, codes: []string{CodePrefix}}},
		{"贵公网安备52010402000001号", ParsePSB, want{kind: KindPSB, codes: []string{CodePrefix}}},
		{"京公网安备1101050200000号", ParsePSB, want{kind: KindPSB, codes: []string{CodeDigitCount}}},
		{"京公安备11010502000001号", ParsePSB, want{kind: KindPSB, codes: []string{CodeFormat}}},
	}
	for _, tt := range tests {
		check(t, "parse", tt.parse(tt.in), tt.w)
		// Classify must agree with the specific parser on every kind above.
		if tt.in != "" && (tt.w.valid || tt.w.kind != KindICPEntity && tt.w.kind != KindICPSite && !slices.Contains(tt.w.codes, CodeFormat)) {
			check(t, "Classify", Classify(tt.in), tt.w)
		}
	}
}

func TestPrefixHints(t *testing.T) {
	tests := []struct {
		got  Result
		want string
	}{
		{ParseICPEntity("北京ICP备11018762号"), "北京 is not an ICP province prefix; use 京"},
		{ParseICPLicence("川ICP证150437号"), "川 is not an ICP prefix here; the canonical prefix is 蜀"},
		{ParseICPEntity("川ICP备09150084号"), "川 is an alias prefix: the footer should read 蜀ICP备09150084号, the number MIIT issues"},
		{ParsePSB("蜀公网安备51010402000001号"), "蜀 is not a 公安 province prefix; use 川"},
		{ParsePSB("陇公网安备62010202000001号"), "陇 is not a 公安 province prefix; use 甘"},
	}
	for _, tt := range tests {
		if len(tt.got.Problems) != 1 || tt.got.Problems[0] != tt.want {
			t.Errorf("%q: problems %q, want [%q]", tt.got.Input, tt.got.Problems, tt.want)
		}
	}
}

func TestUSCC(t *testing.T) {
	tests := []struct {
		in string
		w  want
	}{
		{"91110105MA01XK3P6N", want{kind: KindUSCC, valid: true, normalized: "91110105MA01XK3P6N", department: "工商/市场监管",
			orgType: "企业", area: "110105", province: "北京市"}},
		{"1244030045575890XR", want{kind: KindUSCC, valid: true, department: "机构编制", orgType: "事业单位", area: "440300", province: "广东省"}},
		{"51310000500002176N", want{kind: KindUSCC, valid: true, department: "民政", orgType: "社会团体", area: "310000", province: "上海市"}},
		{" 91110105ma01xk3p6n ", want{kind: KindUSCC, valid: true, normalized: "91110105MA01XK3P6N"}},
		{"91110105MA01XK3P60", want{kind: KindUSCC, codes: []string{CodeChecksum}}},
		{"91110105MA01XK3P6", want{kind: KindUSCC, codes: []string{CodeLength}}},
		{"91110105MA01XK3PIN", want{kind: KindUSCC, codes: []string{CodeCharset}}},
		{"911101A5MA01XK3P6N", want{kind: KindUSCC, codes: []string{CodeFormat}}},
		{"110105000123456", want{kind: KindUSCC, valid: true, legacy: true, codes: []string{CodeLegacyFormat}, area: "110105", province: "北京市"}},
		{"", want{kind: KindUSCC, codes: []string{CodeEmpty}}},
	}
	for _, tt := range tests {
		check(t, "ParseUSCC", ParseUSCC(tt.in), tt.w)
	}

	// A code whose inner GB 11714 check fails is not valid (it was,
	// with a warning); an unknown department is still only a warning.
	body := "91110105" + "MA01XK3P" + "0" // inner check should be 6
	c, err := USCCCheckChar(body)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "ParseUSCC", ParseUSCC(body+string(c)), want{kind: KindUSCC, codes: []string{CodeOrgCodeChecksum}})
	// Characters 3–8 must be an administrative-division code: 99 is no
	// province; 100000 (national level) is one.
	for _, tt := range []struct {
		area  string
		valid bool
	}{{"990105", false}, {"000000", false}, {"100000", true}, {"440305", true}} {
		body := "91" + tt.area + "MA01XK3P6"
		c, _ := USCCCheckChar(body)
		r := ParseUSCC(body + string(c))
		if r.Valid != tt.valid || (!tt.valid && !slices.Contains(r.Codes, CodeArea)) {
			t.Errorf("area %s: valid %v, codes %v", tt.area, r.Valid, r.Codes)
		}
	}
	body = "B1110105MA01XK3P6"
	c, _ = USCCCheckChar(body)
	check(t, "ParseUSCC", ParseUSCC(body+string(c)), want{kind: KindUSCC, valid: true, codes: []string{CodeDepartment}})
}

func TestCheckChars(t *testing.T) {
	for _, v := range []string{"91110105MA01XK3P6N", "1244030045575890XR", "51310000500002176N"} {
		c, err := USCCCheckChar(v[:17])
		if err != nil || c != v[17] {
			t.Errorf("USCCCheckChar(%q) = %c, %v; want %c", v[:17], c, err, v[17])
		}
		o, err := OrgCodeCheckChar(v[8:16])
		if err != nil || o != v[16] {
			t.Errorf("OrgCodeCheckChar(%q) = %c, %v; want %c", v[8:16], o, err, v[16])
		}
	}
	for _, v := range []string{"110105199003071239", "44010619851231046X", "510107200002295516", "11010519491231002X"} {
		c, err := ResidentIDCheckChar(v[:17])
		if err != nil || c != v[17] {
			t.Errorf("ResidentIDCheckChar(%q) = %c, %v; want %c", v[:17], c, err, v[17])
		}
	}
	for _, bad := range []string{"", "9111010", "91110105MA01XK3PI", "91110105ma01xk3p6", "91110105MA01XK3P6N"} {
		if _, err := USCCCheckChar(bad); err == nil {
			t.Errorf("USCCCheckChar(%q): want error", bad)
		}
	}
	for _, bad := range []string{"", "1101051990030712", "1101051990030712X", "110105199003071239"} {
		if _, err := ResidentIDCheckChar(bad); err == nil {
			t.Errorf("ResidentIDCheckChar(%q): want error", bad)
		}
	}
	for _, bad := range []string{"", "MA01XK3", "ma01xk3p", "MA01-K3P"} {
		if _, err := OrgCodeCheckChar(bad); err == nil {
			t.Errorf("OrgCodeCheckChar(%q): want error", bad)
		}
	}
}

func TestResidentID(t *testing.T) {
	tests := []struct {
		in string
		w  want
	}{
		{"110105199003071239", want{kind: KindResidentID, valid: true, birth: "1990-03-07", sex: "M", area: "110105", province: "北京市"}},
		{"44010619851231046X", want{kind: KindResidentID, valid: true, birth: "1985-12-31", sex: "F", province: "广东省"}},
		{"510107200002295516", want{kind: KindResidentID, valid: true, birth: "2000-02-29", sex: "M", province: "四川省"}},
		{"11010519491231002X", want{kind: KindResidentID, valid: true, birth: "1949-12-31", sex: "F"}},
		{"44010619851231046x", want{kind: KindResidentID, valid: true, normalized: "44010619851231046X"}},
		{"110105199003071238", want{kind: KindResidentID, codes: []string{CodeChecksum}}},
		{"110105199002301234", want{kind: KindResidentID, codes: []string{CodeBirthDate, CodeChecksum}}},
		{"510107190002295516", want{kind: KindResidentID, codes: []string{CodeBirthDate, CodeChecksum}}}, // 1900 not a leap year
		{"110105203001011234", want{kind: KindResidentID, codes: []string{CodeFutureBirth, CodeChecksum}}},
		{"11010518990101123X", want{kind: KindResidentID, codes: []string{CodeBirthDate, CodeChecksum}}},
		{"1101051990030712X9", want{kind: KindResidentID, codes: []string{CodeFormat}}},
		{"110105900307123", want{kind: KindResidentID, valid: true, legacy: true, codes: []string{CodeLegacyFormat},
			canonical: "110105199003071239", birth: "1990-03-07", sex: "M"}},
		{"110105901307123", want{kind: KindResidentID, codes: []string{CodeBirthDate}}},
	}
	for _, tt := range tests {
		check(t, "ParseResidentID", ParseResidentID(tt.in), tt.w)
	}
	// The day of fixedNow is not in the future; the next day is.
	today := residentIDWithCheck("110105" + fixedNow.Format("20060102") + "123")
	check(t, "ParseResidentID", ParseResidentID(today), want{kind: KindResidentID, valid: true, birth: fixedNow.Format(time.DateOnly)})
	tomorrow := residentIDWithCheck("110105" + fixedNow.AddDate(0, 0, 1).Format("20060102") + "123")
	check(t, "ParseResidentID", ParseResidentID(tomorrow), want{kind: KindResidentID, codes: []string{CodeFutureBirth}})
}

// residentIDWithCheck appends the check character to 17 digits.
func residentIDWithCheck(first17 string) string {
	c, err := ResidentIDCheckChar(first17)
	if err != nil {
		panic(err)
	}
	return first17 + string(c)
}

func TestMobile(t *testing.T) {
	tests := []struct {
		in string
		w  want
	}{
		{"13800138000", want{kind: KindMobile, valid: true, normalized: "13800138000"}},
		{"+86 138-0013-8000", want{kind: KindMobile, valid: true, normalized: "13800138000"}},
		{"8613800138000", want{kind: KindMobile, valid: true, normalized: "13800138000"}},
		{"＋８６１３８００１３８０００", want{kind: KindMobile, valid: true, normalized: "13800138000"}},
		{"199 1234 5678", want{kind: KindMobile, valid: true, normalized: "19912345678"}},
		{"17012345678", want{kind: KindMobile, valid: true, codes: []string{CodeMVNORange}}},
		{"16212345678", want{kind: KindMobile, valid: true, codes: []string{CodeMVNORange}}},
		{"17112345678", want{kind: KindMobile, valid: true, codes: []string{CodeMVNORange}}},
		{"17312345678", want{kind: KindMobile, valid: true}},
		{"12345678901", want{kind: KindMobile, codes: []string{CodeFormat}}},
		{"1380013800", want{kind: KindMobile, codes: []string{CodeFormat}}},
		{"+8513800138000", want{kind: KindMobile, codes: []string{CodeFormat}}},
		{"---", want{kind: KindMobile, codes: []string{CodeEmpty}}},
	}
	for _, tt := range tests {
		check(t, "ParseMobile", ParseMobile(tt.in), tt.w)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		in string
		w  want
	}{
		{"京ICP备11018762号", want{kind: KindICPEntity, valid: true}},
		{"京ICP备11018762号-11", want{kind: KindICPSite, valid: true, siteIndex: 11, entity: "京ICP备11018762号"}},
		{"京ＩＣＰ备１１０１８７６２号－１１", want{kind: KindICPSite, valid: true, normalized: "京ICP备11018762号-11"}},
		{"川ICP备09150084号", want{kind: KindICPEntity, valid: true, canonical: "蜀ICP备09150084号", codes: []string{CodeAliasPrefix}}},
		{"京ICP备11018762号-1Q", want{kind: KindICPSite, codes: []string{CodeSiteSuffix}}},
		{"京ICP备1101876号", want{kind: KindICPEntity, codes: []string{CodeDigitCount}}},
		{"京ICP11018762号", want{kind: KindICPEntity, codes: []string{CodeFormat}}},
		{"91110105MA01XK3P6N", want{kind: KindUSCC, valid: true}},
		{"91110105MA01XK3P60", want{kind: KindUSCC, codes: []string{CodeChecksum}}},
		{"91110105MA01XK3PIN", want{kind: KindUSCC, codes: []string{CodeCharset}}},
		{"110105199003071239", want{kind: KindResidentID, valid: true, sex: "M"}},
		{"11010519491231002x", want{kind: KindResidentID, valid: true, sex: "F"}},
		// Mistyped resident ID (plausible date): reported as a resident ID.
		{"110105199003071238", want{kind: KindResidentID, codes: []string{CodeChecksum}}},
		// All digits with an impossible date and a bad USCC check: a USCC.
		{"123456789012345670", want{kind: KindUSCC, codes: []string{CodeChecksum}}},
		{"13800138000", want{kind: KindMobile, valid: true}},
		{"+86 138 0013 8000", want{kind: KindMobile, valid: true, normalized: "13800138000"}},
		{"12345678901", want{kind: KindMobile, codes: []string{CodeFormat}}},
		{"110105900307123", want{kind: KindResidentID, valid: true, legacy: true, canonical: "110105199003071239",
			codes: []string{CodeLegacyFormat}}},
		{"440301000012345", want{kind: KindUSCC, valid: true, legacy: true, codes: []string{CodeLegacyFormat}}},
		{"", want{kind: KindUnknown, codes: []string{CodeEmpty}}},
		{"\u3000 \t", want{kind: KindUnknown, codes: []string{CodeEmpty}}},
		{"hello", want{kind: KindUnknown, codes: []string{CodeUnrecognised}}},
		{"12345", want{kind: KindUnknown, codes: []string{CodeUnrecognised}}},
		{"1234567890123456789", want{kind: KindUnknown, codes: []string{CodeUnrecognised}}},
		{"京京京京京京京京京京京京京京京京京京", want{kind: KindUnknown, codes: []string{CodeUnrecognised}}},
	}
	for _, tt := range tests {
		check(t, "Classify", Classify(tt.in), tt.w)
	}
	long := strings.Repeat("1", maxLen+1)
	check(t, "Classify", Classify(long), want{kind: KindUnknown, codes: []string{CodeUnrecognised}})
	for _, p := range []func(string) Result{ParseICPEntity, ParseICPSite, ParseICPLicence, ParseVATS, ParsePSB,
		ParseUSCC, ParseResidentID, ParseMobile} {
		if r := p(long); r.Valid || len(r.Codes) != 1 || r.Codes[0] != CodeLength {
			t.Errorf("parse(long) = valid %v codes %q", r.Valid, r.Codes)
		}
	}
	r := Classify("hello")
	if r.Problems[0] != "not a recognised identifier" {
		t.Errorf("unknown message = %q", r.Problems[0])
	}
}

func TestEntityOfSite(t *testing.T) {
	tests := []struct {
		site, entity string
		ok           bool
	}{
		{"京ICP备11018762号-11", "京ICP备11018762号", true},
		{"京ＩＣＰ备１１０１８７６２号－１１", "京ICP备11018762号", true},
		{"贵ICP备2021004806号-1", "贵ICP备2021004806号", true},
		{"京ICP证030173号-1", "京ICP证030173号", true},
		{"粤B2-20090059-1626X", "粤B2-20090059", true},
		{"京ICP备11018762号", "", false},
		{"浙B2-20080101", "", false},
		{"nonsense", "", false},
	}
	for _, tt := range tests {
		e, ok := EntityOfSite(tt.site)
		if e != tt.entity || ok != tt.ok {
			t.Errorf("EntityOfSite(%q) = %q, %v; want %q, %v", tt.site, e, ok, tt.entity, tt.ok)
		}
	}
	matches := []struct {
		site, entity string
		want         bool
	}{
		{"京ICP备11018762号-11", "京ICP备11018762号", true},
		{"京ICP备11018762号-11", " 京icp备11018762号 ", true},
		{"京ICP备11018762号-11", "京ICP备11018763号", false},
		{"京ICP备11018762号-11", "京ICP备11018762号-11", false},
		{"川ICP备09150084号-2", "蜀ICP备09150084号", true},
		{"蜀ICP备09150084号-2", "川ICP备09150084号", true},
		{"京ICP证030173号-1", "京ICP证030173号", true},
		{"粤B2-20090059-5", "粤B2-20090059", true},
		{"粤B2-20090059-5", "浙B2-20090059", false},
		{"京ICP备11018762号", "京ICP备11018762号", false},
		{"", "", false},
	}
	for _, tt := range matches {
		if got := SiteMatchesEntity(tt.site, tt.entity); got != tt.want {
			t.Errorf("SiteMatchesEntity(%q, %q) = %v, want %v", tt.site, tt.entity, got, tt.want)
		}
	}
}

func TestJSON(t *testing.T) {
	b, err := json.Marshal(Classify("京ICP备11018762号-1A"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, part := range []string{`"kind":"icp-site"`, `"problems":[]`, `"codes":[]`, `"valid":true`,
		`"suffix":"A"`, `"site_type":"app"`, `"entity":"京ICP备11018762号"`, `"site_index":1`} {
		if !strings.Contains(s, part) {
			t.Errorf("JSON %s lacks %s", s, part)
		}
	}
	var r Result
	if err := json.Unmarshal(b, &r); err != nil || r.Kind != KindICPSite {
		t.Errorf("round trip: %v %+v", err, r)
	}
}

func TestIsWarning(t *testing.T) {
	for _, c := range []string{CodeAliasPrefix, CodeLegacyFormat, CodeMVNORange, CodePSBMiddle} {
		if !IsWarning(c) {
			t.Errorf("IsWarning(%q) = false", c)
		}
	}
	for _, c := range []string{CodeChecksum, CodeBirthDate, CodeFutureBirth, CodeFormat, CodeUnrecognised, CodePSBProvinceMismatch,
		CodeOrgCodeChecksum, CodeArea, "nope"} {
		if IsWarning(c) {
			t.Errorf("IsWarning(%q) = true", c)
		}
	}
}

func TestKindValues(t *testing.T) {
	got := []Kind{KindICPEntity, KindICPSite, KindICPLicence, KindVATS, KindPSB, KindUSCC, KindResidentID, KindMobile, KindUnknown}
	want := []string{"icp-entity", "icp-site", "icp-licence", "vats-licence", "psb", "uscc", "resident-id", "mobile", "unknown"}
	for i := range got {
		if string(got[i]) != want[i] {
			t.Errorf("kind %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	inputs := []string{
		"京ICP备11018762号-11", "京ＩＣＰ备１１０１８７６２号－１１", "粤B2-20090059-1626X", "晋公网安备14040302000255号",
		"91110105MA01XK3P6N", "110105199003071239", "+86 138-0013-8000", "hello",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Classify(inputs[i%len(inputs)])
	}
}
