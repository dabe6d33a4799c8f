package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"slices"
	"strings"
)

// Channel kinds.
const (
	KindEmail    = "email"
	KindWeCom    = "wecom"    // 企业微信 group robot
	KindDingTalk = "dingtalk" // 钉钉 custom robot
	KindFeishu   = "feishu"   // 飞书 / Lark custom bot
	KindWebhook  = "webhook"  // any JSON webhook
)

// Kinds lists the channel kinds in the order a user is offered them.
var Kinds = []string{KindEmail, KindWeCom, KindDingTalk, KindFeishu, KindWebhook}

// TLS modes of an SMTP channel.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587, sometimes 25)
	TLSImplicit = "implicit" // TLS from the first byte (port 465, "SSL")
	TLSNone     = "none"     // loopback relays and tests only
)

// Languages of a channel's messages.
const (
	LangZH   = "zh"    // Chinese (the default)
	LangEN   = "en"    // English
	LangBoth = "zh-en" // Chinese, then English
)

// Config is the visible part of a channel: nothing in it is secret, and
// the vault keeps it as JSON beside the sealed [Secret].
type Config struct {
	Kind  string `json:"kind"`
	Label string `json:"label"`
	Lang  string `json:"lang,omitempty"`

	// E-mail.
	SMTPHost string   `json:"smtp_host,omitempty"`
	SMTPPort int      `json:"smtp_port,omitempty"`
	TLS      string   `json:"tls,omitempty"`
	From     string   `json:"from,omitempty"`
	User     string   `json:"smtp_user,omitempty"`
	To       []string `json:"to,omitempty"`
	// ToRoles also addresses, per item, the ledger's contacts in these
	// roles who answer for its site or entity (see GroupByRecipients).
	ToRoles []string `json:"to_roles,omitempty"`

	// Robots and webhooks. Endpoint is the webhook URL without its query
	// (its access_token or key is the robot's secret and stays sealed).
	Endpoint string `json:"endpoint,omitempty"`
	// Mobiles are @mentioned where the platform allows it (钉钉, 企业微信).
	Mobiles []string `json:"mention_mobiles,omitempty"`
	// Keyword, for a robot secured by keywords: every message must hold it.
	Keyword string `json:"keyword,omitempty"`
	// MaxParts caps the messages of one digest (0: DefaultMaxParts); the
	// items beyond are summarised in the last part.
	MaxParts int `json:"max_parts,omitempty"`
}

// DefaultMaxParts is how many messages one digest may take on a robot.
// Robots take 20 messages a minute; a digest of thousands of items is
// summarised rather than spread over an hour.
const DefaultMaxParts = 5

// Secret is the sealed part of a channel. Its String never shows the values.
type Secret struct {
	Password string `json:"password,omitempty"` // SMTP password or 授权码
	URL      string `json:"url,omitempty"`      // full webhook URL, token included
	Sign     string `json:"sign,omitempty"`     // 钉钉 加签 / 飞书 signing secret
}

// String redacts.
func (s Secret) String() string { return "[sealed]" }

// GoString redacts.
func (s Secret) GoString() string { return "notify.Secret{[sealed]}" }

// MarshalSecret encodes a secret for sealing; the caller wipes the result.
func MarshalSecret(s Secret) ([]byte, error) { return json.Marshal(s) }

// UnmarshalSecret decodes a sealed secret once opened.
func UnmarshalSecret(b []byte) (Secret, error) {
	var s Secret
	if len(b) == 0 {
		return s, nil
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("channel secret: %v", err)
	}
	return s, nil
}

// ErrInvalid wraps every problem Validate finds.
var ErrInvalid = errors.New("invalid channel")

func invalid(zh, en string, args ...any) error {
	return fmt.Errorf("%w: %s / %s", ErrInvalid, fmt.Sprintf(zh, args...), fmt.Sprintf(en, args...))
}

