package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"beianledger/ledger"
)

// Login is one entry of a password manager's CSV export.
type Login struct {
	Title, URL, Username, Notes, Group string
	Password                           []byte
}

// String describes the login without its password.
func (l Login) String() string {
	return fmt.Sprintf("login %q %s user %q (password %s)", l.Title, l.URL, l.Username, redacted(len(l.Password) > 0))
}

// GoString is String, so that %#v does not print the password either.
func (l Login) GoString() string { return l.String() }

// Wipe zeroes the password.
func (l *Login) Wipe() {
	clear(l.Password)
	l.Password = nil
}

// Password-manager CSV formats.
const (
	FormatAuto      = "auto"
	FormatKeePassXC = "keepassxc"
	FormatBitwarden = "bitwarden"
	Format1Password = "1password"
	FormatLastPass  = "lastpass"
)

// pmField are the header words each Login field is read from.
var pmFields = map[string][]string{
	"title":    {"title", "name", "标题", "名称"},
	"url":      {"url", "login_uri", "login uri", "website", "web site", "urls", "网址"},
	"username": {"username", "login_username", "user name", "user", "login", "用户名"},
	"password": {"password", "login_password", "密码"},
	"notes":    {"notes", "note", "extra", "备注"},
	"group":    {"group", "folder", "grouping", "vault", "分组"},
	"type":     {"type"},
}

