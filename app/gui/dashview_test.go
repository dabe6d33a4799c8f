package gui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// pick chooses the option of s whose value in vals is v.
func pick(t *testing.T, s interface{ SetSelectedIndex(int) }, vals []string, v string) {
	t.Helper()
	for i, x := range vals {
		if x == v {
			s.SetSelectedIndex(i)
			return
		}
	}
	t.Fatalf("no option %q in %q", v, vals)
}

func shownItems(d *dashboard) []remind.Item {
	var out []remind.Item
	for _, r := range d.shownRows {
		if r.header == "" {
			out = append(out, d.items[r.item])
		}
	}
	return out
}

// Hundreds of items stay manageable: filters by state and kind with counts,
// a search, grouping by kind and by site with a count per group.
func TestDashboardFiltersAndGroups(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(60))
	d := h.dashboard()
	f := d.filters
	all := len(d.items)
	if all < 20 {
		t.Fatalf("only %d items", all)
	}
	n := 0
	for _, it := range d.items {
		if it.Kind == remind.KindStatusCheck {
			n++
		}
	}
	pick(t, f.kind, f.kinds, remind.KindStatusCheck)
	if !strings.HasPrefix(f.kind.Selected, "季度核查 (") {
		t.Fatalf("kind option %q", f.kind.Selected)
	}
	got := shownItems(d)
	if len(got) != n || n == 0 {
		t.Fatalf("status checks shown %d, want %d", len(got), n)
	}
	for _, it := range got {
		if it.Kind != remind.KindStatusCheck {
			t.Fatalf("%s shown under the status-check filter", it.Kind)
		}
	}
	if !strings.Contains(d.summary.Text, "共 ") {
		t.Fatalf("summary %q", d.summary.Text)
	}
	// A search narrows further: one site's number.
	site := got[0].Site
	test.Type(f.search, site)
	for _, it := range shownItems(d) {
		if it.Site != site {
			t.Fatalf("search %q shows %q", site, it.Site)
		}
	}
	f.search.SetText("")
	pick(t, f.kind, f.kinds, "")
	if len(shownItems(d)) != all {
		t.Fatal("clearing the filters does not show everything")
	}
	// State filter: only overdue.
	pick(t, f.state, f.states, remind.StateOverdue)
	for _, it := range shownItems(d) {
		if it.State != remind.StateOverdue {
			t.Fatalf("%s shown under overdue", it.State)
		}
	}
	pick(t, f.state, f.states, "")

	// Grouped by kind: a header per kind with its count, every item once.
	f.group.SetSelectedIndex(groupKind)
	kinds := map[string]int{}
	for _, it := range d.items {
		kinds[it.Kind]++
	}
	headers := 0
	for _, r := range d.shownRows {
		if r.header != "" {
			headers++
		}
	}
	if headers != len(kinds) || len(shownItems(d)) != all {
		t.Fatalf("%d headers for %d kinds, %d items of %d", headers, len(kinds), len(shownItems(d)), all)
	}
	if h0 := d.shownRows[0].header; !strings.Contains(h0, "（") {
		t.Fatalf("first header %q", h0)
	}
	// Grouped by site: the items of one site follow its header.
	f.group.SetSelectedIndex(groupSite)
	cur, fresh := "", false
	seen := map[string]bool{}
	for _, r := range d.shownRows {
		if r.header != "" {
			fresh = true
			continue
		}
		id := d.items[r.item].SiteID
		if fresh {
			if seen[id] {
				t.Fatalf("site %q in two groups", id)
			}
			cur, fresh = id, false
			seen[id] = true
		}
		if id != cur {
			t.Fatalf("site %s inside the group of %s", id, cur)
		}
	}
}

