package remind

import (
	"strconv"
	"unicode/utf8"

	"beianledger/internal/jsonrec"
	"beianledger/ledger"
)

// AppendJSON appends it as encoding/json writes it with HTML escaping off,
// byte for byte, several times faster: `due --json` writes tens of
// thousands of items at 10,000 sites, and reflection took as long as the
// rules. TestAppendJSONMatchesEncoding holds the two equal; a field added
// to Item must be added here.
func (it *Item) AppendJSON(b []byte) []byte {
	str := appendString
	if it.plain != 0 && it.plain == plainSig(it) {
		str = appendPlain // see plain.go
	}
	b = append(b, `{"kind":`...)
	b = str(b, it.Kind)
	b = append(b, `,"due":`...)
	b = appendDate(b, it.Due)
	b = append(b, `,"start":`...)
	b = appendDate(b, it.Start)
	b = append(b, `,"state":`...)
	b = str(b, it.State)
	b = append(b, `,"site":`...)
	b = str(b, it.Site)
	b = append(b, `,"subject":`...)
	b = str(b, it.Subject)
	b = append(b, `,"subject_zh":`...)
	b = str(b, it.SubjectZH)
	b = append(b, `,"why":`...)
	b = str(b, it.Why)
	b = append(b, `,"why_zh":`...)
	b = str(b, it.WhyZH)
	b = append(b, `,"basis":`...)
	b = str(b, it.Basis)
	b = append(b, `,"source":`...)
	b = str(b, it.Source)
	b = append(b, `,"days_left":`...)
	b = strconv.AppendInt(b, int64(it.DaysLeft), 10)
	b = append(b, `,"key":`...)
	b = str(b, it.Key)
	b = append(b, `,"site_id":`...)
	b = str(b, it.SiteID)
	b = append(b, `,"entity_id":`...)
	b = str(b, it.EntityID)
	b = append(b, `,"credential_id":`...)
	b = str(b, it.CredentialID)
	b = append(b, `,"contact_id":`...)
	b = str(b, it.ContactID)
	return append(b, '}')
}

// appendPlain writes a string known to need no escaping.
func appendPlain(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendDate writes a date as ledger.Date's MarshalJSON does.
func appendDate(b []byte, d ledger.Date) []byte {
	if d.Y < 1 || d.Y > 9999 || d.M < 1 || d.M > 12 || d.D < 1 || d.D > 31 {
		return appendString(b, d.String()) // zero, or a form the fast path does not cover
	}
	b = append(b, '"')
	b = append(b, byte('0'+d.Y/1000), byte('0'+d.Y/100%10), byte('0'+d.Y/10%10), byte('0'+d.Y%10), '-')
	b = append(b, byte('0'+d.M/10), byte('0'+d.M%10), '-', byte('0'+d.D/10), byte('0'+d.D%10))
	return append(b, '"')
}

// appendString writes s as a JSON string the way encoding/json does with
// HTML escaping off: control characters escaped, invalid UTF-8 replaced by
// U+FFFD, and U+2028/U+2029 escaped for JavaScript.
func appendString(b []byte, s string) []byte {
	if plainJSON(s) {
		return appendPlain(b, s)
	}
	return jsonrec.AppendString(b, s, false)
}

// plainJSON reports whether s goes into a JSON string as it is: valid
// UTF-8 with no control character, quote, backslash or U+2028/U+2029. It
// is one pass, eight ASCII bytes at a time and three-byte sequences (most
// Chinese) inline: it used to take most of the JSON's time. A false "not
// plain" costs only speed (appendString's escaping loop is exact), a false
// "plain" would write bad JSON; FuzzAppendString holds it to encoding/json.
func plainJSON(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if i+8 <= len(s) {
				x := uint64(c) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
					uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
				if x&highs == 0 {
					// Every byte is below 0x80, so a subtraction sets a
					// byte's high bit only where that byte is below the
					// subtrahend (or where a lower byte already was): x-0x20
					// finds control characters, q-1 and bs-1 find quotes and
					// backslashes.
					q, bs := x^(ones*'"'), x^(ones*'\\')
					if ((x-ones*0x20)|(q-ones)|(bs-ones))&highs != 0 {
						return false
					}
					i += 8
					continue
				}
			}
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		if c >= 0xE0 && c < 0xF0 && i+2 < len(s) {
			c1, c2 := s[i+1], s[i+2]
			if c2&0xC0 != 0x80 {
				return false
			}
			switch c {
			case 0xE0: // no overlong forms
				if c1 < 0xA0 || c1 > 0xBF {
					return false
				}
			case 0xED: // no surrogates
				if c1 < 0x80 || c1 > 0x9F {
					return false
				}
			case 0xE2: // U+2028 and U+2029 are escaped
				if c1&0xC0 != 0x80 || c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9) {
					return false
				}
			default:
				if c1&0xC0 != 0x80 {
					return false
				}
			}
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

// AppendJSONString appends s as a JSON string exactly as encoding/json
// writes it with HTML escaping off (for other types that write their own
// JSON, such as the notify report).
func AppendJSONString(b []byte, s string) []byte { return appendString(b, s) }