// ReadPasswordManagerCSV reads the CSV export of KeePassXC
// (keepassxc-cli export --format csv), Bitwarden, 1Password or LastPass.
// format is one of auto, keepassxc, bitwarden, 1password and lastpass;
// auto tells them apart by their header row. Entries that are not logins
// (Bitwarden notes and cards, LastPass secure notes) and entries with
// neither a username nor a password are skipped. The caller wipes the
// passwords (Login.Wipe) when done.
func ReadPasswordManagerCSV(data []byte, format string) ([]Login, error) {
	text, _, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	header, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("the password-manager file is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("bad CSV: %v", err)
	}
	if header = trimBlankTail(header); len(header) > maxColumns {
		return nil, tooManyColumns("the password-manager file", 1, len(header))
	}
	col := map[string]int{}
	names := map[string]bool{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		names[k] = true
		for f, words := range pmFields {
			for _, w := range words {
				if k == w {
					if _, dup := col[f]; !dup {
						col[f] = i
					}
				}
			}
		}
	}
	detected := detectPM(names)
	switch format {
	case "", FormatAuto:
		if detected == "" {
			return nil, fmt.Errorf("not a known password-manager export (header: %s)", strings.Join(header, ","))
		}
		format = detected
	case FormatKeePassXC, FormatBitwarden, Format1Password, FormatLastPass:
	default:
		return nil, fmt.Errorf("unknown password-manager format %q (use auto, keepassxc, bitwarden, 1password or lastpass)", format)
	}
	if _, ok := col["password"]; !ok {
		return nil, fmt.Errorf("the %s export has no password column", format)
	}
	if format == FormatBitwarden {
		// Bitwarden's "name" is the title; its login columns are prefixed.
		for f, h := range map[string]string{"url": "login_uri", "username": "login_username", "password": "login_password"} {
			for i, hh := range header {
				if strings.EqualFold(strings.TrimSpace(hh), h) {
					col[f] = i
				}
			}
		}
	}
	get := func(rec []string, f string) string {
		i, ok := col[f]
		if !ok || i >= len(rec) {
			return ""
		}
		return rec[i]
	}
	var out []Login
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			for i := range out {
				out[i].Wipe()
			}
			return nil, fmt.Errorf("bad CSV: %v", err)
		}
		if blankRecord(rec) {
			continue
		}
		if format == FormatBitwarden {
			if t := strings.TrimSpace(get(rec, "type")); t != "" && t != "login" {
				continue
			}
		}
		l := Login{
			Title:    strings.TrimSpace(get(rec, "title")),
			URL:      strings.TrimSpace(firstLine(get(rec, "url"))),
			Username: get(rec, "username"),
			Notes:    get(rec, "notes"),
			Group:    strings.TrimSpace(get(rec, "group")),
		}
		if format == FormatLastPass && l.URL == "http://sn" {
			continue // a secure note
		}
		if pw := get(rec, "password"); pw != "" {
			l.Password = []byte(pw)
		}
		if l.Username == "" && len(l.Password) == 0 {
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// detectPM names the format whose header columns are all present.
func detectPM(h map[string]bool) string {
	all := func(ks ...string) bool {
		for _, k := range ks {
			if !h[k] {
				return false
			}
		}
		return true
	}
	switch {
	case all("login_uri", "login_username", "login_password"):
		return FormatBitwarden
	case all("url", "username", "password", "extra", "name", "grouping"):
		return FormatLastPass
	case all("group", "title", "username", "password", "url", "notes"):
		return FormatKeePassXC
	case all("title", "username", "password") && (h["url"] || h["website"] || h["urls"]):
		return Format1Password
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// ---- guessing the system

// hostRule maps a host (or a word in the title) to a credential system
// and an access provider.
type hostRule struct {
	match    []string
	system   string
	provider string
}

var hostRules = []hostRule{
	{[]string{"beian.mps.gov.cn", "公安备案", "公网安备"}, ledger.SystemPSB, ""},
	{[]string{"dxzhgl.miit.gov.cn", "tsm.miit.gov.cn", "许可证"}, ledger.SystemLicence, ""},
	{[]string{"beian.miit.gov.cn", "工信部"}, ledger.SystemMIITLegacy, ""},
	{[]string{"dnspod"}, ledger.SystemDNS, "腾讯云"},
	{[]string{"wanwang.aliyun.com", "万网"}, ledger.SystemRegistrar, "阿里云"},
	{[]string{"west.cn", "西部数码"}, ledger.SystemRegistrar, "西部数码"},
	{[]string{"xinnet", "新网"}, ledger.SystemRegistrar, "新网"},
	{[]string{"ename.com", "ename.net", "22.cn", "35.com", "now.cn", "godaddy", "namecheap", "namesilo", "dynadot"}, ledger.SystemRegistrar, ""},
	{[]string{"aliyun", "阿里云"}, ledger.SystemProvider, "阿里云"},
	{[]string{"cloud.tencent.com", "qcloud", "腾讯云"}, ledger.SystemProvider, "腾讯云"},
	{[]string{"huaweicloud", "华为云"}, ledger.SystemProvider, "华为云"},
	{[]string{"cloud.baidu.com", "bce.baidu.com", "百度智能云", "百度云"}, ledger.SystemProvider, "百度智能云"},
	{[]string{"jdcloud", "京东云"}, ledger.SystemProvider, "京东云"},
	{[]string{"ctyun", "天翼云"}, ledger.SystemProvider, "天翼云"},
	{[]string{"ecloud.10086.cn", "移动云"}, ledger.SystemProvider, "移动云"},
	{[]string{"volcengine", "火山引擎"}, ledger.SystemProvider, "火山引擎"},
	{[]string{"ucloud.cn"}, ledger.SystemProvider, "UCloud"},
	{[]string{"ksyun", "金山云"}, ledger.SystemProvider, "金山云"},
	{[]string{"amazonaws.cn"}, ledger.SystemProvider, "亚马逊云科技"},
	{[]string{"azure.cn", "portal.azure.cn"}, ledger.SystemProvider, "Azure China"},
	{[]string{"ssl", "证书"}, ledger.SystemSSL, ""},
}

// guessSystem guesses a credential's system (and its provider's
// canonical name, if any) from a URL and a title.
func guessSystem(rawURL, title string) (system, provider string) {
	host := hostOf(rawURL)
	text := strings.ToLower(title)
	for _, r := range hostRules {
		for _, m := range r.match {
			if (host != "" && strings.Contains(host, m)) || strings.Contains(text, strings.ToLower(m)) {
				return r.system, r.provider
			}
		}
	}
	return ledger.SystemOther, ""
}

// hostOf returns the lower-case host of a URL (with or without scheme).
func hostOf(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

var domainRE = regexp.MustCompile(`(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}\b`)

// publicSuffixes are the endings a parent-domain lookup stops at.
var publicSuffixes = map[string]bool{"cn": true, "com": true, "net": true, "org": true, "com.cn": true, "net.cn": true,
	"org.cn": true, "gov.cn": true, "edu.cn": true, "ac.cn": true, "top": true, "xyz": true, "vip": true, "cc": true, "io": true}

// siteCandidates lists the host names to look a login's site up by: the
// URL's host and its parent domains, then the domains in the title.
func siteCandidates(rawURL, title string) []string {
	var out []string
	add := func(h string) {
		for h != "" && !publicSuffixes[h] {
			out = append(out, h)
			i := strings.IndexByte(h, '.')
			if i < 0 {
				break
			}
			h = h[i+1:]
		}
	}
	add(hostOf(rawURL))
	for _, d := range domainRE.FindAllString(title, -1) {
		add(strings.ToLower(d))
	}
	return out
}

// PlanLogins plans one credential per password-manager login. The system
// is guessed from the URL and title (an Aliyun or Tencent Cloud console
// is a provider console of that provider, beian.mps.gov.cn the 公安
// system, beian.miit.gov.cn the legacy MIIT filing system, and so on);
// the login is linked to the site in existing whose domain matches the
// URL's host or a domain in the title. A login that matches a stored
// credential (same site, system and username) updates its password. The
// title and group go to the credential's notes. Problem lines are the
// logins' 1-based positions. existing may be nil.
func PlanLogins(logins []Login, existing ledger.Reader) *ImportPlan {
	pl, err := newPlanner(existing, ledger.Date{})
	if err != nil {
		pl, _ = newPlanner(nil, ledger.Date{})
		pl.coded(Problem{Severity: SeverityError, Code: "ledger-read", Args: []string{err.Error()}, Message: "reading the ledger: " + err.Error()})
	}
	for i, l := range logins {
		line := i + 1
		system, provName := guessSystem(l.URL, l.Title)
		var site *PlannedSite
		var ent *PlannedEntity
		if existing != nil {
			for _, h := range siteCandidates(l.URL, l.Title) {
				row, err := existing.FindSite(h)
				if err != nil {
					continue
				}
				site = pl.storeSite(pl.storeSiteRow(row))
				ent = site.entity
				break
			}
		}
		owner := ""
		switch {
		case site != nil:
			owner = fmt.Sprintf("s%p", site)
		case system == ledger.SystemOther || system == ledger.SystemRegistrar || system == ledger.SystemDNS || system == ledger.SystemSSL:
			// Console and filing-system accounts belong to no one site;
			// for the others a missing site is worth a word.
			pl.warn(line, "", "login %q: no site in the ledger matches %q; imported without a site", l.Title, firstNonEmpty(hostOf(l.URL), l.Title))
		}
		c := pl.credential(line, owner, site, ent, system, l.Username, l.URL)
		if provName != "" {
			c.provider = pl.provider(provName, 0)
		}
		var notes []string
		if l.Title != "" {
			notes = append(notes, "Title: "+l.Title)
		}
		if l.Group != "" {
			notes = append(notes, "Group: "+l.Group)
		}
		if n := strings.TrimSpace(l.Notes); n != "" {
			notes = append(notes, n)
		}
		if c.New {
			c.Credential.Notes = strings.Join(notes, "\n")
		}
		switch {
		case len(l.Password) == 0:
			pl.warn(line, "", "login %q (%s) has no password", l.Title, l.Username)
		case c.HasPassword:
			pl.warn(line, "", "login %q (%s) appears twice; kept the first password", l.Title, l.Username)
		default:
			c.password, c.HasPassword = append([]byte(nil), l.Password...), true
		}
	}
	return pl.finish()
}

// storeSiteRow returns row (FindSite's answer); it exists to keep the
// lookup and the plan's copy in one place.
func (pl *planner) storeSiteRow(row ledger.SiteRow) ledger.SiteRow {
	if s, ok := pl.storeSiteIDs[row.ID]; ok {
		return s
	}
	return row
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
