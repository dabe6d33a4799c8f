package ident

import (
	"strings"
	"unicode"
)

// Normalize cleans up an identifier as typed or pasted by a user: it removes
// all whitespace (including U+3000 and zero-width characters), converts
// full-width ASCII (U+FF01–U+FF5E) to ASCII, maps dash variants (－—– etc.)
// to "-", reads the traditional 備 and 號 as 备 and 号, and upper-cases
// ASCII letters. Other characters, Chinese included,
// are kept. Normalize is idempotent.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || isInvisible(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case isDash(r):
			r = '-'
		case r == '備': // traditional forms, as typed on a traditional-Chinese keyboard
			r = '备'
		case r == '號':
			r = '号'
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isInvisible reports format characters that often hide in pasted text.
func isInvisible(r rune) bool {
	switch r {
	case 0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return false
}

// isDash reports dash-like characters other than the ASCII hyphen-minus.
func isDash(r rune) bool {
	switch r {
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63:
		return true
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short all-digit string; callers guarantee the digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
