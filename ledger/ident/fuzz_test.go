package ident

import "testing"

func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"", " ", "\u3000", "京ICP备11018762号", "京ICP备11018762号-11", "蜀ICP备08088888号", "黔ICP备2021008357号",
		"川ICP备09150084号", "贵ICP备2021004806号-1", "粤B2-20090059-1626X", "浙B2-20080101", "合字B1.B2-20090001",
		"京ICP证150437号", "京ICP证030173号-1", "晋公网安备14040302000255号", "京公网安备110105005926",
		"京ＩＣＰ备１１０１８７６２号－１１", " 京icp备11018762号 ", "京ICP备11018762-1",
		"91110105MA01XK3P6N", "1244030045575890XR", "51310000500002176N", "91110105MA01XK3P60", "110105000123456",
		"110105199003071239", "44010619851231046X", "510107200002295516", "11010519491231002X", "110105900307123",
		"13800138000", "+86 138-0013-8000", "17012345678", "hello", "\xff", "ICP备-", "公网安备号", "B2--",
	} {
		f.Add(s)
	}
	parsers := []func(string) Result{
		ParseICPEntity, ParseICPSite, ParseICPLicence, ParseVATS, ParsePSB, ParseUSCC, ParseResidentID, ParseMobile,
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		r := Classify(s)
		checkInvariants(t, r)
		for _, p := range parsers {
			checkInvariants(t, p(s))
		}
		EntityOfSite(s)
		SiteMatchesEntity(s, s)
		if !r.Valid {
			return
		}
		r2 := Classify(r.Normalized)
		if r2.Normalized != r.Normalized || r2.Kind != r.Kind || !r2.Valid {
			t.Fatalf("Classify(%q) = %s %q; Classify of that = %s %q valid=%v", s, r.Kind, r.Normalized, r2.Kind, r2.Normalized, r2.Valid)
		}
		if r.Canonical != "" {
			if c := Classify(r.Canonical); !c.Valid || c.Kind != r.Kind {
				t.Fatalf("canonical %q of %q: %s valid=%v %q", r.Canonical, s, c.Kind, c.Valid, c.Problems)
			}
		}
	})
}

func checkInvariants(t *testing.T, r Result) {
	t.Helper()
	if r.Problems == nil || r.Codes == nil || len(r.Problems) != len(r.Codes) {
		t.Fatalf("%q: bad problems %q / codes %q", r.Input, r.Problems, r.Codes)
	}
	if !r.Valid && len(r.Problems) == 0 {
		t.Fatalf("%q: invalid without problems", r.Input)
	}
	for _, c := range r.Codes {
		if r.Valid && !IsWarning(c) {
			t.Fatalf("%q: valid with error code %q", r.Input, c)
		}
	}
}
