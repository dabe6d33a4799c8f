// Package demo fills a ledger with a realistic but entirely synthetic
// filing ledger (备案台账), for newcomers who want to see a populated vault
// and for benchmarks.
//
// Nothing in it is real: every entity name contains 示例, addresses are on
// invented 示例 roads, people's names are drawn at random, e-mail addresses
// use example domains, and all identifiers (USCC, ICP and 公安 numbers,
// resident ID numbers, mobile numbers) are generated with valid formats and
// check characters (see package ident) but random serials. Domains are
// invented names of the form xinghe-shili-12.cn.
//
// The data is deterministic for a seed and a "today" date, and it is shaped
// so that every reminder has something to show: overdue password
// rotations, sites without a status check this quarter, domains and
// certificates about to expire, recently opened sites still waiting for
// their 公安备案, responsible people who left, ICP licences near renewal.
package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// Summary counts the records Populate wrote.
type Summary struct {
	Entities, Sites, Credentials, Contacts, Providers, Checks int
}

// maxSitesPerEntity keeps site indexes well inside the 4 digits a filing
// number allows.
const maxSitesPerEntity = 999

// Populate writes a synthetic ledger with the given number of sites (about
// one entity per three sites, at least one entity) through w, together
// with the access providers of domain.md §5, contacts, credentials with
// sealed random passwords, sealed resident ID numbers and status checks.
// Dates are laid out around today. The same seed and today give the same
// records (apart from the IDs and timestamps the store assigns).
func Populate(w ledger.Writer, sites int, seed int64, today ledger.Date) (Summary, error) {
	if sites < 0 {
		return Summary{}, fmt.Errorf("demo: the number of sites must not be negative (got %d)", sites)
	}
	if today.IsZero() {
		return Summary{}, errors.New("demo: today's date is required")
	}
	g, err := newGen(w, seed, today)
	if err != nil {
		return Summary{}, err
	}
	if err := g.providers(); err != nil {
		return g.sum, err
	}
	nEnt := max(1, (sites+1)/3)
	for _, n := range g.spread(sites, nEnt) {
		if err := g.entity(n); err != nil {
			return g.sum, err
		}
	}
	return g.sum, nil
}

type province struct {
	ident.Province
	weight int
	cities []city
}

type provider struct {
	providerSpec
	id string
}

type gen struct {
	r      *rand.Rand
	w      ledger.Writer
	today  ledger.Date
	qStart ledger.Date // first day of today's quarter
	sum    Summary

	provinces []province
	provW     int
	provs     []provider
	provTotal int

	used    map[string]bool // names, numbers, mobiles, e-mails already given out
	siteSeq int
}

func newGen(w ledger.Writer, seed int64, today ledger.Date) (*gen, error) {
	g := &gen{
		r:     rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)),
		w:     w,
		today: today,
		used:  map[string]bool{},
	}
	g.qStart = ledger.Date{Y: today.Y, M: (today.M-1)/3*3 + 1, D: 1}
	for _, s := range provinceSpecs {
		p, ok := ident.ProvinceByName(s.common)
		if !ok {
			return nil, fmt.Errorf("demo: province %s is not in the province table", s.common)
		}
		g.provinces = append(g.provinces, province{p, s.weight, s.cities})
		g.provW += s.weight
	}
	return g, nil
}

// ---- random helpers

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *gen, s []T) T { return s[g.r.IntN(len(s))] }

func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// between returns a date in [a, b], or a if b is before a.
func (g *gen) between(a, b ledger.Date) ledger.Date {
	n := a.DaysUntil(b)
	if n <= 0 {
		return a
	}
	return a.AddDays(g.r.IntN(n + 1))
}

func minDate(a, b ledger.Date) ledger.Date {
	if b.Before(a) {
		return b
	}
	return a
}

func maxDate(a, b ledger.Date) ledger.Date {
	if a.Before(b) {
		return b
	}
	return a
}

