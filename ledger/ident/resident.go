package ident

import (
	"fmt"
	"time"
)

var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const residentCheck = "10X98765432"

// ResidentIDCheckChar computes the check character (a digit or 'X') of an
// 18-character resident ID number from its first 17 digits (GB 11643,
// ISO 7064 MOD 11-2).
func ResidentIDCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 || !allDigits(first17) {
		return 0, fmt.Errorf("ident: resident ID check needs 17 digits")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * residentWeights[i]
	}
	return residentCheck[sum%11], nil
}

// ParseResidentID parses a resident ID number (居民身份证号码). An 18-character
// number must pass the MOD 11-2 check; its birth date must be a real date,
// not before 1900 and not in the future. Sex comes from the 17th digit (odd =
// male). A 15-digit legacy number (YYMMDD, read as 19YY) is valid with Legacy
// set, a warning, and its 18-digit form in Canonical.
func ParseResidentID(s string) Result {
	b := newBuilder(s, KindResidentID)
	n := b.r.Normalized
	switch {
	case n == "":
		b.errorf(CodeEmpty, "the input is empty")
		return b.result()
	case b.tooLong():
		return b.result()
	case len(n) == 15 && allDigits(n):
		y, m, d := 1900+atoi(n[6:8]), atoi(n[8:10]), atoi(n[10:12])
		if !b.birth(y, m, d) {
			return b.result()
		}
		b.r.Legacy = true
		b.warnf(CodeLegacyFormat, "15-digit resident ID numbers are an old format; the 18-digit form is %s", upgradeResidentID(n))
		b.r.Canonical = upgradeResidentID(n)
		b.r.Sex = sexOf(n[14])
		b.setArea(n[:6])
		return b.result()
	case len(n) != 18 || !allDigits(n[:17]) || !(n[17] == 'X' || n[17] >= '0' && n[17] <= '9'):
		b.errorf(CodeFormat, "a resident ID number has 17 digits and a final digit or X")
		return b.result()
	}
	b.birth(atoi(n[6:10]), atoi(n[10:12]), atoi(n[12:14]))
	if want, _ := ResidentIDCheckChar(n[:17]); n[17] != want {
		b.errorf(CodeChecksum, "the check character should be %c, not %c", want, n[17])
	}
	if b.failed {
		return b.result()
	}
	b.r.Sex = sexOf(n[16])
	b.setArea(n[:6])
	return b.result()
}

// birth validates and records a birth date.
func (b *builder) birth(y, m, d int) bool {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		b.errorf(CodeBirthDate, "the birth date %04d-%02d-%02d is not a valid date", y, m, d)
		return false
	}
	ny, nm, nd := now().Date()
	if t.After(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)) {
		b.errorf(CodeFutureBirth, "the birth date %s is in the future", t.Format(time.DateOnly))
		return false
	}
	b.r.Birth = t.Format(time.DateOnly)
	return true
}

// validYYMMDD reports whether a 15-digit number holds a valid 19YYMMDD date.
func validYYMMDD(n string) bool {
	t := newBuilder("", KindResidentID)
	return t.birth(1900+atoi(n[6:8]), atoi(n[8:10]), atoi(n[10:12]))
}

func upgradeResidentID(n15 string) string {
	first := n15[:6] + "19" + n15[6:]
	c, _ := ResidentIDCheckChar(first)
	return first + string(c)
}

func sexOf(c byte) string {
	if (c-'0')%2 == 1 {
		return "M"
	}
	return "F"
}
