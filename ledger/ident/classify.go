package ident

import (
	"regexp"
	"strings"
)

var (
	reMobileLike   = regexp.MustCompile(`^(?:\+?86|0086)?\d{11}$`)
	reResidentLike = regexp.MustCompile(`^\d{17}[\dX]$`)
	reUSCC         = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$`)
	reAlnum18      = regexp.MustCompile(`^[0-9A-Z]{18}$`)
)

// Classify detects the kind of an identifier and validates it with the
// matching parser. Markers decide the ICP kinds (ICP备 with or without -N,
// ICP证, 公网安备, B2-). Among bare numbers: 11 digits (optionally +86 or
// 0086) are a mobile number; 18 characters are a resident ID if the MOD 11-2
// check and birth date pass, else a USCC if its mod-31 check passes; if
// both fail, a string that reads as a resident ID (a province's address
// code, a birth year 19xx/20xx) is reported as an (invalid) resident ID —
// also when its date is impossible — and anything else as an (invalid) USCC; 15 digits are a legacy
// resident ID if the YYMMDD date is valid, else a legacy 注册号 (KindUSCC).
// Anything else is KindUnknown with Valid false.
func Classify(s string) Result {
	n := Normalize(s)
	switch {
	case n == "":
		b := newBuilder(s, KindUnknown)
		b.errorf(CodeEmpty, "the input is empty")
		return b.result()
	case len(n) > maxLen:
		b := newBuilder(s, KindUnknown)
		b.errorf(CodeUnrecognised, "not a recognised identifier")
		return b.result()
	case strings.Contains(n, "ICP证"):
		return ParseICPLicence(s)
	case strings.Contains(n, "ICP"):
		if strings.Contains(n, "-") {
			return ParseICPSite(s)
		}
		return ParseICPEntity(s)
	case strings.Contains(n, "公网安备"):
		return ParsePSB(s)
	case strings.Contains(n, "B2-"):
		return ParseVATS(s)
	}
	if reMobileLike.MatchString(strings.ReplaceAll(n, "-", "")) {
		return ParseMobile(s)
	}
	switch {
	case len(n) == 18:
		id := ParseResidentID(s)
		if id.Valid {
			return id
		}
		u := ParseUSCC(s)
		if u.Valid {
			return u
		}
		if reUSCC.MatchString(n) {
			// Both checks failed. A string that reads as a resident ID (17
			// digits and a digit or X, a province's area code, a birth year
			// 19xx or 20xx) is reported as a faulty ID — its date may be
			// impossible or its check digit wrong; otherwise as a credit
			// code.
			if readsAsResident(n) {
				return id
			}
			return u
		}
		if reAlnum18.MatchString(n) {
			return u
		}
	case len(n) == 15 && allDigits(n):
		if validYYMMDD(n) {
			return ParseResidentID(s)
		}
		return ParseUSCC(s)
	}
	b := newBuilder(s, KindUnknown)
	b.errorf(CodeUnrecognised, "not a recognised identifier")
	return b.result()
}

// readsAsResident reports whether an 18-character string has the shape of
// a resident ID: digits with a final digit or X, a province's address code
// and a birth year in 1900–2099.
func readsAsResident(n string) bool {
	if !reResidentLike.MatchString(n) {
		return false
	}
	if _, ok := ProvinceByCode(n[:6]); !ok {
		return false
	}
	return n[6:8] == "19" || n[6:8] == "20"
}

func hasCode(r Result, code string) bool {
	for _, c := range r.Codes {
		if c == code {
			return true
		}
	}
	return false
}
