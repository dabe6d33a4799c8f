package tabular

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"beianledger/ledger"
)

// TestJSONExportStreamed: the JSON export, written one record at a time,
// is byte for byte what json.Encoder with the same indent writes for the
// whole document — with records, with empty and with nil lists, and with
// text that needs escaping.
func TestJSONExportStreamed(t *testing.T) {
	src := demoStore(t, 20)
	full := JSONExport{Format: JSONFormat}
	full.Entities = must(src.Entities())(t)
	full.Sites = must(src.Sites())(t)
	full.Providers = must(src.Providers())(t)
	full.Checks = must(src.Checks(""))(t)
	pw := "p<&>\"\\\u2028ü"
	for i, c := range must(src.Credentials())(t) {
		jc := JSONCredential{Credential: c}
		if i%2 == 0 {
			jc.Password = &pw
		}
		full.Credentials = append(full.Credentials, jc)
	}
	for _, c := range must(src.Contacts())(t) {
		full.Contacts = append(full.Contacts, JSONContact{Contact: c})
	}
	full.Sites[0].Notes = "<script>\n\t\"引号\"</script>"
	for name, x := range map[string]JSONExport{
		"records": full,
		"empty":   {Format: JSONFormat, Entities: []ledger.Entity{}, Sites: []ledger.SiteRow{}, Credentials: []JSONCredential{}, Contacts: []JSONContact{}, Providers: []ledger.Provider{}, Checks: []ledger.StatusCheck{}},
		"nil":     {Format: JSONFormat},
	} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(x); err != nil {
			t.Fatal(err)
		}
		if err := writeJSONExport(&got, &x); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			g, w := got.String(), want.String()
			i := 0
			for i < min(len(g), len(w)) && g[i] == w[i] {
				i++
			}
			t.Fatalf("%s: differs at byte %d:\ngot  %q\nwant %q", name, i, g[max(0, i-40):min(len(g), i+40)], w[max(0, i-40):min(len(w), i+40)])
		}
		if name == "records" && !strings.Contains(got.String(), `\u003cscript\u003e`) {
			t.Fatal("HTML not escaped as before")
		}
	}
}