func day(y int, m time.Month, d int) ledger.Date { return ledger.Date{Y: y, M: m, D: d} }

// unique calls f until it returns a value not given out before.
func (g *gen) unique(f func(try int) string) string {
	for try := 0; ; try++ {
		if s := f(try); !g.used[s] {
			g.used[s] = true
			return s
		}
	}
}

func (g *gen) pickProvince() province {
	n := g.r.IntN(g.provW)
	for _, p := range g.provinces {
		if n < p.weight {
			return p
		}
		n -= p.weight
	}
	return g.provinces[0]
}

func (g *gen) pickProvider() provider {
	n := g.r.IntN(g.provTotal)
	for _, p := range g.provs {
		if n < p.weight {
			return p
		}
		n -= p.weight
	}
	return g.provs[0]
}

// spread divides sites among n entities: every entity has at least one
// site (if there are any), a few have many.
func (g *gen) spread(sites, n int) []int {
	counts := make([]int, n)
	left := sites
	for i := range counts {
		if left == 0 {
			break
		}
		counts[i]++
		left--
	}
	for ; left > 0; left-- {
		u := g.r.Float64()
		i := int(float64(n) * u * u)
		for counts[i] >= maxSitesPerEntity {
			i = g.r.IntN(n)
		}
		counts[i]++
	}
	g.r.Shuffle(n, func(i, j int) { counts[i], counts[j] = counts[j], counts[i] })
	return counts
}

// ---- people

type person struct {
	name, py string
}

func (g *gen) givenChar() word {
	if g.chance(0.12) {
		return pick(g, rareChars)
	}
	return pick(g, givenChars)
}

func (g *gen) person() person {
	s := pick(g, surnames)
	p := person{s.han, s.py}
	n := 2
	if g.chance(0.3) {
		n = 1
	}
	for range n {
		c := g.givenChar()
		p.name += c.han
		p.py += c.py
	}
	return p
}

func (g *gen) mobile() string {
	return g.unique(func(int) string { return pick(g, mobileHeads) + g.digits(8) })
}

func (g *gen) email(p person) string {
	return g.unique(func(try int) string {
		if try == 0 {
			return p.py + "@example.cn"
		}
		return p.py + strconv.Itoa(try+1) + "@example.cn"
	})
}

// residentID makes a valid synthetic resident ID number for a person
// registered in area (6 digits).
func (g *gen) residentID(area string) ([]byte, error) {
	birth := g.between(day(1965, 1, 1), day(2000, 12, 31))
	first := fmt.Sprintf("%s%04d%02d%02d%03d", area, birth.Y, birth.M, birth.D, 1+g.r.IntN(999))
	c, err := ident.ResidentIDCheckChar(first)
	if err != nil {
		return nil, err
	}
	return append([]byte(first), c), nil
}

// ---- providers

func (g *gen) providers() error {
	for _, s := range providerSpecs {
		am := g.person()
		p := ledger.Provider{
			Name:           s.name,
			Aliases:        append([]string(nil), s.aliases...),
			ConsoleURL:     s.console,
			Hotline:        s.hotline,
			AccountManager: am.name,
			Materials:      s.materials,
			Notes:          strings.TrimSpace(s.notes + " 控制台地址为演示数据，使用前请核对。"),
		}
		if err := g.w.PutProvider(&p); err != nil {
			return err
		}
		g.sum.Providers++
		g.provs = append(g.provs, provider{s, p.ID})
		g.provTotal += s.weight
		c := ledger.Contact{
			Name:     am.name,
			Role:     ledger.RoleAccountManager,
			Mobile:   g.mobile(),
			Email:    g.email(am),
			Employer: s.name,
			Position: "客户经理（备案）",
			Notes:    "接入商客户经理（演示数据）",
		}
		if err := g.putContact(&c, ""); err != nil {
			return err
		}
	}
	return nil
}

// ---- entities

