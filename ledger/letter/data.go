package letter

import (
	"errors"
	"fmt"
	"strings"

	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// Template kinds (stable ids).
const (
	KindRecovery     = "recovery-authorisation" // 密码找回授权书
	KindAgent        = "agent-authorisation"    // 授权委托书
	KindSituation    = "situation-statement"    // 情况说明
	KindChecklist    = "materials-checklist"    // 材料清单
	KindKit          = "emergency-kit"          // 应急资料包
	KindCancellation = "cancellation-request"   // 注销备案申请
)

// Kind describes one built-in letter template.
type Kind struct {
	ID      string // stable id, e.g. "agent-authorisation"
	TitleZH string
	TitleEN string
}

var kinds = []Kind{
	{KindRecovery, "备案账号找回授权书（原密码找回授权书）", "Account recovery authorisation (formerly password recovery)"},
	{KindAgent, "授权委托书", "Letter of authorisation"},
	{KindSituation, "情况说明", "Statement of circumstances"},
	{KindChecklist, "材料清单", "Materials checklist"},
	{KindKit, "备案应急资料包", "Emergency kit"},
	{KindCancellation, "注销备案申请", "Cancellation request"},
}

// Kinds lists the built-in templates in display order.
func Kinds() []Kind { return append([]Kind(nil), kinds...) }

// Party is a 受托人 (agent): a person (Name, IDNumber, Employer, Position,
// Mobile) or a company (Name and USCC; IDNumber empty).
type Party struct {
	Name     string
	IDNumber string // resident ID number of a person
	USCC     string // 统一社会信用代码 of a company
	Employer string
	Position string
	Mobile   string
	// Handler and HandlerID are the person who acts for a company agent
	// (经办人) and their ID number; empty leaves gaps to fill by hand.
	Handler   string
	HandlerID string
}

// IsCompany reports whether the party is a company (it has a USCC and no ID
// number).
func (p Party) IsCompany() bool { return p.USCC != "" && p.IDNumber == "" }

// Data is everything a letter may show. Fields left empty render as
// underlined gaps and are listed in Missing.
type Data struct {
	Entity   ledger.Entity
	Site     ledger.SiteRow   // the site the letter is about
	Sites    []ledger.SiteRow // all of the entity's sites, for the lists
	Contacts []ledger.Contact
	Provider ledger.Provider
	Agent    Party    // 受托人
	Matters  []string // 委托事项, one per item; empty = DefaultMatters of the kind
	// From and Until are the 委托期限 (term of an authorisation). From
	// empty = the letter date; Until empty = "至事项办结之日止" (until the
	// matters are done). Until before the start is refused ([Data.CheckTerm]).
	From    ledger.Date
	Until   ledger.Date
	Facts   string      // 情况说明 facts
	Request string      // what the letter asks for
	Date    ledger.Date // letter date (required)

	// LegalRepID is the 法定代表人's ID number, opened from the vault by the
	// caller; empty leaves a gap.
	LegalRepID string
	// ProviderAccount is the 接入商 account (account ID, UID or login) the
	// filing sits in: what a recovery hinges on. Load takes the login of
	// the site's provider-console credential.
	ProviderAccount string
	// ProviderLegalName is the addressee of a letter to the provider as
	// the user entered or corrected it; empty = [Data.Addressee]'s preset.
	ProviderLegalName string

	VaultPath       string // emergency kit: where the vault file is
	RecoveryKeyHint string // emergency kit: where the recovery key is kept
	Scenario        string // materials checklist: a Scenario ID of [Guide]
}

// Province is the filing province: the site's, else the province of the
// site number's prefix, else the entity's. ok is false if none is known.
func (d Data) Province() (ident.Province, bool) {
	for _, s := range []string{d.Site.Province, prefixOf(d.Site.Number), d.Entity.Province, prefixOf(d.Entity.FilingNumber)} {
		if s == "" {
			continue
		}
		if p, ok := ident.ProvinceByName(s); ok {
			return p, true
		}
		if p, ok := ident.ProvinceByICPPrefix(s); ok {
			return p, true
		}
	}
	return ident.Province{}, false
}

func prefixOf(number string) string {
	for _, r := range strings.TrimSpace(number) {
		return string(r)
	}
	return ""
}

// ProvinceName is the full name of the filing province (北京市), or "".
func (d Data) ProvinceName() string {
	p, _ := d.Province()
	return p.Name
}

// Admin is the filing province's 通信管理局 (北京市通信管理局), or "".
func (d Data) Admin() string {
	p, _ := d.Province()
	return p.Admin
}

// EntityFiling is the 主体备案号: the entity's, else derived from the site
// number (京ICP备2021012345号-1 → 京ICP备2021012345号).
func (d Data) EntityFiling() string {
	if d.Entity.FilingNumber != "" {
		return d.Entity.FilingNumber
	}
	for _, s := range d.SiteList() {
		if e, ok := ident.EntityOfSite(s.Number); ok {
			return e
		}
	}
	return ""
}

// EntityName is the entity's name, else the site row's entity name.
func (d Data) EntityName() string {
	if d.Entity.Name != "" {
		return d.Entity.Name
	}
	return d.Site.EntityName
}

// ProviderName is the access provider (接入商): Provider.Name, else the
// site's provider.
func (d Data) ProviderName() string {
	if d.Provider.Name != "" {
		return d.Provider.Name
	}
	return d.Site.ProviderName
}

// Addressee is whom a letter to the provider is addressed to (致：): the
// name the user gave (ProviderLegalName), else the legal name of a known
// provider (阿里云 → 阿里云计算有限公司), else the provider's name as
// entered. A letter goes to a company, not to a brand.
func (d Data) Addressee() string {
	if n := strings.TrimSpace(d.ProviderLegalName); n != "" {
		return n
	}
	if p, ok := ledger.CanonicalProvider(d.ProviderName()); ok && p.LegalName != "" {
		return p.LegalName
	}
	return strings.TrimSpace(d.ProviderName())
}

// AddresseeNote is a note for the Missing list when the addressee is the
// provider's name as entered, neither given by the user as the legal name
// nor known: the user should check it against the contract or an invoice.
// "" when there is nothing to check (or no provider at all: that is a
// blank).
func (d Data) AddresseeNote() string {
	if strings.TrimSpace(d.ProviderLegalName) != "" {
		return ""
	}
	name := strings.TrimSpace(d.ProviderName())
	if name == "" {
		return ""
	}
	if p, ok := ledger.CanonicalProvider(name); ok && p.LegalName != "" {
		return ""
	}
	return "核对接入商全称 Check the provider's legal name: 致“" + name + "”是录入的名称，请按合同或发票上的公司全称核对 (the name as entered; check it against the contract or an invoice)"
}

// Hotline is the provider's filing hotline, from the record or the list of
// known providers.
func (d Data) Hotline() string {
	if d.Provider.Hotline != "" {
		return d.Provider.Hotline
	}
	if p, ok := ledger.CanonicalProvider(d.ProviderName()); ok {
		return p.Hotline
	}
	return ""
}

// SiteList is Sites, or the one Site if Sites is empty.
func (d Data) SiteList() []ledger.SiteRow {
	if len(d.Sites) > 0 {
		return d.Sites
	}
	if d.Site.Number != "" || len(d.Site.Domains) > 0 {
		return []ledger.SiteRow{d.Site}
	}
	return nil
}

// ProviderSites is SiteList without the sites recorded at another
// provider: a letter addressed to one 接入商 lists only what that provider
// hosts (sites with no provider recorded stay).
func (d Data) ProviderSites() []ledger.SiteRow {
	prov := strings.TrimSpace(d.ProviderName())
	all := d.SiteList()
	if prov == "" {
		return all
	}
	var out []ledger.SiteRow
	for _, s := range all {
		if p := strings.TrimSpace(s.ProviderName); p == "" || sameProvider(p, prov) || (s.ID != "" && s.ID == d.Site.ID) {
			out = append(out, s)
		}
	}
	return out
}

// sameProvider reports whether two typed provider names are one provider:
// the same text, or aliases of one known provider (aliyun = 阿里云).
func sameProvider(a, b string) bool {
	if a == b {
		return true
	}
	ka, oka := ledger.CanonicalProvider(a)
	kb, okb := ledger.CanonicalProvider(b)
	return oka && okb && ka.Name == kb.Name
}

// SiteNumbers joins the filing numbers of SiteList with "、".
func (d Data) SiteNumbers() string {
	var n []string
	for _, s := range d.SiteList() {
		if s.Number != "" {
			n = append(n, s.Number)
		}
	}
	return strings.Join(n, "、")
}

// Domains joins the domains of SiteList with "、".
func (d Data) Domains() string {
	var n []string
	for _, s := range d.SiteList() {
		n = append(n, s.Domains...)
	}
	return strings.Join(n, "、")
}

// ContactsWith lists the current contacts (no end date) with a role.
func (d Data) ContactsWith(role string) []ledger.Contact {
	var out []ledger.Contact
	for _, c := range d.Contacts {
		if c.Role == role && c.End.IsZero() && !c.Deleted {
			out = append(out, c)
		}
	}
	return out
}

// Current lists the contacts who have not left, responsible people first.
func (d Data) Current() []ledger.Contact {
	var out []ledger.Contact
	for _, r := range []string{ledger.RoleEntityOwner, ledger.RoleSiteOwner, ledger.RoleBackup, ledger.RoleAdministrator, ledger.RoleAccountManager} {
		out = append(out, d.ContactsWith(r)...)
	}
	for _, c := range d.Contacts {
		if c.End.IsZero() && !c.Deleted && RoleZH(c.Role) == c.Role {
			out = append(out, c)
		}
	}
	return out
}

// ContactPerson is who the authorities should call: the site owner, else
// the entity owner, else the first current contact.
func (d Data) ContactPerson() ledger.Contact {
	for _, r := range []string{ledger.RoleSiteOwner, ledger.RoleEntityOwner, ledger.RoleAdministrator, ledger.RoleBackup} {
		if c := d.ContactsWith(r); len(c) > 0 {
			return c[0]
		}
	}
	return ledger.Contact{}
}

// Phone is the principal's phone: the entity owner's mobile, else the
// contact person's.
func (d Data) Phone() string {
	if c := d.ContactsWith(ledger.RoleEntityOwner); len(c) > 0 && c[0].Mobile != "" {
		return c[0].Mobile
	}
	return d.ContactPerson().Mobile
}

// IsIndividual reports whether the entity is a person (signature instead
// of a seal).
func (d Data) IsIndividual() bool { return d.Entity.Kind == ledger.EntityIndividual }

// StartDate is the start of the 委托期限: From, else the letter date.
func (d Data) StartDate() ledger.Date {
	if !d.From.IsZero() {
		return d.From
	}
	return d.Date
}

// ErrTermOrder: the 委托期限 ends before it starts.
var ErrTermOrder = errors.New("the term of the authorisation (委托期限) ends before it starts")

// CheckTerm reports whether the 委托期限 is possible: Until, if set, is
// not before StartDate. The error (wrapping [ErrTermOrder]) names both
// dates.
func (d Data) CheckTerm() error {
	if d.Until.IsZero() || !d.Until.Before(d.StartDate()) {
		return nil
	}
	return fmt.Errorf("%w: it ends on %s, before it starts on %s", ErrTermOrder, d.Until, d.StartDate())
}

// ParseMatters reads 委托事项 typed one per line: lines are trimmed, empty
// ones dropped, and a list label the person typed ("1.", "（一）", "•") is
// removed, since the letter numbers the items itself.
func ParseMatters(text string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if label, rest, ok := splitLabel(l); ok && label != "" {
			l = strings.TrimSpace(rest)
		}
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// RoleZH names a contact role in Chinese; an unknown role is returned as is.
func RoleZH(role string) string {
	switch role {
	case ledger.RoleEntityOwner:
		return "主体负责人"
	case ledger.RoleSiteOwner:
		return "网站负责人"
	case ledger.RoleAdministrator:
		return "管理员"
	case ledger.RoleBackup:
		return "备用联系人"
	case ledger.RoleAccountManager:
		return "接入商客户经理"
	}
	return role
}

// FormatDate writes a letter date as 2026年1月5日 (no leading zeros, as
// Chinese letters write dates), or "" for the zero date.
func FormatDate(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Y, d.M, d.D)
}

// Entity kinds as letters word them (domain.md §7 "Letters per entity
// kind"): the entity's Kind, else what its USCC's first two characters say.
const (
	principalCompany     = "company"
	principalIndividual  = "individual"
	principalSoleTrader  = "sole-trader"
	principalInstitution = "institution"
	principalSocial      = "social"     // 社会团体, 民办非企业单位, 基金会
	principalGovernment  = "government" // 机关
)

func (d Data) principal() string {
	switch d.Entity.Kind {
	case ledger.EntityIndividual:
		return principalIndividual
	case ledger.EntitySoleTrader:
		return principalSoleTrader
	case ledger.EntityInstitution:
		return principalInstitution
	case ledger.EntityCompany:
		return principalCompany
	}
	if u := strings.TrimSpace(d.Entity.USCC); len(u) == 18 {
		switch u[:2] {
		case "92":
			return principalSoleTrader
		case "12":
			return principalInstitution
		case "11":
			return principalGovernment
		case "51", "52", "53", "59":
			return principalSocial
		}
	}
	return principalCompany
}

// We is how the principal names itself: 本人 for a person, 本单位 else.
func (d Data) We() string {
	if d.IsIndividual() {
		return "本人"
	}
	return "本单位"
}

// NameLabel heads the principal's name: 姓名, 名称 (个体工商户) or 单位名称.
func (d Data) NameLabel() string {
	switch d.principal() {
	case principalIndividual:
		return "姓名"
	case principalSoleTrader:
		return "名称"
	}
	return "单位名称"
}

// RepLabel names who signs for the principal: 经营者 for a 个体工商户,
// 法定代表人 else; "" for a person, who signs for themselves.
func (d Data) RepLabel() string {
	switch d.principal() {
	case principalIndividual:
		return ""
	case principalSoleTrader:
		return "经营者"
	}
	return "法定代表人"
}

// Certificate is the principal's registration document: 营业执照,
// 事业单位法人证书, 社会团体法人登记证书, 统一社会信用代码证书 (机关) or, for a
// person, 居民身份证.
func (d Data) Certificate() string {
	switch d.principal() {
	case principalIndividual:
		return "居民身份证"
	case principalInstitution:
		return "事业单位法人证书"
	case principalSocial:
		return "社会团体法人登记证书"
	case principalGovernment:
		return "统一社会信用代码证书"
	}
	return "营业执照"
}

// Attachments lists what goes with an authorisation or statement, numbered
// and ended with 。: the principal's certificate (sealed copy) and its
// representative's ID, or a person's own ID; then the agent's papers when
// agent is set: a company agent's licence and its handler's ID, else the
// agent's ID.
func (d Data) Attachments(agent bool) string {
	var a []string
	switch d.principal() {
	case principalIndividual:
		a = append(a, "本人身份证复印件（签字）")
	case principalSoleTrader:
		a = append(a, "营业执照复印件（加盖公章或经营者签字）", "经营者身份证复印件")
	default:
		a = append(a, d.Certificate()+"复印件（加盖公章）", d.RepLabel()+"身份证复印件")
	}
	if agent {
		if d.Agent.IsCompany() {
			a = append(a, "受托单位营业执照复印件（加盖公章）", "经办人身份证复印件")
		} else {
			a = append(a, "受托人身份证复印件")
		}
	}
	var b strings.Builder
	for i, s := range a {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "%d. %s", i+1, s)
	}
	b.WriteString("。")
	return b.String()
}

