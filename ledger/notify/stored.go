package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// ErrNoChannels means the store cannot keep channels.
var ErrNoChannels = errors.New("this vault cannot keep notification channels")

// Stored is a channel as the vault keeps it, its config parsed.
type Stored struct {
	ledger.Channel
	Config Config
}

// LoadChannels lists a store's channels by label. The command line and
// the window both read them here.
func LoadChannels(st any) ([]Stored, error) {
	cr, ok := st.(ledger.ChannelReader)
	if !ok {
		return nil, ErrNoChannels
	}
	raw, err := cr.Channels()
	if err != nil {
		return nil, err
	}
	out := make([]Stored, 0, len(raw))
	for _, r := range raw {
		s := Stored{Channel: r}
		if err := json.Unmarshal([]byte(r.Config), &s.Config); err != nil {
			return nil, fmt.Errorf("channel %s: %v", r.ID, err)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Stored) int { return strings.Compare(a.Config.Label, b.Config.Label) })
	return out, nil
}

// OpenSecret opens a stored channel's secret.
func OpenSecret(st any, s Stored) (Secret, error) {
	if !s.HasSecret {
		return Secret{}, nil
	}
	cr, ok := st.(ledger.ChannelReader)
	if !ok {
		return Secret{}, ErrNoChannels
	}
	b, err := cr.ChannelSecret(s.ID)
	if err != nil {
		return Secret{}, err
	}
	sec, err := UnmarshalSecret(b)
	for i := range b {
		b[i] = 0
	}
	return sec, err
}

// AddChannel validates a channel and stores it with its secret sealed. A
// label already in use is refused.
func AddChannel(st ledger.Store, c Config, s Secret) (ledger.Channel, error) {
	if err := Validate(&c, s); err != nil {
		return ledger.Channel{}, err
	}
	have, err := LoadChannels(st)
	if err != nil {
		return ledger.Channel{}, err
	}
	for _, h := range have {
		if h.Config.Label == c.Label {
			return ledger.Channel{}, invalid("已有名为 %q 的渠道，请先删除或换一个名称", "a channel labelled %q exists; remove it first or pick another label", c.Label)
		}
	}
	cj, err := json.Marshal(c)
	if err != nil {
		return ledger.Channel{}, err
	}
	sb, err := MarshalSecret(s)
	if err != nil {
		return ledger.Channel{}, err
	}
	defer func() {
		for i := range sb {
			sb[i] = 0
		}
	}()
	ch := ledger.Channel{Config: string(cj)}
	err = st.Write(func(w ledger.Writer) error {
		cw, ok := w.(ledger.ChannelWriter)
		if !ok {
			return ErrNoChannels
		}
		return cw.PutChannel(&ch, sb)
	})
	return ch, err
}

// RemoveChannel deletes a stored channel and its secret.
func RemoveChannel(st ledger.Store, id string) error {
	return st.Write(func(w ledger.Writer) error {
		cw, ok := w.(ledger.ChannelWriter)
		if !ok {
			return ErrNoChannels
		}
		return cw.DeleteChannel(id)
	})
}

// TestDigest is the digest of a test message: the most urgent item due,
// or a made-up sample when nothing is due. It goes through the same
// sender as a real digest and is never recorded as sent.
func TestDigest(today ledger.Date, items []remind.Item, names map[string]string) *Digest {
	d := &Digest{Today: today, Test: true}
	if len(items) > 0 {
		d.Entries = []Entry{{Item: &items[0], SiteName: names[items[0].SiteID]}}
		return d
	}
	it := remind.Item{Kind: remind.KindStatusCheck, State: remind.StateDue, Due: today, Key: "test",
		Subject: "Sample: quarterly filing status check", SubjectZH: "示例：备案状态季度检查"}
	d.Entries = []Entry{{Item: &it}}
	return d
}

// SiteNames maps site IDs to their name, or first domain.
func SiteNames(sites []ledger.SiteRow) map[string]string {
	names := make(map[string]string, len(sites))
	for i := range sites {
		s := &sites[i]
		n := strings.TrimSpace(s.Name)
		if n == "" && len(s.Domains) > 0 {
			n = s.Domains[0]
		}
		names[s.ID] = n
	}
	return names
}
