package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Record values are typed by people, imported from spreadsheets or merged
// from another writer's save: printed raw, "\x1b]0;…\x07" retitles the
// terminal, CSI sequences move the cursor, rewrite or hide earlier lines,
// and U+202E turns the rest of a line around. Human output shows such
// characters as visible escapes instead.

// unsafeRune reports whether r must not reach a terminal raw: C0 and C1
// controls, DEL, the bidirectional controls, and the line and paragraph
// separators.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// termSafe returns s with every unsafe character (a newline or tab in a
// value too: it would forge a line or break the columns) written as a
// visible escape: \x1b, \n, \u202e. An invalid UTF-8 byte is \xNN.
func termSafe(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// termSafeAll applies termSafe to each string.
func termSafeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = termSafe(s)
	}
	return out
}

// jsonSafe rewrites the characters encoding/json leaves raw that a
// terminal still acts on (DEL, C1 controls, bidirectional controls) as
// \u escapes. In JSON text such characters occur only inside strings,
// where the escape decodes to the same character, so the document means
// exactly what it meant. C0 controls are escaped by the encoder already.
func jsonSafe(b []byte) []byte {
	// Fast path: every such character starts with one of these bytes.
	if !slices.ContainsFunc(b, func(c byte) bool { return c == 0x7f || c == 0xc2 || c == 0xd8 || c == 0xe2 }) {
		return b
	}
	var out []byte
	last := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && r >= 0x7f && unsafeRune(r) {
			if out == nil {
				out = make([]byte, 0, len(b)+16)
			}
			out = append(out, b[last:i]...)
			out = fmt.Appendf(out, `\u%04x`, r)
			last = i + n
		}
		i += n
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// writeTermSafe writes a secret as termSafe would show it, without making
// a string of it when it needs no escapes (a string cannot be wiped).
func writeTermSafe(w io.Writer, b []byte) {
	if utf8.Valid(b) && !hasUnsafe(b) {
		w.Write(b)
		return
	}
	io.WriteString(w, termSafe(string(b)))
}

func hasUnsafe(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if unsafeRune(r) {
			return true
		}
		b = b[n:]
	}
	return false
}

// secretJSON is a revealed secret in JSON output: bytes the caller wipes,
// written as a JSON string without a Go string in between.
type secretJSON []byte

// MarshalJSON writes the bytes as a JSON string.
func (s secretJSON) MarshalJSON() ([]byte, error) {
	out := make([]byte, 0, len(s)+2)
	out = append(out, '"')
	for len(s) > 0 {
		r, n := utf8.DecodeRune(s)
		switch {
		case r == '"' || r == '\\':
			out = append(out, '\\', byte(r))
		case r == '\n':
			out = append(out, '\\', 'n')
		case r == '\r':
			out = append(out, '\\', 'r')
		case r == '\t':
			out = append(out, '\\', 't')
		case r == '\b':
			out = append(out, '\\', 'b')
		case r == '\f':
			out = append(out, '\\', 'f')
		case r < 0x20 || r == utf8.RuneError && n == 1: // an invalid byte is U+FFFD, as encoding/json writes it
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, s[:n]...)
		}
		s = s[n:]
	}
	return append(out, '"'), nil
}
