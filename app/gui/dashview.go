package gui

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// The dashboard at hundreds of items (issue 19, item 11): a search, filters
// by state, kind, entity and provider with counts, grouping by kind or by
// site with a count per group, and actions on a selection — log the
// quarter's checks of many sites with one result and note, snooze many.

// dashRow is one line of the list: a group's header or an item.
type dashRow struct {
	header string // the group's title with its count; "" for an item
	item   int    // index into d.items
}

// Grouping choices.
const (
	groupNone = iota
	groupKind
	groupSite
)

// itemFacts are what the filters know of an item beyond the item itself.
type itemFacts struct {
	entity, provider string // names
	siteName         string
}

// dashFilters is the bar above the list.
type dashFilters struct {
	search                        *entry
	state, kind, entity, provider *widget.Select
	group                         *widget.Select
	// values behind the choices shown (index 0 is "all")
	states, kinds, entities, providers []string
	selectAll                          *widget.Button
	box                                fyne.CanvasObject
}

// bulkBar acts on the selected items.
type bulkBar struct {
	count         *widget.Label
	check, snooze *widget.Button
	clear         *widget.Button
	box           *fyne.Container
}

func (d *dashboard) newFilters() {
	u := d.u
	f := &dashFilters{}
	f.search = newEntry(u)
	f.search.SetPlaceHolder(u.t("dash.search"))
	f.search.OnChanged = func(string) { d.applyView() }
	traceWhere("dash.search", f.search)
	mk := func() *widget.Select {
		s := widget.NewSelect(nil, nil)
		s.OnChanged = func(string) { d.applyView() }
		return s
	}
	f.state, f.kind, f.entity, f.provider = mk(), mk(), mk(), mk()
	f.group = widget.NewSelect([]string{u.t("dash.groupNone"), u.t("dash.groupKind"), u.t("dash.groupSite")}, nil)
	f.group.SetSelectedIndex(groupNone)
	f.group.OnChanged = func(string) { d.applyView() }
	f.selectAll = widget.NewButtonWithIcon(u.t("dash.selectShown"), theme.CheckButtonCheckedIcon(), d.selectShown)
	if u.readOnly {
		f.selectAll.Disable()
	}
	// Two rows that share the width: the search with grouping and select-
	// all, then the four filters in equal columns (they shrink with the
	// window; a long name is cut, its count stays in the list's header).
	f.box = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(container.NewGridWrap(fyne.NewSize(170, f.group.MinSize().Height), f.group), f.selectAll), f.search),
		container.NewGridWithColumns(4, f.state, f.kind, f.entity, f.provider))
	d.filters = f

	b := &bulkBar{}
	b.count = widget.NewLabel("")
	b.check = widget.NewButtonWithIcon(u.t("dash.bulkCheck"), theme.ConfirmIcon(), d.bulkCheck)
	b.check.Importance = widget.HighImportance
	b.snooze = widget.NewButtonWithIcon(u.t("dash.bulkSnooze"), theme.HistoryIcon(), d.bulkSnooze)
	b.clear = widget.NewButton(u.t("dash.bulkClear"), func() { d.selected = map[string]bool{}; d.showBulk(); d.list.Refresh() })
	b.box = container.NewHBox(b.count, b.check, b.snooze, b.clear)
	b.box.Hide()
	d.bulk = b
	d.selected = map[string]bool{}
}

// fillFilters offers the states, kinds, entities and providers of the
// loaded items, each with its count, keeping what was chosen.
func (d *dashboard) fillFilters() {
	u := d.u
	f := d.filters
	count := func(key func(it remind.Item) string) (map[string]int, []string) {
		n := map[string]int{}
		var order []string
		for _, it := range d.items {
			k := key(it)
			if k == "" {
				continue
			}
			if n[k] == 0 {
				order = append(order, k)
			}
			n[k]++
		}
		return n, order
	}
	set := func(s *widget.Select, all string, vals *[]string, n map[string]int, order []string, label func(string) string) {
		prev := ""
		if i := s.SelectedIndex(); i > 0 && i < len(*vals) {
			prev = (*vals)[i]
		}
		*vals = append([]string{""}, order...)
		opts := []string{all + " (" + strconv.Itoa(len(d.items)) + ")"}
		sel := 0
		for i, v := range order {
			opts = append(opts, label(v)+" ("+strconv.Itoa(n[v])+")")
			if v == prev {
				sel = i + 1
			}
		}
		fn := s.OnChanged
		s.OnChanged = nil
		s.SetOptions(opts)
		s.SetSelectedIndex(sel)
		s.OnChanged = fn
	}
	n, _ := count(func(it remind.Item) string { return it.State })
	var states []string
	for _, s := range []string{remind.StateOverdue, remind.StateDue, remind.StateUpcoming} {
		if n[s] > 0 {
			states = append(states, s)
		}
	}
	set(f.state, u.t("dash.allStates"), &f.states, n, states, func(s string) string { return u.t("dash.state." + s) })
	n, order := count(func(it remind.Item) string { return it.Kind })
	set(f.kind, u.t("dash.allKinds"), &f.kinds, n, order, d.kindLabel)
	n, order = count(func(it remind.Item) string { return d.facts[it.Key].entity })
	sort.Strings(order)
	set(f.entity, u.t("dash.allEntities"), &f.entities, n, order, func(s string) string { return s })
	n, order = count(func(it remind.Item) string { return d.facts[it.Key].provider })
	sort.Strings(order)
	set(f.provider, u.t("dash.allProviders"), &f.providers, n, order, func(s string) string { return s })
}

