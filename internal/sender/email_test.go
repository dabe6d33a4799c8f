package sender

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"beianledger/internal/smtptest"
	"beianledger/ledger/notify"
)

func emailTarget(port int, mode string) Target {
	return Target{Config: notify.Config{Kind: notify.KindEmail, Label: "mail", SMTPHost: "127.0.0.1", SMTPPort: port, TLS: mode,
		From: "备案台账 <ops@example.cn>", User: "ops@example.cn", To: []string{"admin@example.cn", "backup@example.cn"}},
		Secret: notify.Secret{Password: "auth-code-16chars"}}
}

func TestEmailSTARTTLSAndImplicit(t *testing.T) {
	for _, mode := range []string{notify.TLSStartTLS, notify.TLSImplicit} {
		t.Run(mode, func(t *testing.T) {
			srv := smtptest.Start(t, mode == notify.TLSImplicit)
			tg := emailTarget(srv.Port, mode)
			if err := notify.Validate(&tg.Config, tg.Secret); err != nil {
				t.Fatal(err)
			}
			o := testOptions(nil)
			o.TLS = &tls.Config{RootCAs: srv.CA}
			start := time.Now()
			res := Send(context.Background(), tg, digest(5), o)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			t.Logf("%s: one e-mail of %d bytes (text+HTML) in %v", mode, res.Bytes, time.Since(start))
			msgs, rcpts, overTLS := srv.Received()
			if len(msgs) != 1 || len(rcpts) != 2 || !overTLS[0] || len(res.Keys) != 5 {
				t.Fatalf("msgs %d rcpts %v tls %v keys %d", len(msgs), rcpts, overTLS, len(res.Keys))
			}
			m, err := smtptest.Parse(msgs[0])
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(strings.ToUpper(m.RawSubject), "=?UTF-8?") {
				t.Errorf("subject not RFC 2047-encoded: %q", m.RawSubject)
			}
			if m.Subject != "备案台账提醒：2 项逾期，2 项到期，1 项即将到期" {
				t.Errorf("subject %q", m.Subject)
			}
			for _, cs := range m.Charsets {
				if !strings.EqualFold(cs, "UTF-8") {
					t.Errorf("charset %q", cs)
				}
			}
			for _, want := range []string{"备案状态季度检查（2027年第一季度）：京ICP备10000000号-1 示例网站", "截止：2027年3月31日", "下一步："} {
				if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
					t.Errorf("%q missing from text or HTML:\n%s", want, m.Text)
				}
			}
			if strings.Contains(string(msgs[0]), "auth-code-16chars") {
				t.Error("the SMTP password is in the message")
			}
		})
	}
}

func TestEmailErrors(t *testing.T) {
	srv := smtptest.Start(t, false)
	o := testOptions(nil)
	o.TLS = &tls.Config{RootCAs: srv.CA}
	o.SMTPTimeout = 10 * time.Second

	// A login password instead of the 授权码.
	tg := emailTarget(srv.Port, notify.TLSStartTLS)
	tg.Secret.Password = "login-password"
	res := Send(context.Background(), tg, digest(1), o)
	var e *Error
	if !errors.As(res.Err, &e) || e.Code != 535 || !strings.Contains(e.Error(), "授权码") || !strings.Contains(e.Error(), "Login Fail") || len(res.Keys) != 0 {
		t.Fatalf("wrong password: %v", res.Err)
	}
	if strings.Contains(res.Err.Error(), "login-password") {
		t.Error("the password is in the error")
	}

	// A certificate the host should not have (not trusted here).
	tg = emailTarget(srv.Port, notify.TLSStartTLS)
	o2 := o
	o2.TLS = nil
	res = Send(context.Background(), tg, digest(1), o2)
	if res.Err == nil || !strings.Contains(res.Err.Error(), "证书") {
		t.Fatalf("untrusted certificate: %v", res.Err)
	}

	// Implicit TLS against a STARTTLS port.
	tg = emailTarget(srv.Port, notify.TLSImplicit)
	o.SMTPTimeout = 3 * time.Second
	res = Send(context.Background(), tg, digest(1), o)
	if res.Err == nil || len(res.Keys) != 0 || !strings.Contains(res.Err.Error(), "implicit") {
		t.Fatalf("implicit on a STARTTLS port: %v", res.Err)
	}

	// Nothing listening.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := l.Addr().(*net.TCPAddr).Port
	l.Close()
	res = Send(context.Background(), emailTarget(closed, notify.TLSStartTLS), digest(1), o)
	if res.Err == nil || !strings.Contains(res.Err.Error(), "无法连接") {
		t.Fatalf("refused: %v", res.Err)
	}
}
