package remind

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"beianledger/ledger"
)

// Item kinds, as printed by `beianledger due --json`.
const (
	KindStatusCheck         = "status-check"
	KindRotation            = "rotation"
	KindOffboardingRotation = "offboarding-rotation"
	KindContactChange       = "contact-change"
	KindPSBFiling           = "psb-filing"
	KindLicenceReport       = "licence-report"
	KindLicenceRenewal      = "licence-renewal"
	KindDomainExpiry        = "domain-expiry"
	KindSSLExpiry           = "ssl-expiry"
	KindProvincialReview    = "provincial-review"
	KindOffboarding         = "offboarding"    // an administrator or backup contact leaves
	KindPSBDisplay          = "psb-display"    // show the 公安 number and icon after approval
	KindProductExpiry       = "product-expiry" // the 接入商 product the access rides on
	KindIDExpiry            = "id-expiry"      // a responsible person's ID card
	KindAccessDrill         = "access-drill"   // a backup contact's way in, proven every 6 months
	KindKitStale            = "kit-stale"      // the emergency kit is old or out of date
)

// Bases of a reminder: where its rule comes from and how certain it is.
const (
	BasisRegulation = "regulation" // 法规: a regulation, named in Source
	BasisProvider   = "provider"   // 接入商要求: a provider's documented practice, named in Source
	BasisHouse      = "house"      // 内部规定: the company's own rule, no legal source
)

// BasisLabel names a basis in Chinese (zh) or English.
func BasisLabel(basis string, zh bool) string { return pickLabel(basisLabels, basis, zh) }

// StateLabel names a state in Chinese (zh) or English, as the messages
// and the command line's table say it.
func StateLabel(state string, zh bool) string { return pickLabel(stateLabels, state, zh) }

// pickLabel looks key up in a table of {Chinese, English} labels; a key not
// in it is its own label.
func pickLabel(labels map[string][2]string, key string, zh bool) string {
	l, ok := labels[key]
	switch {
	case !ok:
		return key
	case zh:
		return l[0]
	}
	return l[1]
}

var stateLabels = map[string][2]string{
	StateOverdue:  {"已逾期", "overdue"},
	StateDue:      {"到期待办", "due"},
	StateUpcoming: {"即将到期", "upcoming"},
}

var basisLabels = map[string][2]string{
	BasisRegulation: {"法规", "regulation"},
	BasisProvider:   {"接入商要求", "provider practice"},
	BasisHouse:      {"内部规定", "house policy"},
}

// Item states relative to today.
const (
	StateUpcoming = "upcoming" // before Start
	StateDue      = "due"      // Start ≤ today ≤ Due
	StateOverdue  = "overdue"  // after Due
)

// Input is everything the reminder rules read. The caller loads it; the
// package never changes it.
type Input struct {
	Entities    []ledger.Entity
	Sites       []ledger.SiteRow
	Credentials []ledger.Credential
	Contacts    []ledger.Contact
	Checks      []ledger.StatusCheck
	States      []State
	Reviews     []ProvincialReview
	Lead        Lead
	// RotationMonths is the house default rotation interval (内部规定,
	// commonly 3–6 months) for credentials without their own; outside
	// 1–24 (or unset) it is 3 months, about 90 days. Load reads it from
	// the SettingRotation setting.
	RotationMonths int
	// RemovedReaders names, per credential ID, the ways in removed from the
	// vault that could read the secret (ledger.SettingRemovedReaders): the
	// reminder to change a credential marked RotateNow names them.
	RemovedReaders map[string]ledger.RemovedReaders
	// Ways are the vault's ways in with the day each last opened it in a
	// drill (access drill); KitPrinted is the day the emergency kit was
	// last made and KitChanges when what it lists last changed (stale
	// kit). Load fills them from a vault's reader.
	Ways       []Way
	KitPrinted ledger.Date
	KitChanges struct{ Keys, Contacts, Providers ledger.Date }
}