type entityPlan struct {
	ledger.Entity
	prov        province
	city        city
	brand       word
	filed       ledger.Date // approval of the entity filing
	oldNumber   bool        // 8-digit number from before 2020
	licExpiry   ledger.Date
	mainProv    provider
	owners      []person // 网站负责人 candidates
	ownerSites  [][]string
	legacyCreds bool
}

func (g *gen) brand() word {
	a := pick(g, brandParts)
	if g.chance(0.6) {
		return a
	}
	b := pick(g, brandParts)
	if b == a {
		return a
	}
	return word{a.han + b.han, a.py + b.py}
}

func (g *gen) entity(nSites int) error {
	e := &entityPlan{prov: g.pickProvince()}
	e.city = pick(g, e.prov.cities)
	e.Province = e.prov.Common
	switch x := g.r.IntN(100); {
	case x < 85:
		e.Kind = ledger.EntityCompany
	case x < 95:
		e.Kind = ledger.EntitySoleTrader
	default:
		e.Kind = ledger.EntityInstitution
	}
	e.Name = g.unique(func(try int) string {
		if e.Kind == ledger.EntityInstitution {
			e.brand = pick(g, institutionTopics)
		} else {
			e.brand = g.brand()
		}
		if try > 20 {
			// The word parts are exhausted for this city: number the brand.
			t := strconv.Itoa(try)
			e.brand = word{e.brand.han + t, e.brand.py + t}
		}
		c := e.city
		switch e.Kind {
		case ledger.EntityInstitution:
			return c.name + "市" + e.brand.han + "示例中心"
		case ledger.EntitySoleTrader:
			return c.name + "市" + c.district + e.brand.han + "示例网络工作室（个体工商户）"
		}
		return c.name + e.brand.han + "示例" + pick(g, industries) + "有限公司"
	})
	area := e.prov.GBT2260 + e.city.code4
	uscc, err := g.uscc(e.Kind, area)
	if err != nil {
		return err
	}
	e.USCC = uscc
	rep := g.person()
	e.LegalRep = rep.name
	e.Address = g.address(e.prov, e.city)
	e.FilingNumber, e.filed, e.oldNumber = g.filingNumber(e.prov.ICP)
	if e.Kind == ledger.EntityCompany && g.chance(0.2) {
		issued := g.between(g.today.AddMonths(-61), g.today.AddMonths(-6))
		e.ICPLicence = g.unique(func(int) string {
			return fmt.Sprintf("%sB2-%04d%s", e.prov.ICP, issued.Y, g.digits(4))
		})
		e.licExpiry = issued.AddMonths(60).AddDays(-1)
		e.Notes = "持有增值电信业务经营许可证（B25 信息服务业务），每年 1 月 10 日至 3 月 31 日报送年报。"
	}
	e.legacyCreds = e.oldNumber && g.chance(0.5)
	if err := g.w.PutEntity(&e.Entity); err != nil {
		return err
	}
	g.sum.Entities++

	// 网站负责人: one to a few people, most sites on the first.
	e.owners = make([]person, 1+min(4, (nSites-1)/5))
	if nSites > 1 && len(e.owners) == 1 && g.chance(0.3) {
		e.owners = append(e.owners, person{})
	}
	for i := range e.owners {
		e.owners[i] = g.person()
	}
	e.ownerSites = make([][]string, len(e.owners))
	e.mainProv = g.pickProvider()

	kindSeq := map[string]int{}
	for i, d := range g.siteDates(e, nSites) {
		if err := g.site(e, i, d, kindSeq); err != nil {
			return err
		}
	}
	if e.ICPLicence != "" {
		if err := g.credential(&ledger.Credential{
			System:   ledger.SystemLicence,
			EntityID: e.ID,
			URL:      "https://dxzhgl.miit.gov.cn",
			Login:    e.USCC,
			Notes:    "电信业务市场综合管理信息系统：许可证年报与变更。",
		}); err != nil {
			return err
		}
	}
	if e.legacyCreds {
		if err := g.credential(&ledger.Credential{
			System:         ledger.SystemMIITLegacy,
			EntityID:       e.ID,
			URL:            "https://beian.miit.gov.cn",
			Login:          e.FilingNumber,
			LastRotated:    g.between(day(2017, 1, 1), day(2020, 8, 16)),
			RotationMonths: 12,
			Notes:          "工信部备案密码：2020 年 8 月 17 日起已停用，改为 12381 短信核验，仅作历史记录。",
		}); err != nil {
			return err
		}
	}
	return g.entityContacts(e, rep)
}

