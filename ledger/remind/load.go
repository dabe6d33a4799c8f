package remind

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"beianledger/ledger"
)

// Setting keys under which the reminder settings are kept in the vault.
const (
	SettingLead    = "remind.lead"    // JSON of Lead
	SettingReviews = "remind.reviews" // JSON array of ProvincialReview
	// SettingRotation is the house default rotation interval in months
	// (decimal, 1–24): the company's own rule, no regulation asks for it.
	SettingRotation = "remind.rotation_months"
)

// Load reads everything the rules need from a ledger. It is the one place
// front ends build an Input, so the GUI dashboard and `beianledger due`
// can never disagree.
func Load(st ledger.Reader) (Input, error) {
	return loadThen(st, loadHooks{})
}

// LoadDue is Load(st) and Due of that, faster on a large ledger with two
// CPUs: each rule family runs, and sorts its items, as soon as what it
// reads is loaded. The site rules run while the credentials and
// contacts are read, the rotations while the contacts are read, the
// contact rules last; the sorted lists are then merged. `beianledger due`
// uses it; TestParallelSameItems holds it to Load and Due.
func LoadDue(st ledger.Reader, today ledger.Date, within int) (Input, []Item, error) {
	var (
		g      *gen   // newGen's maps, shared; each family runs on a fork
		gens   []*gen // the forks, each sorted by its own goroutine but the last
		waits  []func()
		rank   map[string]uint64
		ranked = make(chan struct{}) // rank is set
		plain  [3]bool               // the text each family reads is plain (plain.go)
	)
	side := func(x *gen, rules func()) {
		gens = append(gens, x)
		waits = append(waits, goSide(func() { rules(); <-ranked; x.sortOwn(rank, true) }))
	}
	in, err := loadThen(st, loadHooks{
		sites: func(in *Input) {
			if runtime.GOMAXPROCS(0) < 2 || len(in.Sites) < parallelRecords/4 {
				return
			}
			g = newDueGen(in, today, within)
			s := g.fork()
			side(s, func() {
				func() { defer close(ranked); rank = siteRanks(in) }()
				s.siteRules()
				plain[0] = plainSiteText(in)
			})
		},
		credentials: func(in *Input) {
			if len(gens) > 0 {
				r := g.fork()
				side(r, func() {
					r.rotations()
					plain[1] = plainCredentials(in.Credentials) && plainRemoved(in.RemovedReaders)
				})
			}
		},
	})
	if err != nil || len(gens) == 0 {
		for _, wait := range waits {
			wait() // the goroutines read in: let them end
		}
		if err != nil {
			return in, nil, err
		}
		items := Due(in, today, within)
		if plainSiteText(&in) && plainCredentials(in.Credentials) && plainRemoved(in.RemovedReaders) && plainContacts(in.Contacts) {
			markPlain(items)
		}
		return in, items, nil
	}
	c := g.fork() // c.in is the Input the contacts were read into
	c.contactChanges()
	c.idExpiries()
	c.accessRules()
	plain[2] = plainContacts(in.Contacts)
	<-ranked
	c.sortOwn(rank, true)
	for _, wait := range waits {
		wait()
	}
	items := merge(true, append(gens, c))
	if plain[0] && plain[1] && plain[2] {
		markPlain(items)
	}
	return in, items, nil
}

// loadHooks are called by loadThen with the Input being filled: sites
// once the settings, states, entities, sites and checks are read
// (everything the site rules read), credentials once the credentials are
// too. A hook may hand the Input to another goroutine that reads only
// those fields: loadThen reads the rest into other fields.
type loadHooks struct {
	sites, credentials func(*Input)
}

// loadThen reads the ledger into an Input in one read session, calling
// the hooks as parts of it are read.
func loadThen(st ledger.Reader, hooks loadHooks) (Input, error) {
	var in Input
	read := func(r ledger.Reader) error { return load(r, &in, hooks) }
	var err error
	if s, ok := st.(ledger.Store); ok {
		// One read session for all the reads, its statements kept prepared.
		err = s.Read(read)
	} else {
		err = read(st)
	}
	return in, err
}

// leanReader is implemented by the vault's reader: the records of
// Entities, Sites, Credentials, Contacts and Checks("") with only the
// fields the rules read, in no particular order (see
// vault/remind_read.go). Load prefers it; the rules give the same items
// either way (TestLeanLoadSameItems).
type leanReader interface {
	ReminderEntities() ([]ledger.Entity, error)
	ReminderSites() ([]ledger.SiteRow, error)
	ReminderCredentials() ([]ledger.Credential, error)
	ReminderContacts() ([]ledger.Contact, error)
	ReminderChecks() ([]ledger.StatusCheck, error)
}