// State is what the user did with one reminder: snoozed it or marked it
// done. The caller persists it under the item's Key.
type State struct {
	Key          string
	SnoozedUntil ledger.Date // hidden from Due while SnoozedUntil is after today
	Done         bool
	DoneOn       ledger.Date
}

// ProvincialReview is a review (年审, 核查) window that a province's
// 通信管理局 announced, entered by the user from the notice. Provinces
// hold these as campaigns, not on a yearly calendar: 湖北 held one from
// 15 January to 15 April 2020 (for 2019), and no yearly window is known
// anywhere. With Year set the window is that one campaign; without it
// (settings written before Year existed) it repeats every year, and the
// reminder says that the user set it so. A window whose end comes before
// its start runs over New Year.
type ProvincialReview struct {
	// Province is the common short name (鄂); a full name (湖北省), a short
	// name (湖北) or an ICP prefix (蜀) is understood too.
	Province           string
	FromMonth, FromDay int
	ToMonth, ToDay     int
	// Year is the year the campaign opens, or 0 for a window the user
	// wants every year.
	Year int `json:",omitempty"`
}

// Lead says how early reminders appear.
type Lead struct {
	// ExpiryDays are the days before a domain or SSL expiry at which to
	// remind (default 60, 30, 7); the longest is when the item starts.
	ExpiryDays []int
	// UpcomingDays is how far ahead Due looks when called with a negative
	// within (default 30).
	UpcomingDays int
}

// DefaultLead returns 60/30/7 days for expiries and a 30-day horizon.
func DefaultLead() Lead {
	return Lead{ExpiryDays: []int{60, 30, 7}, UpcomingDays: 30}
}

// Item is one reminder: one obligation at one occurrence.
type Item struct {
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// Due is the deadline.
	Due ledger.Date `json:"due"`
	// Start is when the item becomes due (a quarter's first day, 10 Jan
	// for licence reports, 60 days before an expiry …).
	Start ledger.Date `json:"start"`
	// State is upcoming, due or overdue relative to the day asked about.
	State string `json:"state"`
	// Site is the filing number of the site concerned, or "".
	Site string `json:"site"`
	// Subject is a short English text; SubjectZH its Chinese counterpart.
	Subject   string `json:"subject"`
	SubjectZH string `json:"subject_zh"`
	// Why is an English sentence saying why the item is due, including
	// any problem found in the records it was computed from; WhyZH says
	// the same in plain Chinese, with the same facts and dates (written
	// 2026年3月31日). Text the user typed (names, numbers, domains) is
	// quoted as typed in both.
	Why   string `json:"why"`
	WhyZH string `json:"why_zh"`
	// Basis is where the rule comes from: BasisRegulation, BasisProvider
	// or BasisHouse; Source names the regulation (and article where it was
	// checked), the provider document or the house rule, in Chinese.
	Basis  string `json:"basis"`
	Source string `json:"source"`
	// DaysLeft counts days from the day asked about to Due (negative
	// when overdue).
	DaysLeft int `json:"days_left"`
	// Key identifies the obligation and occurrence; snoozes and done
	// marks are stored under it.
	Key          string `json:"key"`
	SiteID       string `json:"site_id"`
	EntityID     string `json:"entity_id"`
	CredentialID string `json:"credential_id"`
	ContactID    string `json:"contact_id"`

	plain uint64 // plainSig when LoadDue found all text plain (plain.go)
}

// Due returns what needs doing on today: every due and overdue item and
// every item starting on or before today+within, without snoozed items
// (SnoozedUntil after today) and done items, most urgent first: overdue
// (oldest deadline first), then due, then upcoming, ties by Due, Kind and
// Site. A negative within means in.Lead.UpcomingDays; within is capped
// at 100 years.
func Due(in Input, today ledger.Date, within int) []Item {
	g := newDueGen(&in, today, within)
	g.run()
	return g.sorted(true)
}

func newDueGen(in *Input, today ledger.Date, within int) *gen {
	g := newGen(in, norm(today), false)
	if within < 0 {
		within = g.upcomingDays
	}
	g.hi = addDays(g.today, min(within, maxHorizonDays))
	return g
}

