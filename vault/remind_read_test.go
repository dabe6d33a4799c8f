package vault

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"beianledger/ledger"
)

// TestLeanReadsPackedOrNot: the packed reads give what the row-by-row
// reads give, for plain records and for records whose text holds the
// separators the packing uses, which must make it fall back (a value that
// holds one U+001E and the right number of U+001F would otherwise forge a
// row); and deleted records stay out.
func TestLeanReadsPackedOrNot(t *testing.T) {
	for _, awkward := range []string{"", "\x1e", "\x1f", "a\x1fb\x1fc\x1fd\x1fe\x1e" + strings.Repeat("\x1f", 8), "名\x1e称"} {
		v, _ := newVault(t, t.TempDir())
		st := v.Store()
		err := st.Write(func(w ledger.Writer) error {
			for i := range 30 {
				e := ledger.Entity{Name: "示例公司" + awkward, Province: "湖北", ICPLicence: "鄂B2-2024" + awkward}
				if err := w.PutEntity(&e); err != nil {
					return err
				}
				s := ledger.Site{EntityID: e.ID, Number: "鄂ICP备2024000" + string(rune('0'+i%10)) + "号-1", Name: "站点" + awkward,
					Domains: []string{"a.example.cn", "b" + awkward + ".example.cn"}, Province: "鄂", Status: ledger.StatusNormal,
					FirstFiled: ledger.MustDate("2024-01-02"), WentLive: ledger.MustDate("2024-02-03"), PSBNumber: "鄂公网安备" + awkward,
					Licence: "鄂B2-1", LicenceExpiry: ledger.MustDate("2029-01-01"), DomainExpiry: ledger.MustDate("2027-05-06"),
					SSLExpiry: ledger.MustDate("2027-01-02")}
				if i == 25 && awkward == "" {
					// A separator late in the table, so that the sites
					// read packed a row at a time give up part-way.
					s.Notes = "备注\x1f"
				}
				if err := w.PutSite(&s); err != nil {
					return err
				}
				c := ledger.Credential{System: ledger.SystemProvider, SiteID: s.ID, EntityID: e.ID, URL: "https://c.example.cn/" + awkward,
					Login: "ops" + awkward, LastRotated: ledger.MustDate("2026-01-01"), RotationMonths: 3 + i%4, RotateNow: i%3 == 0}
				if err := w.PutCredential(&c); err != nil {
					return err
				}
				p := ledger.Contact{Name: "张三" + awkward, Role: ledger.RoleSiteOwner, EntityID: e.ID, SiteIDs: []string{s.ID},
					End: ledger.MustDate("2026-12-01")}
				if err := w.PutContact(&p); err != nil {
					return err
				}
				if err := w.PutCheck(&ledger.StatusCheck{SiteID: s.ID, Date: ledger.MustDate("2026-10-01"), Result: "ok"}); err != nil {
					return err
				}
				if i%7 == 0 {
					for _, kind := range []string{"credential", "contact", "site"} {
						id := map[string]string{"credential": c.ID, "contact": p.ID, "site": s.ID}[kind]
						if err := w.Delete(kind, id); err != nil {
							return err
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		read := func(noPacked bool) map[string]any {
			v.noPacked = noPacked
			defer func() { v.noPacked = false }()
			got := map[string]any{}
			if err := st.Read(func(r ledger.Reader) error {
				rr := r.(*rw)
				e, err1 := rr.ReminderEntities()
				s, err2 := rr.ReminderSites()
				c, err3 := rr.ReminderCredentials()
				p, err4 := rr.ReminderContacts()
				k, err5 := rr.ReminderChecks()
				slices.SortFunc(e, func(a, b ledger.Entity) int { return strings.Compare(a.ID, b.ID) })
				slices.SortFunc(s, func(a, b ledger.SiteRow) int { return strings.Compare(a.ID, b.ID) })
				slices.SortFunc(c, func(a, b ledger.Credential) int { return strings.Compare(a.ID, b.ID) })
				slices.SortFunc(p, func(a, b ledger.Contact) int { return strings.Compare(a.ID, b.ID) })
				slices.SortFunc(k, func(a, b ledger.StatusCheck) int { return strings.Compare(a.SiteID, b.SiteID) })
				got["entities"], got["sites"], got["credentials"], got["contacts"], got["checks"] = e, s, c, p, k
				// The whole-record reads (packed.go), in their own order.
				we, err6 := rr.Entities()
				ws, err7 := rr.Sites()
				wc, err8 := rr.Credentials()
				wp, err9 := rr.Contacts()
				wv, err10 := rr.Providers()
				got["all entities"], got["all sites"], got["all credentials"], got["all contacts"], got["all providers"] = we, ws, wc, wp, wv
				for _, err := range []error{err1, err2, err3, err4, err5, err6, err7, err8, err9, err10} {
					if err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return got
		}
		before := v.packed.Load()
		packed := read(false)
		// All five tables lean, four whole, and the names shown beside the
		// sites; the sites themselves give up at the 26th.
		wantPacked := int64(10)
		if awkward != "" {
			wantPacked = 2 // only the checks and the providers (none), which hold no awkward text
			if !strings.Contains(awkward, unitSep) {
				wantPacked += 2 // and the sites and their names, packed a row at a time: a row separator in a value is harmless
			}
		}
		if n := v.packed.Load() - before; n != wantPacked {
			t.Fatalf("awkward %q: %d reads packed, want %d", awkward, n, wantPacked)
		}
		rows := read(true)
		for _, k := range []string{"entities", "sites", "credentials", "contacts", "checks", "all entities", "all sites", "all credentials", "all contacts", "all providers"} {
			if !reflect.DeepEqual(packed[k], rows[k]) {
				t.Fatalf("awkward %q: %s differ:\npacked %+v\nrows   %+v", awkward, k, packed[k], rows[k])
			}
		}
		sites := rows["sites"].([]ledger.SiteRow)
		if len(sites) != 25 || len(rows["credentials"].([]ledger.Credential)) != 25 || len(rows["entities"].([]ledger.Entity)) != 30 {
			t.Fatalf("awkward %q: %d sites, want 25 live of 30", awkward, len(sites))
		}
		if s := sites[0]; s.Name != "站点"+awkward || s.Domains[1] != "b"+awkward+".example.cn" || s.SSLExpiry != ledger.MustDate("2027-01-02") || s.CreatedAt.IsZero() {
			t.Fatalf("awkward %q: site read as %+v", awkward, s)
		}
		rotNow := 0
		for _, c := range rows["credentials"].([]ledger.Credential) {
			if c.RotateNow {
				rotNow++
			}
			if c.RotationMonths < 3 || c.LastRotated.IsZero() || c.Login != "ops"+awkward {
				t.Fatalf("awkward %q: credential read as %+v", awkward, c)
			}
		}
		if rotNow == 0 {
			t.Fatalf("awkward %q: no credential to rotate now", awkward)
		}
		v.Lock()
	}
}

// TestPackedOK: the counts let no forged row through.
func TestPackedOK(t *testing.T) {
	for _, c := range []struct {
		all    string
		n, col int
		ok     bool
	}{
		{"", 0, 3, true},
		{"x", 0, 3, false},
		{"a\x1fb\x1fc", 1, 3, true},
		{"a\x1fb\x1fc\x1ed\x1fe\x1ff", 2, 3, true},
		{"a\x1fb\x1fc\x1ed\x1fe\x1ff", 1, 3, false},           // one row whose last value holds a forged second
		{"a\x1fb\x1fc\x1fx\x1ed\x1fe\x1ff", 2, 3, false},      // a value holding U+001F
		{"a\x1fb\x1fc\x1ed\x1fe\x1ff\x1eg\x1fh", 2, 3, false}, // more separators than rows and columns
	} {
		if got := packedOK(c.all, c.n, c.col); got != c.ok {
			t.Errorf("packedOK(%q, %d, %d) = %v, want %v", c.all, c.n, c.col, got, c.ok)
		}
	}
}
