package cli

import (
	"bytes"
	"encoding/json"
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
