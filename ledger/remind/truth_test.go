package remind

import (
	"encoding/json"
	"strings"
	"testing"

	"beianledger/ledger"
)

// The rules below were corrected after a review against their sources
// (domain.md §7). Each test names its source; the old wrong behaviour is
// replayed and must not come back.

// TestPSBFilingNoun: the 公安 item of an app or mini-program says 小程序/APP,
// not 网站, and says that whether 公安联网备案 applies to them is not
// verified (domain.md §7: [U]). Source: 公安部令第33号; Tencent Cloud
// 公安备案.md.
func TestPSBFilingNoun(t *testing.T) {
	tests := []struct {
		kind, number   string
		zhHas, zhHasNo string
		unverified     bool
	}{
		{ledger.SiteWebsite, "京ICP备11018762号-1", "网站于2027年3月1日上线", "小程序", false},
		{ledger.SiteApp, "京ICP备11018762号-2A", "APP于2027年3月1日上线", "网站", true},
		{ledger.SiteMiniProgram, "京ICP备11018762号-3X", "小程序于2027年3月1日上线", "网站", true},
		{"", "京ICP备11018762号-4X", "小程序于2027年3月1日上线", "网站", true}, // the suffix says it
	}
	for _, tt := range tests {
		t.Run(tt.number, func(t *testing.T) {
			s := mkSite("s1", func(s *ledger.SiteRow) {
				s.Kind, s.Number, s.PSBNumber, s.WentLive, s.LastChecked = tt.kind, tt.number, "", d("2027-03-01"), d("2027-03-01")
			})
			it := find(t, Due(Input{Sites: []ledger.SiteRow{s}}, d("2027-03-15"), 0), "psb-filing/s1")
			if !strings.Contains(it.WhyZH, tt.zhHas) || strings.Contains(it.WhyZH, tt.zhHasNo) {
				t.Errorf("why_zh %q", it.WhyZH)
			}
			if strings.Contains(it.WhyZH, "尚未核实") != tt.unverified || strings.Contains(it.Why, "not been verified") != tt.unverified ||
				strings.Contains(it.Source, "未经核实") != tt.unverified {
				t.Errorf("unverified note: %q / %q / %q", it.Why, it.WhyZH, it.Source)
			}
			if it.Basis != BasisRegulation || !strings.Contains(it.Source, "公安部令第33号") {
				t.Errorf("basis %q source %q", it.Basis, it.Source)
			}
		})
	}
}

// TestPSBDisplay: once the 公安 number is approved, it and the icon must be
// shown on the site within 30 days (Tencent Cloud 公安备案.md; 公安部令第33号
// repost). The item shows from the approval, is due 30 days later, and a
// missed one stays overdue for 60 days.
func TestPSBDisplay(t *testing.T) {
	s := mkSite("s1", func(s *ledger.SiteRow) { s.PSBDate, s.LastChecked = d("2027-03-01"), d("2027-03-01") })
	in := Input{Sites: []ledger.SiteRow{s}}
	tests := []struct {
		today, state string
	}{
		{"2027-02-28", ""},
		{"2027-03-01", StateDue},
		{"2027-03-31", StateDue},
		{"2027-04-01", StateOverdue},
		{"2027-05-30", StateOverdue},
		{"2027-05-31", ""}, // taken as done: the ledger cannot see the footer
	}
	for _, tt := range tests {
		g := got(Due(in, d(tt.today), 0), KindPSBDisplay)
		want := map[string]string{}
		if tt.state != "" {
			want["psb-display/s1/2027-03-01"] = tt.state
		}
		if !sameMap(g, want) {
			t.Errorf("%s: got %v, want %v", tt.today, g, want)
		}
	}
	it := find(t, Due(in, d("2027-03-10"), 0), "psb-display/s1/2027-03-01")
	if it.Due != d("2027-03-31") || !strings.Contains(it.WhyZH, "京公网安备11010502030143号") || !strings.Contains(it.WhyZH, "30日内") ||
		!strings.Contains(it.WhyZH, "图标") || it.Basis != BasisRegulation {
		t.Errorf("item %+v", it)
	}
	// No number yet: the psb-filing item, not this one.
	s.PSBNumber = ""
	if g := got(Due(Input{Sites: []ledger.SiteRow{s}}, d("2027-03-10"), 0), KindPSBDisplay); len(g) != 0 {
		t.Errorf("without a number: %v", g)
	}
}

