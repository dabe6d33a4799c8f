package tabular

import (
	"strings"
	"unicode"

	"beianledger/ledger"
)

// Column ids: the canonical names that Row.Cells is keyed by. The first
// twenty-three are the standard 台账 columns of the design notes (the
// "负责人 / 手机" pairs are two columns each); the rest carry what else a
// site row holds, so that an export imports back without loss.
const (
	ColEntity            = "entity"
	ColUSCC              = "uscc"
	ColEntityNumber      = "entity_number"
	ColSiteNumber        = "site_number"
	ColSiteName          = "site_name"
	ColDomains           = "domains"
	ColProvider          = "provider"
	ColProvince          = "province"
	ColFirstFiled        = "first_filed"
	ColLastChecked       = "last_checked"
	ColEntityOwner       = "entity_owner"
	ColEntityOwnerMobile = "entity_owner_mobile"
	ColSiteOwner         = "site_owner"
	ColSiteOwnerMobile   = "site_owner_mobile"
	ColBackup            = "backup"
	ColBackupMobile      = "backup_mobile"
	ColSystem            = "system"
	ColLogin             = "login"
	ColPassword          = "password"
	ColPasswordChanged   = "password_changed"
	ColRotationMonths    = "rotation_months"
	ColPSBNumber         = "psb_number"
	ColNotes             = "notes"
	ColSiteKind          = "site_kind"
	ColStatus            = "status"
	ColWentLive          = "went_live"
	ColLastChanged       = "last_changed"
	ColPSBDate           = "psb_date"
	ColLicence           = "licence"
	ColLicenceExpiry     = "licence_expiry"
	ColDomainExpiry      = "domain_expiry"
	ColSSLExpiry         = "ssl_expiry"
	ColProductExpiry     = "product_expiry"
	ColEntityKind        = "entity_kind"
	ColLegalRep          = "legal_rep"
	ColEntityAddress     = "entity_address"
	ColEntityLicence     = "entity_licence"
	ColEntityNotes       = "entity_notes"
	ColProviderConsole   = "provider_console"
	ColProviderHotline   = "provider_hotline"
	ColLoginURL          = "login_url"
	ColCredentialNotes   = "credential_notes"
	ColCredentialScope   = "credential_scope"
	ColEntityOwnerEmail  = "entity_owner_email"
	ColSiteOwnerEmail    = "site_owner_email"
	ColBackupEmail       = "backup_email"
)

const (
	unknownPrefix         = "unknown:" // Row.Cells key prefix of unknown columns
	maxCellChars          = 10000      // longer cells are an error
	maxDataRows           = 100000     // more data rows refuse the file
	headerSearchRows      = 10         // the header row is among the first rows
	minHeaderMatches      = 2          // known headers that make a header row
	entityScopeLabel      = "主体"       // 账号归属 of an entity's own credential
	credentialScopeEntity = "entity"
)

// Column describes one known column: its id, the headers written on
// export and every header accepted on import.
type Column struct {
	ID      string
	Chinese string // header written on export
	English string
	Aliases []string // further accepted headers
	Date    bool     // holds a date
}