func load(st ledger.Reader, in *Input, hooks loadHooks) error {
	entities, sites, creds, contacts := st.Entities, st.Sites, st.Credentials, st.Contacts
	checks := func() ([]ledger.StatusCheck, error) { return st.Checks("") }
	lr, lean := st.(leanReader)
	if lean {
		entities, sites, creds, contacts, checks = lr.ReminderEntities, lr.ReminderSites, lr.ReminderCredentials, lr.ReminderContacts, lr.ReminderChecks
	}
	states, err := st.ReminderStates()
	if err != nil {
		return err
	}
	for _, s := range states {
		in.States = append(in.States, State{Key: s.Key, SnoozedUntil: s.SnoozedUntil, Done: s.Done, DoneOn: s.DoneOn})
	}
	in.Lead = DefaultLead()
	if v, err := st.Setting(SettingLead); err != nil {
		return err
	} else if v != "" {
		if err := json.Unmarshal([]byte(v), &in.Lead); err != nil {
			return fmt.Errorf("reminder lead times setting: %w", err)
		}
	}
	if v, err := st.Setting(SettingReviews); err != nil {
		return err
	} else if v != "" {
		if err := json.Unmarshal([]byte(v), &in.Reviews); err != nil {
			return fmt.Errorf("provincial review setting: %w", err)
		}
	}
	if v, err := st.Setting(SettingRotation); err != nil {
		return err
	} else if v = strings.TrimSpace(v); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 24 {
			return fmt.Errorf("rotation interval setting %q: want 1–24 months", v)
		}
		in.RotationMonths = n
	}
	if v, err := st.Setting(ledger.SettingRemovedReaders); err != nil {
		return err
	} else {
		// A damaged value costs only the names in the reminders' text.
		in.RemovedReaders, _ = ledger.ParseRemovedReaders(v)
	}
	if in.Entities, err = entities(); err != nil {
		return err
	}
	if in.Sites, err = sites(); err != nil {
		return err
	}
	if in.Checks, err = checks(); err != nil {
		return err
	}
	if lean {
		lastChecked(in.Sites, in.Checks)
	}
	if hooks.sites != nil {
		hooks.sites(in)
	}
	if in.Credentials, err = creds(); err != nil {
		return err
	}
	if hooks.credentials != nil {
		hooks.credentials(in)
	}
	if in.Contacts, err = contacts(); err != nil {
		return err
	}
	return loadAccess(st, in)
}

// loadAccess reads the ways in, the drill days and the kit's print day
// and last changes, where the store can list its ways in.
func loadAccess(st ledger.Reader, in *Input) error {
	ar, ok := st.(ledger.AccessReader)
	if !ok {
		return nil
	}
	ways, err := ar.AccessWays()
	if err != nil {
		return err
	}
	for _, a := range ways {
		w := Way{ID: a.ID, Label: a.Label, Type: a.Type}
		if !a.Created.IsZero() {
			w.Created = ledger.DateOf(a.Created)
		}
		if drilled(&w) {
			v, err := st.Setting(SettingDrillPrefix + a.ID)
			if err != nil {
				return err
			}
			w.Opened, _ = ledger.ParseDate(v) // a damaged value counts as never
		}
		in.Ways = append(in.Ways, w)
	}
	v, err := st.Setting(SettingKitPrinted)
	if err != nil || strings.TrimSpace(v) == "" {
		return err
	}
	if in.KitPrinted, err = ledger.ParseDate(v); err != nil {
		return fmt.Errorf("emergency kit print date setting %q: %w", v, err)
	}
	ch, err := ar.LastChanges()
	if err != nil {
		return err
	}
	for _, c := range []struct {
		t  time.Time
		to *ledger.Date
	}{{ch.Keys, &in.KitChanges.Keys}, {ch.Contacts, &in.KitChanges.Contacts}, {ch.Providers, &in.KitChanges.Providers}} {
		if !c.t.IsZero() {
			*c.to = ledger.DateOf(c.t)
		}
	}
	return nil
}

// lastChecked sets each site's LastChecked to the latest of its checks, as
// the store's Sites does.
func lastChecked(sites []ledger.SiteRow, checks []ledger.StatusCheck) {
	last := make(map[string]ledger.Date, len(sites))
	for _, c := range checks {
		if c.Deleted || c.SiteID == "" {
			continue
		}
		if d, ok := last[c.SiteID]; !ok || d.Before(c.Date) {
			last[c.SiteID] = c.Date
		}
	}
	for i := range sites {
		sites[i].LastChecked = last[sites[i].ID]
	}
}