// defaultMatters are the 委托事项 used when Data.Matters is empty.
var defaultMatters = map[string][]string{
	KindRecovery: {
		"向接入商找回或重置委托人备案所用的接入商账号（账号ID、UID或登录名）及其登录密码、绑定手机和邮箱；",
		"协助主体负责人或网站负责人完成工信部备案系统（beian.miit.gov.cn）的12381短信核验（核验只能由负责人本人完成）；",
		"提交备案信息变更（含负责人、联系方式变更）所需材料，接收接入商及通信管理局的通知。",
	},
	KindAgent: {
		"代为办理上述网站的接入备案、变更备案或注销备案手续；",
		"代为向接入商及通信管理局提交、补正备案材料；",
		"代为接收接入商及通信管理局的审核结果与通知；",
		"配合完成工信部备案系统的12381短信核验（核验由负责人本人完成）。",
	},
}

// DefaultMatters returns a template kind's default 委托事项.
func DefaultMatters(kind string) []string { return append([]string(nil), defaultMatters[kind]...) }

// ScenarioFacts is the 情况 of a situation statement written for a recovery
// guide scenario (Data.Scenario) while Facts is empty: what that scenario
// says happened, with what the records know filled in and underlined gaps
// (listed in Missing) for the rest. "" for a scenario without such text.
func (d Data) ScenarioFacts() string {
	gap := func(w float64) string { return gapMarker("情况说明 Facts", w) }
	val := func(v string, w float64) string {
		if v = strings.TrimSpace(v); v != "" {
			return literal(v)
		}
		return gap(w)
	}
	date := gap(3) + "年" + gap(1.5) + "月" + gap(1.5) + "日"
	we := d.We()
	switch d.Scenario {
	case ScenarioLeft:
		return we + "的原" + gap(4) + "（主体负责人或网站负责人）" + gap(4) + "已于" + date +
			"离职，其登记的手机号" + gap(6) + "已停用或不再由本人使用，无法接收12381核验短信。" +
			we + "已指定" + gap(4) + "为新的负责人。"
	case ScenarioEntity:
		return we + "的网站（备案号" + val(d.SiteNumbers(), 10) + "，域名" + val(d.Domains(), 8) + "）已于" + date +
			"转让给" + gap(10) + "（统一社会信用代码" + gap(9) + "），由新主体以其名义重新办理备案。"
	case ScenarioAccessLost:
		return we + "的网站（备案号" + val(d.SiteNumbers(), 10) + "，域名" + val(d.Domains(), 8) + "）原由" +
			val(d.Addressee(), 8) + "提供接入，因" + gap(10) + "（接入商产品到期、账号被关闭或域名未解析到接入商），于" + date +
			"被取消接入（备案已被注销的，写明注销日期）。"
	case ScenarioProvince:
		return we + "的备案在" + val(d.ProvinceName(), 4) + "（主体备案号" + val(d.EntityFiling(), 10) + "），接入商为" +
			val(d.Addressee(), 8) + "；" + we + "现因" + gap(12) + "，需办理下述事项。"
	}
	return ""
}

// ScenarioRequest is the 申请事项 of a situation statement for a guide
// scenario while Request is empty, with gaps to fill; "" for a scenario
// without one.
func (d Data) ScenarioRequest() string {
	gap := func(w float64) string { return gapMarker("申请事项 Request", w) }
	switch d.Scenario {
	case ScenarioLeft:
		return "申请将" + gap(4) + "变更为" + gap(4) + "，并更新其手机号和联系方式。"
	case ScenarioEntity:
		return "申请注销上述网站的备案，以便新主体重新备案。"
	case ScenarioAccessLost:
		return "申请" + gap(12) + "（重新接入备案或重新备案）。"
	}
	return ""
}
