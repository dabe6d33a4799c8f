package sender

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/textproto"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"beianledger/ledger/notify"
)

// sendEmail sends the digest as one message, UTF-8 plain text with a
// simple HTML alternative, the subject RFC 2047-encoded by go-mail.
func sendEmail(ctx context.Context, t Target, d *notify.Digest, o Options) Result {
	c := &t.Config
	text := d.Pack(notify.Text, 0, 1, nil)[0]
	page := d.Pack(notify.HTML, 0, 1, nil)[0]
	res := Result{Parts: 1, Bytes: len(text.Body) + len(page.Body)}
	fail := func(e *Error) Result { e.Kind = notify.KindEmail; res.Err = e; return res }

	m := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingB64))
	if err := m.From(c.From); err != nil {
		return fail(&Error{ZH: "发件人地址无效", EN: "the sender address is not valid", Err: err})
	}
	if err := m.To(c.To...); err != nil {
		return fail(&Error{ZH: "收件人地址无效", EN: "a recipient address is not valid", Err: err})
	}
	m.Subject(text.Title)
	m.SetDateWithValue(o.now())
	m.SetMessageID()
	m.SetUserAgent("Beian Ledger")
	m.SetBodyString(mail.TypeTextPlain, text.Body)
	m.AddAlternativeString(mail.TypeTextHTML, page.Body)

	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.TLS != nil {
		tlsConf = o.TLS.Clone()
	}
	tlsConf.ServerName = c.SMTPHost
	timeout := o.SMTPTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	opts := []mail.Option{
		mail.WithPort(c.SMTPPort),
		mail.WithTimeout(timeout),
		mail.WithTLSConfig(tlsConf),
		mail.WithHELO("localhost"),
	}
	switch c.TLS {
	case notify.TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case notify.TLSNone:
		if !notify.IsLoopback(c.SMTPHost) {
			return fail(&Error{ZH: "不加密的 SMTP 只允许本机地址", EN: "unencrypted SMTP is allowed only to a loopback host"})
		}
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if c.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(c.User), mail.WithPassword(t.Secret.Password))
	}
	client, err := mail.NewClient(c.SMTPHost, opts...)
	if err != nil {
		return fail(&Error{ZH: "SMTP 设置无效", EN: "the SMTP settings are not valid", Err: err})
	}
	if err := client.DialAndSendWithContext(ctx, m); err != nil {
		return fail(smtpError(c, err))
	}
	res.Posted = 1
	res.Keys = text.Keys
	return res
}

// smtpError explains an SMTP failure; the server's reply is kept verbatim.
func smtpError(c *notify.Config, err error) *Error {
	e := &Error{Err: err}
	var tp *textproto.Error
	var se *mail.SendError
	var ce *tls.CertificateVerificationError
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ne net.Error
	switch {
	case errors.As(err, &tp):
		e.Code, e.PlatformMsg, e.Err = tp.Code, tp.Msg, nil
	case errors.As(err, &se) && se.ErrorCode() != 0:
		e.Code = se.ErrorCode()
	}
	switch {
	case e.Code == 535 || e.Code == 534 || e.Code == 530 && strings.Contains(strings.ToLower(err.Error()), "auth"):
		e.ZH, e.EN = "用户名或密码被拒绝：多数企业邮箱和 QQ/163 邮箱需要使用授权码（客户端专用密码），而不是登录密码",
			"the user name or password was refused: most company mailboxes and QQ/163 need an authorisation code (client password), not the login password"
		if p, ok := notify.PresetFor(c.SMTPHost); ok {
			e.ZH += "。" + p.HintZH
			e.EN += ". " + p.HintEN
		}
	case e.Code >= 550 && e.Code < 560:
		e.ZH, e.EN = "服务器拒绝了发件人或收件人地址", "the server refused the sender or a recipient"
	case errors.As(err, &ce), errors.As(err, &ue), errors.As(err, &he):
		e.ZH, e.EN = "服务器的证书不可信或与主机名不符：请核对 SMTP 服务器地址，不要连接到冒充的服务器",
			"the server's certificate is not trusted or does not match the host name: check the SMTP host; do not connect to an impostor"
	case strings.Contains(err.Error(), "STARTTLS"):
		e.ZH, e.EN = "服务器不支持 STARTTLS：端口 465 请选用 implicit（SSL），端口 587 选用 starttls",
			"the server offers no STARTTLS: use implicit (SSL) on port 465, starttls on port 587"
	case errors.As(err, &ne) && ne.Timeout():
		e.ZH, e.EN = "连接超时：云服务器通常封锁 25 端口，请改用 465 或 587；也请核对 TLS 方式",
			"the connection timed out: cloud servers usually block port 25, use 465 or 587; check the TLS mode too"
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "first record does not look like a TLS handshake"):
		e.ZH, e.EN = "TLS 握手失败：端口 465 请选用 implicit（SSL），端口 587 选用 starttls",
			"the TLS handshake failed: use implicit (SSL) on port 465, starttls on port 587"
	case strings.Contains(err.Error(), "connection refused"), strings.Contains(err.Error(), "no such host"), strings.Contains(err.Error(), "dial"):
		e.ZH, e.EN = "无法连接到 SMTP 服务器：请核对主机名、端口和网络", "could not connect to the SMTP server: check the host, port and network"
	}
	return e
}
