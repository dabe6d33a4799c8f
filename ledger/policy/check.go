package policy

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Problem codes reported by [Policy.Check], stable across releases.
const (
	CodeTooShort         = "too-short"         // fewer than MinLen characters
	CodeTooLong          = "too-long"          // more than MaxLen characters
	CodeMissingUpper     = "missing-upper"     // Upper is required but absent
	CodeMissingLower     = "missing-lower"     // Lower is required but absent
	CodeMissingDigit     = "missing-digit"     // Digits is required but absent
	CodeMissingSymbol    = "missing-symbol"    // Symbols is required but absent
	CodeBadChar          = "bad-char"          // a character the policy does not allow
	CodeContainsPersonal = "contains-personal" // a phone number, date or name from Avoid
	CodeRepeated         = "repeated"          // 4 or more identical characters in a row
	CodeSequence         = "sequence"          // 4 or more ascending characters, like 1234 or abcd
)

// RunLimit is the length from which a run of identical characters
// ([CodeRepeated]) or of ascending characters ([CodeSequence]) is a problem.
const RunLimit = 4

// Problem is one reason why a password does not satisfy a policy. Code is
// one of the Code constants; Message is short lower-case English and never
// quotes the password.
type Problem struct {
	Code, Message string
}

// Avoid lists personal data that must not appear in a password.
type Avoid struct {
	// Phones are mobile (or other) numbers in any notation; only their
	// digits count and a leading 86/+86/0086 country code is dropped. The
	// whole number and its last six digits must not appear. Numbers with
	// fewer than six digits are ignored.
	Phones []string
	// Dates, such as birthdays, must not appear as YYYYMMDD, YYMMDD, MMDD
	// or DDMM. The calendar date is taken in each time's own location; zero
	// times are ignored.
	Dates []time.Time
	// Names in pinyin or Latin script must not appear, ignoring case. A
	// name is split at spaces, hyphens, dots and apostrophes; the parts
	// joined in the given and in reverse order ("zhangwei", "weizhang") and
	// each part are checked, if at least three letters long. Names with
	// non-ASCII characters (汉字, tone marks) are skipped: they cannot occur
	// in an ASCII password.
	Names []string
}

// avoidSet is an Avoid turned into the byte patterns to look for.
type avoidSet struct {
	phones, dates, names [][]byte // names are lower case
}

func addUnique(list [][]byte, s string) [][]byte {
	for _, b := range list {
		if string(b) == s {
			return list
		}
	}
	return append(list, []byte(s))
}

