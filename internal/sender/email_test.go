package sender

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"beianledger/ledger/notify"
)

// testCert is a self-signed certificate for 127.0.0.1, and a pool that
// trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// mailbox is a real SMTP server on loopback (github.com/emersion/go-smtp)
// that takes AUTH PLAIN for one user and keeps what it receives.
type mailbox struct {
	mu       sync.Mutex
	msgs     [][]byte
	rcpts    []string
	user     string
	password string
	tlsSeen  bool
}

type session struct {
	mb   *mailbox
	conn *smtp.Conn
	ok   bool
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.mb.user || pass != s.mb.password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Login Fail. Please enter your authorization code to login."}
		}
		s.ok = true
		return nil
	}), nil
}
func (s *session) Mail(string, *smtp.MailOptions) error {
	if !s.ok {
		return &smtp.SMTPError{Code: 530, Message: "authentication required"}
	}
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.mb.mu.Lock()
	s.mb.rcpts = append(s.mb.rcpts, to)
	s.mb.mu.Unlock()
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.mb.mu.Lock()
	s.mb.msgs = append(s.mb.msgs, b)
	s.mb.tlsSeen = isTLS
	s.mb.mu.Unlock()
	return nil
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// startSMTP serves on 127.0.0.1: STARTTLS, or TLS from the first byte.
func startSMTP(t *testing.T, cert tls.Certificate, implicit bool) (*mailbox, int) {
	t.Helper()
	mb := &mailbox{user: "ops@example.cn", password: "auth-code-16chars"}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{mb: mb, conn: c}, nil }))
	srv.Domain = "127.0.0.1"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	var l net.Listener
	var err error
	if implicit {
		l, err = tls.Listen("tcp", "127.0.0.1:0", srv.TLSConfig)
	} else {
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return mb, l.Addr().(*net.TCPAddr).Port
}

func emailTarget(port int, mode string) Target {
	return Target{Config: notify.Config{Kind: notify.KindEmail, Label: "mail", SMTPHost: "127.0.0.1", SMTPPort: port, TLS: mode,
		From: "备案台账 <ops@example.cn>", User: "ops@example.cn", To: []string{"admin@example.cn", "backup@example.cn"}},
		Secret: notify.Secret{Password: "auth-code-16chars"}}
}

// readBack parses a received message as a mail reader would: the RFC 2047
// subject decoded, the text and HTML parts decoded from base64.
func readBack(t *testing.T, raw []byte) (subject, text, html string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	rawSubj := m.Header.Get("Subject")
	if !strings.HasPrefix(rawSubj, "=?UTF-8?") && !strings.HasPrefix(rawSubj, "=?utf-8?") {
		t.Errorf("subject not RFC 2047-encoded: %q", rawSubj)
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(rawSubj)
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", m.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable itself; base64 below
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p)
		if enc := p.Header.Get("Content-Transfer-Encoding"); strings.EqualFold(enc, "base64") {
			body = decodeB64(t, body)
		}
		ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if !strings.EqualFold(cp["charset"], "UTF-8") {
			t.Errorf("%s charset %q", ct, cp["charset"])
		}
		switch ct {
		case "text/plain":
			text = string(body)
		case "text/html":
			html = string(body)
		}
	}
	return
}

func TestEmailSTARTTLSAndImplicit(t *testing.T) {
	cert, pool := testCert(t)
	for _, mode := range []string{notify.TLSStartTLS, notify.TLSImplicit} {
		t.Run(mode, func(t *testing.T) {
			mb, port := startSMTP(t, cert, mode == notify.TLSImplicit)
			tg := emailTarget(port, mode)
			if err := notify.Validate(&tg.Config, tg.Secret); err != nil {
				t.Fatal(err)
			}
			o := testOptions(nil)
			o.TLS = &tls.Config{RootCAs: pool}
			start := time.Now()
			res := Send(context.Background(), tg, digest(5), o)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			t.Logf("%s: one e-mail of %d bytes (text+HTML) in %v", mode, res.Bytes, time.Since(start))
			mb.mu.Lock()
			defer mb.mu.Unlock()
			if len(mb.msgs) != 1 || len(mb.rcpts) != 2 || !mb.tlsSeen || len(res.Keys) != 5 {
				t.Fatalf("msgs %d rcpts %v tls %v keys %d", len(mb.msgs), mb.rcpts, mb.tlsSeen, len(res.Keys))
			}
			subj, text, html := readBack(t, mb.msgs[0])
			if subj != "备案台账提醒：2 项逾期，2 项到期，1 项即将到期" {
				t.Errorf("subject %q", subj)
			}
			for _, want := range []string{"备案状态季度检查（2027年第一季度）：京ICP备10000000号-1 示例网站", "截止：2027年3月31日", "下一步："} {
				if !strings.Contains(text, want) || !strings.Contains(html, want) {
					t.Errorf("%q missing from text or HTML:\n%s", want, text)
				}
			}
			if strings.Contains(string(mb.msgs[0]), "auth-code-16chars") {
				t.Error("the SMTP password is in the message")
			}
		})
	}
}

func TestEmailErrors(t *testing.T) {
	cert, pool := testCert(t)
	_, port := startSMTP(t, cert, false)
	o := testOptions(nil)
	o.TLS = &tls.Config{RootCAs: pool}
	o.SMTPTimeout = 10 * time.Second

	// A login password instead of the 授权码.
	tg := emailTarget(port, notify.TLSStartTLS)
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
	tg = emailTarget(port, notify.TLSStartTLS)
	o2 := o
	o2.TLS = nil
	res = Send(context.Background(), tg, digest(1), o2)
	if res.Err == nil || !strings.Contains(res.Err.Error(), "证书") {
		t.Fatalf("untrusted certificate: %v", res.Err)
	}

	// Implicit TLS against a STARTTLS port.
	tg = emailTarget(port, notify.TLSImplicit)
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

func decodeB64(t *testing.T, b []byte) []byte {
	t.Helper()
	s := strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, string(b))
	out, err := base64Std.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var base64Std = base64.StdEncoding
