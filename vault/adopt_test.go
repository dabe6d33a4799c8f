package vault

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestOpenAdoptsImage: a local vault opens with its image handed to SQLite
// without a copy (adopt.go) — read-only and for writing — and reads and
// saves (the image read without SQLite's copy) as before; a damaged file
// is still refused.
func TestOpenAdoptsImage(t *testing.T) {
	v, p := newVault(t, t.TempDir())
	big := strings.Repeat("备案台账 ", 20000) // a few pages
	putNote(t, v, "k", big)
	v.Lock()
	for _, ro := range []bool{true, false} {
		before := adopted.Load()
		w, err := Open(p, pass("correct horse"), Options{ReadOnly: ro})
		if err != nil {
			t.Fatalf("read-only %v: %v", ro, err)
		}
		if adopted.Load() != before+1 {
			t.Fatalf("read-only %v: the image was copied, not adopted", ro)
		}
		if got := getNote(t, w, "k"); got != big {
			t.Fatalf("read-only %v: read %d bytes back, want %d", ro, len(got), len(big))
		}
		if !ro {
			saves := sealedInPlace.Load()
			putNote(t, w, "k2", "more") // grows the adopted image and saves
			if sealedInPlace.Load() == saves {
				t.Fatal("the save sealed a copy of the image, not the database's own memory")
			}
			if got := getNote(t, w, "k2"); got != "more" {
				t.Fatalf("after a save: %q", got)
			}
		}
		if _, err := w.Verify(); err != nil {
			t.Fatalf("read-only %v: verify: %v", ro, err)
		}
		w.Lock()
	}
	w, err := Open(p, pass("correct horse"), Options{ReadOnly: true})
	if err != nil || getNote(t, w, "k2") != "more" {
		t.Fatalf("reopened: %v", err)
	}
	w.Lock()
	// One flipped byte in the payload: refused, nothing adopted.
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-100] ^= 1
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	before := adopted.Load()
	if _, err := Open(p, pass("correct horse"), Options{ReadOnly: true}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("damaged file opened: %v", err)
	}
	if adopted.Load() != before {
		t.Fatal("a damaged image was adopted")
	}
}
