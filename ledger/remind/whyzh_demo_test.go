package remind_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"beianledger/internal/testvault"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

var (
	// isoDate is a date as the English texts write it.
	isoDate = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
	// webName is a URL or a domain name (dxzhgl.miit.gov.cn,
	// https://beian.miit.gov.cn/x): ASCII that a Chinese text quotes as is.
	webName = regexp.MustCompile(`(?i)(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b(?:/[!-~]*)?`)
	// asciiWord is a run of three or more ASCII letters.
	asciiWord = regexp.MustCompile(`[A-Za-z]{3,}`)
)

// zhAllowed are the ASCII words a Chinese reason may use: they are what
// Chinese administrators call these things too (ICP appears in filing
// numbers as well: 京ICP备…).
var zhAllowed = map[string]bool{"ICP": true, "SSL": true, "MIIT": true, "APP": true, "DNS": true, "CDN": true}

// whyZHProblems says what is wrong with the Chinese reason of an item,
// or nothing: it must hold Han characters, no English words beyond
// zhAllowed once URLs, domain names and the given user-typed texts are
// taken out, no ASCII semicolon, end in 。, and name in Chinese form
// (2026年3月31日) every date the English reason names, never in the
// English form.
func whyZHProblems(why, whyZH string, typed ...string) []string {
	var bad []string
	if !strings.ContainsFunc(whyZH, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		bad = append(bad, "no Han characters")
	}
	if !strings.HasSuffix(whyZH, "。") {
		bad = append(bad, "does not end in 。")
	}
	rest := whyZH
	for _, s := range typed {
		if s != "" {
			rest = strings.ReplaceAll(rest, s, " ")
		}
	}
	rest = webName.ReplaceAllString(rest, " ")
	for _, w := range asciiWord.FindAllString(rest, -1) {
		if !zhAllowed[w] {
			bad = append(bad, "English word "+w)
		}
	}
	if strings.Contains(rest, ";") {
		bad = append(bad, "ASCII semicolon")
	}
	if m := isoDate.FindString(whyZH); m != "" {
		bad = append(bad, "date "+m+" in English form")
	}
	for _, m := range isoDate.FindAllString(why, -1) {
		day, err := ledger.ParseDate(m)
		if err != nil {
			bad = append(bad, "Why has an impossible date "+m)
			continue
		}
		if !strings.Contains(whyZH, day.Chinese()) {
			bad = append(bad, "lacks "+day.Chinese()+" (Why names "+m+")")
		}
	}
	return bad
}

// TestWhyZHProblemsCatches makes sure the check of the demo test can
// fail: each of these reasons has a fault it must find.
func TestWhyZHProblemsCatches(t *testing.T) {
	why := "the site went live on 2019-05-27 and no 公安备案号 is recorded"
	good := "网站于2019年5月27日上线，但没有记录公安备案号。"
	if p := whyZHProblems(why, good); len(p) != 0 {
		t.Errorf("good text: %v", p)
	}
	if p := whyZHProblems("see dxzhgl.miit.gov.cn", "请登录dxzhgl.miit.gov.cn或https://beian.miit.gov.cn/#/home报送京ICP备12345678号-1的SSL证书。"); len(p) != 0 {
		t.Errorf("URLs, domains and filing numbers: %v", p)
	}
	if p := whyZHProblems("x", "联系人Alice Smith已离职。", "Alice Smith"); len(p) != 0 {
		t.Errorf("a typed name: %v", p)
	}
	for _, zh := range []string{
		"",                                  // empty
		"the site went live on 2019-05-27。", // English
		"网站于2019年5月27日上线，but no number。",    // English words among Chinese
		"网站于2019-05-27上线。",                  // date in the English form
		"网站于2019年5月28日上线。",                  // another date
		"网站于2019年5月27日上线",                   // no full stop
		"网站于2019年5月27日上线; 没有备案号。",           // ASCII semicolon
		"网站于2019年5月27日上线，见example.cn/page。", // a URL is fine, but…
	} {
		p := whyZHProblems(why, zh)
		if zh == "网站于2019年5月27日上线，见example.cn/page。" {
			if len(p) != 0 {
				t.Errorf("%q: %v", zh, p)
			}
			continue
		}
		if len(p) == 0 {
			t.Errorf("%q passed", zh)
		}
	}
}

