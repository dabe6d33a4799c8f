package tabular

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"beianledger/internal/jsonrec"
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
	// Text and values each branch of the record writer meets.
	full.Sites[1].Notes = "ctl\x00\x01\x1f\b\f\r bad\xff\xfe utf8 \u2028\u2029 & ' \\ \U0001F600 \x7f"
	full.Sites[1].Domains = []string{}
	full.Sites[2].Domains = nil
	full.Sites[3].Domains = []string{"a<b>.example.cn", "\u2029"}
	full.Sites[1].Deleted = true
	full.Sites[1].CreatedAt = time.Date(2026, 3, 4, 5, 6, 7, 890123000, time.FixedZone("CST", 8*3600))
	full.Sites[2].CreatedAt = time.Time{}
	full.Sites[2].UpdatedAt = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	full.Contacts[0].SiteIDs = []string{}
	full.Contacts[1].SiteIDs = nil
	full.Credentials[1].RotationMonths = -3
	full.Entities[0].Name = ""
	empty := ""
	full.Credentials[2].Password = &empty
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

// Every record type of the export is written by its field plan, not by
// encoding/json's fallback (the speed of the export rests on it).
func TestJSONExportRecordsArePlanned(t *testing.T) {
	for _, v := range []any{ledger.Entity{}, ledger.SiteRow{}, JSONCredential{}, JSONContact{}, ledger.Provider{}, ledger.StatusCheck{}} {
		if !jsonrec.Planned(reflect.TypeOf(v)) {
			t.Errorf("%T has no plan", v)
		}
	}
	type odd struct {
		N float64 `json:"n"`
	}
	if jsonrec.Planned(reflect.TypeOf(odd{})) {
		t.Error("a float field was planned")
	}
}

// sitesWrittenFirst is a reader that notes how much of the export had
// been written when the credentials were read.
type sitesWrittenFirst struct {
	ledger.Reader
	out    *bytes.Buffer
	before string
}

func (r *sitesWrittenFirst) Credentials() ([]ledger.Credential, error) {
	r.before = r.out.String()
	return r.Reader.Credentials()
}

// The JSON export writes each table before it reads the next: when the
// credentials are read, the sites are in the output already (the export
// holds one table's records at a time, not the whole ledger's). Its
// buffer is 256 KiB: 400 sites are more than that.
func TestJSONExportWritesTableByTable(t *testing.T) {
	src := demoStore(t, 400)
	var out bytes.Buffer
	r := &sitesWrittenFirst{out: &out}
	err := src.Read(func(rd ledger.Reader) error {
		r.Reader = rd
		return Export(r, FormatJSON, &out, false)
	})
	if err != nil {
		t.Fatal(err)
	}
	var doc JSONExport
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Sites) != 400 || len(doc.Credentials) == 0 {
		t.Fatalf("export: %d sites, %d credentials (%v)", len(doc.Sites), len(doc.Credentials), err)
	}
	if !strings.Contains(r.before, `"sites": [`) || !strings.Contains(r.before, doc.Sites[0].Number) {
		t.Fatalf("%d bytes written when the credentials were read, the sites not among them", len(r.before))
	}
}
