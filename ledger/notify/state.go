package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"beianledger/ledger/remind"
)

// Sent is what every channel of one vault was already told: per item key,
// the state it was sent in. It holds no secret and no ledger text (keys,
// states, times and counts only), so it can live outside the vault in a
// plain 0600 file.
type Sent struct {
	Vault    string                  `json:"vault"`
	Channels map[string]*ChannelSent `json:"channels"`
}

// ChannelSent is one channel's record.
type ChannelSent struct {
	Items map[string]Mark `json:"items"`
	Log   []LogEntry      `json:"log,omitempty"`
}

// Mark says an item was sent in State at At.
type Mark struct {
	State string    `json:"state"`
	At    time.Time `json:"at"`
}

// LogEntry is one run's outcome on one channel: `notify --json` and the
// settings screen show the latest ones.
type LogEntry struct {
	At      time.Time `json:"at"`
	Test    bool      `json:"test,omitempty"`
	Sent    int       `json:"sent"`    // items sent
	Skipped int       `json:"skipped"` // items already sent in the same state
	Parts   int       `json:"parts"`   // messages posted
	Bytes   int       `json:"bytes"`   // largest message, as the platform counts it
	Error   string    `json:"error,omitempty"`
}

// logKeep is how many runs each channel's log keeps.
const logKeep = 60

func (s *Sent) channel(id string) *ChannelSent {
	if s.Channels == nil {
		s.Channels = map[string]*ChannelSent{}
	}
	c := s.Channels[id]
	if c == nil {
		c = &ChannelSent{Items: map[string]Mark{}}
		s.Channels[id] = c
	}
	if c.Items == nil {
		c.Items = map[string]Mark{}
	}
	return c
}

// Select splits items into those a channel must be sent (new, or in
// another state than last sent, with the state it was told as Was) and
// the number skipped as already sent. It also forgets marks of items no
// longer listed (done, snoozed or past), so a reminder that comes back
// after a snooze is sent again.
func (s *Sent) Select(channelID string, items []remind.Item, names map[string]string) (send []Entry, skipped int) {
	c := s.channel(channelID)
	live := make(map[string]bool, len(items))
	for i := range items {
		it := &items[i]
		live[it.Key] = true
		m, ok := c.Items[it.Key]
		if ok && m.State == it.State {
			skipped++
			continue
		}
		send = append(send, Entry{Item: *it, SiteName: names[it.SiteID], Was: m.State})
	}
	for k := range c.Items {
		if !live[k] {
			delete(c.Items, k)
		}
	}
	return send, skipped
}

// Record marks the keys of sent entries as sent now.
func (s *Sent) Record(channelID string, sent []Entry, keys []string, at time.Time) {
	c := s.channel(channelID)
	state := make(map[string]string, len(sent))
	for i := range sent {
		state[sent[i].Item.Key] = sent[i].Item.State
	}
	for _, k := range keys {
		if st, ok := state[k]; ok {
			c.Items[k] = Mark{State: st, At: at.UTC()}
		}
	}
}

// Log appends a run's outcome to a channel's log.
func (s *Sent) Log(channelID string, e LogEntry) {
	c := s.channel(channelID)
	e.At = e.At.UTC()
	c.Log = append(c.Log, e)
	if len(c.Log) > logKeep {
		c.Log = append(c.Log[:0:0], c.Log[len(c.Log)-logKeep:]...)
	}
}

// Forget drops a removed channel's record.
func (s *Sent) Forget(channelID string) { delete(s.Channels, channelID) }

// LoadSent reads the record for vault from path; a missing file is an
// empty record. A file of another vault is refused.
func LoadSent(path, vault string) (*Sent, error) {
	s := &Sent{Vault: vault, Channels: map[string]*ChannelSent{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("notify state: %w", err)
	}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("notify state %s is damaged (%v); move it away to start afresh (items may then be sent once more)", path, err)
	}
	if s.Vault != vault {
		return nil, fmt.Errorf("notify state %s belongs to vault %s, not %s", path, s.Vault, vault)
	}
	if s.Channels == nil {
		s.Channels = map[string]*ChannelSent{}
	}
	return s, nil
}

// Save writes the record to path atomically, readable by the user only.
func (s *Sent) Save(path string) error {
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("notify state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".notify-*.tmp")
	if err != nil {
		return fmt.Errorf("notify state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("notify state: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("notify state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("notify state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("notify state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("notify state: %w", err)
	}
	return nil
}

// StatePath is where the record of a vault is kept: dir/notify-UUID.json.
// dir is the user's state folder (see the command line's stateDir).
func StatePath(dir, vault string) string {
	return filepath.Join(dir, "notify-"+vault+".json")
}
