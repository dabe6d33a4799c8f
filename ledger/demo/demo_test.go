package demo_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/demo"
	"beianledger/ledger/ident"
	"beianledger/vault"
)

var today = ledger.MustDate("2026-11-24")

// populate makes a fresh vault, populates it and returns its store.
func populate(tb testing.TB, sites int, seed int64) (ledger.Store, demo.Summary) {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "demo.beianvault")
	v, err := vault.Create(p, vault.NewPassphrase([]byte("x"), vault.TestKDF), "demo", vault.Options{KeepBackups: -1})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(v.Lock)
	st := v.Store()
	var sum demo.Summary
	if err := st.Write(func(w ledger.Writer) error {
		var err error
		sum, err = demo.Populate(w, sites, seed, today)
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	return st, sum
}

// must(f())(t) returns f's value or fails t with its error.
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

// clean fails if r is invalid or carries any problem, warnings included.
func clean(t *testing.T, what string, r ident.Result, kind ident.Kind) {
	t.Helper()
	if !r.Valid || r.Kind != kind || len(r.Codes) != 0 {
		t.Errorf("%s %q: valid=%v kind=%s problems=%v, want a clean %s", what, r.Input, r.Valid, r.Kind, r.Problems, kind)
	}
}

func TestPopulate(t *testing.T) {
	st, sum := populate(t, 200, 1)
	t.Logf("summary: %+v", sum)

	entities := must(st.Entities())(t)
	sites := must(st.Sites())(t)
	creds := must(st.Credentials())(t)
	contacts := must(st.Contacts())(t)
	providers := must(st.Providers())(t)
	checks := must(st.Checks(""))(t)
	got := demo.Summary{Entities: len(entities), Sites: len(sites), Credentials: len(creds),
		Contacts: len(contacts), Providers: len(providers), Checks: len(checks)}
	if got != sum {
		t.Fatalf("store holds %+v, Summary says %+v", got, sum)
	}
	if sum.Sites != 200 || sum.Entities < 50 || sum.Entities > 80 || sum.Providers < 12 {
		t.Errorf("unexpected shape %+v", sum)
	}

	// Providers.
	provByID := map[string]ledger.Provider{}
	for _, p := range providers {
		provByID[p.ID] = p
		if !strings.HasPrefix(p.ConsoleURL, "https://") || len(p.Aliases) == 0 {
			t.Errorf("provider %s: console %q aliases %v", p.Name, p.ConsoleURL, p.Aliases)
		}
		if p.Name == "腾讯云" && !strings.Contains(p.Hotline, "95716") {
			t.Errorf("腾讯云 hotline %q", p.Hotline)
		}
	}
	if _, ok := provByID[""]; ok {
		t.Error("a provider has no ID")
	}

	// Entities.
	entByID := map[string]ledger.Entity{}
	provinces := map[string]bool{}
	kinds := map[string]int{}
	licences := 0
	for _, e := range entities {
		entByID[e.ID] = e
		provinces[e.Province] = true
		kinds[e.Kind]++
		if !strings.Contains(e.Name, "示例") {
			t.Errorf("entity name %q is not marked 示例", e.Name)
		}
		p, ok := ident.ProvinceByName(e.Province)
		if !ok || p.Common != e.Province {
			t.Errorf("entity %s: province %q is not a common short name", e.Name, e.Province)
		}
		u := ident.ParseUSCC(e.USCC)
		clean(t, "USCC", u, ident.KindUSCC)
		if u.ProvinceCode != p.GBT2260 {
			t.Errorf("USCC %s registered in %s, entity in %s", e.USCC, u.ProvinceCode, p.GBT2260)
		}
		f := ident.Classify(e.FilingNumber)
		clean(t, "entity number", f, ident.KindICPEntity)
		if f.Prefix != p.ICP {
			t.Errorf("entity number %s: prefix %s, want %s", e.FilingNumber, f.Prefix, p.ICP)
		}
		if e.ICPLicence != "" {
			licences++
			clean(t, "licence", ident.ParseVATS(e.ICPLicence), ident.KindVATS)
		}
		if e.LegalRep == "" || e.Address == "" {
			t.Errorf("entity %s lacks a legal rep or address", e.Name)
		}
	}
	if len(provinces) < 5 || kinds[ledger.EntityCompany] == 0 || kinds[ledger.EntitySoleTrader]+kinds[ledger.EntityInstitution] == 0 || licences == 0 {
		t.Errorf("too little variety: provinces %v kinds %v licences %d", provinces, kinds, licences)
	}

	// Sites.
	qStart := ledger.Date{Y: today.Y, M: (today.M-1)/3*3 + 1, D: 1}
	domains := map[string]bool{}
	siteIDs := map[string]bool{}
	siteByID := map[string]ledger.SiteRow{}
	var unchecked, checked, expiring, psbDue, apps, minis int
	for _, s := range sites {
		siteIDs[s.ID] = true
		siteByID[s.ID] = s
		r := ident.Classify(s.Number)
		clean(t, "site number", r, ident.KindICPSite)
		if r.SiteType != s.Kind {
			t.Errorf("site %s: number says %s, kind is %s", s.Number, r.SiteType, s.Kind)
		}
		apps += btoi(s.Kind == ledger.SiteApp)
		minis += btoi(s.Kind == ledger.SiteMiniProgram)
		e, ok := entByID[s.EntityID]
		if !ok {
			t.Fatalf("site %s: entity %q missing", s.Number, s.EntityID)
		}
		if !ident.SiteMatchesEntity(s.Number, e.FilingNumber) || s.EntityName != e.Name {
			t.Errorf("site %s does not belong to %s", s.Number, e.FilingNumber)
		}
		if _, ok := provByID[s.ProviderID]; !ok || s.ProviderName == "" {
			t.Errorf("site %s: provider %q missing", s.Number, s.ProviderID)
		}
		if len(s.Domains) == 0 {
			t.Errorf("site %s has no domain", s.Number)
		}
		for _, d := range s.Domains {
			if domains[d] {
				t.Errorf("domain %s is used twice", d)
			}
			domains[d] = true
			for _, c := range d {
				if c > 0x7f {
					t.Errorf("domain %q is not ASCII", d)
				}
			}
		}
		if s.PSBNumber != "" {
			r := ident.ParsePSB(s.PSBNumber)
			clean(t, "PSB number", r, ident.KindPSB)
			if p, _ := ident.ProvinceByName(s.Province); r.ProvinceCode != p.GBT2260 {
				t.Errorf("PSB %s is not in %s", s.PSBNumber, s.Province)
			}
			if s.PSBDate.IsZero() || s.PSBDate.Before(s.WentLive) {
				t.Errorf("site %s: PSB date %s, went live %s", s.Number, s.PSBDate, s.WentLive)
			}
		} else if !s.WentLive.Before(today.AddDays(-20)) {
			psbDue++
		}
		if s.FirstFiled.IsZero() || s.WentLive.Before(s.FirstFiled) || today.Before(s.WentLive) {
			t.Errorf("site %s: filed %s, live %s", s.Number, s.FirstFiled, s.WentLive)
		}
		if (s.Licence == "") != (s.LicenceExpiry.IsZero()) || s.Licence != e.ICPLicence {
			t.Errorf("site %s: licence %q expiry %s, entity licence %q", s.Number, s.Licence, s.LicenceExpiry, e.ICPLicence)
		}
		if s.LastChecked.Before(qStart) {
			unchecked++
		} else {
			checked++
		}
		soon := today.AddDays(30)
		if s.DomainExpiry.Before(soon) || s.SSLExpiry.Before(soon) {
			expiring++
		}
	}
	// Site indexes grow with the filing date.
	type key struct{ entity, kind string }
	lastFiled := map[key]ledger.Date{}
	bySeq := append([]ledger.SiteRow(nil), sites...)
	slices.SortFunc(bySeq, func(a, b ledger.SiteRow) int {
		return ident.ParseICPSite(a.Number).SiteIndex - ident.ParseICPSite(b.Number).SiteIndex
	})
	for _, s := range bySeq {
		k := key{s.EntityID, s.Kind}
		if s.FirstFiled.Before(lastFiled[k]) {
			t.Errorf("site %s was filed on %s, before a lower index (%s)", s.Number, s.FirstFiled, lastFiled[k])
		}
		lastFiled[k] = s.FirstFiled
	}
	t.Logf("sites: %d unchecked this quarter, %d checked, %d domain/SSL expiring within 30 days, %d awaiting 公安备案 (live ≤ 20 days), %d apps, %d mini-programs",
		unchecked, checked, expiring, psbDue, apps, minis)
	if unchecked == 0 || checked == 0 || expiring == 0 || psbDue == 0 || apps == 0 || minis == 0 {
		t.Errorf("reminders: unchecked %d checked %d expiring %d psbDue %d apps %d minis %d", unchecked, checked, expiring, psbDue, apps, minis)
	}
	for _, c := range checks {
		if s, ok := siteByID[c.SiteID]; ok && c.Date.Before(s.WentLive) {
			t.Errorf("site %s checked on %s before going live on %s", s.Number, c.Date, s.WentLive)
		}
		if !siteIDs[c.SiteID] || today.Before(c.Date) || c.Date.Before(qStart.AddMonths(-3)) || c.Who == "" {
			t.Errorf("check %+v", c)
		}
		if c.Result != ledger.CheckNormal && c.Note == "" {
			t.Errorf("check %s without a note", c.Result)
		}
	}

	// Contacts.
	mobiles := map[string]bool{}
	roles := map[string]int{}
	var withID, left, leftRecently int
	for _, c := range contacts {
		roles[c.Role]++
		clean(t, "mobile", ident.ParseMobile(c.Mobile), ident.KindMobile)
		if mobiles[c.Mobile] {
			t.Errorf("mobile %s is used twice", c.Mobile)
		}
		mobiles[c.Mobile] = true
		if !strings.HasSuffix(c.Email, "@example.cn") {
			t.Errorf("e-mail %q is not on an example domain", c.Email)
		}
		if c.HasIDNumber {
			withID++
			id := must(st.Reveal("contact-id", c.ID))(t)
			clean(t, "resident ID", ident.ParseResidentID(string(id)), ident.KindResidentID)
			if c.IDType != "居民身份证" {
				t.Errorf("contact %s: ID type %q", c.Name, c.IDType)
			}
		}
		if c.Role != ledger.RoleAccountManager {
			if _, ok := entByID[c.EntityID]; !ok {
				t.Errorf("contact %s: entity %q missing", c.Name, c.EntityID)
			}
		}
		for _, id := range c.SiteIDs {
			if !siteIDs[id] {
				t.Errorf("contact %s: site %q missing", c.Name, id)
			}
		}
		if !c.End.IsZero() {
			left++
			if !c.End.Before(today.AddDays(-60)) {
				leftRecently++
			}
			if !c.Start.Before(c.End) {
				t.Errorf("contact %s: start %s end %s", c.Name, c.Start, c.End)
			}
		}
	}
	if roles[ledger.RoleEntityOwner] != sum.Entities || roles[ledger.RoleBackup] != sum.Entities ||
		roles[ledger.RoleAccountManager] != sum.Providers || roles[ledger.RoleSiteOwner] < sum.Entities {
		t.Errorf("roles %v for %+v", roles, sum)
	}
	t.Logf("contacts: roles %v, %d with ID, %d left (%d in the last 60 days)", roles, withID, left, leftRecently)
	if withID == 0 || left == 0 || leftRecently == 0 {
		t.Errorf("contacts: %d with ID, %d left, %d left in the last 60 days", withID, left, leftRecently)
	}
	all := ""
	for _, c := range contacts {
		all += c.Name
	}
	for _, e := range entities {
		all += e.LegalRep
	}
	if !strings.ContainsAny(all, "堃喆昇赟珺") {
		t.Error("no rare given-name characters")
	}

	// Credentials.
	systems := map[string]int{}
	overdue := 0
	for _, c := range creds {
		systems[c.System]++
		if !c.HasSecret {
			t.Errorf("credential %s has no secret", c.Login)
			continue
		}
		pw := must(st.Reveal("credential", c.ID))(t)
		if len(pw) < 16 || len(pw) > 20 || !strings.ContainsAny(string(pw), "!@#$%^&*") {
			t.Errorf("credential %s: password %q", c.Login, pw)
		}
		if c.LastRotated.AddMonths(c.RotationMonths).Before(today) {
			overdue++
		}
		if c.SiteID != "" && !siteIDs[c.SiteID] {
			t.Errorf("credential %s: site %q missing", c.Login, c.SiteID)
		}
		if c.ProviderID != "" {
			if _, ok := provByID[c.ProviderID]; !ok {
				t.Errorf("credential %s: provider %q missing", c.Login, c.ProviderID)
			}
		}
	}
	t.Logf("credentials: %v, %d of %d overdue for rotation", systems, overdue, len(creds))
	if systems[ledger.SystemProvider] != sum.Sites || systems[ledger.SystemRegistrar]+systems[ledger.SystemDNS] == 0 ||
		systems[ledger.SystemLicence] != licences || overdue == 0 || overdue == len(creds) {
		t.Errorf("credentials: systems %v, %d of %d overdue", systems, overdue, len(creds))
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func fingerprint(t *testing.T, st ledger.Store) string {
	var b strings.Builder
	for _, s := range must(st.Sites())(t) {
		fmt.Fprintf(&b, "%s|%s|%s|%s|%v\n", s.Number, s.Name, s.EntityName, s.PSBNumber, s.Domains)
	}
	for _, c := range must(st.Contacts())(t) {
		fmt.Fprintf(&b, "%s|%s|%s\n", c.Name, c.Mobile, c.Email)
	}
	return b.String()
}

func TestDeterministic(t *testing.T) {
	a, sa := populate(t, 60, 7)
	b, sb := populate(t, 60, 7)
	c, _ := populate(t, 60, 8)
	if sa != sb {
		t.Fatalf("summaries differ: %+v vs %+v", sa, sb)
	}
	fa, fb, fc := fingerprint(t, a), fingerprint(t, b), fingerprint(t, c)
	if fa != fb {
		t.Error("the same seed gave different ledgers")
	}
	if fa == fc {
		t.Error("different seeds gave the same ledger")
	}
}

func TestSmall(t *testing.T) {
	for _, n := range []int{0, 1, 2, 4} {
		st, sum := populate(t, n, 3)
		if sum.Sites != n || sum.Entities != 1 {
			t.Errorf("%d sites: %+v", n, sum)
		}
		if got := len(must(st.Sites())(t)); got != n {
			t.Errorf("%d sites: store has %d", n, got)
		}
	}
	p := filepath.Join(t.TempDir(), "neg.beianvault")
	v, err := vault.Create(p, vault.NewPassphrase([]byte("x"), vault.TestKDF), "demo", vault.Options{KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	err = v.Store().Write(func(w ledger.Writer) error {
		_, err := demo.Populate(w, -1, 1, today)
		return err
	})
	if err == nil {
		t.Error("negative site count accepted")
	}
}

func benchmarkPopulate(b *testing.B, sites int) {
	for b.Loop() {
		b.StopTimer()
		p := filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.beianvault", time.Now().UnixNano()))
		v, err := vault.Create(p, vault.NewPassphrase([]byte("x"), vault.TestKDF), "bench", vault.Options{KeepBackups: -1})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := v.Store().Write(func(w ledger.Writer) error {
			_, err := demo.Populate(w, sites, 1, today)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		v.Lock()
		b.StartTimer()
	}
}

// BenchmarkPopulate writes 1,000 sites through the real store, including
// the save of the vault.
func BenchmarkPopulate(b *testing.B) { benchmarkPopulate(b, 1000) }

// BenchmarkPopulate10k writes 10,000 sites (run with -benchtime 1x).
func BenchmarkPopulate10k(b *testing.B) { benchmarkPopulate(b, 10000) }
