package remind

import (
	"cmp"
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
)

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
}

// State is what the user did with one reminder: snoozed it or marked it
// done. The caller persists it under the item's Key.
type State struct {
	Key          string
	SnoozedUntil ledger.Date // hidden from Due while SnoozedUntil is after today
	Done         bool
	DoneOn       ledger.Date
}

// ProvincialReview is a user-defined yearly review window of one
// province's 通信管理局, e.g. 湖北 (鄂) from 15 January to 15 April. A window
// whose end comes before its start runs over New Year.
type ProvincialReview struct {
	// Province is the common short name (鄂); a full name (湖北省), a short
	// name (湖北) or an ICP prefix (蜀) is understood too.
	Province           string
	FromMonth, FromDay int
	ToMonth, ToDay     int
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
}

// Due returns what needs doing on today: every due and overdue item and
// every item starting on or before today+within, without snoozed items
// (SnoozedUntil after today) and done items, most urgent first: overdue
// (oldest deadline first), then due, then upcoming, ties by Due, Kind and
// Site. A negative within means in.Lead.UpcomingDays; within is capped
// at 100 years.
func Due(in Input, today ledger.Date, within int) []Item {
	g := newGen(&in, norm(today), false)
	if within < 0 {
		within = g.upcomingDays
	}
	g.hi = addDays(g.today, min(within, maxHorizonDays))
	g.run()
	return g.sorted(true)
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
		KindProvincialReview, KindPSBFiling, KindRotation, KindSSLExpiry, KindStatusCheck}
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
	n := 0
	for _, c := range g.chunks {
		n += len(c)
	}
	siteRank := map[string]uint64{}
	for _, c := range g.chunks {
		for i := range c {
			siteRank[c[i].Site] = 0
		}
	}
	names := make([]string, 0, len(siteRank))
	for s := range siteRank {
		names = append(names, s)
	}
	slices.Sort(names)
	for i, s := range names {
		siteRank[s] = uint64(i)
	}
	ents := make([]sortEntry, 0, n)
	fallback := false // a kind or a date the packed key cannot hold
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
				fallback, day = true, 0
			}
			k |= uint64(day) << 36
			kind, ok := kindOrder[it.Kind]
			if !ok {
				fallback = true
			}
			k |= kind<<32 | siteRank[it.Site]&(1<<32-1)
			ents = append(ents, sortEntry{k, it})
		}
	}
	compare := compareDue
	if urgent {
		compare = compareUrgency
	}
	slices.SortFunc(ents, func(a, b sortEntry) int {
		if a.k != b.k && !fallback {
			return cmp.Compare(a.k, b.k)
		}
		// Equal keys, or a kind or date the key cannot hold (never made
		// from sane records): compare the items themselves.
		return compare(a.it, b.it)
	})
	out := make([]Item, len(ents))
	for i, e := range ents {
		out[i] = *e.it
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
	chunks [][]Item // items found, in chunks so that they are never copied while growing
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

func (g *gen) run() {
	g.statusChecks()
	g.rotations()
	g.contactChanges()
	g.siteDates()
	g.licenceReports()
	g.provincialReviews()
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
