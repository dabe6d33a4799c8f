package policy

import (
	"bytes"
	"math"
	"unicode"
	"unicode/utf8"
)

// Strength labels returned by [Strength].
const (
	LabelWeak   = "weak"   // below 40 bits
	LabelFair   = "fair"   // 40 to below 60 bits
	LabelGood   = "good"   // 60 to below 80 bits
	LabelStrong = "strong" // 80 bits and more
)

// Bits given to characters outside ASCII by [Strength].
const (
	// CJKBits is the estimate for a Han, kana or Hangul character, about
	// log2 of the few thousand characters in everyday use.
	CJKBits = 11.0
	// OtherRuneBits is the estimate for any other non-ASCII character.
	OtherRuneBits = 8.0
)

// maxBlock is the longest repeated block Strength looks for.
const maxBlock = 64

// commonBits is the cost of a word from commonWords: log2 of a list of a
// few dozen entries, rounded up.
const commonBits = 6.0

// commonWords are very common passwords and password fragments, in lower
// case. Strength also finds them written with l33t substitutions.
var commonWords = []string{
	"password", "passwd", "admin", "root", "login", "welcome", "letmein",
	"iloveyou", "monkey", "dragon", "master", "shadow", "sunshine",
	"princess", "football", "baseball", "superman", "secret", "changeme",
	"hello", "guest", "test", "love", "qwerty", "qwertyuiop", "asdfgh",
	"asdf", "zxcvbn", "zxcv", "1qaz2wsx", "qazwsx", "1q2w3e4r", "abc123",
	"123456", "654321", "123123", "111111", "000000", "666666", "888888",
	"5201314", "woaini", "aini", "beian", "icp", "miit", "aliyun", "tencent",
	"baidu", "huawei", "china", "123qwe", "qweasd",
}

var leet = map[byte]byte{
	'0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't',
	'@': 'a', '$': 's', '!': 'i', '|': 'l', '+': 't',
}

// Strength estimates the strength of a user-typed password or passphrase in
// bits and labels it: "weak" (below 40 bits), "fair" (below 60), "good"
// (below 80) or "strong".
//
// It is a rough estimate for a strength meter, not a measurement, and errs
// towards optimism for long natural-language phrases. Each ASCII character
// counts log2 of the combined size of the classes present (lower, upper,
// digits, symbols, space); each CJK character counts [CJKBits] and any other
// non-ASCII character [OtherRuneBits]. Runs of identical characters, runs
// such as 1234 or cba, repeated blocks (abcabc, 备案备案), 8-digit dates
// (19900307), years (1990), mobile numbers and very common passwords (also
// in l33t spelling such as p@ssw0rd) count only a few bits each.
func Strength(password []byte) (bits float64, label string) {
	rs := bytes.Runes(password)
	defer clear(rs)
	if len(rs) == 0 {
		return 0, LabelWeak
	}

	pool := 0
	var lower, upper, digit, symbol, space bool
	for _, r := range rs {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case r == ' ':
			space = true
		case r < utf8.RuneSelf:
			symbol = true
		}
	}
	for _, c := range []struct {
		on   bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {space, 1}} {
		if c.on {
			pool += c.size
		}
	}
	asciiBits := 0.0
	if pool > 1 {
		asciiBits = math.Log2(float64(pool))
	}

	b := make([]float64, len(rs))
	for i, r := range rs {
		switch {
		case r < utf8.RuneSelf:
			b[i] = asciiBits
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			b[i] = CJKBits
		default:
			b[i] = OtherRuneBits
		}
	}
	// capSpan limits the bits of rs[s:e] to most, charged to rs[s].
	capSpan := func(s, e int, most float64) {
		sum := 0.0
		for _, v := range b[s:e] {
			sum += v
		}
		if sum > most {
			b[s] = most
			clear(b[s+1 : e])
		}
	}

	// Runs of one character: the first one and the run length.
	for s := 0; s < len(rs); {
		e := s + 1
		for e < len(rs) && rs[e] == rs[s] {
			e++
		}
		if e-s >= 2 {
			capSpan(s, e, b[s]+math.Log2(float64(e-s)))
		}
		s = e
	}
	// Ascending or descending runs of digits or letters: the first
	// character, the direction and the length.
	for s := 0; s+2 < len(rs); {
		g0, k0, ok0 := seqKey(rs[s])
		g1, k1, ok1 := seqKey(rs[s+1])
		d := k1 - k0
		if !ok0 || !ok1 || g0 != g1 || (d != 1 && d != -1) {
			s++
			continue
		}
		e := s + 2
		for e < len(rs) {
			g, k, ok := seqKey(rs[e])
			_, kp, _ := seqKey(rs[e-1])
			if !ok || g != g0 || k-kp != d {
				break
			}
			e++
		}
		if e-s >= 3 {
			capSpan(s, e, b[s]+1+math.Log2(float64(e-s)))
		}
		s = e - 1
	}
	// Repeated blocks: rs[j] == rs[j-q] over at least one whole block.
	for q := 2; q <= min(len(rs)/2, maxBlock); q++ {
		for s := q; s < len(rs); {
			if rs[s] != rs[s-q] {
				s++
				continue
			}
			e := s
			for e < len(rs) && rs[e] == rs[e-q] {
				e++
			}
			if e-s >= q {
				capSpan(s, e, 1+math.Log2(float64((e-s)/q)))
			}
			s = e
		}
	}
	// Dates and mobile numbers in digit runs.
	for s := 0; s < len(rs); {
		e := s
		for e < len(rs) && rs[e] >= '0' && rs[e] <= '9' {
			e++
		}
		if e == s {
			s++
			continue
		}
		for i := s; i+8 <= e; i++ {
			if isDate8(rs[i : i+8]) {
				capSpan(i, i+8, 15)
			}
		}
		for i := s; i+4 <= e; i++ {
			if y := digitsValue(rs[i : i+4]); y >= 1900 && y <= 2099 {
				capSpan(i, i+4, 8)
			}
		}
		for i := s; i+11 <= e; i++ {
			if rs[i] == '1' && rs[i+1] >= '3' {
				capSpan(i, i+11, 27)
			}
		}
		s = e
	}
	// Common passwords, as typed and in l33t spelling.
	plain := make([]byte, len(rs))
	unleet := make([]byte, len(rs))
	defer clear(plain)
	defer clear(unleet)
	for i, r := range rs {
		c := byte(0)
		if r < utf8.RuneSelf {
			c = byte(unicode.ToLower(r))
		}
		plain[i] = c
		if l, ok := leet[c]; ok {
			c = l
		}
		unleet[i] = c
	}
	for _, w := range commonWords {
		for _, text := range [][]byte{plain, unleet} {
			for off := 0; ; {
				i := bytes.Index(text[off:], []byte(w))
				if i < 0 {
					break
				}
				capSpan(off+i, off+i+len(w), commonBits)
				off += i + 1
			}
		}
	}

	for _, v := range b {
		bits += v
	}
	switch {
	case bits < 40:
		label = LabelWeak
	case bits < 60:
		label = LabelFair
	case bits < 80:
		label = LabelGood
	default:
		label = LabelStrong
	}
	return bits, label
}

// digitsValue returns the value of a run of ASCII digits.
func digitsValue(d []rune) int {
	v := 0
	for _, r := range d {
		v = v*10 + int(r-'0')
	}
	return v
}

// isDate8 reports whether d is a plausible YYYYMMDD date from 1900–2099.
func isDate8(d []rune) bool {
	y, m, day := digitsValue(d[:4]), digitsValue(d[4:6]), digitsValue(d[6:])
	return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && day >= 1 && day <= 31
}
