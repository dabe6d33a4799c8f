package ledger

import "time"

// Channel is a way reminders leave the app (an e-mail account, a group
// robot). The ledger keeps it opaque: Config is JSON that holds no secret
// (see ledger/notify.Config); the secret (an SMTP password, a webhook URL
// with its key) is sealed by the store like a password.
type Channel struct {
	ID        string    `json:"id"`
	Config    string    `json:"config"`
	HasSecret bool      `json:"has_secret"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// ChannelReader lists channels and opens their secrets. The vault's Store
// and its readers implement it.
type ChannelReader interface {
	Channels() ([]Channel, error)
	// ChannelSecret opens a channel's sealed secret (nil if none); the
	// caller wipes it.
	ChannelSecret(id string) ([]byte, error)
}

// ChannelWriter changes channels inside a Store.Write; the vault's
// writers implement it.
type ChannelWriter interface {
	ChannelReader
	// PutChannel adds or replaces a channel (a new ID when c.ID is
	// empty). A nil secret keeps the one sealed before.
	PutChannel(c *Channel, secret []byte) error
	// DeleteChannel removes a channel and its secret.
	DeleteChannel(id string) error
}
