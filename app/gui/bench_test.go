package gui

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// BenchmarkSitesList measures what a user waits for after unlocking: the
// Sites screen reading every site and refreshing its list, on demo vaults.
func BenchmarkSitesList(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			h := openWith(b, i18n.ZH, fillDemo(n))
			s := h.u.main.sites
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.load()
				h.u.wait()
			}
			b.StopTimer()
			if len(s.rows) != n {
				b.Fatalf("%d rows, want %d", len(s.rows), n)
			}
		})
	}
}

// BenchmarkSearchTyping measures one keystroke in the search field to the
// refreshed list, the debounce pause excluded (the fake clock skips it).
func BenchmarkSearchTyping(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			h := openWith(b, i18n.ZH, fillDemo(n))
			s := h.u.main.sites
			queries := []string{"京", "ICP", "com", "科技", "云"}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.search.SetText("")
				test.Type(s.search, queries[i%len(queries)])
				h.clock.Advance(searchDebounce)
				h.u.wait()
			}
			b.StopTimer()
			if s.query == "" {
				b.Fatal("no search ran")
			}
		})
	}
}

// TestTraceEvents checks the timing lines the GUI script reads.
func TestTraceEvents(t *testing.T) {
	var buf bytes.Buffer
	traceOut = &buf
	defer func() { traceOut = nil }()
	h := openWith(t, i18n.EN, fillDemo(12))
	s := h.u.main.sites
	test.Type(s.search, "ICP")
	h.clock.Advance(searchDebounce)
	h.u.wait()
	traceMu.Lock()
	out := buf.String()
	traceMu.Unlock()
	for _, re := range []string{
		`(?m)^trace \d{13} unlock-done ok=true open_ms=\d+$`,
		`(?m)^trace \d{13} sites-shown rows=12$`,
		`(?m)^trace \d{13} search-shown rows=\d+ since_key_ms=\d+ runes=\d+$`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("no line matching %s in\n%s", re, out)
		}
	}
}
