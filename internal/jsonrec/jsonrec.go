// Package jsonrec writes flat records (structs of strings, bools, ints,
// times, ledger dates, string lists and string pointers, embedded structs
// flattened) exactly as encoding/json does, from a field plan made once
// per type: one pass, no reflection per value beyond the field reads, no
// second pass to indent. The JSON export and the command line's --json
// lists use it; a type it cannot plan is left to encoding/json.
package jsonrec

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"beianledger/ledger"
)

// Style is how encoding/json would have been asked to write the record.
type Style struct {
	// Indented: as json.MarshalIndent(v, Prefix, "  "); else compact, as
	// json.Marshal.
	Indented bool
	Prefix   string
	// EscapeHTML: <, > and & as \u003c, \u003e, \u0026 (encoding/json's
	// default; an Encoder with SetEscapeHTML(false) leaves them).
	EscapeHTML bool
}

type fieldKind int

const (
	kString fieldKind = iota
	kBool
	kInt
	kTime
	kDate
	kStrings
	kStringPtr
)

type planField struct {
	name      string
	index     []int
	kind      fieldKind
	omitEmpty bool
}

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[ledger.Date]()
	plans    sync.Map // reflect.Type → []planField, nil when not plannable
)

// Planned reports whether records of struct type t are written here.
func Planned(t reflect.Type) bool { return planFor(t) != nil }

// planFor returns the fields of struct type t in encoding/json's order
// (declaration order, embedded structs' fields in their place), or nil
// when a field is of a kind the plan does not write.
func planFor(t reflect.Type) []planField {
	if p, ok := plans.Load(t); ok {
		return p.([]planField)
	}
	var fields []planField
	ok := addFields(&fields, t, nil)
	// Two fields of one name: encoding/json's rules of which one wins are
	// not followed here.
	names := map[string]bool{}
	for _, f := range fields {
		ok = ok && !names[f.name]
		names[f.name] = true
	}
	if !ok {
		fields = nil
	}
	plans.Store(t, fields)
	return fields
}

func addFields(out *[]planField, t reflect.Type, index []int) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		tag, hasTag := f.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		if f.Anonymous && !hasTag && f.Type.Kind() == reflect.Struct {
			if !addFields(out, f.Type, idx) {
				return false
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		if opts != "" && opts != "omitempty" {
			return false
		}
		jf := planField{name: name, index: idx, omitEmpty: opts == "omitempty"}
		switch {
		case f.Type == timeType:
			jf.kind = kTime
		case f.Type == dateType:
			jf.kind = kDate
		case f.Type.Kind() == reflect.String && f.Type.PkgPath() == "":
			jf.kind = kString
		case f.Type.Kind() == reflect.Bool && f.Type.PkgPath() == "":
			jf.kind = kBool
		case f.Type.Kind() == reflect.Int && f.Type.PkgPath() == "":
			jf.kind = kInt
		case f.Type == reflect.TypeFor[[]string]():
			jf.kind = kStrings
		case f.Type == reflect.TypeFor[*string]():
			jf.kind = kStringPtr
		default:
			return false
		}
		if jf.omitEmpty && jf.kind != kBool && jf.kind != kStringPtr && jf.kind != kString {
			return false // omitempty of a time or a Date means nothing to encoding/json either; keep it simple
		}
		*out = append(*out, jf)
	}
	return true
}

// Append appends the record v (a struct value) as encoding/json writes it
// in style st; ok is false, and nothing appended, when its type has no
// plan. err is encoding/json's error for a time it cannot write.
func Append(b []byte, v reflect.Value, st Style) (_ []byte, ok bool, err error) {
	plan := planFor(v.Type())
	if plan == nil {
		return b, false, nil
	}
	str := func(b []byte, s string) []byte { return appendString(b, s, st.EscapeHTML) }
	// newline starts a line at depth d (1: a field, 2: a list item).
	newline := func(b []byte, d int) []byte {
		if !st.Indented {
			return b
		}
		b = append(b, '\n')
		b = append(b, st.Prefix...)
		for range d {
			b = append(b, "  "...)
		}
		return b
	}
	start := len(b)
	b = append(b, '{')
	first := true
	for i := range plan {
		f := &plan[i]
		fv := v.FieldByIndex(f.index)
		if f.omitEmpty && (f.kind == kBool && !fv.Bool() || f.kind == kStringPtr && fv.IsNil() || f.kind == kString && fv.Len() == 0) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = newline(b, 1)
		b = str(b, f.name)
		b = append(b, ':')
		if st.Indented {
			b = append(b, ' ')
		}
		switch f.kind {
		case kString:
			b = str(b, fv.String())
		case kBool:
			if fv.Bool() {
				b = append(b, "true"...)
			} else {
				b = append(b, "false"...)
			}
		case kInt:
			b = strconv.AppendInt(b, fv.Int(), 10)
		case kTime:
			t := fv.Addr().Interface().(*time.Time)
			if y := t.Year(); y < 0 || y >= 10000 {
				_, err := t.MarshalJSON() // its error, as encoding/json gives it
				return b[:start], true, err
			}
			b = append(b, '"')
			b = t.AppendFormat(b, time.RFC3339Nano)
			b = append(b, '"')
		case kDate:
			b = str(b, fv.Addr().Interface().(*ledger.Date).String())
		case kStrings:
			switch {
			case fv.IsNil():
				b = append(b, "null"...)
			case fv.Len() == 0:
				b = append(b, "[]"...)
			default:
				b = append(b, '[')
				for j := range fv.Len() {
					if j > 0 {
						b = append(b, ',')
					}
					b = newline(b, 2)
					b = str(b, fv.Index(j).String())
				}
				b = newline(b, 1)
				b = append(b, ']')
			}
		case kStringPtr:
			if fv.IsNil() {
				b = append(b, "null"...)
			} else {
				b = str(b, fv.Elem().String())
			}
		}
	}
	if !first {
		b = newline(b, 0)
	}
	return append(b, '}'), true, nil
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as encoding/json writes a string: control
// characters escaped, with HTML escaping <, > and & as \u003c…, U+2028
// and U+2029 escaped, invalid UTF-8 as \ufffd.
func AppendString(b []byte, s string, escapeHTML bool) []byte { return appendString(b, s, escapeHTML) }

func appendString(b []byte, s string, escapeHTML bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!escapeHTML || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