// Validate checks a channel before it is stored or used. Unencrypted
// transport (--tls none, http://) is accepted only for loopback hosts.
// It fills Endpoint from the secret URL.
func Validate(c *Config, s Secret) error {
	if strings.TrimSpace(c.Label) == "" {
		return invalid("渠道需要名称（--label）", "a channel needs a label (--label)")
	}
	switch c.Lang {
	case "":
		c.Lang = LangZH
	case LangZH, LangEN, LangBoth:
	default:
		return invalid("语言只能是 zh、en 或 zh-en", "language must be zh, en or zh-en")
	}
	if c.MaxParts < 0 || c.MaxParts > 50 {
		return invalid("--max-parts 须在 1–50 之间", "--max-parts must be 1–50")
	}
	for _, m := range c.Mobiles {
		if !isDigits(m) || len(m) != 11 {
			return invalid("@手机号 %q 不是 11 位手机号", "mention mobile %q is not an 11-digit mobile number", m)
		}
	}
	switch c.Kind {
	case KindEmail:
		return validateEmail(c)
	case KindWeCom, KindDingTalk, KindFeishu, KindWebhook:
		return validateHook(c, s)
	}
	return invalid("未知的渠道类型 %q（可选：%s）", "unknown channel kind %q (one of %s)", c.Kind, strings.Join(Kinds, ", "))
}

func validateEmail(c *Config) error {
	if c.SMTPHost == "" {
		return invalid("邮件渠道需要 SMTP 服务器（--smtp-host 或 --preset）", "an e-mail channel needs an SMTP host (--smtp-host or --preset)")
	}
	if strings.ContainsAny(c.SMTPHost, "/: ") && net.ParseIP(c.SMTPHost) == nil {
		return invalid("SMTP 服务器 %q 应只是主机名", "SMTP host %q should be a host name only", c.SMTPHost)
	}
	if c.TLS == "" {
		c.TLS = TLSStartTLS
		if c.SMTPPort == 465 {
			c.TLS = TLSImplicit
		}
	}
	switch c.TLS {
	case TLSStartTLS, TLSImplicit:
	case TLSNone:
		if !IsLoopback(c.SMTPHost) {
			return invalid("不加密的 SMTP（--tls none）只允许本机地址，%s 不是", "unencrypted SMTP (--tls none) is allowed only to a loopback host, not %s", c.SMTPHost)
		}
	default:
		return invalid("--tls 只能是 starttls、implicit 或 none", "--tls must be starttls, implicit or none")
	}
	if c.SMTPPort == 0 {
		c.SMTPPort = map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[c.TLS]
	}
	if c.SMTPPort < 1 || c.SMTPPort > 65535 {
		return invalid("SMTP 端口 %d 无效", "SMTP port %d is not valid", c.SMTPPort)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return invalid("发件人地址 %q 无效", "sender address %q is not valid", c.From)
	}
	for _, r := range c.ToRoles {
		if !slices.Contains(ContactRoles, r) {
			return invalid("联系人角色 %q 无效（可选：%s）", "contact role %q is not one of %s", r, strings.Join(ContactRoles, ", "))
		}
	}
	if len(c.To) == 0 && len(c.ToRoles) == 0 {
		return invalid("邮件渠道需要至少一个收件人（--to 或 --to-contacts）", "an e-mail channel needs recipients (--to or --to-contacts)")
	}
	for _, a := range c.To {
		if _, err := mail.ParseAddress(a); err != nil {
			return invalid("收件人地址 %q 无效", "recipient address %q is not valid", a)
		}
	}
	return nil
}