// TestLicenceReportSiteOnly: a licence recorded only on a site (or on a
// site without an entity) still owes the yearly report (42号令 Art. 35);
// the old rule read the entity's licence only.
func TestLicenceReportSiteOnly(t *testing.T) {
	ent := ledger.Entity{Meta: ledger.Meta{ID: "e1"}, Name: "示例科技有限公司"}
	lic := func(n string) func(*ledger.SiteRow) {
		return func(s *ledger.SiteRow) { s.Licence, s.LastChecked = n, d("2027-02-01") }
	}
	in := Input{Entities: []ledger.Entity{ent}, Sites: []ledger.SiteRow{
		mkSite("s1", lic("京B2-20201234")), mkSite("s2", lic("京B2-20201234")),
		mkSite("s3", lic("沪B2-20190001"), func(s *ledger.SiteRow) { s.EntityID = "" }),
		mkSite("s4", lic("粤B2-1"), func(s *ledger.SiteRow) { s.Status = ledger.StatusCancelled }),
	}}
	items := Due(in, d("2027-02-01"), 0)
	want := map[string]string{"licence-report/e1/2027": StateDue, "licence-report/s3/2027": StateDue}
	if g := got(items, KindLicenceReport); !sameMap(g, want) {
		t.Fatalf("got %v, want %v", g, want)
	}
	e := find(t, items, "licence-report/e1/2027")
	if !strings.Contains(e.SubjectZH, "示例科技有限公司") || strings.Count(e.WhyZH, "京B2-20201234") != 1 || e.EntityID != "e1" {
		t.Errorf("entity item %+v", e)
	}
	s3 := find(t, items, "licence-report/s3/2027")
	if s3.SiteID != "s3" || !strings.Contains(s3.WhyZH, "沪B2-20190001") || !strings.Contains(s3.WhyZH, "限期补报") || s3.Basis != BasisRegulation {
		t.Errorf("site item %+v", s3)
	}
	// The entity's own licence and the same number on its sites: one item.
	in.Entities[0].ICPLicence = "京B2-20201234"
	if g := got(Due(in, d("2027-02-01"), 0), KindLicenceReport); !sameMap(g, want) {
		t.Errorf("with the entity's licence: %v", g)
	}
}

// TestProvincialReviewCampaign: 湖北 held one review campaign, 2020-01-15
// to 04-15 for 2019 (Tencent Cloud 湖北年审.md); with a Year the window is
// that campaign only, not a yearly one, and no text calls it yearly.
func TestProvincialReviewCampaign(t *testing.T) {
	s := mkSite("s1", func(s *ledger.SiteRow) {
		s.Province, s.FirstFiled, s.LastChecked = "鄂", d("2018-05-01"), d("2021-04-01")
	})
	in := Input{Sites: []ledger.SiteRow{s}, Reviews: []ProvincialReview{{Province: "湖北", FromMonth: 1, FromDay: 15, ToMonth: 4, ToDay: 15, Year: 2020}}}
	tests := []struct {
		today, state string
	}{
		{"2019-12-31", ""},
		{"2020-01-15", StateDue},
		{"2020-04-16", StateOverdue},
		{"2021-01-15", StateOverdue}, // the old yearly rule opened a 2021 window here
		{"2022-02-01", StateOverdue},
	}
	for _, tt := range tests {
		g := got(Due(in, d(tt.today), 0), KindProvincialReview)
		want := map[string]string{}
		if tt.state != "" {
			want["provincial-review/s1/2020-01-15"] = tt.state
		}
		if !sameMap(g, want) {
			t.Errorf("%s: got %v, want %v", tt.today, g, want)
		}
	}
	in.States = []State{{Key: "provincial-review/s1/2020-01-15", Done: true}}
	if g := got(Due(in, d("2021-02-01"), 0), KindProvincialReview); len(g) != 0 {
		t.Errorf("done campaign came back: %v", g)
	}
	in.States = nil
	it := find(t, Due(in, d("2020-02-01"), 0), "provincial-review/s1/2020-01-15")
	if strings.Contains(it.WhyZH, "每年") || strings.Contains(it.Why, "yearly") || strings.Contains(it.SubjectZH, "年审") ||
		!strings.Contains(it.WhyZH, "2020年核查期为1月15日至4月15日") {
		t.Errorf("texts %q / %q / %q", it.SubjectZH, it.Why, it.WhyZH)
	}
	cal := ItemsForCalendar(in, d("2020-01-01"), 36)
	if g := got(cal, KindProvincialReview); len(g) != 1 {
		t.Errorf("calendar: %v", g)
	}
}

