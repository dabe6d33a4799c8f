package ident

import (
	"errors"
	"fmt"
	"strings"
)

// usccCharset is the GB 32100 character set; a character's value is its index.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^(i-1) mod 31 for positions 1–17.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are the GB 11714 weights for the 8 body characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// usccDepartments maps position 1 to the registration department.
var usccDepartments = map[byte]string{
	'1': "机构编制", '2': "外交", '3': "司法行政", '4': "文化", '5': "民政", '6': "旅游",
	'7': "宗教", '8': "工会", '9': "工商/市场监管", 'A': "军委编制", 'N': "农业", 'Y': "其他",
}

// usccOrgTypes maps positions 1–2 to the organisation type, where known.
var usccOrgTypes = map[string]string{
	"91": "企业", "92": "个体工商户", "93": "农民专业合作社",
	"51": "社会团体", "52": "民办非企业单位", "53": "基金会", "59": "其他",
	"11": "机关", "12": "事业单位",
}

// USCCCheckChar computes the check character (position 18) of a unified
// social credit code from its first 17 characters (GB 32100, mod 31). The
// characters must be upper case and from 0-9A-Y without I, O, S, V, Z.
func USCCCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("ident: USCC check needs 17 characters, got %d bytes", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccCharset, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("ident: character %q at position %d is not in the USCC character set", first17[i], i+1)
		}
		sum += v * usccWeights[i]
	}
	return usccCharset[(31-sum%31)%31], nil
}

// OrgCodeCheckChar computes the GB 11714 organisation-code check character
// from the 8 body characters (digits or upper-case letters, A=10 … Z=35).
// The result is a digit or 'X'.
func OrgCodeCheckChar(first8 string) (byte, error) {
	if len(first8) != 8 {
		return 0, errors.New("ident: organisation code check needs 8 characters")
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := first8[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0, fmt.Errorf("ident: character %q is not allowed in an organisation code", c)
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', nil
	case 11:
		return '0', nil
	default:
		return byte('0' + c), nil
	}
}

// ParseUSCC parses a unified social credit code (统一社会信用代码). The mod-31
// check character must be right, the inner GB 11714 organisation-code
// check (positions 9–17) must pass, and positions 3–8 must start with a
// province's code (or be 100000, the national level). An old 15-digit business
// registration number (注册号) is valid with Legacy set and a warning.
func ParseUSCC(s string) Result {
	b := newBuilder(s, KindUSCC)
	n := b.r.Normalized
	if n == "" {
		b.errorf(CodeEmpty, "the input is empty")
		return b.result()
	}
	if b.tooLong() {
		return b.result()
	}
	if len(n) == 15 && allDigits(n) {
		b.r.Legacy = true
		b.warnf(CodeLegacyFormat, "a 15-digit registration number (注册号) is an old format; the 18-character credit code replaced it")
		b.setArea(n[:6])
		return b.result()
	}
	if len(n) != 18 {
		b.errorf(CodeLength, "a unified social credit code has 18 characters, not %d", len([]rune(n)))
		return b.result()
	}
	for i := 0; i < 18; i++ {
		c := n[i]
		if strings.IndexByte(usccCharset, c) < 0 {
			b.errorf(CodeCharset, "character %d is not allowed (only 0-9 and A-Y without I, O, S, V, Z)", i+1)
			return b.result()
		}
		if i >= 2 && i < 8 && (c < '0' || c > '9') {
			b.errorf(CodeFormat, "characters 3–8 must be digits (the area code)")
			return b.result()
		}
	}
	want, _ := USCCCheckChar(n[:17]) // charset checked above
	if n[17] != want {
		b.errorf(CodeChecksum, "the check character should be %c, not %c", want, n[17])
		return b.result()
	}
	if oc, err := OrgCodeCheckChar(n[8:16]); err != nil || oc != n[16] {
		b.errorf(CodeOrgCodeChecksum, "the organisation code %s inside fails its GB 11714 check", n[8:17])
	}
	if _, ok := ProvinceByCode(n[2:8]); !ok && n[2:8] != "100000" {
		// 100000 is the national level (central bodies).
		b.errorf(CodeArea, "characters 3–8 (%s) are not an administrative-division code", n[2:8])
	}
	if d, ok := usccDepartments[n[0]]; ok {
		b.r.Department = d
	} else {
		b.warnf(CodeDepartment, "registration department %c is not a known one", n[0])
	}
	b.r.OrgType = usccOrgTypes[n[:2]]
	b.setArea(n[2:8])
	return b.result()
}

// setArea records a 6-digit GB/T 2260 area code and its province, if any.
func (b *builder) setArea(area string) {
	b.r.Area = area
	if p, ok := ProvinceByCode(area); ok {
		b.setProvince(p)
	}
}