// ItemsForCalendar returns the items whose deadline falls between from and
// from+months inclusive, including future occurrences of quarterly and
// yearly items and of rotations, for [WriteICS]. States are relative to
// from; done items are left out, snoozed ones are kept (a snooze hides a
// reminder, not the deadline). Items are sorted by Due, Kind, Site.
// months is capped at 100 years.
func ItemsForCalendar(in Input, from ledger.Date, months int) []Item {
	g := newGen(&in, norm(from), true)
	g.hi = g.today.AddMonths(min(max(months, 0), maxHorizonDays/30))
	g.run()
	return g.sorted(false)
}

// sortEntry is an item with its sort fields packed into one integer:
// state rank (Due only, bits 62–63), deadline (bits 36–61), kind (bits
// 32–35) and the rank of its filing number among all (bits 0–31). Only
// items equal in all of these compare strings.
type sortEntry struct {
	k  uint64
	it *Item
}

// kindOrder numbers the kinds in alphabetical order, so that comparing
// numbers compares names; unknown kinds get kindUnknown.
var kindOrder = func() map[string]uint64 {
	kinds := []string{KindContactChange, KindDomainExpiry, KindLicenceRenewal, KindLicenceReport, KindOffboardingRotation,
		KindProvincialReview, KindPSBFiling, KindRotation, KindSSLExpiry, KindStatusCheck,
		KindOffboarding, KindPSBDisplay, KindProductExpiry, KindIDExpiry, KindAccessDrill, KindKitStale}
	slices.Sort(kinds)
	m := make(map[string]uint64, len(kinds))
	for i, k := range kinds {
		m[k] = uint64(i)
	}
	return m
}()

// sorted returns the items collected, sorted by urgency (Due) or by
// deadline (calendar): the order of compareUrgency or compareDue.
func (g *gen) sorted(urgent bool) []Item {
	g.sortOwn(siteRanks(g.in), urgent)
	return merge(urgent, []*gen{g})
}

