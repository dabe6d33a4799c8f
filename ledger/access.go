package ledger

import "time"

// AccessWay is one way into the vault (a key slot) as the reminder rules
// see it: the access drill asks each backup contact's way in to be used
// every few months.
type AccessWay struct {
	ID      string
	Type    string // passphrase, recipient (a backup contact's identity file), recovery-key
	Label   string
	Created time.Time
}

// Changes are the times of the last changes an emergency kit depends on:
// a way in added or removed, a contact or a provider changed (deleted
// ones included). Zero when there was none.
type Changes struct {
	Keys, Contacts, Providers time.Time
}

// AccessReader is implemented by a store that can list its ways in and
// say when the kit's contents last changed (the vault's reader). The
// reminder rules use it where it is available.
type AccessReader interface {
	AccessWays() ([]AccessWay, error)
	LastChanges() (Changes, error)
}