// TestHouseRotationDefault: rotation is house policy (no regulation asks
// for it since the filing password ended in 2020); a credential without
// its own interval uses the house default of Input.RotationMonths, else 3
// months (about 90 days).
func TestHouseRotationDefault(t *testing.T) {
	c := cred(func(c *ledger.Credential) { c.LastRotated, c.RotationMonths = d("2027-01-10"), 0 })
	own := cred(func(c *ledger.Credential) { c.ID, c.LastRotated, c.RotationMonths = "c2", d("2027-01-10"), 4 })
	tests := []struct {
		house int
		key   string
	}{
		{0, "rotation/c1/2027-04-10"},
		{6, "rotation/c1/2027-07-10"},
		{5, "rotation/c1/2027-06-10"},
		{99, "rotation/c1/2027-04-10"}, // unusable: 3 months
	}
	for _, tt := range tests {
		in := Input{Credentials: []ledger.Credential{c, own}, RotationMonths: tt.house}
		items := ItemsForCalendar(in, d("2027-01-10"), 12)
		it := find(t, items, tt.key)
		if it.Basis != BasisHouse || !strings.Contains(it.WhyZH, "按内部规定") || !strings.Contains(it.Source, "无法规要求") {
			t.Errorf("house %d: %+v", tt.house, it)
		}
		find(t, items, "rotation/c2/2027-05-10") // its own interval wins
	}
}

// TestEveryItemHasBasis: every item of every rule says where its rule
// comes from, and status checks and rotations say house policy
// (内部规定), in the JSON too.
func TestEveryItemHasBasis(t *testing.T) {
	in := Input{
		Entities: []ledger.Entity{{Meta: ledger.Meta{ID: "e1"}, Name: "示例", ICPLicence: "京B2-1"}},
		Sites: []ledger.SiteRow{
			mkSite("s1", func(s *ledger.SiteRow) {
				s.DomainExpiry, s.SSLExpiry, s.Licence, s.LicenceExpiry = d("2027-04-20"), d("2027-04-20"), "京B2-1", d("2027-08-01")
			}),
			mkSite("s2", func(s *ledger.SiteRow) { s.PSBNumber, s.WentLive = "", d("2027-03-20") }),
			mkSite("s3", func(s *ledger.SiteRow) { s.PSBDate, s.ProductExpiry = d("2027-03-20"), d("2027-04-30") }),
		},
		Credentials: []ledger.Credential{cred(), cred(func(c *ledger.Credential) { c.ID, c.RotateNow = "c2", true })},
		Contacts: []ledger.Contact{
			{Meta: ledger.Meta{ID: "p1"}, Name: "张三", Role: ledger.RoleSiteOwner, End: d("2027-04-10"), SiteIDs: []string{"s1"}},
			{Meta: ledger.Meta{ID: "p2"}, Name: "李四", Role: ledger.RoleBackup, End: d("2027-04-10"), SiteIDs: []string{"s1"}},
			{Meta: ledger.Meta{ID: "p3"}, Name: "王五", Role: ledger.RoleEntityOwner, IDExpiry: d("2027-04-20"), SiteIDs: []string{"s1"}},
		},
		Reviews: []ProvincialReview{{Province: "京", FromMonth: 3, FromDay: 1, ToMonth: 4, ToDay: 30, Year: 2027}},
	}
	items := Due(in, d("2027-03-31"), 30)
	kinds := map[string]bool{}
	for _, it := range items {
		kinds[it.Kind] = true
		if BasisLabel(it.Basis, true) == it.Basis || it.Source == "" {
			t.Errorf("%s: basis %q source %q", it.Key, it.Basis, it.Source)
		}
		if (it.Kind == KindStatusCheck || it.Kind == KindRotation || it.Kind == KindOffboardingRotation || it.Kind == KindOffboarding) &&
			(it.Basis != BasisHouse || !strings.Contains(it.Source, "内部规定")) {
			t.Errorf("%s is house policy: %q %q", it.Key, it.Basis, it.Source)
		}
		b, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil || m["basis"] != it.Basis || m["source"] != it.Source {
			t.Errorf("json %s", b)
		}
		if got := it.AppendJSON(nil); string(got) != string(b) {
			t.Errorf("AppendJSON\n got %s\nwant %s", got, b)
		}
	}
	for _, k := range []string{KindStatusCheck, KindRotation, KindOffboardingRotation, KindContactChange, KindOffboarding, KindPSBFiling,
		KindPSBDisplay, KindLicenceReport, KindLicenceRenewal, KindDomainExpiry, KindSSLExpiry, KindProvincialReview,
		KindProductExpiry, KindIDExpiry} {
		if !kinds[k] {
			t.Errorf("no %s item", k)
		}
	}
	if BasisLabel(BasisHouse, true) != "内部规定" || BasisLabel(BasisRegulation, true) != "法规" || BasisLabel(BasisProvider, true) != "接入商要求" {
		t.Error("basis labels")
	}
}

