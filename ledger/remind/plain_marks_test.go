package remind_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"beianledger/internal/testvault"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

func encodeJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// TestPlainMarks: LoadDue marks its items only when every record's text is
// plain, a marked item writes what encoding/json writes, and an item whose
// text was replaced after LoadDue is checked again.
func TestPlainMarks(t *testing.T) {
	today := ledger.MustDate("2026-11-24")
	for _, n := range []int{40, 900} { // one goroutine, and the pipeline
		for _, awkward := range []string{"", "\"引号\"", "\u2028", "\x01", "\xff"} {
			st := testvault.Demo(t, n, 2, today)
			if awkward != "" {
				if err := st.Write(func(w ledger.Writer) error {
					sites, err := w.Sites()
					if err != nil {
						return err
					}
					s := sites[len(sites)/2].Site
					s.Name += awkward
					return w.PutSite(&s)
				}); err != nil {
					t.Fatal(err)
				}
			}
			_, items, err := remind.LoadDue(st, today, 60)
			if err != nil {
				t.Fatal(err)
			}
			marked := 0
			for i := range items {
				if remind.PlainMarked(&items[i]) {
					marked++
				}
				if got, want := items[i].AppendJSON(nil), encodeJSON(t, &items[i]); !bytes.Equal(got, want) {
					t.Fatalf("%d sites, awkward %q: item %d\n got %s\nwant %s", n, awkward, i, got, want)
				}
			}
			if len(items) < n {
				t.Fatalf("%d sites: only %d items", n, len(items))
			}
			if want := map[bool]int{true: len(items), false: 0}[awkward == ""]; marked != want {
				t.Fatalf("%d sites, awkward %q: %d of %d items marked plain, want %d", n, awkward, marked, len(items), want)
			}
			if awkward == "" {
				it := items[0]
				it.Why = "now \"quoted\"\n"
				if got, want := it.AppendJSON(nil), encodeJSON(t, &it); !bytes.Equal(got, want) {
					t.Fatalf("an item changed after LoadDue:\n got %s\nwant %s", got, want)
				}
			}
		}
	}
}
