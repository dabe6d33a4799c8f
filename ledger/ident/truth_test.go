package ident

import (
	"slices"
	"testing"
)

// TestReviewFixes replays what a review of the checks found wrong
// (issue "what the app tells users is true", identifier checks); each
// case failed before the fix.
func TestReviewFixes(t *testing.T) {
	// An 18-digit string that reads as a resident ID (Beijing Chaoyang,
	// born 1990) with an impossible date is a faulty ID, not a "USCC".
	if r := Classify("110105199002301235"); r.Kind != KindResidentID || r.Valid || !slices.Contains(r.Codes, CodeBirthDate) {
		t.Errorf("impossible date: %s %v %v", r.Kind, r.Valid, r.Codes)
	}
	// A wrong check digit too.
	if r := Classify("110105199003071238"); r.Kind != KindResidentID || r.Valid || !slices.Contains(r.Codes, CodeChecksum) {
		t.Errorf("wrong check digit: %s %v %v", r.Kind, r.Valid, r.Codes)
	}
	// A mobile written with the 0086 international prefix.
	for _, in := range []string{"008613800138000", "0086-138-0013-8000", "+86 138 0013 8000"} {
		if r := Classify(in); r.Kind != KindMobile || !r.Valid || r.Normalized != "13800138000" {
			t.Errorf("%q: %s %v %q %v", in, r.Kind, r.Valid, r.Normalized, r.Problems)
		}
	}
	// Site indexes start at 1.
	for _, in := range []string{"京ICP备11018762号-0", "京ICP备11018762号-00", "京ICP证030173号-0"} {
		if r := Classify(in); r.Valid || !slices.Contains(r.Codes, CodeSiteIndex) {
			t.Errorf("%q: valid %v codes %v", in, r.Valid, r.Codes)
		}
	}
	// Traditional 備 and 號 as typed on a traditional-Chinese keyboard.
	if r := Classify("京ICP備11018762號-1"); !r.Valid || r.Normalized != "京ICP备11018762号-1" {
		t.Errorf("traditional: %v %q %v", r.Valid, r.Normalized, r.Problems)
	}
	// Two-digit years are approximate; four-digit ones are not.
	if r := ParseICPEntity("京ICP备11018762号"); r.Year != 2011 || !r.YearApprox {
		t.Errorf("8 digits: year %d approx %v", r.Year, r.YearApprox)
	}
	if r := ParseICPEntity("黔ICP备2021008357号"); r.Year != 2021 || r.YearApprox {
		t.Errorf("10 digits: year %d approx %v", r.Year, r.YearApprox)
	}
	// 川ICP备… : the footer should read 蜀ICP备…, with the number as a
	// message argument for the UI.
	r := ParseICPSite("川ICP备09150084号-1")
	if i := slices.Index(r.Codes, CodeAliasPrefix); i < 0 || !slices.Equal(r.Args[i], []string{"川", "蜀ICP备09150084号-1"}) {
		t.Errorf("alias: %v %v", r.Codes, r.Args)
	}
	// Every problem has its arguments, invalid results too.
	for _, in := range []string{"", "x", "京ICP备1号", "91110105MA01XK3P60", "1380013800", "京公网安备44030502000001号", "川ICP备09150084号"} {
		r := Classify(in)
		if len(r.Args) != len(r.Codes) || len(r.Codes) != len(r.Problems) {
			t.Errorf("%q: %d codes, %d args, %d problems", in, len(r.Codes), len(r.Args), len(r.Problems))
		}
	}
}
