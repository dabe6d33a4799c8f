package ident

import (
	"regexp"
	"strings"
)

var reMobile = regexp.MustCompile(`^(?:\+?86|0086)?(1[3-9]\d{9})$`)

// mvnoRanges are the commonly named MVNO / new ranges that may not receive
// the 12381 SMS (domain.md §2.3, unverified, so only a warning).
var mvnoRanges = map[string]bool{"162": true, "165": true, "167": true, "170": true, "171": true}

// ParseMobile parses a mainland mobile number, optionally with +86, 86 or 0086 and
// with dashes or spaces inside. Normalized is the bare 11-digit number.
// Numbers in the 162/165/167/170/171 ranges are valid with a warning.
func ParseMobile(s string) Result {
	b := newBuilder(s, KindMobile)
	n := strings.ReplaceAll(b.r.Normalized, "-", "")
	b.r.Normalized = n
	if n == "" {
		b.errorf(CodeEmpty, "the input is empty")
		return b.result()
	}
	if b.tooLong() {
		return b.result()
	}
	m := reMobile.FindStringSubmatch(n)
	if m == nil {
		b.errorf(CodeFormat, "a mainland mobile number has 11 digits and starts with 1 (13–19)")
		return b.result()
	}
	b.r.Normalized = m[1]
	if mvnoRanges[m[1][:3]] {
		b.warnf(CodeMVNORange, "the %s range is a virtual-operator range that may not receive the 12381 verification SMS", m[1][:3])
	}
	return b.result()
}
