package vault

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"beianledger/ledger"
)

func TestStoreRoundTripEveryField(t *testing.T) {
	dir := t.TempDir()
	v, p := newVault(t, dir)
	st := v.Store()
	prov := ledger.Provider{Name: "阿里云", Aliases: []string{"aliyun", "万网"}, ConsoleURL: "https://beian.aliyun.com", Hotline: "95187", AccountManager: "赵经理", Materials: "营业执照、法人身份证", Notes: "n"}
	ent := ledger.Entity{Name: "北京示例科技有限公司", Kind: ledger.EntityCompany, USCC: "91110105MA01XK3P6N", LegalRep: "王喆", Address: "北京市朝阳区", Province: "京", FilingNumber: "京ICP备2021012345号", ICPLicence: "京B2-20210001", Notes: "e"}
	var site ledger.Site
	var cred ledger.Credential
	var contact ledger.Contact
	err := st.Write(func(w ledger.Writer) error {
		if err := w.PutProvider(&prov); err != nil {
			return err
		}
		if err := w.PutEntity(&ent); err != nil {
			return err
		}
		site = ledger.Site{EntityID: ent.ID, Number: "京ICP备2021012345号-1", Name: "示例官网", Domains: []string{"Example.CN", "www.example.cn"},
			Kind: ledger.SiteWebsite, ProviderID: prov.ID, Province: "京", FirstFiled: ledger.MustDate("2021-03-05"), LastChanged: ledger.MustDate("2024-01-05"),
			WentLive: ledger.MustDate("2021-03-20"), Status: ledger.StatusNormal, PSBNumber: "京公网安备11010502000001号", PSBDate: ledger.MustDate("2021-04-01"),
			Licence: "京B2-20210001", LicenceExpiry: ledger.MustDate("2026-06-30"), DomainExpiry: ledger.MustDate("2027-03-05"), SSLExpiry: ledger.MustDate("2026-12-31"), Notes: "主站"}
		if err := w.PutSite(&site); err != nil {
			return err
		}
		cred = ledger.Credential{System: ledger.SystemProvider, SiteID: site.ID, EntityID: ent.ID, ProviderID: prov.ID, URL: "https://console", Login: "admin@example.cn", LastRotated: ledger.MustDate("2026-09-01"), RotationMonths: 6, Notes: "c"}
		if err := w.PutCredential(&cred); err != nil {
			return err
		}
		if err := w.SetSecret("credential", cred.ID, []byte("first-Secret1!")); err != nil {
			return err
		}
		contact = ledger.Contact{Name: "张三", Role: ledger.RoleSiteOwner, Mobile: "13800138000", Email: "z@example.cn", IDType: "居民身份证", Employer: "示例", Position: "运维",
			Start: ledger.MustDate("2021-01-01"), EntityID: ent.ID, SiteIDs: []string{site.ID}, Notes: "k"}
		if err := w.PutContact(&contact); err != nil {
			return err
		}
		if err := w.SetSecret("contact-id", contact.ID, []byte("110105199003071239")); err != nil {
			return err
		}
		return w.PutCheck(&ledger.StatusCheck{SiteID: site.ID, Date: ledger.MustDate("2026-10-08"), Result: ledger.CheckNormal, Note: "ok"})
	})
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()

	v, err = Open(p, pass("correct horse"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	st = v.Store()
	gotSite, err := st.Site(site.ID)
	if err != nil {
		t.Fatal(err)
	}
	site.Domains = []string{"example.cn", "www.example.cn"}
	site.LastChecked = ledger.MustDate("2026-10-08")
	if !equalIgnoringTimes(gotSite.Site, site) || gotSite.EntityName != ent.Name || gotSite.ProviderName != "阿里云" {
		t.Fatalf("site differs:\n got %+v\nwant %+v", gotSite, site)
	}
	gotEnt, _ := st.Entity(ent.ID)
	gotProv, _ := st.Provider(prov.ID)
	gotCred, _ := st.Credential(cred.ID)
	gotContact, _ := st.Contact(contact.ID)
	cred.HasSecret, contact.HasIDNumber = true, true
	for name, pair := range map[string][2]any{"entity": {gotEnt, ent}, "provider": {gotProv, prov}, "credential": {gotCred, cred}, "contact": {gotContact, contact}} {
		if !equalIgnoringTimes(pair[0], pair[1]) {
			t.Errorf("%s differs:\n got %+v\nwant %+v", name, pair[0], pair[1])
		}
	}
	if gotEnt.UpdatedBy != "admin" || gotEnt.CreatedAt.IsZero() {
		t.Errorf("not stamped: %+v", gotEnt.Meta)
	}
	sec, err := st.Reveal("credential", cred.ID)
	if err != nil || string(sec) != "first-Secret1!" {
		t.Fatalf("reveal: %q %v", sec, err)
	}
	idn, _ := st.Reveal("contact-id", contact.ID)
	if string(idn) != "110105199003071239" {
		t.Fatalf("id number %q", idn)
	}

	// Rotation keeps the old secret in the history.
	if err := st.Write(func(w ledger.Writer) error { return w.SetSecret("credential", cred.ID, []byte("second-Secret2@")) }); err != nil {
		t.Fatal(err)
	}
	// The bulk reader sees the same secret with one key opening.
	err = st.Read(func(r ledger.Reader) error {
		sec, err := r.Reveal("credential", cred.ID)
		if err == nil && string(sec) != "second-Secret2@" {
			err = fmt.Errorf("bulk reveal %q", sec)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	hist, err := st.SecretHistory(cred.ID)
	if err != nil || len(hist) != 1 || string(hist[0].Secret) != "first-Secret1!" {
		t.Fatalf("history: %v %v", hist, err)
	}

	// Lookups.
	for _, q := range []string{"京ICP备2021012345号-1", "京ＩＣＰ备２０２１０１２３４５号－１", "www.example.cn", "https://EXAMPLE.cn/path"} {
		if s, err := st.FindSite(q); err != nil || s.ID != site.ID {
			t.Errorf("FindSite(%q): %v", q, err)
		}
	}
	for _, q := range []string{"示例官网", "张三", "13800138000", "aliyun", "ＥＸＡＭＰＬＥ", "icp备2021012345", "官网 阿里云"} {
		if rows, err := st.Search(q, 10); err != nil || len(rows) != 1 {
			t.Errorf("Search(%q): %d rows, %v", q, len(rows), err)
		}
	}
	if rows, _ := st.Search("nothing-like-this", 10); len(rows) != 0 {
		t.Error("search matched nonsense")
	}

	// Delete leaves a tombstone and drops the secret.
	if err := st.Write(func(w ledger.Writer) error { return w.Delete("credential", cred.ID) }); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Credential(cred.ID); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("deleted credential: %v", err)
	}
	log, _ := v.AuditLog(50)
	actions := map[string]bool{}
	for _, e := range log {
		actions[e.Action] = true
		if bytes.Contains([]byte(e.Summary), []byte("Secret")) {
			t.Errorf("audit leaks a secret: %+v", e)
		}
	}
	for _, a := range []string{"site.create", "credential.secret", "credential.delete", "contact-id.secret"} {
		if !actions[a] {
			t.Errorf("audit lacks %s", a)
		}
	}
	// Sealed secrets are not in the decrypted image.
	img, _ := serialize(v.db)
	for _, s := range []string{"second-Secret2@", "first-Secret1!", "110105199003071239"} {
		if bytes.Contains(img, []byte(s)) {
			t.Errorf("database image holds %q in clear", s)
		}
	}
}

// equalIgnoringTimes compares records after clearing the stamped times.
func equalIgnoringTimes(a, b any) bool {
	clear := func(x any) any {
		v := reflect.New(reflect.TypeOf(x)).Elem()
		v.Set(reflect.ValueOf(x))
		m := v.FieldByName("Meta")
		m.FieldByName("CreatedAt").Set(reflect.ValueOf(time.Time{}))
		m.FieldByName("UpdatedAt").Set(reflect.ValueOf(time.Time{}))
		m.FieldByName("UpdatedBy").SetString("")
		return v.Interface()
	}
	return reflect.DeepEqual(clear(a), clear(b))
}

func BenchmarkSearch(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			p := filepath.Join(b.TempDir(), "s.beianvault")
			v, err := Create(p, NewPassphrase([]byte("b"), TestKDF), "bench", Options{KeepBackups: -1})
			if err != nil {
				b.Fatal(err)
			}
			defer v.Lock()
			err = v.Store().Write(func(w ledger.Writer) error {
				for i := 0; i < n; i++ {
					s := ledger.Site{Number: fmt.Sprintf("京ICP备2021%06d号-1", i), Name: fmt.Sprintf("示例网站%d", i), Domains: []string{fmt.Sprintf("site%d.example.cn", i)}, Notes: "备注 notes"}
					if err := w.PutSite(&s); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			st := v.Store()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rows, err := st.Search(fmt.Sprintf("site%d.example", i%n), 50)
				if err != nil || len(rows) == 0 {
					b.Fatal(err, len(rows))
				}
			}
		})
	}
	_ = os.Remove
}

func TestReminderStatesAndSettings(t *testing.T) {
	v, p := newVault(t, t.TempDir())
	st := v.Store()
	err := st.Write(func(w ledger.Writer) error {
		if err := w.PutReminderState(ledger.ReminderState{Key: "rotation/x/2027-01-01", SnoozedUntil: ledger.MustDate("2026-12-01")}); err != nil {
			return err
		}
		if err := w.PutReminderState(ledger.ReminderState{Key: "status-check/y/2026Q4", Done: true, DoneOn: ledger.MustDate("2026-11-24")}); err != nil {
			return err
		}
		return w.PutSetting("lead.expiry-days", "60,30,7")
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Write(func(w ledger.Writer) error { return w.PutReminderState(ledger.ReminderState{}) }); err == nil {
		t.Fatal("a state without a key was stored")
	}
	v.Lock()
	v, err = Open(p, pass("correct horse"), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	states, err := v.Store().ReminderStates()
	if err != nil || len(states) != 2 || states[0].SnoozedUntil.String() != "2026-12-01" || !states[1].Done || states[1].DoneOn.String() != "2026-11-24" {
		t.Fatalf("states: %+v %v", states, err)
	}
	if val, _ := v.Store().Setting("lead.expiry-days"); val != "60,30,7" {
		t.Fatalf("setting %q", val)
	}
	if val, err := v.Store().Setting("missing"); val != "" || err != nil {
		t.Fatalf("missing setting: %q %v", val, err)
	}
}

// TestPutBringsBackADeletedRecord: putting a deleted record's copy again
// clears its tombstone, keeps its id and fields, and relinks a contact's
// sites (the GUI's undo of a delete relies on it).
func TestPutBringsBackADeletedRecord(t *testing.T) {
	v, _ := newVault(t, t.TempDir())
	st := v.Store()
	prov := ledger.Provider{Name: "示例云", Aliases: []string{"shili"}, Hotline: "95000", Notes: "n"}
	site := ledger.Site{Name: "示例官网", Number: "京ICP备11018762号-1", Domains: []string{"example.cn"}}
	var contact ledger.Contact
	err := st.Write(func(w ledger.Writer) error {
		if err := w.PutProvider(&prov); err != nil {
			return err
		}
		site.ProviderID = prov.ID
		if err := w.PutSite(&site); err != nil {
			return err
		}
		contact = ledger.Contact{Name: "张三", Role: ledger.RoleSiteOwner, Mobile: "13800138000", SiteIDs: []string{site.ID}}
		return w.PutContact(&contact)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The copies as a form would hold them before the delete.
	keptProv, _ := st.Provider(prov.ID)
	keptSite, _ := st.Site(site.ID)
	keptContact, _ := st.Contact(contact.ID)
	err = st.Write(func(w ledger.Writer) error {
		for _, d := range [][2]string{{"contact", contact.ID}, {"site", site.ID}, {"provider", prov.ID}} {
			if err := w.Delete(d[0], d[1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Provider(prov.ID); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("deleted provider: %v", err)
	}
	err = st.Write(func(w ledger.Writer) error {
		if err := w.PutProvider(&keptProv); err != nil {
			return err
		}
		if err := w.PutSite(&keptSite.Site); err != nil {
			return err
		}
		return w.PutContact(&keptContact)
	})
	if err != nil {
		t.Fatal(err)
	}
	gotProv, err := st.Provider(prov.ID)
	if err != nil {
		t.Fatalf("provider not back: %v", err)
	}
	if gotProv.Name != prov.Name || !reflect.DeepEqual(gotProv.Aliases, prov.Aliases) || gotProv.Hotline != prov.Hotline || gotProv.Notes != prov.Notes ||
		!gotProv.CreatedAt.Equal(keptProv.CreatedAt) {
		t.Errorf("provider back as %+v", gotProv)
	}
	if provs, _ := st.Providers(); len(provs) != 1 {
		t.Errorf("%d providers listed", len(provs))
	}
	gotSite, err := st.Site(site.ID)
	if err != nil || gotSite.Name != site.Name || gotSite.ProviderName != prov.Name {
		t.Errorf("site back as %+v, %v", gotSite, err)
	}
	if rows, _ := st.Search("张三", 10); len(rows) != 1 {
		t.Errorf("search by the contact finds %d sites", len(rows))
	}
	if cs, _ := st.SiteContacts(site.ID); len(cs) != 1 || cs[0].ID != contact.ID {
		t.Errorf("site contacts after the contact came back: %+v", cs)
	}
}

// TestSitesListMatchesSite: the list of sites, which looks up each site's
// entity and provider names and latest check itself, shows every site as
// Site (the joins) does — with entities and providers deleted, checks
// deleted, several checks a site, none, and names holding the packing's
// separators.
func TestSitesListMatchesSite(t *testing.T) {
	v, p := newVault(t, t.TempDir())
	st := v.Store()
	err := st.Write(func(w ledger.Writer) error {
		var ents []ledger.Entity
		var provs []ledger.Provider
		for i := range 4 {
			e := ledger.Entity{Name: fmt.Sprintf("主体%d", i)}
			p := ledger.Provider{Name: fmt.Sprintf("接入商%d", i)}
			if i == 3 {
				e.Name, p.Name = "主\x1e体", "接\x1e入商"
			}
			if err := w.PutEntity(&e); err != nil {
				return err
			}
			if err := w.PutProvider(&p); err != nil {
				return err
			}
			ents, provs = append(ents, e), append(provs, p)
		}
		for i := range 24 {
			s := ledger.Site{Name: fmt.Sprintf("站点%d", i), Number: fmt.Sprintf("京ICP备20210%05d号-1", i),
				EntityID: ents[i%4].ID, ProviderID: provs[(i/4)%4].ID, Kind: "website", Province: "北京",
				Status: "normal", PSBNumber: fmt.Sprintf("京公网安备1101080200%04d号", i), Notes: "备注",
				Domains: []string{fmt.Sprintf("s%d.example.cn", i), fmt.Sprintf("www.s%d.example.cn", i)}}
			if i%5 == 0 {
				s.EntityID = "no-such-entity"
			}
			if err := w.PutSite(&s); err != nil {
				return err
			}
			for j := range i % 3 {
				c := ledger.StatusCheck{SiteID: s.ID, Date: ledger.MustDate(fmt.Sprintf("2026-0%d-1%d", j+1, i%10)), Result: "normal"}
				if err := w.PutCheck(&c); err != nil {
					return err
				}
				if j == 1 && i%2 == 0 {
					// The latest check deleted: the one before counts.
					if err := w.Delete("check", c.ID); err != nil {
						return err
					}
				}
			}
		}
		// A deleted entity and provider are not shown.
		if err := w.Delete("entity", ents[1].ID); err != nil {
			return err
		}
		return w.Delete("provider", provs[2].ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Read-write: the names are read first, on the session's connection.
	// Read-only: on a second connection beside the sites, unless something
	// holds the vault (as a write would).
	listMatches(t, v, false)
	v.noPacked = true // row by row, as when a value holds a separator
	listMatches(t, v, false)
	v.noPacked = false
	v.Lock()
	ro, err := Open(p, pass("correct horse"), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Lock()
	listMatches(t, ro, true)
	ro.mu.Lock()
	listMatches(t, ro, false)
	ro.mu.Unlock()
	// Lists read side by side (as a window's screens may): each either
	// takes the second connection or waits for nothing, and all agree.
	want, err := ro.Store().Sites()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			list := ro.Store().Sites
			if i%2 == 1 {
				list = ro.Store().(*store).ListSites
			}
			got, err := list()
			switch {
			case err != nil:
				errs <- err
			case len(got) != len(want):
				errs <- fmt.Errorf("%d sites, want %d", len(got), len(want))
			default:
				for j := range got {
					if got[j].ID != want[j].ID || got[j].EntityName != want[j].EntityName || got[j].LastChecked != want[j].LastChecked {
						errs <- fmt.Errorf("site %d: %+v, want %+v", j, got[j], want[j])
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// listMatches compares v's list of sites with Site, site by site, and
// checks whether the names were read on a second connection (beside).
func listMatches(t *testing.T, v *Vault, beside bool) {
	t.Helper()
	twins := readInPlace.Load()
	err := v.Store().Read(func(r ledger.Reader) error {
		list, err := r.Sites()
		if err != nil {
			return err
		}
		if len(list) != 24 {
			t.Fatalf("%d sites listed, want 24", len(list))
		}
		var named, checked, blank int
		for _, s := range list {
			one, err := r.Site(s.ID)
			if err != nil {
				return err
			}
			if s.EntityName != one.EntityName || s.ProviderName != one.ProviderName || s.LastChecked != one.LastChecked {
				t.Errorf("site %s listed with %q, %q, %v; Site gives %q, %q, %v", s.Name,
					s.EntityName, s.ProviderName, s.LastChecked, one.EntityName, one.ProviderName, one.LastChecked)
			}
			if s.EntityName != "" && s.ProviderName != "" {
				named++
			}
			if !s.LastChecked.IsZero() {
				checked++
			}
			if s.EntityName == "" {
				blank++
			}
		}
		// Not a vacuous comparison: names and checks are there, and so
		// are the blanks of deleted and missing records.
		if named == 0 || checked == 0 || blank == 0 {
			t.Errorf("named %d, checked %d, blank %d: the data does not test what it should", named, checked, blank)
		}
		if got := readInPlace.Load() - twins; (got == 1) != beside {
			t.Fatalf("%d second connections for the names, want beside=%v", got, beside)
		}
		// What a list shows, read alone: the same rows in the same order,
		// with the fields it shows and nothing else.
		lean, err := r.(*rw).ListSites()
		if err != nil {
			return err
		}
		if len(lean) != len(list) {
			t.Fatalf("ListSites gives %d sites, Sites %d", len(lean), len(list))
		}
		for i, s := range list {
			want := ledger.SiteRow{EntityName: s.EntityName, ProviderName: s.ProviderName}
			want.ID, want.Number, want.Name, want.Kind, want.Domains = s.ID, s.Number, s.Name, s.Kind, s.Domains
			want.EntityID, want.ProviderID, want.Province, want.Status, want.PSBNumber = s.EntityID, s.ProviderID, s.Province, s.Status, s.PSBNumber
			want.LastChecked = s.LastChecked
			if !reflect.DeepEqual(lean[i], want) {
				t.Fatalf("ListSites row %d:\n%+v\nwant\n%+v", i, lean[i], want)
			}
		}
		if got := readInPlace.Load() - twins; (got == 2) != beside {
			t.Fatalf("%d second connections for the names of both lists, want beside=%v", got, beside)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPermute: permute puts a slice in any order in place, as a copy into
// a new slice would.
func TestPermute(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 40 {
		for range 20 {
			s := make([]string, n)
			for i := range s {
				s[i] = fmt.Sprint("v", i)
			}
			order := make([]int32, n)
			for i, p := range r.Perm(n) {
				order[i] = int32(p)
			}
			want := make([]string, n)
			for i, j := range order {
				want[i] = s[j]
			}
			permute(s, order)
			if !reflect.DeepEqual(s, want) {
				t.Fatalf("permute by %v: %v, want %v", order, s, want)
			}
		}
	}
}