// uscc builds a valid unified social credit code registered in area.
func (g *gen) uscc(kind, area string) (string, error) {
	const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	head := "91"
	switch kind {
	case ledger.EntitySoleTrader:
		head = "92"
	case ledger.EntityInstitution:
		head = "12"
	}
	var out string
	var err error
	g.unique(func(int) string {
		var body string
		if head == "91" && g.chance(0.7) {
			// New-style 主体标识码: MA + 6 characters.
			b := []byte("MA")
			for range 6 {
				b = append(b, charset[g.r.IntN(len(charset))])
			}
			body = string(b)
		} else {
			body = g.digits(8)
		}
		oc, e1 := ident.OrgCodeCheckChar(body)
		first := head + area + body + string(oc)
		cc, e2 := ident.USCCCheckChar(first)
		err = errors.Join(e1, e2)
		out = first + string(cc)
		return out
	})
	return out, err
}

func (g *gen) address(p province, c city) string {
	var b strings.Builder
	switch p.Common {
	case "京", "津", "沪", "渝":
	default:
		b.WriteString(p.Name)
	}
	b.WriteString(c.name + "市" + c.district)
	b.WriteString("示例" + pick(g, roadWords) + pick(g, roadSuffix))
	fmt.Fprintf(&b, "%d号", 1+g.r.IntN(399))
	switch g.r.IntN(3) {
	case 0:
		fmt.Fprintf(&b, "%c座%d层", 'A'+rune(g.r.IntN(4)), 2+g.r.IntN(28))
	case 1:
		fmt.Fprintf(&b, "%d号楼%d室", 1+g.r.IntN(12), 101+g.r.IntN(20)*100+g.r.IntN(20))
	}
	return b.String()
}

// filingNumber returns a new entity filing number with its approval date:
// mostly the 10-digit form (year 2020–2025), sometimes the older 8-digit one.
func (g *gen) filingNumber(icp string) (number string, filed ledger.Date, old bool) {
	hi := g.today.AddDays(-30)
	number = g.unique(func(int) string {
		old = g.chance(0.18)
		if old {
			y := 2008 + g.r.IntN(12)
			filed = g.between(day(y, 1, 1), minDate(day(y, 12, 31), hi))
			return fmt.Sprintf("%sICP备%02d%06d号", icp, filed.Y%100, 1+g.r.IntN(999999))
		}
		y := min(2020+g.r.IntN(6), max(hi.Y, 2020))
		filed = g.between(day(y, 1, 1), minDate(day(y, 12, 31), hi))
		return fmt.Sprintf("%sICP备%04d%06d号", icp, filed.Y, 1+g.r.IntN(80000))
	})
	return number, filed, old
}

// ---- sites

// siteDate is when a site was filed and went live.
type siteDate struct {
	filed, live ledger.Date
	recent      bool // went live in the last 20 days
}