// siteRanks numbers the filing numbers of in's sites, and "", in string
// order: items carry one of these as Site, and the rank goes into their
// sort keys.
func siteRanks(in *Input) map[string]uint64 {
	names := make([]string, 1, len(in.Sites)+1) // "" first
	for i := range in.Sites {
		names = append(names, in.Sites[i].Number)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	rank := make(map[string]uint64, len(names))
	for i, s := range names {
		rank[s] = uint64(i)
	}
	return rank
}

// sortOwn makes g.ents, g's items with their sort keys, sorted.
func (g *gen) sortOwn(rank map[string]uint64, urgent bool) {
	n := 0
	for _, c := range g.chunks {
		n += len(c)
	}
	g.ents, g.inexact = make([]sortEntry, 0, n), false
	for ci := range g.chunks {
		c := g.chunks[ci]
		for i := range c {
			it := &c[i]
			var k uint64
			if urgent {
				k = uint64(stateRank(it.State)) << 62
			}
			day := dayNumber(it.Due) + 1<<25 // 26 bits: ±90,000 years around 1970
			if day < 0 || day >= 1<<26 {
				g.inexact, day = true, 0
			}
			k |= uint64(day) << 36
			kind, ok := kindOrder[it.Kind]
			if !ok {
				g.inexact = true
			}
			r, ok := rank[it.Site]
			if !ok {
				g.inexact = true
			}
			k |= kind<<32 | r&(1<<32-1)
			g.ents = append(g.ents, sortEntry{k, it})
		}
	}
	cmp := entryOrder(urgent, g.inexact)
	slices.SortFunc(g.ents, cmp)
}

// entryOrder compares sort entries by key, and equal keys by the items
// themselves; inexact (a kind, date or filing number the key cannot hold,
// never made from sane records) compares the items always.
func entryOrder(urgent, inexact bool) func(a, b sortEntry) int {
	compare := compareDue
	if urgent {
		compare = compareUrgency
	}
	return func(a, b sortEntry) int {
		if a.k != b.k && !inexact {
			return cmp.Compare(a.k, b.k)
		}
		return compare(a.it, b.it)
	}
}

// merge copies out the sorted entries of gens in one order.
func merge(urgent bool, gens []*gen) []Item {
	n, inexact := 0, false
	var lists [][]sortEntry
	for _, g := range gens {
		n += len(g.ents)
		inexact = inexact || g.inexact
		if len(g.ents) > 0 {
			lists = append(lists, g.ents)
		}
	}
	order := entryOrder(urgent, inexact)
	out := make([]Item, 0, n)
	for len(lists) > 0 {
		m := 0
		for i := 1; i < len(lists); i++ {
			if order(lists[i][0], lists[m][0]) < 0 {
				m = i
			}
		}
		out = append(out, *lists[m][0].it)
		if lists[m] = lists[m][1:]; len(lists[m]) == 0 {
			lists = slices.Delete(lists, m, m+1)
		}
	}
	return out
}

// stateRank orders states by urgency.
func stateRank(s string) int {
	switch s {
	case StateOverdue:
		return 0
	case StateDue:
		return 1
	}
	return 2
}

func compareUrgency(a, b *Item) int {
	if c := cmp.Compare(stateRank(a.State), stateRank(b.State)); c != 0 {
		return c
	}
	return compareDue(a, b)
}

func compareDue(a, b *Item) int {
	if c := a.Due.Compare(b.Due); c != 0 {
		return c
	}
	if c := strings.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	if c := strings.Compare(a.Site, b.Site); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

// gen holds one evaluation of the rules.
type gen struct {
	in    *Input
	today ledger.Date // the day asked about (Due) or the first day (calendar)
	hi    ledger.Date // the horizon: today+within, or from+months
	cal   bool        // calendar mode: every occurrence with Due in [today, hi]

	expiryDays   []int
	expiryText   string   // "60, 30 and 7"
	expiryTextZH string   // "到期前60天、30天和7天各提醒一次"
	stageText    []string // "; this is the 7-day reminder" for each of expiryDays
	stageTextZH  []string // "；这是到期前7天的提醒" for each of expiryDays
	maxExpiry    int
	upcomingDays int

	states   map[string]State
	sites    map[string]*ledger.SiteRow
	entities map[string]*ledger.Entity
	quarters map[quarter]*quarterText
	dates    map[ledger.Date][2]string // ds and zh cache: the same dates recur across records
	label    struct {                  // the last site labelled
		s    *ledger.SiteRow
		text string
	}
	chunks  [][]Item    // items found, in chunks so that they are never copied while growing
	ents    []sortEntry // the items in order, once sortOwn ran
	inexact bool        // some item's key cannot hold its fields (sortOwn)
}

func newGen(in *Input, today ledger.Date, cal bool) *gen {
	g := &gen{in: in, today: today, cal: cal}
	for _, d := range in.Lead.ExpiryDays {
		if d > 0 && d <= 3660 && !slices.Contains(g.expiryDays, d) {
			g.expiryDays = append(g.expiryDays, d)
		}
	}
	if len(g.expiryDays) == 0 {
		g.expiryDays = DefaultLead().ExpiryDays
	}
	slices.Sort(g.expiryDays)
	g.maxExpiry = g.expiryDays[len(g.expiryDays)-1]
	g.expiryText = daysList(g.expiryDays)
	g.expiryTextZH = remindersZH(g.expiryDays)
	for _, d := range g.expiryDays {
		g.stageText = append(g.stageText, "; this is the "+strconv.Itoa(d)+"-day reminder")
		g.stageTextZH = append(g.stageTextZH, "；这是到期前"+strconv.Itoa(d)+"天的提醒")
	}
	g.upcomingDays = in.Lead.UpcomingDays
	if g.upcomingDays <= 0 {
		g.upcomingDays = DefaultLead().UpcomingDays
	}
	if len(in.States) > 0 {
		g.states = make(map[string]State, len(in.States))
		for _, s := range in.States {
			old, ok := g.states[s.Key]
			if ok {
				// Several states for one key: done wins, the latest snooze wins.
				s.Done = s.Done || old.Done
				if s.DoneOn.IsZero() {
					s.DoneOn = old.DoneOn
				}
				if old.SnoozedUntil.Compare(s.SnoozedUntil) > 0 {
					s.SnoozedUntil = old.SnoozedUntil
				}
			}
			g.states[s.Key] = s
		}
	}
	g.sites = make(map[string]*ledger.SiteRow, len(in.Sites))
	for i := range in.Sites {
		s := &in.Sites[i]
		if !s.Deleted && s.ID != "" {
			g.sites[s.ID] = s
		}
	}
	g.entities = make(map[string]*ledger.Entity, len(in.Entities))
	for i := range in.Entities {
		e := &in.Entities[i]
		if !e.Deleted && e.ID != "" {
			g.entities[e.ID] = e
		}
	}
	return g
}

// run evaluates every rule. On a large ledger with two CPUs or more, the
// credential and contact rules run on a second goroutine (see goSide);
// the items are the same either way, and sorted afterwards
// (TestParallelSameItems).
func (g *gen) run() {
	if !parallel(g.in) {
		g.siteRules()
		g.peopleRules()
		return
	}
	h := g.fork()
	wait := goSide(h.peopleRules)
	g.siteRules()
	wait()
	g.chunks = append(g.chunks, h.chunks...)
}

// parallel reports whether in is large enough to share the rules between
// two goroutines, and there are two CPUs to run them.
func parallel(in *Input) bool {
	return runtime.GOMAXPROCS(0) >= 2 && len(in.Sites)+len(in.Credentials)+len(in.Contacts) >= parallelRecords
}

// parallelRecords is the size of ledger from which the rules use two
// goroutines: below it, starting one costs more than it saves.
const parallelRecords = 2000

// fork returns a gen for the same evaluation with its own caches and
// items, so that the two can run at once: both only read the input and
// the maps newGen built from it.
func (g *gen) fork() *gen {
	h := &gen{}
	*h = *g
	h.quarters, h.dates, h.chunks, h.ents, h.inexact = nil, nil, nil, nil, false
	h.label.s, h.label.text = nil, ""
	return h
}

// goSide runs f on another goroutine; wait waits for it to end and
// re-raises its panic, if any, on the caller's goroutine.
func goSide(f func()) (wait func()) {
	var crash any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { crash = recover() }()
		f()
	}()
	return func() {
		<-done
		if crash != nil {
			panic(crash)
		}
	}
}

// siteRules are the rules that read sites, checks, entities and reviews;
// peopleRules read credentials and contacts (and the site and entity
// maps).
func (g *gen) siteRules() {
	g.statusChecks()
	g.siteDates()
	g.licenceReports()
	g.provincialReviews()
}

func (g *gen) peopleRules() {
	g.rotations()
	g.contactChanges()
	g.idExpiries()
	g.accessRules()
}

const (
	chunkSize      = 1024              // items per chunk of gen.chunks
	maxHorizonDays = 100 * 36525 / 100 // 100 years
)

// open reports whether an occurrence with this window is shown at all:
// in Due mode if it starts by the horizon, in calendar mode if its
// deadline falls in [today, hi]. Rules test it before building any text.
func (g *gen) open(start, due ledger.Date) bool {
	if g.cal {
		return !due.Before(g.today) && !g.hi.Before(due)
	}
	return !g.hi.Before(start)
}

// hidden reports whether the user marked the item done or, in Due mode,
// snoozed it past today.
func (g *gen) hidden(key string) bool {
	st, ok := g.states[key]
	if !ok {
		return false
	}
	return st.Done || (!g.cal && g.today.Before(st.SnoozedUntil))
}

// emit finishes an item that passed open and hidden: its state and days
// left.
func (g *gen) emit(it Item) {
	switch {
	case g.today.Before(it.Start):
		it.State = StateUpcoming
	case it.Due.Before(g.today):
		it.State = StateOverdue
	default:
		it.State = StateDue
	}
	it.DaysLeft = daysBetween(g.today, it.Due)
	if len(g.chunks) == 0 || len(g.chunks[len(g.chunks)-1]) == chunkSize {
		g.chunks = append(g.chunks, make([]Item, 0, chunkSize))
	}
	last := &g.chunks[len(g.chunks)-1]
	*last = append(*last, it)
}

// live reports whether a site takes part in site reminders.
func live(s *ledger.SiteRow) bool {
	return !s.Deleted && s.Status != ledger.StatusCancelled
}

// siteItem fills the site fields of an item.
func siteItem(s *ledger.SiteRow) Item {
	return Item{Site: s.Number, SiteID: s.ID, EntityID: s.EntityID}
}

// norm returns a valid calendar date for d (an out-of-range month or day,
// as from a hand-built Date, is normalised the way time.Date does) and
// the zero date for zero.
func norm(d ledger.Date) ledger.Date {
	if d.IsZero() {
		return d
	}
	if d.M >= 1 && d.M <= 12 && d.D >= 1 && d.D <= daysIn(d.Y, d.M) {
		return d
	}
	return ledger.DateOf(d.Time())
}

// addDays returns the date n days after d (calendar arithmetic, the same
// as ledger.Date.AddDays without the time-zone lookups).
func addDays(d ledger.Date, n int) ledger.Date {
	if d.IsZero() {
		return d
	}
	return civil(dayNumber(d) + int64(n))
}

// daysBetween counts the days from a to b, like ledger.Date.DaysUntil.
func daysBetween(a, b ledger.Date) int { return int(dayNumber(b) - dayNumber(a)) }

// dayNumber counts days since 1970-01-01 in the proleptic Gregorian
// calendar (H. Hinnant's days_from_civil); d must be normalised.
func dayNumber(d ledger.Date) int64 {
	y, m := int64(d.Y), int64(d.M)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.D) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civil is the inverse of dayNumber.
func civil(z int64) ledger.Date {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return ledger.Date{Y: int(y), M: time.Month(m), D: int(d)}
}

// zh formats a date as 2026年11月24日, like ledger.Date.Chinese but
// without fmt.
func zh(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Y) + "年" + strconv.Itoa(int(d.M)) + "月" + strconv.Itoa(d.D) + "日"
}

