package cli

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// slowWriter takes its time, so that the encoders run ahead of it.
type slowWriter struct{ bytes.Buffer }

func (w *slowWriter) Write(p []byte) (int, error) {
	time.Sleep(50 * time.Microsecond)
	return w.Buffer.Write(p)
}

// TestPrintJSONList: a list of items that write their own JSON comes out
// as encoding/json writes each element, in order, one per line, for
// lengths around the encoders' block size and through a slow writer.
func TestPrintJSONList(t *testing.T) {
	for _, n := range []int{0, 1, 2, 255, 256, 257, 513, 3000} {
		items := make([]remind.Item, n)
		for i := range items {
			items[i] = remind.Item{Kind: "k" + strconv.Itoa(i), Why: "第" + strconv.Itoa(i) + "项 \"引号\"", Due: ledger.MustDate("2027-03-31").AddDays(i)}
		}
		var out slowWriter
		c := newCtx("due", Env{Stdout: &out})
		if err := c.printJSON(items); err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		want.WriteString("[\n")
		for i := range items {
			b, err := json.Marshal(&items[i])
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 {
				want.WriteString(",\n")
			}
			want.Write(b)
		}
		want.WriteString("\n]\n")
		if n == 0 {
			want.Reset()
			want.WriteString("[]\n")
		}
		if got := out.String(); got != want.String() {
			t.Fatalf("%d items: got %d bytes, want %d (first difference at %d)", n, len(got), want.Len(), firstDiff(got, want.String()))
		}
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestPrintJSONRecords: records written from their field plan (sites,
// entities) come out as encoding/json writes each one with HTML escaping
// off, made safe for a terminal — the path they took before.
func TestPrintJSONRecords(t *testing.T) {
	texts := []string{"示例 <b>&</b>", "bidi \u202e evil \u2028", "del \x7f c1 \u0085", "ctl \x01\t\n", "bad \xff", ""}
	var sites []siteJSON
	var ents []ledger.Entity
	for i, s := range texts {
		sites = append(sites, siteJSON{ID: s, Number: "京ICP备2021012345号-" + strconv.Itoa(i), Name: s, Domains: []string{s, "a.example.cn"}[:i%3],
			LastChecked: ledger.MustDate("2026-10-01").AddDays(i * 40), CheckDue: i%2 == 0})
		e := ledger.Entity{Name: s, Notes: s}
		e.ID, e.CreatedAt, e.Deleted = strconv.Itoa(i), time.Date(2026, 1, 2, 3, 4, 5, i, time.FixedZone("", 8*3600)), i == 1
		ents = append(ents, e)
	}
	sites[0].Domains = nil
	for name, list := range map[string]any{"sites": sites, "entities": ents} {
		var out bytes.Buffer
		c := newCtx("list", Env{Stdout: &out})
		if err := c.printJSON(list); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		want.WriteString("[\n")
		var one bytes.Buffer
		enc := json.NewEncoder(&one)
		enc.SetEscapeHTML(false)
		rv := reflect.ValueOf(list)
		for i := range rv.Len() {
			one.Reset()
			if err := enc.Encode(rv.Index(i).Interface()); err != nil {
				t.Fatal(err)
			}
			if i > 0 {
				want.WriteString(",\n")
			}
			want.Write(jsonSafe(bytes.TrimRight(one.Bytes(), "\n")))
		}
		want.WriteString("\n]\n")
		if out.String() != want.String() {
			t.Fatalf("%s: first difference at %d:\ngot  %s\nwant %s", name, firstDiff(out.String(), want.String()), out.String(), want.String())
		}
		if !strings.Contains(out.String(), `\u202e`) || !strings.Contains(out.String(), "<b>&</b>") {
			t.Fatalf("%s: bidi control not escaped or HTML escaped:\n%s", name, out.String())
		}
		// Records made one at a time as they are written: the same bytes.
		var one1 bytes.Buffer
		c1 := newCtx("list", Env{Stdout: &one1})
		var err error
		switch l := list.(type) {
		case []siteJSON:
			err = printRecords(c1, len(l), func(i int) siteJSON { return l[i] })
		case []ledger.Entity:
			err = printRecords(c1, len(l), func(i int) ledger.Entity { return l[i] })
		}
		if err != nil || one1.String() != want.String() {
			t.Fatalf("%s: printRecords (%v), first difference at %d:\n%s", name, err, firstDiff(one1.String(), want.String()), one1.String())
		}
	}
	// And none: an empty list, as printJSON writes it.
	var none bytes.Buffer
	if err := printRecords(newCtx("list", Env{Stdout: &none}), 0, func(int) siteJSON { return siteJSON{} }); err != nil || none.String() != "[]\n" {
		t.Fatalf("no records: %q (%v)", none.String(), err)
	}
}