// siteDates draws the filing dates of an entity's sites in filing order,
// so that site indexes grow with time. The first site of a 10-digit entity
// number was filed with the entity; about one site in ten (never that first
// one) opened in the last 20 days.
func (g *gen) siteDates(e *entityPlan, n int) []siteDate {
	lo := day(2019, 1, 1)
	if !e.oldNumber {
		lo = maxDate(lo, e.filed)
	}
	hi := maxDate(lo, minDate(day(2025, 12, 31), g.today.AddDays(-25)))
	out := make([]siteDate, n)
	for i := range out {
		d := &out[i]
		switch {
		case i == 0 && !e.oldNumber:
			d.filed = e.filed
		case g.chance(0.1):
			d.recent = true
			d.live = g.today.AddDays(-g.r.IntN(20))
			d.filed = d.live.AddDays(-(3 + g.r.IntN(18)))
		default:
			d.filed = g.between(lo, hi)
		}
		if !d.recent {
			d.live = minDate(d.filed.AddDays(1+g.r.IntN(14)), g.today)
		}
	}
	slices.SortStableFunc(out, func(a, b siteDate) int { return a.filed.Compare(b.filed) })
	return out
}

func (g *gen) site(e *entityPlan, i int, d siteDate, kindSeq map[string]int) error {
	g.siteSeq++
	s := ledger.Site{EntityID: e.ID, Province: e.Province}
	kind, suffix := ledger.SiteWebsite, ""
	if i > 0 {
		switch x := g.r.IntN(100); {
		case x < 12:
			kind, suffix = ledger.SiteApp, "A"
		case x < 22:
			kind, suffix = ledger.SiteMiniProgram, "X"
		}
	}
	kindSeq[kind]++
	n := kindSeq[kind]
	s.Kind = kind
	s.Number = e.FilingNumber + "-" + strconv.Itoa(n) + suffix
	names := websiteNames
	switch kind {
	case ledger.SiteApp:
		names = appNames
	case ledger.SiteMiniProgram:
		names = miniNames
	}
	s.Name = e.brand.han + "示例" + names[(n-1)%len(names)]
	if n > len(names) {
		s.Name += strconv.Itoa((n-1)/len(names) + 1)
	}
	base := fmt.Sprintf("%s-shili-%d.%s", e.brand.py, g.siteSeq, pick(g, tlds))
	switch kind {
	case ledger.SiteWebsite:
		s.Domains = []string{base, "www." + base}
	default:
		s.Domains = []string{base}
	}
	prov := e.mainProv
	if g.chance(0.15) {
		prov = g.pickProvider()
	}
	s.ProviderID = prov.id

	// Dates: about 80% of sites have their 公安备案; of the rest, those
	// opened recently are still inside the 30 days.
	s.FirstFiled, s.WentLive = d.filed, d.live
	if !d.recent && g.chance(0.89) {
		s.PSBNumber = g.unique(func(int) string {
			return e.prov.PSB + "公网安备" + e.prov.GBT2260 + e.city.code4 + "02" + g.digits(6) + "号"
		})
		s.PSBDate = minDate(s.WentLive.AddDays(3+g.r.IntN(28)), g.today)
	}
	switch x := g.r.IntN(100); {
	case x < 5:
		s.Status = ledger.StatusPendingChange
		s.LastChanged = g.today.AddDays(-(1 + g.r.IntN(20)))
		s.Notes = "负责人变更已提交，管局审核中。"
	case x < 8:
		s.Status = ledger.StatusShellRisk
		s.Notes = "接入商通知：云服务器已到期，存在空壳风险，请续费或迁移后重新接入。"
	default:
		s.Status = ledger.StatusNormal
		if g.chance(0.25) && s.FirstFiled.AddDays(30).Before(g.today) {
			s.LastChanged = g.between(s.FirstFiled.AddDays(30), g.today.AddDays(-1))
		}
		if g.chance(0.05) {
			s.Notes = "由原运维交接，账号与负责人信息已核对。"
		}
	}
	if e.ICPLicence != "" {
		s.Licence = e.ICPLicence
		s.LicenceExpiry = e.licExpiry
	}
	s.DomainExpiry = g.today.AddDays(-10 + g.r.IntN(411))
	s.SSLExpiry = g.today.AddDays(-10 + g.r.IntN(411))
	// The provider product renews a little after the domain; derived, not
	// drawn, so that the random stream (and every other demo value) stays.
	s.ProductExpiry = s.DomainExpiry.AddDays(17)
	if err := g.w.PutSite(&s); err != nil {
		return err
	}
	g.sum.Sites++

	// 网站负责人.
	o := 0
	if len(e.owners) > 1 && g.chance(0.35) {
		o = g.r.IntN(len(e.owners))
	}
	e.ownerSites[o] = append(e.ownerSites[o], s.ID)

	// Credentials.
	if err := g.credential(&ledger.Credential{
		System:     ledger.SystemProvider,
		SiteID:     s.ID,
		EntityID:   e.ID,
		ProviderID: prov.id,
		URL:        prov.console,
		Login:      pick(g, []string{"admin", "ops", "beian", "webmaster"}) + "@" + base,
	}); err != nil {
		return err
	}
	if g.chance(0.5) {
		c := ledger.Credential{
			System:     ledger.SystemRegistrar,
			SiteID:     s.ID,
			EntityID:   e.ID,
			ProviderID: prov.id,
			URL:        prov.console,
			Login:      "domains@" + base,
			Notes:      "域名注册商账号：续费与实名认证。",
		}
		if g.chance(0.4) {
			c.System, c.Login, c.Notes = ledger.SystemDNS, "dns@"+base, "DNS 解析账号。"
		}
		if err := g.credential(&c); err != nil {
			return err
		}
	}

	// Status checks.
	if g.chance(0.7) {
		who := e.owners[o].name
		prevStart := g.qStart.AddMonths(-3)
		dates := []ledger.Date{}
		switch x := g.r.IntN(10); {
		case x < 5:
			dates = append(dates, g.between(maxDate(g.qStart, s.WentLive), g.today))
		case x < 8:
			dates = append(dates, g.between(prevStart, g.qStart.AddDays(-1)))
		default:
			dates = append(dates, g.between(prevStart, g.qStart.AddDays(-1)), g.between(maxDate(g.qStart, s.WentLive), g.today))
		}
		for _, d := range dates {
			if d.Before(s.WentLive) {
				continue
			}
			c := ledger.StatusCheck{SiteID: s.ID, Date: d, Who: who}
			switch x := g.r.IntN(100); {
			case x < 85:
				c.Result, c.Note = ledger.CheckNormal, pick(g, normalNotes)
			case x < 95:
				c.Result, c.Note = ledger.CheckProblem, pick(g, problemNotes)
			default:
				c.Result, c.Note = ledger.CheckAction, pick(g, actionNotes)
			}
			if err := g.w.PutCheck(&c); err != nil {
				return err
			}
			g.sum.Checks++
		}
	}
	return nil
}