// ds and zh are the package functions with a cache.
func (g *gen) ds(d ledger.Date) string { return g.dateText(d)[0] }
func (g *gen) zh(d ledger.Date) string { return g.dateText(d)[1] }

func (g *gen) dateText(d ledger.Date) [2]string {
	if t, ok := g.dates[d]; ok {
		return t
	}
	t := [2]string{ds(d), zh(d)}
	if g.dates == nil {
		g.dates = map[ledger.Date][2]string{}
	}
	if len(g.dates) < 1<<16 {
		g.dates[d] = t
	}
	return t
}

// ds formats a date as YYYY-MM-DD ("" for zero), like ledger.Date.String
// but without fmt.
func ds(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	if d.Y < 0 || d.Y > 9999 {
		return d.String()
	}
	b := [10]byte{
		byte('0' + d.Y/1000), byte('0' + d.Y/100%10), byte('0' + d.Y/10%10), byte('0' + d.Y%10), '-',
		byte('0' + int(d.M)/10), byte('0' + int(d.M)%10), '-',
		byte('0' + d.D/10), byte('0' + d.D%10),
	}
	return string(b[:])
}

// daysIn returns the number of days of month m (1–12) of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// createdOn is the Beijing date of a record's creation, or zero.
func createdOn(m ledger.Meta) ledger.Date {
	if m.CreatedAt.IsZero() {
		return ledger.Date{}
	}
	return ledger.DateOf(m.CreatedAt)
}
