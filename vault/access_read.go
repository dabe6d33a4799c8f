package vault

import (
	"strings"
	"time"

	"beianledger/ledger"
)

// AccessWays lists the vault's ways in for the reminder rules (the access
// drill): id, type, label and when each was added.
func (r *rw) AccessWays() ([]ledger.AccessWay, error) {
	var out []ledger.AccessWay
	for _, s := range r.v.Slots() {
		out = append(out, ledger.AccessWay{ID: s.ID, Type: s.Type, Label: s.Label, Created: s.Created})
	}
	return out, nil
}

// LastChanges says when the ways in (other than a scheduler's), the
// contacts and the providers last changed, for the stale-kit reminder.
func (r *rw) LastChanges() (ledger.Changes, error) {
	var ch ledger.Changes
	rows, err := r.q.QueryContext(ctx0, `SELECT at, summary FROM audit WHERE action IN ('vault.create', 'access.add', 'access.remove')`)
	if err != nil {
		return ch, err
	}
	defer rows.Close()
	for rows.Next() {
		var at, summary string
		if err := rows.Scan(&at, &summary); err != nil {
			return ch, err
		}
		if strings.Contains(summary, `"scheduler@`) {
			continue // the unattended run's own slot is not in the kit
		}
		if t, err := time.Parse(time.RFC3339Nano, at); err == nil && t.After(ch.Keys) {
			ch.Keys = t
		}
	}
	if err := rows.Err(); err != nil {
		return ch, err
	}
	for _, t := range []struct {
		table string
		into  *time.Time
	}{{"contact", &ch.Contacts}, {"provider", &ch.Providers}} {
		var s *string
		if err := r.q.QueryRowContext(ctx0, `SELECT max(updated_at) FROM `+t.table).Scan(&s); err != nil {
			return ch, err
		}
		if s != nil {
			*t.into, _ = time.Parse(time.RFC3339Nano, *s)
		}
	}
	return ch, nil
}
