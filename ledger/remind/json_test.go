package remind

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
)

func encodingJSON(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// TestAppendJSONMatchesEncoding: AppendJSON writes what encoding/json
// writes, byte for byte, for awkward strings and dates, and for random
// ones.
func TestAppendJSONMatchesEncoding(t *testing.T) {
	awkward := []string{"", "plain", "引号\"和\\反斜杠", "<html> & </html>", "tab\tnl\ncr\rbs\bff\f", "\x00\x01\x1f\x7f",
		"bad utf8 \xff\xfe end", "\u2028line\u2029para", "emoji 😀 and 京ICP备11018762号-1", "\xe4\xb8", "é"}
	dates := []ledger.Date{{}, ledger.MustDate("2026-11-24"), {Y: 1, M: 1, D: 1}, {Y: 9999, M: 12, D: 31}, {Y: 12345, M: 1, D: 1}, {Y: 2026, M: 2, D: 30}}
	check := func(it Item) {
		t.Helper()
		want := encodingJSON(t, it)
		if got := it.AppendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON\n got %s\nwant %s", got, want)
		}
	}
	for i, s := range awkward {
		check(Item{Kind: s, Subject: s, SubjectZH: s, Why: s, WhyZH: s, Key: s, Site: s, State: s,
			SiteID: s, EntityID: s, CredentialID: s, ContactID: s, DaysLeft: i - 5, Due: dates[i%len(dates)], Start: dates[(i+1)%len(dates)]})
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		buf := make([]byte, r.IntN(24))
		for j := range buf {
			buf[j] = byte(r.IntN(256))
		}
		s := string(buf)
		check(Item{Kind: s, Why: s + "。", DaysLeft: r.IntN(2000) - 1000,
			Due: ledger.Date{Y: r.IntN(10000), M: time.Month(r.IntN(14)), D: r.IntN(33)}})
	}
}

func BenchmarkItemsJSON(b *testing.B) {
	items := Due(benchInput(10000), ledger.MustDate("2027-03-31"), 30)
	b.Run("encoding-json", func(b *testing.B) {
		for range b.N {
			for i := range items {
				encodingJSON(b, &items[i])
			}
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		var buf []byte
		n := 0
		for range b.N {
			n = 0
			for i := range items {
				buf = items[i].AppendJSON(buf[:0])
				n += len(buf)
			}
		}
		b.ReportMetric(float64(len(items)), "items")
		b.ReportMetric(float64(n)/1e6, "MB")
	})
}

// tricky are code points and byte sequences around every boundary that
// plainJSON decides on.
var tricky = []string{"a", "\"", "\\", "\x00", "\x1f", " ", "\x7f", "é", "\u07ff", "\u0800", "中", "\ud7ff", "\ue000", "\uffff",
	"\u2027", "\u2028", "\u2029", "\u202a", "…", "—", "😀", "\U0010ffff", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80",
	"\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xc0\xaf", "\xe2\x80", "\xe4\xb8", "\x80", "\xff", "\xe2\x80\xa8x", "\xef\xbc\x8c", "。"}

// TestAppendStringTricky: strings of tricky pieces at every offset
// (eight-byte words start anywhere) come out as encoding/json writes them.
func TestAppendStringTricky(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		s := ""
		for range r.IntN(6) {
			s += strings.Repeat("x", r.IntN(9)) + tricky[r.IntN(len(tricky))]
		}
		if got, want := appendString(nil, s), encodingJSON(t, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	}
}

// FuzzAppendString holds appendString (and so plainJSON's fast path) to
// encoding/json.
func FuzzAppendString(f *testing.F) {
	for _, s := range tricky {
		f.Add("12345678" + s + "abcdefgh")
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendString(nil, s), encodingJSON(t, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}
