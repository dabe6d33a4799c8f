// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 for tests: STARTTLS or TLS from the first byte with a fresh
// self-signed certificate, AUTH PLAIN for one user, and the messages it
// received, parsed back as a mail reader would. Only tests import it.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
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
)

// Server is a running SMTP server.
type Server struct {
	Port int
	// CA trusts the server's certificate; CAPEM is it as PEM (for
	// SSL_CERT_FILE in a child process).
	CA    *x509.CertPool
	CAPEM []byte
	User  string
	Pass  string

	mu    sync.Mutex
	msgs  [][]byte
	rcpts []string
	tls   []bool
}

// Start serves on a free loopback port until the test ends.
func Start(t testing.TB, implicit bool) *Server {
	t.Helper()
	cert, pool, pemCert := selfSigned(t)
	s := &Server{CA: pool, CAPEM: pemCert, User: "ops@example.cn", Pass: "auth-code-16chars"}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s, conn: c}, nil }))
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
	s.Port = l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Received returns the raw messages, their recipients (all messages) and
// whether each came over TLS.
func (s *Server) Received() (msgs [][]byte, rcpts []string, overTLS []bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.msgs...), append([]string(nil), s.rcpts...), append([]bool(nil), s.tls...)
}

type session struct {
	s    *Server
	conn *smtp.Conn
	ok   bool
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != x.s.User || pass != x.s.Pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Login Fail. Please enter your authorization code to login."}
		}
		x.ok = true
		return nil
	}), nil
}
func (x *session) Mail(string, *smtp.MailOptions) error {
	if !x.ok {
		return &smtp.SMTPError{Code: 530, Message: "authentication required"}
	}
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	x.s.rcpts = append(x.s.rcpts, to)
	x.s.mu.Unlock()
	return nil
}
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := x.conn.TLSConnectionState()
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, b)
	x.s.tls = append(x.s.tls, isTLS)
	x.s.mu.Unlock()
	return nil
}
func (x *session) Reset()        {}
func (x *session) Logout() error { return nil }

func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// Message is a received message read back.
type Message struct {
	RawSubject string // as sent (RFC 2047 encoded)
	Subject    string // decoded
	Text, HTML string // decoded bodies
	Charsets   []string
}

// Parse reads a message as a mail reader would: the RFC 2047 subject
// decoded, the text and HTML parts of a multipart/alternative body
// decoded from base64 or quoted-printable.
func Parse(raw []byte) (Message, error) {
	var m Message
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return m, err
	}
	m.RawSubject = msg.Header.Get("Subject")
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(m.RawSubject); err != nil {
		return m, err
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		return m, fmt.Errorf("content type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // undoes quoted-printable itself
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, err
		}
		body, _ := io.ReadAll(p)
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
			clean := strings.Map(func(r rune) rune {
				if r == '\r' || r == '\n' {
					return -1
				}
				return r
			}, string(body))
			if body, err = base64.StdEncoding.DecodeString(clean); err != nil {
				return m, err
			}
		}
		ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		m.Charsets = append(m.Charsets, cp["charset"])
		switch ct {
		case "text/plain":
			m.Text = string(body)
		case "text/html":
			m.HTML = string(body)
		}
	}
	return m, nil
}