func compileAvoid(a Avoid) avoidSet {
	var s avoidSet
	for _, ph := range a.Phones {
		var d []byte
		for i := 0; i < len(ph); i++ {
			if isDigit(ph[i]) {
				d = append(d, ph[i])
			}
		}
		digits := string(d)
		if strings.HasPrefix(digits, "0086") && len(digits) > 12 {
			digits = digits[4:]
		} else if strings.HasPrefix(digits, "86") && len(digits) == 13 {
			digits = digits[2:]
		}
		if len(digits) < 6 {
			continue
		}
		s.phones = addUnique(s.phones, digits)
		s.phones = addUnique(s.phones, digits[len(digits)-6:])
	}
	for _, t := range a.Dates {
		if t.IsZero() {
			continue
		}
		y, m, d := t.Date()
		s.dates = addUnique(s.dates, fmt.Sprintf("%04d%02d%02d", y, m, d))
		s.dates = addUnique(s.dates, fmt.Sprintf("%02d%02d%02d", (y%100+100)%100, m, d))
		s.dates = addUnique(s.dates, fmt.Sprintf("%02d%02d", m, d))
		s.dates = addUnique(s.dates, fmt.Sprintf("%02d%02d", d, m))
	}
	for _, n := range a.Names {
		if !isASCII(n) {
			continue
		}
		parts := strings.FieldsFunc(strings.ToLower(n), func(r rune) bool {
			return r == ' ' || r == '-' || r == '.' || r == '\'' || r == '\t'
		})
		cands := []string{strings.Join(parts, "")}
		if len(parts) > 1 {
			rev := make([]string, len(parts))
			for i, p := range parts {
				rev[len(parts)-1-i] = p
			}
			cands = append(cands, strings.Join(rev, ""))
			cands = append(cands, parts...)
		}
		for _, c := range cands {
			if len(c) >= 3 {
				s.names = addUnique(s.names, c)
			}
		}
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func containsAny(pw []byte, pats [][]byte) bool {
	for _, p := range pats {
		if bytes.Contains(pw, p) {
			return true
		}
	}
	return false
}

// checker is a policy prepared for repeated checks.
type checker struct {
	p       Policy
	allowed [128]bool
	classes []charClass
}

func newChecker(p Policy) *checker {
	c := &checker{p: p, classes: p.classes()}
	for i := 0; i < 128; i++ {
		b := byte(i)
		switch {
		case isUpper(b):
			c.allowed[i] = p.Upper
		case isLower(b):
			c.allowed[i] = p.Lower
		case isDigit(b):
			c.allowed[i] = p.Digits
		}
	}
	if p.Symbols {
		sym := p.symbols()
		for i := 0; i < len(sym); i++ {
			if isSymbol(sym[i]) {
				c.allowed[sym[i]] = true
			}
		}
	}
	return c
}

// Check returns every problem the password has under the policy, in a
// stable order, or an empty (non-nil) slice when there is none. Length is
// counted in characters (UTF-8 runes). Check works on invalid policies too;
// it then reports what it can.
func (p Policy) Check(password []byte, avoid Avoid) []Problem {
	return newChecker(p).check(password, compileAvoid(avoid))
}

func (c *checker) check(pw []byte, av avoidSet) []Problem {
	probs := []Problem{}
	add := func(code, msg string) { probs = append(probs, Problem{Code: code, Message: msg}) }

	n := utf8.RuneCount(pw)
	if n < c.p.MinLen {
		add(CodeTooShort, fmt.Sprintf("shorter than %d characters", c.p.MinLen))
	}
	if n > c.p.MaxLen {
		add(CodeTooLong, fmt.Sprintf("longer than %d characters", c.p.MaxLen))
	}

	var hasUpper, hasLower, hasDigit, hasSymbol, badChar bool
	for _, b := range pw {
		if b >= utf8.RuneSelf || !c.allowed[b] {
			badChar = true
			continue
		}
		switch {
		case isUpper(b):
			hasUpper = true
		case isLower(b):
			hasLower = true
		case isDigit(b):
			hasDigit = true
		default:
			hasSymbol = true
		}
	}
	for _, cl := range c.classes {
		var present bool
		switch cl.code {
		case CodeMissingUpper:
			present = hasUpper
		case CodeMissingLower:
			present = hasLower
		case CodeMissingDigit:
			present = hasDigit
		case CodeMissingSymbol:
			present = hasSymbol
		}
		if !present {
			add(cl.code, cl.msg)
		}
	}
	if badChar {
		add(CodeBadChar, "contains characters the policy does not allow")
	}

	if containsAny(pw, av.phones) {
		add(CodeContainsPersonal, "contains a phone number")
	}
	if containsAny(pw, av.dates) {
		add(CodeContainsPersonal, "contains a personal date")
	}
	if len(av.names) > 0 {
		lower := bytes.ToLower(pw)
		if containsAny(lower, av.names) {
			add(CodeContainsPersonal, "contains a name")
		}
		clear(lower)
	}

	repeated, sequence := runs(pw)
	if repeated {
		add(CodeRepeated, fmt.Sprintf("%d or more identical characters in a row", RunLimit))
	}
	if sequence {
		add(CodeSequence, fmt.Sprintf("%d or more ascending characters in a row, like 1234 or abcd", RunLimit))
	}
	return probs
}

// seqKey places digits and letters (ignoring case) on a line so that
// ascending runs can be found; ok is false for other characters.
func seqKey(r rune) (group, key int, ok bool) {
	switch {
	case r >= '0' && r <= '9':
		return 1, int(r - '0'), true
	case r >= 'a' && r <= 'z':
		return 2, int(r - 'a'), true
	case r >= 'A' && r <= 'Z':
		return 2, int(r - 'A'), true
	}
	return 0, 0, false
}

// runs reports whether pw has RunLimit or more identical runes in a row and
// whether it has RunLimit or more ascending digits or letters in a row.
func runs(pw []byte) (repeated, sequence bool) {
	var prev rune = -1
	same, asc := 0, 0
	for i := 0; i < len(pw); {
		r, size := utf8.DecodeRune(pw[i:])
		i += size
		if r == prev {
			same++
		} else {
			same = 1
		}
		g1, k1, ok1 := seqKey(prev)
		g2, k2, ok2 := seqKey(r)
		if ok1 && ok2 && g1 == g2 && k2 == k1+1 {
			asc++
		} else {
			asc = 1
		}
		if same >= RunLimit {
			repeated = true
		}
		if asc >= RunLimit {
			sequence = true
		}
		prev = r
	}
	return repeated, sequence
}
