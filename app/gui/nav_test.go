package gui

import (
	"testing"

	"beianledger/app/i18n"
)

// TestNavShortcuts: Ctrl+1 … Ctrl+0 show the navigation entries in order,
// also while the cursor is in an entry (which passes them on).
func TestNavShortcuts(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	u := h.u
	if len(scNav) != navCount {
		t.Fatalf("%d shortcuts for %d entries", len(scNav), navCount)
	}
	for i := navCount - 1; i >= 0; i-- {
		u.main.sites.search.TypedShortcut(scNav[i])
		u.wait()
		if u.main.current != i {
			t.Fatalf("Ctrl+%d: screen %d (%s), want %d (%s)", (i+1)%10, u.main.current, navKeys[u.main.current], i, navKeys[i])
		}
	}
	u.lock()
	if !u.shortcut(scNav[0]) {
		t.Error("a navigation shortcut on the unlock screen is not ours")
	}
}