// kindLabel names a reminder kind in the UI's language.
func (d *dashboard) kindLabel(kind string) string {
	if s := d.u.t("dash.kind." + kind); s != "dash.kind."+kind {
		return s
	}
	return kind
}

func chosen(s *widget.Select, vals []string) string {
	if i := s.SelectedIndex(); i > 0 && i < len(vals) {
		return vals[i]
	}
	return ""
}

// shown reports whether the filters let it through.
func (d *dashboard) shown(it remind.Item) bool {
	f := d.filters
	fa := d.facts[it.Key]
	if v := chosen(f.state, f.states); v != "" && it.State != v {
		return false
	}
	if v := chosen(f.kind, f.kinds); v != "" && it.Kind != v {
		return false
	}
	if v := chosen(f.entity, f.entities); v != "" && fa.entity != v {
		return false
	}
	if v := chosen(f.provider, f.providers); v != "" && fa.provider != v {
		return false
	}
	q := strings.ToLower(strings.TrimSpace(f.search.Text))
	if q == "" {
		return true
	}
	for _, s := range []string{it.Subject, it.SubjectZH, it.Site, fa.siteName, fa.entity, fa.provider, it.Why, it.WhyZH} {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

// applyView builds the list's rows from the items, the filters and the
// grouping; groups keep the order of their most urgent item.
func (d *dashboard) applyView() {
	u := d.u
	var idx []int
	for i, it := range d.items {
		if d.shown(it) {
			idx = append(idx, i)
		}
	}
	var rows []dashRow
	group := d.filters.group.SelectedIndex()
	if group == groupNone {
		for _, i := range idx {
			rows = append(rows, dashRow{item: i})
		}
	} else {
		var keys []string
		members := map[string][]int{}
		for _, i := range idx {
			it := d.items[i]
			k := it.Kind
			if group == groupSite {
				k = it.SiteID
			}
			if _, ok := members[k]; !ok {
				keys = append(keys, k)
			}
			members[k] = append(members[k], i)
		}
		for _, k := range keys {
			title := ""
			first := d.items[members[k][0]]
			switch {
			case group == groupKind:
				title = d.kindLabel(k)
			case k == "":
				title = u.t("dash.noSite")
			default:
				title = dotLine(first.Site, d.facts[first.Key].siteName)
			}
			rows = append(rows, dashRow{header: u.t("dash.groupTitle", title, len(members[k]))})
			for _, i := range members[k] {
				rows = append(rows, dashRow{item: i})
			}
		}
	}
	d.shownRows = rows
	for i, r := range rows {
		if r.header != "" {
			d.list.SetItemHeight(i, d.headerHeight)
		} else {
			d.list.SetItemHeight(i, d.rowHeight)
		}
	}
	d.list.Refresh()
	if len(idx) != len(d.items) {
		d.summary.SetText(u.t("dash.filtered", len(idx), len(d.items)))
	} else if len(d.items) > 0 {
		d.summary.SetText(u.t("dash.todoCount", len(d.items), u.dueCount))
	}
	trace("dash-view", "rows=%d shown=%d runes=%d", len(rows), len(idx), utf8.RuneCountInString(d.filters.search.Text))
}

// factsOf are the entity, provider and site name of each item.
func factsOf(in remind.Input, items []remind.Item) map[string]itemFacts {
	sites := map[string]ledger.SiteRow{}
	for _, s := range in.Sites {
		sites[s.ID] = s
	}
	ents := map[string]string{}
	for _, e := range in.Entities {
		ents[e.ID] = e.Name
	}
	out := make(map[string]itemFacts, len(items))
	for _, it := range items {
		var fa itemFacts
		if s, ok := sites[it.SiteID]; ok {
			fa = itemFacts{entity: s.EntityName, provider: s.ProviderName, siteName: s.Name}
		}
		if fa.entity == "" {
			fa.entity = ents[it.EntityID]
		}
		out[it.Key] = fa
	}
	return out
}

// ---- selection ----

func (d *dashboard) toggle(it remind.Item, on bool) {
	if on {
		d.selected[it.Key] = true
	} else {
		delete(d.selected, it.Key)
	}
	d.showBulk()
}

// selectShown selects every item the filters show.
func (d *dashboard) selectShown() {
	for _, r := range d.shownRows {
		if r.header == "" {
			d.selected[d.items[r.item].Key] = true
		}
	}
	d.showBulk()
	d.list.Refresh()
}

// selectedItems are the selected items still on the dashboard.
func (d *dashboard) selectedItems() []remind.Item {
	var out []remind.Item
	for _, it := range d.items {
		if d.selected[it.Key] {
			out = append(out, it)
		}
	}
	return out
}

// showBulk shows the bar while anything is selected; "log checks" only
// when every selected item is a site's status check.
func (d *dashboard) showBulk() {
	u := d.u
	sel := d.selectedItems()
	// Items gone from the dashboard leave the selection.
	d.selected = map[string]bool{}
	for _, it := range sel {
		d.selected[it.Key] = true
	}
	relayout := func() {
		if d.top != nil {
			d.top.Refresh()
		}
	}
	if len(sel) == 0 {
		if d.bulk.box.Visible() {
			d.bulk.box.Hide()
			relayout()
		}
		return
	}
	defer relayout()
	d.bulk.count.SetText(u.t("dash.selected", len(sel)))
	checks := true
	for _, it := range sel {
		checks = checks && it.Kind == remind.KindStatusCheck && it.SiteID != ""
	}
	if checks && !u.readOnly {
		d.bulk.check.Enable()
	} else {
		d.bulk.check.Disable()
	}
	if u.readOnly {
		d.bulk.snooze.Disable()
	}
	d.bulk.box.Show()
}

// bulkCheck logs the quarter's check of every selected site with one
// result and note (the check dialog, for many sites).
func (d *dashboard) bulkCheck() {
	u := d.u
	var ids, names []string
	for _, it := range d.selectedItems() {
		if it.Kind == remind.KindStatusCheck && it.SiteID != "" {
			ids = append(ids, it.SiteID)
			names = append(names, dotLine(it.Site, d.facts[it.Key].siteName))
		}
	}
	if len(ids) == 0 || u.main == nil {
		return
	}
	d.check = u.main.sites.logChecks(ids, names, func() {
		d.selected = map[string]bool{}
		d.showBulk()
	})
}

// bulkSnooze hides every selected item for a week, with one undo.
func (d *dashboard) bulkSnooze() {
	u := d.u
	sel := d.selectedItems()
	if len(sel) == 0 || u.store == nil || u.readOnly {
		return
	}
	u.touch()
	until := ledger.DateOf(u.clock.Now()).AddDays(snoozeDays)
	st := u.store
	before := u.writes.Load()
	msg := u.t("dash.bulkSnoozed", len(sel), u.date(until))
	u.async(func() func() {
		var step *undoStep
		err := st.Write(func(w ledger.Writer) error {
			states, err := w.ReminderStates()
			if err != nil {
				return err
			}
			old := map[string]ledger.ReminderState{}
			for _, s := range states {
				old[s.Key] = s
			}
			var prev []ledger.ReminderState
			for _, it := range sel {
				o, ok := old[it.Key]
				if !ok {
					o = ledger.ReminderState{Key: it.Key}
				}
				prev = append(prev, o)
				if err := w.PutReminderState(ledger.ReminderState{Key: it.Key, SnoozedUntil: until}); err != nil {
					return err
				}
			}
			step = &undoStep{kind: "reminder", id: sel[0].Key, name: msg, msg: msg,
				revert: func(w ledger.Writer) error {
					for _, o := range prev {
						if err := w.PutReminderState(o); err != nil {
							return err
						}
					}
					return nil
				}}
			return nil
		})
		after := u.writes.Load()
		return func() {
			if err != nil {
				u.showError(u.t("dash.actionFailed"), err)
			} else {
				d.selected = map[string]bool{}
				u.offerUndo(step, before, after)
			}
			d.load()
		}
	})
}