// ---- credentials

const (
	pwUpper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	pwLower  = "abcdefghijklmnopqrstuvwxyz"
	pwDigit  = "0123456789"
	pwSymbol = "!@#$%^&*"
	pwAll    = pwUpper + pwLower + pwDigit + pwSymbol
)

// password returns a 16–20 character password with every class present.
// It is seeded, not cryptographic: demo data only.
func (g *gen) password() []byte {
	b := make([]byte, 16+g.r.IntN(5))
	for i := range b {
		b[i] = pwAll[g.r.IntN(len(pwAll))]
	}
	for i, set := range []string{pwUpper, pwLower, pwDigit, pwSymbol} {
		b[i] = set[g.r.IntN(len(set))]
	}
	g.r.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
	return b
}

func (g *gen) credential(c *ledger.Credential) error {
	if c.RotationMonths == 0 {
		switch x := g.r.IntN(100); {
		case x < 50:
			c.RotationMonths = 3
		case x < 85:
			c.RotationMonths = 6
		case x < 92:
			c.RotationMonths = 1
		default:
			c.RotationMonths = 12
		}
	}
	if c.LastRotated.IsZero() {
		c.LastRotated = g.today.AddDays(-g.r.IntN(251))
	}
	if err := g.w.PutCredential(c); err != nil {
		return err
	}
	if err := g.w.SetSecret("credential", c.ID, g.password()); err != nil {
		return err
	}
	c.HasSecret = true
	g.sum.Credentials++
	return nil
}

