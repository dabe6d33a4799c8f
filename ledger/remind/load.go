package remind

import (
	"encoding/json"
	"fmt"

	"beianledger/ledger"
)

// Setting keys under which the reminder settings are kept in the vault.
const (
	SettingLead    = "remind.lead"    // JSON of Lead
	SettingReviews = "remind.reviews" // JSON array of ProvincialReview
)

// Load reads everything the rules need from a ledger. It is the one place
// front ends build an Input, so the GUI dashboard and `beianledger due`
// can never disagree.
func Load(st ledger.Reader) (Input, error) {
	if s, ok := st.(ledger.Store); ok {
		// One read session for all the reads, its statements kept prepared.
		var in Input
		err := s.Read(func(r ledger.Reader) (err error) {
			in, err = load(r)
			return err
		})
		return in, err
	}
	return load(st)
}

// leanReader is implemented by the vault's reader: the records of Sites,
// Credentials, Contacts and Checks("") with only the fields the rules read,
// in no particular order (see vault/remind_read.go). Load prefers it; the
// rules give the same items either way (TestLeanLoadSameItems).
type leanReader interface {
	ReminderSites() ([]ledger.SiteRow, error)
	ReminderCredentials() ([]ledger.Credential, error)
	ReminderContacts() ([]ledger.Contact, error)
	ReminderChecks() ([]ledger.StatusCheck, error)
}

func load(st ledger.Reader) (Input, error) {
	if lr, ok := st.(leanReader); ok {
		in, err := loadWith(st, lr.ReminderSites, lr.ReminderCredentials, lr.ReminderContacts, lr.ReminderChecks)
		lastChecked(in.Sites, in.Checks)
		return in, err
	}
	return loadWith(st, st.Sites, st.Credentials, st.Contacts, func() ([]ledger.StatusCheck, error) { return st.Checks("") })
}

func loadWith(st ledger.Reader, sites func() ([]ledger.SiteRow, error), creds func() ([]ledger.Credential, error),
	contacts func() ([]ledger.Contact, error), checks func() ([]ledger.StatusCheck, error)) (Input, error) {
	var in Input
	var err error
	if in.Entities, err = st.Entities(); err != nil {
		return in, err
	}
	if in.Sites, err = sites(); err != nil {
		return in, err
	}
	if in.Credentials, err = creds(); err != nil {
		return in, err
	}
	if in.Contacts, err = contacts(); err != nil {
		return in, err
	}
	if in.Checks, err = checks(); err != nil {
		return in, err
	}
	states, err := st.ReminderStates()
	if err != nil {
		return in, err
	}
	for _, s := range states {
		in.States = append(in.States, State{Key: s.Key, SnoozedUntil: s.SnoozedUntil, Done: s.Done, DoneOn: s.DoneOn})
	}
	in.Lead = DefaultLead()
	if v, err := st.Setting(SettingLead); err != nil {
		return in, err
	} else if v != "" {
		if err := json.Unmarshal([]byte(v), &in.Lead); err != nil {
			return in, fmt.Errorf("reminder lead times setting: %w", err)
		}
	}
	if v, err := st.Setting(SettingReviews); err != nil {
		return in, err
	} else if v != "" {
		if err := json.Unmarshal([]byte(v), &in.Reviews); err != nil {
			return in, fmt.Errorf("provincial review setting: %w", err)
		}
	}
	return in, nil
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
