package ident

import (
	"regexp"
	"strings"
)

var (
	reMobileLike   = regexp.MustCompile(`^(?:\+?86)?\d{11}$`)
	reResidentLike = regexp.MustCompile(`^\d{17}[\dX]$`)
	reUSCC         = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$`)
	reAlnum18      = regexp.MustCompile(`^[0-9A-Z]{18}$`)
)

// Classify detects the kind of an identifier and validates it with the
// matching parser. Markers decide the ICP kinds (ICP备 with or without -N,
// ICP证, 公网安备, B2-). Among bare numbers: 11 digits (optionally +86) are a
// mobile number; 18 characters are a resident ID if the MOD 11-2 check and
// birth date pass, else a USCC if its mod-31 check passes; if both fail, an
// all-digit string with a plausible birth date is reported as an (invalid)
// resident ID and anything else as an (invalid) USCC; 15 digits are a legacy
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
			// Both checks failed. An all-digit shape with a plausible birth
			// date is most likely a mistyped resident ID; otherwise report it
			// as a credit code.
			if reResidentLike.MatchString(n) && !hasCode(id, CodeBirthDate) && !hasCode(id, CodeFutureBirth) {
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

func hasCode(r Result, code string) bool {
	for _, c := range r.Codes {
		if c == code {
			return true
		}
	}
	return false
}