// ---- contacts

func (g *gen) entityContacts(e *entityPlan, rep person) error {
	area := e.prov.GBT2260 + e.city.code4
	owner := rep
	if g.chance(0.3) {
		owner = g.person()
	}
	pos := pick(g, ownerPositions)
	if e.Kind == ledger.EntityInstitution {
		pos = "主任"
	} else if e.Kind == ledger.EntitySoleTrader {
		pos = "经营者"
	}
	if err := g.entityContact(e, owner, ledger.RoleEntityOwner, pos, nil, area); err != nil {
		return err
	}
	for i, p := range e.owners {
		if len(e.ownerSites[i]) == 0 {
			continue
		}
		if err := g.entityContact(e, p, ledger.RoleSiteOwner, pick(g, sitePositions), e.ownerSites[i], area); err != nil {
			return err
		}
	}
	return g.entityContact(e, g.person(), ledger.RoleBackup, pick(g, backupPositions), nil, area)
}

func (g *gen) entityContact(e *entityPlan, p person, role, position string, sites []string, area string) error {
	c := ledger.Contact{
		Name:     p.name,
		Role:     role,
		Mobile:   g.mobile(),
		Email:    g.email(p),
		IDType:   "居民身份证",
		Employer: e.Name,
		Position: position,
		EntityID: e.ID,
		SiteIDs:  sites,
	}
	if role == ledger.RoleBackup {
		c.Notes = "指定备用联系人：负责人无法联系时协助 12381 短信核验与备案变更。"
	}
	if !g.chance(0.6) {
		// Born elsewhere.
		area = g.pickProvince().GBT2260 + "0105"
	}
	return g.putContact(&c, area)
}

// putContact sets start and (sometimes) end dates, writes the contact and,
// if idArea is set, seals a resident ID number registered there.
func (g *gen) putContact(c *ledger.Contact, idArea string) error {
	if g.chance(0.05) {
		if g.chance(0.5) {
			c.End = g.today.AddDays(-(1 + g.r.IntN(60)))
		} else {
			c.End = g.today.AddDays(-(61 + g.r.IntN(340)))
		}
		if c.Role == ledger.RoleEntityOwner || c.Role == ledger.RoleSiteOwner {
			c.Notes = strings.TrimSpace(c.Notes + " 已离职：备案负责人变更本应提前 30 日办理，请尽快办理，并更换其可见的账号密码。")
		} else {
			c.Notes = strings.TrimSpace(c.Notes + " 已离职：请收回其访问权限，并更换其可见的账号密码。")
		}
	}
	latest := g.today.AddDays(-60)
	if !c.End.IsZero() {
		latest = c.End.AddDays(-90)
	}
	c.Start = g.between(day(2012, 1, 1), maxDate(latest, day(2012, 1, 1)))
	// An ID card valid 10 years, renewed every 10 years from a date tied to
	// the start: derived, not drawn, so that the random stream stays.
	c.IDExpiry = c.Start.AddMonths(120)
	if c.IDExpiry.Before(g.today.AddDays(-400)) {
		c.IDExpiry = c.IDExpiry.AddMonths(120)
	}
	if err := g.w.PutContact(c); err != nil {
		return err
	}
	if idArea != "" {
		id, err := g.residentID(idArea)
		if err != nil {
			return err
		}
		if err := g.w.SetSecret("contact-id", c.ID, id); err != nil {
			return err
		}
		c.HasIDNumber = true
	}
	g.sum.Contacts++
	return nil
}