// Columns lists the known columns in export order.
var Columns = []Column{
	{ID: ColEntity, Chinese: "主体名称", English: "Entity", Aliases: []string{"主体", "单位名称", "主办单位", "主办单位名称", "Entity name"}},
	{ID: ColUSCC, Chinese: "统一社会信用代码", English: "USCC", Aliases: []string{"信用代码", "社会信用代码", "Unified social credit code", "Credit code"}},
	{ID: ColEntityNumber, Chinese: "主体备案号", English: "Entity filing number", Aliases: []string{"Entity number"}},
	{ID: ColSiteNumber, Chinese: "网站备案号", English: "Site filing number", Aliases: []string{"备案号", "服务备案号", "ICP备案号", "Filing number", "Site number", "ICP number"}},
	{ID: ColSiteName, Chinese: "网站名称", English: "Site name", Aliases: []string{"服务名称", "Website name", "Website"}},
	{ID: ColDomains, Chinese: "域名", English: "Domains", Aliases: []string{"网站域名", "Domain"}},
	{ID: ColProvider, Chinese: "接入商", English: "Provider", Aliases: []string{"接入服务商", "Access provider"}},
	{ID: ColProvince, Chinese: "备案省份", English: "Province", Aliases: []string{"省份"}},
	{ID: ColFirstFiled, Chinese: "首次备案日期", English: "First filed", Aliases: []string{"备案日期", "审核通过日期"}, Date: true},
	{ID: ColLastChecked, Chinese: "最近核查日期", English: "Last checked", Aliases: []string{"核查日期"}, Date: true},
	{ID: ColEntityOwner, Chinese: "主体负责人", English: "Entity owner"},
	{ID: ColEntityOwnerMobile, Chinese: "主体负责人手机", English: "Entity owner mobile", Aliases: []string{"主体负责人手机号", "主体负责人电话", "Entity owner phone"}},
	{ID: ColSiteOwner, Chinese: "网站负责人", English: "Site owner"},
	{ID: ColSiteOwnerMobile, Chinese: "网站负责人手机", English: "Site owner mobile", Aliases: []string{"网站负责人手机号", "网站负责人电话", "Site owner phone"}},
	{ID: ColBackup, Chinese: "备用联系人", English: "Backup contact", Aliases: []string{"应急联系人"}},
	{ID: ColBackupMobile, Chinese: "备用联系人手机", English: "Backup contact mobile", Aliases: []string{"备用联系人手机号", "备用联系人电话", "应急联系人手机", "Backup mobile"}},
	{ID: ColSystem, Chinese: "账号系统", English: "System", Aliases: []string{"系统"}},
	{ID: ColLogin, Chinese: "登录名", English: "Login", Aliases: []string{"账号", "用户名", "Username", "User name"}},
	{ID: ColPassword, Chinese: "密码", English: "Password"},
	{ID: ColPasswordChanged, Chinese: "密码更新日期", English: "Password changed", Aliases: []string{"密码修改日期", "Last rotated"}, Date: true},
	{ID: ColRotationMonths, Chinese: "轮换周期(月)", English: "Rotation (months)", Aliases: []string{"轮换周期", "Rotation", "Rotation months"}},
	{ID: ColPSBNumber, Chinese: "公安备案号", English: "PSB filing number", Aliases: []string{"公网安备号", "PSB number"}},
	{ID: ColNotes, Chinese: "备注", English: "Notes", Aliases: []string{"Note"}},
	{ID: ColSiteKind, Chinese: "网站类型", English: "Site kind", Aliases: []string{"类型", "Site type"}},
	{ID: ColStatus, Chinese: "状态", English: "Status", Aliases: []string{"备案状态"}},
	{ID: ColWentLive, Chinese: "上线日期", English: "Went live", Date: true},
	{ID: ColLastChanged, Chinese: "最近变更日期", English: "Last changed", Aliases: []string{"变更日期"}, Date: true},
	{ID: ColPSBDate, Chinese: "公安备案日期", English: "PSB filed", Aliases: []string{"PSB date"}, Date: true},
	{ID: ColLicence, Chinese: "许可证号", English: "Licence", Aliases: []string{"经营许可证号", "License"}},
	{ID: ColLicenceExpiry, Chinese: "许可证到期", English: "Licence expiry", Aliases: []string{"许可证到期日", "许可证有效期至", "License expiry"}, Date: true},
	{ID: ColDomainExpiry, Chinese: "域名到期", English: "Domain expiry", Aliases: []string{"域名到期日"}, Date: true},
	{ID: ColSSLExpiry, Chinese: "证书到期", English: "SSL expiry", Aliases: []string{"证书到期日", "SSL证书到期", "Certificate expiry"}, Date: true},
	{ID: ColProductExpiry, Chinese: "接入商产品到期", English: "Provider product expiry", Aliases: []string{"服务器到期", "服务器到期日", "Server expiry"}, Date: true},
	{ID: ColEntityKind, Chinese: "主体类型", English: "Entity kind", Aliases: []string{"主体性质", "Entity type"}},
	{ID: ColLegalRep, Chinese: "法定代表人", English: "Legal representative", Aliases: []string{"法人"}},
	{ID: ColEntityAddress, Chinese: "主体地址", English: "Entity address", Aliases: []string{"通信地址"}},
	{ID: ColEntityLicence, Chinese: "ICP许可证", English: "Entity ICP licence", Aliases: []string{"ICP证"}},
	{ID: ColEntityNotes, Chinese: "主体备注", English: "Entity notes"},
	{ID: ColProviderConsole, Chinese: "接入商控制台", English: "Provider console"},
	{ID: ColProviderHotline, Chinese: "接入商电话", English: "Provider hotline", Aliases: []string{"接入商热线"}},
	{ID: ColLoginURL, Chinese: "账号网址", English: "Login URL", Aliases: []string{"登录网址", "登录地址", "URL"}},
	{ID: ColCredentialNotes, Chinese: "账号备注", English: "Credential notes"},
	{ID: ColCredentialScope, Chinese: "账号归属", English: "Credential for", Aliases: []string{"Credential scope"}},
	{ID: ColEntityOwnerEmail, Chinese: "主体负责人邮箱", English: "Entity owner email"},
	{ID: ColSiteOwnerEmail, Chinese: "网站负责人邮箱", English: "Site owner email"},
	{ID: ColBackupEmail, Chinese: "备用联系人邮箱", English: "Backup contact email", Aliases: []string{"Backup email"}},
}

