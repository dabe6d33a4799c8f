package tabular

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"beianledger/ledger"
)

// The JSON export's records are written by a field plan made once per
// type instead of json.MarshalIndent per record, which encoded each record
// and then re-read it to indent it: at 10,000 sites that was a quarter of
// the export's time. The bytes are encoding/json's (HTML escaping on, the
// export's indent); TestJSONExportStreamed compares the two on the demo
// ledger and on text that needs escaping. A type with a field the plan
// does not know is written by encoding/json as before.

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
	key       []byte // `"name": `
	index     []int
	kind      fieldKind
	omitEmpty bool
}

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[ledger.Date]()
	plans    sync.Map // reflect.Type → []planField, nil when not plannable
)

// planFor returns the fields of struct type t in encoding/json's order
// (declaration order, embedded structs' fields in their place), or nil
// when a field is of a kind the plan does not write.
func planFor(t reflect.Type) []planField {
	if p, ok := plans.Load(t); ok {
		return p.([]planField)
	}
	var fields []planField
	ok := addFields(&fields, t, nil)
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
		jf := planField{key: appendJSONString(nil, name), index: idx, omitEmpty: opts == "omitempty"}
		jf.key = append(jf.key, ':', ' ')
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

// appendRecord appends the record v points to as MarshalIndent(v,
// prefix, "  ") writes it; ok is false when its type has no plan.
func appendRecord(b []byte, v reflect.Value, prefix string) (_ []byte, ok bool, err error) {
	plan := planFor(v.Type())
	if plan == nil {
		return b, false, nil
	}
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
		b = append(b, '\n')
		b = append(b, prefix...)
		b = append(b, "  "...)
		b = append(b, f.key...)
		switch f.kind {
		case kString:
			b = appendJSONString(b, fv.String())
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
				return b, true, err
			}
			b = append(b, '"')
			b = t.AppendFormat(b, time.RFC3339Nano)
			b = append(b, '"')
		case kDate:
			b = appendJSONString(b, fv.Addr().Interface().(*ledger.Date).String())
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
					b = append(b, '\n')
					b = append(b, prefix...)
					b = append(b, "    "...)
					b = appendJSONString(b, fv.Index(j).String())
				}
				b = append(b, '\n')
				b = append(b, prefix...)
				b = append(b, "  ]"...)
			}
		case kStringPtr:
			if fv.IsNil() {
				b = append(b, "null"...)
			} else {
				b = appendJSONString(b, fv.Elem().String())
			}
		}
	}
	if !first {
		b = append(b, '\n')
		b = append(b, prefix...)
	}
	return append(b, '}'), true, nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json writes a string with HTML
// escaping on: <, > and & as \u003c…, U+2028 and U+2029 escaped, invalid
// UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
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
