package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
)

// TestNavShortcuts: Ctrl+1 … Ctrl+0 show the navigation entries in order,
// also while the cursor is in an entry (the main menu takes them first).
func TestNavShortcuts(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(3))
	u := h.u
	if len(scNav) != navCount {
		t.Fatalf("%d shortcuts for %d entries", len(scNav), navCount)
	}
	for i := navCount - 1; i >= 0; i-- {
		h.pressIn(u.main.sites.search, scNav[i])
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

// TestRecordFilter: the filter above a record list narrows it as you type,
// by every word, whatever the width and case of the letters and digits.
func TestRecordFilter(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(20))
	u := h.u
	u.main.show(navContacts)
	u.wait()
	s := u.main.screens[navContacts].(*recordScreen)
	total := len(s.rows)
	if total < 10 {
		t.Fatalf("%d contacts", total)
	}
	target := s.rows[total/2]
	// Its mobile number, typed in full-width digits.
	mobile := ""
	for _, r := range target.sub {
		if r >= '0' && r <= '9' {
			mobile += string(r - '0' + '０')
		} else if mobile != "" {
			break
		}
	}
	if len([]rune(mobile)) < 11 {
		t.Fatalf("no mobile in %q", target.sub)
	}
	test.Type(s.filter, mobile)
	if len(s.rows) == 0 || len(s.rows) == total || s.rows[0].id != target.id {
		t.Fatalf("filter %q: %d of %d rows", mobile, len(s.rows), total)
	}
	if !strings.Contains(s.status.Text, "/") {
		t.Errorf("status %q does not say it is filtered", s.status.Text)
	}
	s.filter.SetText(target.title + " 没有这个词")
	if len(s.rows) != 0 {
		t.Errorf("every word must match: %d rows", len(s.rows))
	}
	s.filter.SetText("")
	if len(s.rows) != total {
		t.Errorf("cleared filter: %d of %d rows", len(s.rows), total)
	}
}