var (
	columnByID     = map[string]*Column{}
	columnByHeader = map[string]string{} // normalised header → id
)

func init() {
	for i := range Columns {
		c := &Columns[i]
		columnByID[c.ID] = c
		for _, h := range append([]string{c.Chinese, c.English, c.ID}, c.Aliases...) {
			columnByHeader[headerKey(h)] = c.ID
		}
	}
}

// headerKey folds a header for matching: full-width forms to ASCII
// (／ → /, （ → (), case, and every space removed. A trailing "*" or ":"
// (required-field markers) is dropped too.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range h {
		switch {
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		case r == '\u3000' || r == '\ufeff' || r == '\u200b':
			continue
		}
		if unicode.IsSpace(r) || r == '_' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), "*:")
}

// matchHeader returns the column id for a header, or "".
func matchHeader(h string) string { return columnByHeader[headerKey(h)] }

// Headers that name a secret. A column the importer does not know whose
// header holds one of these (登录密码, 备案密码, 口令, PIN, token…) carries
// passwords: it must never land in the notes, which are plain text,
// searchable and exported without secrets.
var (
	secretWords = []string{"密码", "口令", "密钥", "私钥", "秘钥", "令牌", "password", "passwd", "passphrase", "pwd", "secret", "token", "apikey", "accesskey", "pin码", "pin"}
	// ...unless the header is about the password rather than the
	// password itself: its date, rotation, hint or strength.
	secretAboutWords = []string{"日期", "时间", "周期", "更新", "修改", "到期", "提示", "强度", "长度", "策略", "date", "time", "changed", "rotat", "expir", "hint", "length", "strength", "policy"}
)

