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

func load(st ledger.Reader) (Input, error) {
	var in Input
	var err error
	if in.Entities, err = st.Entities(); err != nil {
		return in, err
	}
	if in.Sites, err = st.Sites(); err != nil {
		return in, err
	}
	if in.Credentials, err = st.Credentials(); err != nil {
		return in, err
	}
	if in.Contacts, err = st.Contacts(); err != nil {
		return in, err
	}
	if in.Checks, err = st.Checks(""); err != nil {
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