// TestWhyZHDemo runs the rules over a demo ledger on dates across two
// years, in Due and calendar mode, with records changed so that every
// variant of every rule fires: every item must have a Chinese reason that
// passes whyZHProblems.
func TestWhyZHDemo(t *testing.T) {
	today := ledger.MustDate("2026-11-24")
	st := testvault.Demo(t, 120, 5, today)
	in, err := remind.Load(st)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Sites) < 10 || len(in.Credentials) < 8 || len(in.Contacts) < 4 {
		t.Fatalf("demo too small: %d sites, %d credentials, %d contacts", len(in.Sites), len(in.Credentials), len(in.Contacts))
	}
	// Records the demo never has: bad rotation data, sites without a
	// 公安备案号, people leaving, near expiries, a check in the future. IDs
	// are random, so records are picked by what they are, not by position.
	var creds []*ledger.Credential // credentials that are rotated at all
	for i := range in.Credentials {
		if c := &in.Credentials[i]; c.System != ledger.SystemMIITLegacy && !c.RotateNow {
			creds = append(creds, c)
		}
	}
	var sites []*ledger.SiteRow // live sites
	for i := range in.Sites {
		if s := &in.Sites[i]; s.Status != ledger.StatusCancelled {
			sites = append(sites, s)
		}
	}
	var contacts []*ledger.Contact // contacts who are still there
	for i := range in.Contacts {
		if c := &in.Contacts[i]; c.End.IsZero() {
			contacts = append(contacts, c)
		}
	}
	// Filing numbers come from the seed, IDs do not: sort by number.
	slices.SortFunc(sites, func(a, b *ledger.SiteRow) int { return strings.Compare(a.Number, b.Number) })
	if len(creds) < 7 || len(sites) < 7 || len(contacts) < 3 {
		t.Fatalf("demo too small: %d credentials, %d live sites, %d contacts", len(creds), len(sites), len(contacts))
	}
	creds[0].RotateNow, creds[0].LastRotated = true, ledger.Date{}
	creds[1].RotateNow = true
	creds[2].LastRotated = ledger.Date{}
	creds[3].LastRotated = ledger.MustDate("2031-01-01")
	creds[4].RotationMonths = 0
	creds[5].RotationMonths = -4
	creds[6].RotationMonths = 99
	sites[0].PSBNumber, sites[0].WentLive, sites[0].FirstFiled = "", ledger.Date{}, ledger.Date{}
	sites[1].PSBNumber, sites[1].WentLive, sites[1].PSBDate = "", ledger.Date{}, today.AddDays(-20)
	sites[2].PSBNumber, sites[2].WentLive = "", today.AddDays(10)
	sites[3].DomainExpiry, sites[3].SSLExpiry = today.AddDays(40), today.AddDays(100)
	sites[4].Licence, sites[4].LicenceExpiry = "", today.AddDays(60)
	sites[5].LicenceExpiry = today.AddDays(300)
	in.Checks = append(in.Checks, ledger.StatusCheck{Meta: ledger.Meta{ID: "future"}, SiteID: sites[6].ID, Date: ledger.MustDate("2031-01-01")})
	for i, end := range []ledger.Date{today.AddDays(15), today.AddDays(200), today.AddDays(-10)} {
		c := contacts[i]
		c.End, c.Role, c.SiteIDs = end, ledger.RoleSiteOwner, []string{sites[i].ID}
		if i == 1 {
			c.Name, c.Role, c.SiteIDs, c.EntityID = "", ledger.RoleEntityOwner, nil, sites[i].EntityID
		}
	}
	// Reviews for the provinces the demo uses: a plain window, one over
	// New Year and one with impossible dates.
	var provinces []string
	for _, s := range sites {
		if p := strings.TrimSpace(s.Province); p != "" && !slices.Contains(provinces, p) {
			provinces = append(provinces, p)
		}
	}
	slices.Sort(provinces)
	if len(provinces) < 3 {
		t.Fatalf("demo sites in %d provinces", len(provinces))
	}
	in.Reviews = []remind.ProvincialReview{
		{Province: provinces[0], FromMonth: 1, FromDay: 15, ToMonth: 4, ToDay: 15},
		{Province: provinces[1], FromMonth: 11, FromDay: 1, ToMonth: 2, ToDay: 28},
		{Province: provinces[2], FromMonth: 13, FromDay: 0, ToMonth: 6, ToDay: 31},
	}

	// The texts users typed, quoted as typed in the reasons.
	var typed []string
	for _, s := range in.Sites {
		typed = append(typed, s.Number, s.Name, s.Licence, s.Province)
		typed = append(typed, s.Domains...)
	}
	for _, e := range in.Entities {
		typed = append(typed, e.Name, e.ICPLicence)
	}
	for _, c := range in.Contacts {
		typed = append(typed, c.Name)
	}
	// Longest first, so that a name inside another is not cut out first.
	slices.SortFunc(typed, func(a, b string) int { return len(b) - len(a) })

	kinds := map[string]int{}
	all := strings.Builder{}
	total, failed := 0, 0
	checkItems := func(at ledger.Date, items []remind.Item) {
		for _, it := range items {
			total++
			kinds[it.Kind]++
			all.WriteString(it.WhyZH + "\n")
			if p := whyZHProblems(it.Why, it.WhyZH, typed...); len(p) > 0 {
				if failed++; failed <= 20 {
					t.Errorf("%s %s: %s\n Why   %q\n WhyZH %q", at, it.Key, strings.Join(p, "; "), it.Why, it.WhyZH)
				}
			}
		}
	}
	for at := today.AddDays(-365); at.Before(today.AddDays(366)); at = at.AddDays(11) {
		checkItems(at, remind.Due(in, at, 60))
	}
	for at := today.AddDays(-365); at.Before(today.AddDays(366)); at = at.AddMonths(4) {
		checkItems(at, remind.ItemsForCalendar(in, at, 12))
	}
	for _, k := range []string{remind.KindStatusCheck, remind.KindRotation, remind.KindOffboardingRotation, remind.KindContactChange,
		remind.KindPSBFiling, remind.KindLicenceReport, remind.KindLicenceRenewal, remind.KindDomainExpiry, remind.KindSSLExpiry,
		remind.KindProvincialReview, remind.KindPSBDisplay, remind.KindProductExpiry, remind.KindIDExpiry} {
		if kinds[k] == 0 {
			t.Errorf("no %s item: the demo should exercise every rule", k)
		}
	}
	// Every variant of every rule was met.
	text := all.String()
	for _, s := range []string{
		"及之后都没有记录备案状态检查", "本季度为", "下一次季度备案状态检查", "按内部规定每季度检查一次备案状态；", "尚未记录过检查", "上次检查于", "晚于今天，未计入",
		"取消台账的访问权限，按内部规定应立即更换（从未更换过）", "取消台账的访问权限，按内部规定应立即更换（上次更换于",
		"从未更换过（没有记录上次更换日期）", "晚于今天：请更正该日期", "，按内部规定每", "未设置轮换周期", "轮换周期-4个月不在", "轮换周期99个月不在",
		"将于", "已于", "主体负责人将于",
		"办理了ICP备案（上线日期不详）", "也没有记录上线日期或备案日期", "上线，但没有记录公安备案号", "请补填备案号",
		"的到期日为", "经营许可证的到期日为",
		"域名已过期", "证书已过期", "这是到期前7天的提醒", "这是到期前30天的提醒", "这是到期前60天的提醒", "的SSL证书到期日为",
		"年度年报", "次年", "已自动调整",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("no reason says %q", s)
		}
	}
	if total < 2000 {
		t.Errorf("only %d items checked", total)
	}
	t.Logf("%d items checked: %v", total, kinds)
}
