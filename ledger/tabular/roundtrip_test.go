package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"beianledger/ledger"
)

// siteView is everything a round trip must keep of a site.
type siteView struct {
	Site     ledger.Site
	Entity   ledger.Entity
	Provider string
	Creds    []credView
	Contacts []string
}

type credView struct {
	System, Login, URL, Notes, Password string
	LastRotated                         ledger.Date
	RotationMonths                      int
	EntityScope                         bool
}

// snapshot reads every site of st with what hangs off it, keyed by
// filing number, with the store's IDs and timestamps blanked.
func snapshot(t *testing.T, st ledger.Reader) map[string]siteView {
	t.Helper()
	sites := must(st.Sites())(t)
	creds := must(st.Credentials())(t)
	contacts := must(st.Contacts())(t)
	out := map[string]siteView{}
	for _, s := range sites {
		v := siteView{Site: s.Site, Provider: s.ProviderName}
		if s.EntityID != "" {
			v.Entity = must(st.Entity(s.EntityID))(t)
		}
		for _, c := range creds {
			site := c.SiteID == s.ID
			ent := c.SiteID == "" && c.EntityID != "" && c.EntityID == s.EntityID
			if !site && !ent {
				continue
			}
			cv := credView{System: c.System, Login: c.Login, URL: c.URL, Notes: c.Notes,
				LastRotated: c.LastRotated, RotationMonths: c.RotationMonths, EntityScope: ent}
			if c.HasSecret {
				pw := must(st.Reveal("credential", c.ID))(t)
				cv.Password = string(pw)
				clear(pw)
			}
			v.Creds = append(v.Creds, cv)
		}
		sort.Slice(v.Creds, func(i, j int) bool { return fmt.Sprint(v.Creds[i]) < fmt.Sprint(v.Creds[j]) })
		for _, c := range contacts {
			forSite := slices.Contains(c.SiteIDs, s.ID)
			forEntity := c.EntityID == s.EntityID && s.EntityID != "" && (c.Role == ledger.RoleEntityOwner || c.Role == ledger.RoleBackup)
			if forSite || forEntity {
				v.Contacts = append(v.Contacts, strings.Join([]string{c.Name, c.Mobile, c.Role, c.Email}, "|"))
			}
		}
		sort.Strings(v.Contacts)
		v.Contacts = slices.Compact(v.Contacts)
		v.Site.Meta, v.Site.EntityID, v.Site.ProviderID = ledger.Meta{}, "", ""
		v.Entity.Meta = ledger.Meta{}
		out[s.Number] = v
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	src := demoStore(t, 50)
	want := snapshot(t, src)
	if len(want) != 50 {
		t.Fatalf("demo has %d sites", len(want))
	}
	nCreds := 0
	for _, v := range want {
		nCreds += len(v.Creds)
	}
	for _, format := range []string{FormatXLSX, FormatCSV} {
		t.Run(format, func(t *testing.T) {
			data := export(t, src, format, true)
			dst := newStore(t)
			p := mustImport(t, dst, "ledger."+format, data)
			for _, pr := range p.Problems {
				t.Logf("problem: %v", pr)
			}
			sum := p.Summary()
			if sum.Sites != 50 || sum.Errors != 0 || sum.Warnings != 0 {
				t.Errorf("summary %+v, want 50 sites and no problems", sum)
			}
			got := snapshot(t, dst)
			if len(got) != len(want) {
				t.Fatalf("imported %d sites, want %d", len(got), len(want))
			}
			n := 0
			for num, w := range want {
				g, ok := got[num]
				if !ok {
					t.Errorf("site %s missing after import", num)
					continue
				}
				n += len(g.Creds)
				if !equalJSON(g.Site, w.Site) {
					t.Errorf("site %s:\n got %+v\nwant %+v", num, g.Site, w.Site)
				}
				ge, we := g.Entity, w.Entity
				if !equalJSON(ge, we) {
					t.Errorf("entity of %s:\n got %+v\nwant %+v", num, ge, we)
				}
				if g.Provider != w.Provider {
					t.Errorf("provider of %s: got %q, want %q", num, g.Provider, w.Provider)
				}
				if !equalJSON(g.Creds, w.Creds) {
					t.Errorf("credentials of %s:\n got %+v\nwant %+v", num, g.Creds, w.Creds)
				}
				if !slices.Equal(g.Contacts, w.Contacts) {
					t.Errorf("contacts of %s:\n got %q\nwant %q", num, g.Contacts, w.Contacts)
				}
			}
			if n != nCreds || n == 0 {
				t.Errorf("%d credentials after import, want %d", n, nCreds)
			}

			// Importing the export into the ledger it came from, or
			// importing the same file again, changes nothing.
			_, same := plan(t, src, "same."+format, data)
			if s := same.Summary(); s != (Summary{}) {
				t.Errorf("importing the %s export into its own ledger plans %+v, want nothing", format, s)
			}
			same.Wipe()
			_, again := plan(t, dst, "again."+format, data)
			if s := again.Summary(); s != (Summary{}) {
				t.Errorf("second import of the same %s plans %+v, want nothing", format, s)
			}
			again.Wipe()
		})
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestExportWithoutSecrets(t *testing.T) {
	src := demoStore(t, 5)
	csvData := export(t, src, FormatCSV, false)
	if !bytes.HasPrefix(csvData, []byte("\ufeff主体名称,")) {
		t.Errorf("CSV does not start with a BOM and the Chinese header: %q", csvData[:min(40, len(csvData))])
	}
	header, _, _ := strings.Cut(string(csvData), "\n")
	if slices.Contains(strings.Split(strings.TrimSpace(header), ","), "密码") {
		t.Errorf("CSV without secrets has a 密码 column: %s", header)
	}
	for _, format := range []string{FormatCSV, FormatXLSX} {
		s := must(ReadFile("x."+format, export(t, src, format, false)))(t)
		if slices.Contains(s.Columns, ColPassword) {
			t.Errorf("%s without secrets has a password column", format)
		}
		if !slices.Contains(s.Columns, ColLogin) {
			t.Errorf("%s lacks the login column: %v", format, s.Columns)
		}
	}
	// With secrets the column is there and filled.
	s := must(ReadFile("x.csv", export(t, src, FormatCSV, true)))(t)
	if !slices.Contains(s.Columns, ColPassword) || s.Rows[0].Cells[ColPassword] == "" {
		t.Errorf("CSV with secrets lacks passwords")
	}
}

func TestExportJSON(t *testing.T) {
	src := demoStore(t, 20)
	for _, secrets := range []bool{false, true} {
		data := export(t, src, FormatJSON, secrets)
		if !json.Valid(data) {
			t.Fatal("JSON export is not valid JSON")
		}
		var got JSONExport
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		if got.Format != JSONFormat {
			t.Errorf("format %q", got.Format)
		}
		checks := must(src.Checks(""))(t)
		for _, c := range []struct {
			what      string
			got, want int
		}{
			{"entities", len(got.Entities), len(must(src.Entities())(t))},
			{"sites", len(got.Sites), 20},
			{"credentials", len(got.Credentials), len(must(src.Credentials())(t))},
			{"contacts", len(got.Contacts), len(must(src.Contacts())(t))},
			{"providers", len(got.Providers), len(must(src.Providers())(t))},
			{"checks", len(got.Checks), len(checks)},
		} {
			if c.got != c.want || c.got == 0 {
				t.Errorf("secrets=%v: %d %s, want %d", secrets, c.got, c.what, c.want)
			}
		}
		for _, c := range got.Credentials {
			if (c.Password != nil) != (secrets && c.HasSecret) {
				t.Fatalf("secrets=%v: credential %s password present=%v", secrets, c.Login, c.Password != nil)
			}
			if secrets && c.Password != nil {
				pw := must(src.Reveal("credential", c.ID))(t)
				if string(pw) != *c.Password {
					t.Fatalf("credential %s: exported password differs", c.Login)
				}
			}
		}
		ids := 0
		for _, c := range got.Contacts {
			if c.IDNumber != nil {
				ids++
			}
		}
		if secrets != (ids > 0) {
			t.Errorf("secrets=%v: %d contacts with ID numbers", secrets, ids)
		}
		if !secrets && bytes.Contains(data, []byte(`"password"`)) {
			t.Error("JSON without secrets mentions a password")
		}
	}
	if err := Export(src, "pdf", &bytes.Buffer{}, false); err == nil {
		t.Error("Export accepted the format pdf")
	}
}
