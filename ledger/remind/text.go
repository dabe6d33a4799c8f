package remind

import (
	"strconv"
	"strings"

	"beianledger/ledger"
)

// siteLabel names a site: its filing number and its name or first domain.
// Rules label the same site several times in a row: the last label is
// kept.
func (g *gen) siteLabel(s *ledger.SiteRow) string {
	if g.label.s != s {
		g.label.s, g.label.text = s, siteLabel(s)
	}
	return g.label.text
}

func siteLabel(s *ledger.SiteRow) string {
	num := strings.TrimSpace(s.Number)
	name := strings.TrimSpace(s.Name)
	if name == "" && len(s.Domains) > 0 {
		name = s.Domains[0]
	}
	switch {
	case num != "" && name != "":
		return num + " " + name
	case num != "":
		return num
	case name != "":
		return name
	}
	return "site " + s.ID
}

// siteDomain names what a domain or certificate belongs to.
func siteDomain(s *ledger.SiteRow) string {
	for _, d := range s.Domains {
		if d = strings.TrimSpace(d); d != "" {
			return d
		}
	}
	return siteLabel(s)
}

func entityLabel(e *ledger.Entity) string {
	if n := strings.TrimSpace(e.Name); n != "" {
		return n
	}
	return "entity " + e.ID
}

// systemNames are the English and Chinese names of credential systems.
var systemNames = map[string][2]string{
	ledger.SystemProvider:  {"provider console", "接入商控制台"},
	ledger.SystemPSB:       {"公安备案 system", "公安备案系统"},
	ledger.SystemLicence:   {"ICP licence system", "经营许可证系统"},
	ledger.SystemRegistrar: {"domain registrar", "域名注册商"},
	ledger.SystemDNS:       {"DNS", "DNS"},
	ledger.SystemSSL:       {"SSL", "SSL证书"},
}

// credSubjects names a credential after the prefixes: its system, login
// and site.
func (g *gen) credSubjects(c *ledger.Credential, s *ledger.SiteRow, prefix, prefixZH string) (string, string) {
	n, ok := systemNames[c.System]
	if !ok {
		n = [2]string{"account", "账号"}
	}
	who := strings.TrimSpace(c.Login)
	if who == "" {
		who = strings.TrimSpace(c.URL)
	}
	if who != "" {
		who = " " + who
	}
	if s == nil {
		return prefix + n[0] + who, prefixZH + n[1] + who
	}
	label := g.siteLabel(s)
	return prefix + n[0] + who + " for " + label, prefixZH + n[1] + who + "（" + label + "）"
}

// roleNames returns the English and Chinese names of a contact role.
func roleNames(role string) (string, string) {
	switch role {
	case ledger.RoleEntityOwner:
		return "entity owner", "主体负责人"
	case ledger.RoleSiteOwner:
		return "site owner", "网站负责人"
	case ledger.RoleAdministrator:
		return "administrator", "管理员"
	case ledger.RoleBackup:
		return "backup contact", "备用联系人"
	}
	return "", ""
}

// daysList writes 60, 30 and 7 for [7 30 60].
func daysList(days []int) string {
	var b strings.Builder
	for i := len(days) - 1; i >= 0; i-- {
		b.WriteString(strconv.Itoa(days[i]))
		switch {
		case i == 1:
			b.WriteString(" and ")
		case i > 1:
			b.WriteString(", ")
		}
	}
	return b.String()
}

// remindersZH says when expiry reminders come, in Chinese: for [7 30 60]
// "到期前60天、30天和7天各提醒一次", for [7] "到期前7天提醒一次".
func remindersZH(days []int) string {
	var b strings.Builder
	b.WriteString("到期前")
	for i := len(days) - 1; i >= 0; i-- {
		b.WriteString(strconv.Itoa(days[i]))
		b.WriteString("天")
		switch {
		case i == 1:
			b.WriteString("和")
		case i > 1:
			b.WriteString("、")
		}
	}
	if len(days) > 1 {
		b.WriteString("各")
	}
	b.WriteString("提醒一次")
	return b.String()
}

// contactZH names a contact in Chinese, its role first (网站负责人张三),
// or by its role alone when no name is recorded.
func contactZH(name, roleZH string) string {
	if name == "" {
		return cmpOr(roleZH, "一位联系人")
	}
	return roleZH + name
}

// cmpOr returns a, or b when a is empty.
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// plural writes "1 day" or "3 days".
func plural(n int, word string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
