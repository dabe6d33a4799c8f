package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

	hashes    []string // markKey of the items last selected
	live      map[string]bool
	hashedFor *remind.Item // the first of those items
}

// ChannelSent is one channel's record.
type ChannelSent struct {
	// Items maps the hash of each item key sent (markKey) to the state
	// it was sent in. Hashes keep the file small at 10,000 sites (tens of
	// thousands of items) and keep record ids out of it.
	Items map[string]string `json:"-"`
	Log   []LogEntry        `json:"log,omitempty"`

	enc []byte // appendJSON's output while Items and Log are unchanged
}

// channelFile is how a ChannelSent is written: per state, the hashes of
// its items concatenated (small, and fast to write and read).
type channelFile struct {
	Sent map[string]string `json:"sent"`
	Log  []LogEntry        `json:"log,omitempty"`
}

// MarshalJSON writes the compact form.
func (c *ChannelSent) MarshalJSON() ([]byte, error) { return c.appendJSON(nil) }

// appendJSON appends the compact form to b, the same JSON that
// encoding/json would write for a channelFile, without its reflection and
// escaping passes over a megabyte of hex: at 10,000 sites the state holds
// tens of thousands of marks per channel and is written after each one.
func (c *ChannelSent) appendJSON(b []byte) ([]byte, error) {
	if c.enc != nil {
		return append(b, c.enc...), nil
	}
	start := len(b)
	// A handful of states: a list beats a map.
	type group struct {
		state string
		marks []byte
	}
	var by []group
	for k, st := range c.Items {
		i := slices.IndexFunc(by, func(g group) bool { return g.state == st })
		if i < 0 {
			i = len(by)
			by = append(by, group{st, make([]byte, 0, markLen*len(c.Items))})
		}
		by[i].marks = append(by[i].marks, k...)
	}
	slices.SortFunc(by, func(x, y group) int { return strings.Compare(x.state, y.state) })
	b = append(b, `{"sent":{`...)
	for i, g := range by {
		if i > 0 {
			b = append(b, ',')
		}
		q, err := json.Marshal(g.state)
		if err != nil {
			return nil, err
		}
		b = append(append(append(append(b, q...), ':', '"'), g.marks...), '"')
	}
	b = append(b, '}')
	if len(c.Log) > 0 {
		l, err := json.Marshal(c.Log)
		if err != nil {
			return nil, err
		}
		b = append(append(b, `,"log":`...), l...)
	}
	b = append(b, '}')
	c.enc = slices.Clone(b[start:])
	return b, nil
}

// isMark reports whether k has the form of a markKey.
func isMark(k string) bool {
	if len(k) != markLen {
		return false
	}
	for i := range len(k) {
		if c := k[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// encode writes the whole record as encoding/json would (TestSentEncoding).
func (s *Sent) encode() ([]byte, error) {
	v, err := json.Marshal(s.Vault)
	if err != nil {
		return nil, err
	}
	b := append(append([]byte(`{"vault":`), v...), `,"channels":`...)
	if s.Channels == nil {
		return append(b, "null}"...), nil
	}
	ids := make([]string, 0, len(s.Channels))
	for id := range s.Channels {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b = append(b, '{')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		q, err := json.Marshal(id)
		if err != nil {
			return nil, err
		}
		b = append(append(b, q...), ':')
		if c := s.Channels[id]; c == nil {
			b = append(b, "null"...)
		} else if b, err = c.appendJSON(b); err != nil {
			return nil, err
		}
	}
	return append(b, "}}"...), nil
}

// UnmarshalJSON reads the compact form.
func (c *ChannelSent) UnmarshalJSON(b []byte) error {
	var f channelFile
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	c.Items, c.Log = map[string]string{}, f.Log
	for st, ks := range f.Sent {
		if len(ks)%markLen != 0 {
			return fmt.Errorf("state %q: hashes of %d characters", st, len(ks))
		}
		for i := 0; i < len(ks); i += markLen {
			if k := ks[i : i+markLen]; isMark(k) {
				c.Items[k] = st
			} // else not one of ours: that item is sent once more
		}
	}
	return nil
}

const markLen = 16

// markKey is the first 64 bits of the SHA-256 of an item key, in hex: a
// collision among a million keys has odds of about 1 in 36 million.
func markKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:8])
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
		c = &ChannelSent{Items: map[string]string{}}
		s.Channels[id] = c
	}
	if c.Items == nil {
		c.Items = map[string]string{}
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
	hashes, live := s.hashesOf(items)
	send = make([]Entry, 0, len(items)-min(len(items), len(c.Items)))
	for i := range items {
		it := &items[i]
		k := hashes[i]
		was, ok := c.Items[k]
		if ok && was == it.State {
			skipped++
			continue
		}
		send = append(send, Entry{Item: it, SiteName: names[it.SiteID], Was: was, mark: k})
	}
	for k := range c.Items {
		if !live[k] {
			delete(c.Items, k)
			c.enc = nil
		}
	}
	return send, skipped
}

// hashesOf returns the markKey of each item and their set, computed
// once per list for all the channels of a run.
func (s *Sent) hashesOf(items []remind.Item) ([]string, map[string]bool) {
	if len(items) > 0 && s.hashedFor == &items[0] && len(s.hashes) == len(items) {
		return s.hashes, s.live
	}
	s.hashes = make([]string, len(items))
	s.live = make(map[string]bool, len(items))
	for i := range items {
		s.hashes[i] = markKey(items[i].Key)
		s.live[s.hashes[i]] = true
	}
	if len(items) > 0 {
		s.hashedFor = &items[0]
	}
	return s.hashes, s.live
}

// Record marks the keys of sent entries as sent.
func (s *Sent) Record(channelID string, sent []Entry, keys []string) {
	c := s.channel(channelID)
	c.enc = nil
	if len(c.Items) == 0 {
		c.Items = make(map[string]string, len(keys))
	}
	// Senders return the keys in the entries' order: match them up
	// without a map while they agree.
	i := 0
	for ; i < len(keys) && i < len(sent) && sent[i].Item.Key == keys[i]; i++ {
		m := sent[i].mark
		if m == "" {
			m = markKey(keys[i])
		}
		c.Items[m] = sent[i].Item.State
	}
	if i == len(keys) {
		return
	}
	state := make(map[string]string, len(sent))
	for j := range sent {
		state[sent[j].Item.Key] = sent[j].Item.State
	}
	for _, k := range keys[i:] {
		if st, ok := state[k]; ok {
			c.Items[markKey(k)] = st
		}
	}
}

// Log appends a run's outcome to a channel's log.
func (s *Sent) Log(channelID string, e LogEntry) {
	c := s.channel(channelID)
	c.enc = nil
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
	b, err := s.encode()
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
