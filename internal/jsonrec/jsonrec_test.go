package jsonrec

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"beianledger/ledger"
)

type inner struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Deleted bool      `json:"deleted,omitempty"`
}

type record struct {
	inner
	Name     string      `json:"name"`
	Note     string      `json:"note,omitempty"`
	Count    int         `json:"count"`
	On       bool        `json:"on"`
	Day      ledger.Date `json:"day"`
	Tags     []string    `json:"tags"`
	Secret   *string     `json:"secret,omitempty"`
	Untagged string
	Skipped  string `json:"-"`
	hidden   string
}

var texts = []string{"", "plain", "示例公司", "<script>&amp;</script>", "\"quoted\" \\ back",
	"ctl\x00\x01\x1f\b\f\r\n\t", "bad\xff\xfeutf8", "\u2028\u2029", "\U0001F600 \x7f", "'"}

func records() []record {
	var out []record
	zone := time.FixedZone("CST", 8*3600)
	for i, s := range texts {
		r := record{inner: inner{ID: s, At: time.Date(2026, 3, 4, 5, 6, 7, i*123457000, zone), Deleted: i%2 == 1},
			Name: s, Note: s, Count: i*7 - 20, On: i%3 == 0, Untagged: s, Skipped: "x", hidden: "y"}
		switch i % 4 {
		case 0:
			r.Tags = nil
		case 1:
			r.Tags = []string{}
		case 2:
			r.Tags = []string{s}
		case 3:
			r.Tags = []string{s, "b", s}
			r.Day = ledger.MustDate("2026-11-30")
		}
		if i%2 == 0 {
			v := s
			r.Secret = &v
		}
		if i == 4 {
			r.At = time.Time{}
		}
		out = append(out, r)
	}
	return out
}

// Every record, in every style, is byte for byte what encoding/json
// writes.
func TestAppendIsEncodingJSON(t *testing.T) {
	for _, st := range []Style{{}, {EscapeHTML: true}, {Indented: true, Prefix: "    ", EscapeHTML: true}, {Indented: true}} {
		for _, r := range records() {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(st.EscapeHTML)
			if st.Indented {
				enc.SetIndent(st.Prefix, "  ")
			}
			if err := enc.Encode(r); err != nil {
				t.Fatal(err)
			}
			got, ok, err := Append([]byte("head"), reflect.ValueOf(&r).Elem(), st)
			if !ok || err != nil {
				t.Fatalf("not written: %v %v", ok, err)
			}
			if w := append([]byte("head"), bytes.TrimSuffix(want.Bytes(), []byte("\n"))...); !bytes.Equal(got, w) {
				t.Fatalf("style %+v, name %q:\ngot  %s\nwant %s", st, r.Name, got, w)
			}
		}
	}
}

// A time encoding/json cannot write gives its error, and nothing is
// appended.
func TestAppendTimeOutOfRange(t *testing.T) {
	r := record{inner: inner{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
	_, jerr := json.Marshal(r)
	got, ok, err := Append([]byte("x"), reflect.ValueOf(&r).Elem(), Style{})
	if !ok || err == nil || jerr == nil || string(got) != "x" {
		t.Fatalf("got %q, ok %v, err %v (encoding/json: %v)", got, ok, err, jerr)
	}
}

// A field of another kind leaves the type to encoding/json.
func TestUnplannedTypes(t *testing.T) {
	type float struct {
		N float64 `json:"n"`
	}
	type stringOpt struct {
		N int `json:"n,string"`
	}
	type omitDate struct {
		D ledger.Date `json:"d,omitempty"`
	}
	type shadow struct {
		inner
		ID string `json:"id"`
	}
	for _, v := range []any{float{}, stringOpt{}, omitDate{}, shadow{}} {
		if Planned(reflect.TypeOf(v)) {
			t.Errorf("%T planned", v)
		}
		if _, ok, _ := Append(nil, reflect.ValueOf(v), Style{}); ok {
			t.Errorf("%T written", v)
		}
	}
	if !Planned(reflect.TypeOf(record{})) {
		t.Error("record not planned")
	}
}