// TestProductExpiry: when the 接入商 product that carries the access lapses,
// the provider withdraws access (取消接入), the filing becomes 空壳 and is
// cancelled, and the number cannot be restored (Tencent Cloud 取消接入.md,
// 注销备案.md). Reminded 60, 30 and 7 days ahead like a domain.
func TestProductExpiry(t *testing.T) {
	s := mkSite("s1", func(s *ledger.SiteRow) {
		s.ProductExpiry, s.ProviderName, s.LastChecked = d("2027-05-31"), "腾讯云", d("2027-04-01")
	})
	in := Input{Sites: []ledger.SiteRow{s}}
	for _, tt := range []struct{ today, state string }{
		{"2027-03-31", ""}, {"2027-04-01", StateDue}, {"2027-05-31", StateDue}, {"2027-06-01", StateOverdue},
	} {
		g := got(Due(in, d(tt.today), 0), KindProductExpiry)
		want := map[string]string{}
		if tt.state != "" {
			want["product-expiry/s1/2027-05-31"] = tt.state
		}
		if !sameMap(g, want) {
			t.Errorf("%s: got %v, want %v", tt.today, g, want)
		}
	}
	it := find(t, Due(in, d("2027-06-02"), 0), "product-expiry/s1/2027-05-31")
	for _, w := range []string{"接入商产品", "空壳", "不能恢复", "接入备案", "beian.miit.gov.cn"} {
		if !strings.Contains(it.WhyZH, w) {
			t.Errorf("why_zh lacks %q: %q", w, it.WhyZH)
		}
	}
	if it.Basis != BasisProvider || !strings.Contains(it.Source, "取消接入") {
		t.Errorf("basis %q source %q", it.Basis, it.Source)
	}
}

// TestIDExpiry: a responsible person's expired ID card requires updating
// the filing (Tencent Cloud 变更信息.md); administrators and backup
// contacts are not in the filing, and people who left are covered by the
// contact-change item.
func TestIDExpiry(t *testing.T) {
	c := func(id, role string, end string) ledger.Contact {
		p := ledger.Contact{Meta: ledger.Meta{ID: id}, Name: "张三", Role: role, IDExpiry: d("2027-05-31"), EntityID: "e1", SiteIDs: []string{"s1"}}
		if end != "" {
			p.End = d(end)
		}
		return p
	}
	in := Input{Sites: []ledger.SiteRow{mkSite("s1", func(s *ledger.SiteRow) { s.LastChecked = d("2027-04-01") })},
		Contacts: []ledger.Contact{c("p1", ledger.RoleSiteOwner, ""), c("p2", ledger.RoleEntityOwner, "2028-01-01"),
			c("p3", ledger.RoleBackup, ""), c("p4", ledger.RoleAdministrator, ""), c("p5", ledger.RoleSiteOwner, "2027-03-01")}}
	g := got(Due(in, d("2027-04-15"), 0), KindIDExpiry)
	want := map[string]string{"id-expiry/p1/2027-05-31": StateDue, "id-expiry/p2/2027-05-31": StateDue}
	if !sameMap(g, want) {
		t.Fatalf("got %v, want %v", g, want)
	}
	items := Due(in, d("2027-06-01"), 0)
	it := find(t, items, "id-expiry/p1/2027-05-31")
	if it.State != StateOverdue || it.Site != "京ICP备11018762号-s1" || !strings.Contains(it.WhyZH, "网站负责人张三的身份证已于2027年5月31日到期") ||
		it.Basis != BasisProvider || !strings.Contains(it.Source, "证件过期") {
		t.Errorf("item %+v", it)
	}
}