// secretHeader reports whether an unknown column's header names a
// password or other secret.
func secretHeader(h string) bool {
	k := headerKey(h)
	for _, w := range secretAboutWords {
		if strings.Contains(k, w) {
			return false
		}
	}
	for _, w := range secretWords {
		if w == "pin" {
			// "pin" inside a word (shipping, mapping) is no PIN.
			if k == "pin" || strings.HasPrefix(k, "pin(") || strings.HasSuffix(k, "pin") && !strings.ContainsFunc(strings.TrimSuffix(k, "pin"), isASCIILetter) {
				return true
			}
			continue
		}
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' }

// isDateColumn reports whether the column id holds a date.
func isDateColumn(id string) bool {
	c := columnByID[id]
	return c != nil && c.Date
}

// headerFor returns the Chinese header of a column id (or the unknown
// column's own header).
func headerFor(id string) string {
	if c := columnByID[id]; c != nil {
		return c.Chinese
	}
	return strings.TrimPrefix(id, unknownPrefix)
}

// halfWidth maps full-width ASCII forms and the ideographic space to
// ASCII.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// valueKey folds an enumerated value for matching, like headerKey.
func valueKey(s string) string { return headerKey(s) }

// label pairs a stored value with the words accepted for it; the first
// word is written on export.
type label struct {
	value string
	words []string
}

var siteKinds = []label{
	{ledger.SiteWebsite, []string{"网站", "website", "web", "网页"}},
	{ledger.SiteApp, []string{"APP", "app", "应用", "移动应用"}},
	{ledger.SiteMiniProgram, []string{"小程序", "mini-program", "miniprogram", "mini program", "快应用"}},
}

var statuses = []label{
	{ledger.StatusNormal, []string{"正常", "normal", "已备案"}},
	{ledger.StatusPendingChange, []string{"变更中", "pending-change", "pending change", "待变更", "变更审核中"}},
	{ledger.StatusShellRisk, []string{"空壳风险", "shell-risk", "shell risk", "空壳"}},
	{ledger.StatusCancelled, []string{"已注销", "cancelled", "canceled", "注销"}},
}

var entityKinds = []label{
	{ledger.EntityCompany, []string{"企业", "company", "公司"}},
	{ledger.EntitySoleTrader, []string{"个体工商户", "sole-trader", "sole trader", "个体"}},
	{ledger.EntityInstitution, []string{"事业单位", "institution"}},
	{ledger.EntityIndividual, []string{"个人", "individual"}},
	{ledger.EntityOther, []string{"其他", "other"}},
}

var systems = []label{
	{ledger.SystemMIITLegacy, []string{"工信部备案系统(旧密码)", "miit-legacy", "工信部备案系统", "工信部备案密码", "备案密码", "miit"}},
	{ledger.SystemProvider, []string{"接入商控制台", "provider-console", "provider console", "控制台", "云控制台"}},
	{ledger.SystemPSB, []string{"公安备案系统", "psb", "公安备案", "公安联网备案"}},
	{ledger.SystemLicence, []string{"ICP许可证系统", "icp-licence", "icp licence", "icp-license", "许可证系统", "电信业务市场综合管理信息系统"}},
	{ledger.SystemRegistrar, []string{"域名注册商", "registrar", "注册商", "域名"}},
	{ledger.SystemDNS, []string{"DNS解析", "dns", "解析"}},
	{ledger.SystemSSL, []string{"SSL证书", "ssl", "证书"}},
	{ledger.SystemOther, []string{"其他", "other"}},
}

var labelIndex = map[*[]label]map[string]string{}

func init() {
	for _, set := range []*[]label{&siteKinds, &statuses, &entityKinds, &systems} {
		m := map[string]string{}
		for _, l := range *set {
			for _, w := range l.words {
				m[valueKey(w)] = l.value
			}
		}
		labelIndex[set] = m
	}
}

// parseLabel maps a typed value to its stored value; ok is false for an
// unknown word.
func parseLabel(set *[]label, typed string) (string, bool) {
	v, ok := labelIndex[set][valueKey(typed)]
	return v, ok
}

// writeLabel returns the export word for a stored value (the value itself
// if it has none).
func writeLabel(set []label, value string) string {
	for _, l := range set {
		if l.value == value {
			return l.words[0]
		}
	}
	return value
}
