package notify

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"beianledger/ledger/remind"
)

// TestSentEncoding: the state file written without encoding/json's
// reflection is the JSON encoding/json writes, and reads back the same.
func TestSentEncoding(t *testing.T) {
	s := &Sent{Vault: "v<1>&", Channels: map[string]*ChannelSent{}}
	a := s.channel("渠道\"a\"")
	a.Items[markKey("k1")] = remind.StateDue
	a.Log = []LogEntry{{At: time.Date(2027, 3, 31, 1, 2, 3, 0, time.UTC), Sent: 1, Error: `钉钉: "sign not match" <310000> & more`}}
	b := s.channel("b")
	b.Items[markKey("k2")] = remind.StateOverdue
	b.Items[markKey("k3")] = remind.StateUpcoming
	s.channel("empty")

	// What encoding/json writes for the same record, one mark per state.
	type file struct {
		Vault    string                  `json:"vault"`
		Channels map[string]*channelFile `json:"channels"`
	}
	want, err := json.Marshal(file{Vault: s.Vault, Channels: map[string]*channelFile{
		"渠道\"a\"": {Sent: map[string]string{remind.StateDue: markKey("k1")}, Log: a.Log},
		"b":       {Sent: map[string]string{remind.StateOverdue: markKey("k2"), remind.StateUpcoming: markKey("k3")}},
		"empty":   {Sent: map[string]string{}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.encode()
	if err != nil || string(got) != string(want) {
		t.Fatalf("encode:\n got %s (%v)\nwant %s", got, err, want)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadSent(path, s.Vault)
	if err != nil {
		t.Fatal(err)
	}
	for id, c := range s.Channels {
		bc := back.Channels[id]
		if bc == nil || !reflect.DeepEqual(bc.Items, c.Items) || len(bc.Log) != len(c.Log) || (len(c.Log) > 0 && bc.Log[0].Error != c.Log[0].Error) {
			t.Fatalf("channel %q read back as %+v, wrote %+v", id, bc, c)
		}
	}
	// A mark recorded after a save is in the next one (the cache of the
	// channel's encoding is dropped).
	s.Record("b", []Entry{{Item: &remind.Item{Key: "k4", State: remind.StateDue}, mark: markKey("k4")}}, []string{"k4"})
	if got, _ := s.encode(); !strings.Contains(string(got), markKey("k4")) {
		t.Fatalf("recorded mark missing after a save: %s", got)
	}
	// Many marks in one state: one string of concatenated marks.
	for i := range 1000 {
		b.Items[markKey(string(rune(i)))] = remind.StateDue
	}
	b.enc = nil // changed behind the methods' back
	got, err = s.encode()
	if err != nil || !json.Valid(got) {
		t.Fatalf("encode with many marks: %v", err)
	}
	var round Sent
	if err := json.Unmarshal(got, &round); err != nil || len(round.Channels["b"].Items) != 1003 {
		t.Fatalf("read back %d marks (%v)", len(round.Channels["b"].Items), err)
	}
	// A damaged file's stray characters are not taken as marks, so they
	// are never written back raw into the JSON.
	var damaged Sent
	if err := json.Unmarshal([]byte(`{"vault":"v","channels":{"x":{"sent":{"due":"0123456789abcdef\"\\zzzzzzzzzzzzzz"}}}}`), &damaged); err != nil {
		t.Fatal(err)
	}
	if it := damaged.Channels["x"].Items; len(it) != 1 || it["0123456789abcdef"] != "due" {
		t.Fatalf("damaged marks read as %v", it)
	}
}
