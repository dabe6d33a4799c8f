package cli

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"beianledger/ledger/notify"
)

// TestChannelReportJSON: the report's own JSON is what encoding/json
// writes with HTML escaping off, for every kind of value it holds.
func TestChannelReportJSON(t *testing.T) {
	for _, r := range []channelReport{
		{},
		{Channel: "值班群", Kind: "dingtalk", Sent: []string{}, Pending: []string{}},
		{Channel: "a\"b\\c<d>&e\u2028\x01\xff", Kind: "feishu", Test: true, DryRun: true,
			Sent: []string{"status-check/s1/2027Q1", "ssl-expiry/<x>&\"y\"/2027-05-01"}, Skipped: 12, Pending: []string{"k\n1"},
			Parts: 3, Bytes: 19_700, Error: `钉钉 310000 "sign not match" <&>`,
			Log: []notify.LogEntry{{At: time.Date(2027, 3, 31, 1, 2, 3, 456, time.UTC), Test: true, Sent: 1, Error: "x<y>"}, {}}},
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		got := r.AppendJSON(nil)
		if string(got) != string(bytes.TrimRight(want.Bytes(), "\n")) {
			t.Errorf("AppendJSON:\n got %s\nwant %s", got, want.Bytes())
		}
	}
}