// The quarter's checks of many sites at once: select the shown status
// checks, one result and note, one write; every one of them is logged and
// their items go. Snoozing a selection hides them all with one undo.
func TestDashboardBulkCheckAndSnooze(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(40))
	u := h.u
	d := h.dashboard()
	f := d.filters
	pick(t, f.kind, f.kinds, remind.KindStatusCheck)
	checks := shownItems(d)
	if len(checks) < 3 {
		t.Fatalf("%d status checks", len(checks))
	}
	if d.bulk.box.Visible() {
		t.Fatal("bulk bar shown with nothing selected")
	}
	test.Tap(f.selectAll)
	if !d.bulk.box.Visible() || d.bulk.check.Disabled() || !strings.Contains(d.bulk.count.Text, "已选") {
		t.Fatalf("bulk bar %q", d.bulk.count.Text)
	}
	before := u.writes.Load()
	test.Tap(d.bulk.check)
	b := d.check
	if b == nil || len(b.sites) != len(checks) {
		t.Fatalf("dialog for %v sites", b)
	}
	b.result.SetSelected(u.t("check.result." + ledger.CheckProblem))
	test.Type(b.note, "工信部系统核对：负责人手机号待更新")
	test.Tap(b.save)
	u.wait()
	if w := u.writes.Load() - before; w != 1 {
		t.Fatalf("%d writes for the bulk check, want one", w)
	}
	for _, it := range checks {
		cs, err := u.store.Checks(it.SiteID)
		if err != nil || len(cs) == 0 {
			t.Fatalf("no check logged for %s: %v", it.Site, err)
		}
		last := cs[0]
		for _, c := range cs {
			if last.Date.Before(c.Date) {
				last = c
			}
		}
		if last.Result != ledger.CheckProblem || last.Note != "工信部系统核对：负责人手机号待更新" {
			t.Fatalf("check of %s: %+v", it.Site, last)
		}
	}
	d.load()
	u.wait()
	for _, it := range d.items {
		if it.Kind == remind.KindStatusCheck {
			for _, c := range checks {
				if c.Key == it.Key {
					t.Fatalf("%s still due after the bulk check", it.Site)
				}
			}
		}
	}
	if d.bulk.box.Visible() {
		t.Fatal("selection kept after the bulk check")
	}

	// Snooze two items of another kind at once, then undo.
	pick(t, f.kind, f.kinds, "")
	var two []remind.Item
	for _, it := range d.items {
		if it.Kind != remind.KindStatusCheck && len(two) < 2 {
			two = append(two, it)
		}
	}
	if len(two) < 2 {
		t.Skip("fewer than two other items in the demo")
	}
	for _, it := range two {
		d.toggle(it, true)
	}
	if !d.bulk.check.Disabled() {
		t.Fatal("log checks offered for items that are not checks")
	}
	test.Tap(d.bulk.snooze)
	u.wait()
	for _, it := range two {
		if findItem(d.items, it.Key) >= 0 {
			t.Fatalf("%s not snoozed", it.Key)
		}
	}
	if len(d.snoozed) < 2 || !strings.Contains(u.main.undo.msg.Text, "已把 2 项推迟到") {
		t.Fatalf("snoozed %d, bar %q", len(d.snoozed), u.main.undo.msg.Text)
	}
	test.Tap(u.main.undo.btn)
	u.wait()
	d.load()
	u.wait()
	for _, it := range two {
		if findItem(d.items, it.Key) < 0 {
			t.Fatalf("%s not back after undo", it.Key)
		}
	}
}

// With anything overdue, unlock lands on the dashboard.
func TestUnlockShowsDashboardWhenOverdue(t *testing.T) {
	h := start(t, i18n.ZH, makeVault(t, fillDemo(30)))
	h.u.dashFirst = true
	h.unlock(testPass)
	u := h.u
	overdue := false
	for _, it := range u.main.dash.items {
		overdue = overdue || it.State == remind.StateOverdue
	}
	if !overdue {
		t.Fatal("the demo has nothing overdue")
	}
	if u.main.current != navDashboard {
		t.Fatalf("screen %d after unlock, want the dashboard", u.main.current)
	}
}

// TestDashboardScreenshot writes the dashboard grouped by kind with a
// selection, Chinese and English, to $BEIANLEDGER_SHOTS (docs/screenshots).
func TestDashboardScreenshot(t *testing.T) {
	dir := os.Getenv("BEIANLEDGER_SHOTS")
	if dir == "" {
		t.Skip("BEIANLEDGER_SHOTS not set")
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h := openWith(t, lang, fillDemo(60))
		d := h.dashboard()
		d.filters.group.SetSelectedIndex(groupKind)
		n := 0
		for _, it := range d.items {
			if it.Kind == remind.KindPSBFiling && n < 3 {
				d.toggle(it, true)
				n++
			}
		}
		d.list.Refresh()
		h.writeShot(dir, lang, "dashboard-grouped")
	}
}

// The undo bar coming and going does not resize the panes above it
// (issue 19, item 13): its place is kept.
func TestUndoBarKeepsThePanesStill(t *testing.T) {
	h := openWith(t, i18n.ZH, fillDemo(5))
	u := h.u
	before := u.main.split.Size()
	if before.Height == 0 {
		t.Fatal("split not laid out")
	}
	u.showUndoBar("已保存“熊猫博客”", true, u.writes.Load())
	u.main.content.Refresh()
	if !u.main.undo.box.Visible() {
		t.Fatal("bar not shown")
	}
	if after := u.main.split.Size(); after != before {
		t.Fatalf("the panes went from %v to %v when the bar showed", before, after)
	}
	u.dropUndo()
	u.main.content.Refresh()
	if after := u.main.split.Size(); after != before {
		t.Fatalf("the panes went from %v to %v when the bar hid", before, after)
	}
}