func validateHook(c *Config, s Secret) error {
	if s.URL == "" {
		return invalid("机器人渠道需要 Webhook 地址（--url）", "a robot channel needs its webhook URL (--url)")
	}
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" {
		return invalid("Webhook 地址无效", "the webhook URL is not valid")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return invalid("http:// 只允许本机地址，请使用 https://", "http:// is allowed only to a loopback host; use https://")
		}
	default:
		return invalid("Webhook 地址须以 https:// 开头", "the webhook URL must start with https://")
	}
	q := u.Query()
	switch c.Kind {
	case KindDingTalk:
		if q.Get("access_token") == "" {
			return invalid("钉钉 Webhook 地址缺少 access_token=", "the DingTalk webhook URL lacks access_token=")
		}
		if q.Has("timestamp") || q.Has("sign") {
			return invalid("请粘贴不带 timestamp/sign 的 Webhook 地址；加签密钥另行给出", "paste the webhook URL without timestamp/sign; give the signing secret separately")
		}
	case KindWeCom:
		if q.Get("key") == "" {
			return invalid("企业微信 Webhook 地址缺少 key=", "the WeCom webhook URL lacks key=")
		}
		if s.Sign != "" {
			return invalid("企业微信群机器人没有加签密钥", "WeCom group robots have no signing secret")
		}
	case KindFeishu:
		if !strings.Contains(u.Path, "/bot/v2/hook/") {
			return invalid("飞书 Webhook 地址应形如 …/open-apis/bot/v2/hook/…", "the Feishu webhook URL should look like …/open-apis/bot/v2/hook/…")
		}
	}
	c.Endpoint = (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	if c.Kind == KindFeishu || c.Kind == KindWeCom || c.Kind == KindWebhook {
		// The path of these holds the key: show only where it goes.
		c.Endpoint = (&url.URL{Scheme: u.Scheme, Host: u.Host}).String() + "/…"
	}
	return nil
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Preset is a mail host's SMTP settings, as its help pages give them.
type Preset struct {
	Name   string // --preset value
	Title  string // shown to the user
	Host   string
	Port   int
	TLS    string
	HintZH string
	HintEN string
}

const (
	authCodeZH = "须在邮箱网页版“设置 → 账户 → POP3/IMAP/SMTP 服务”中开启 SMTP 并生成授权码，用授权码代替登录密码（否则会报 535 Login Fail）。"
	authCodeEN = "Turn on SMTP in the mailbox's web settings and generate an authorisation code (授权码); use it instead of the login password (otherwise: 535 Login Fail)."
)

// Presets are the common company and personal mail hosts in China.
var Presets = []Preset{
	{"qq", "QQ 邮箱", "smtp.qq.com", 465, TLSImplicit, authCodeZH, authCodeEN},
	{"163", "网易 163 邮箱", "smtp.163.com", 465, TLSImplicit, authCodeZH, authCodeEN},
	{"126", "网易 126 邮箱", "smtp.126.com", 465, TLSImplicit, authCodeZH, authCodeEN},
	{"wecom-mail", "企业微信邮箱", "smtp.exmail.qq.com", 465, TLSImplicit,
		"在企业微信邮箱“设置 → 客户端设置”中开启 SMTP；开启安全登录后须用“客户端专用密码”代替登录密码。",
		"Turn on SMTP under Settings → Client settings; with secure login on, use a client-specific password instead of the login password."},
	{"exmail", "腾讯企业邮", "smtp.exmail.qq.com", 465, TLSImplicit,
		"在腾讯企业邮“设置 → 客户端设置”中开启 SMTP；开启微信动态密码后须用“客户端专用密码”。",
		"Turn on SMTP under Settings → Client settings; with WeChat dynamic passwords on, use a client-specific password."},
	{"aliyun", "阿里企业邮箱", "smtp.qiye.aliyun.com", 465, TLSImplicit,
		"管理员须允许 SMTP；开启二次验证后须用“三方客户端安全密码”代替登录密码。",
		"The administrator must allow SMTP; with two-step verification on, use a third-party client password instead of the login password."},
	{"outlook", "Outlook / Microsoft 365", "smtp.office365.com", 587, TLSStartTLS,
		"须开启 SMTP AUTH（Microsoft 365 由管理员开启）；开启两步验证的账户须用应用密码。",
		"SMTP AUTH must be enabled (by the administrator for Microsoft 365); accounts with two-step verification need an app password."},
}

// FindPreset returns the preset of that name.
func FindPreset(name string) (Preset, bool) {
	i := slices.IndexFunc(Presets, func(p Preset) bool { return strings.EqualFold(p.Name, name) })
	if i < 0 {
		return Preset{}, false
	}
	return Presets[i], true
}

// PresetFor returns the preset whose host is host, if any: its hint
// explains a "535" from that host.
func PresetFor(host string) (Preset, bool) {
	i := slices.IndexFunc(Presets, func(p Preset) bool { return strings.EqualFold(p.Host, host) })
	if i < 0 {
		return Preset{}, false
	}
	return Presets[i], true
}
