// Package probe reads the TLS certificate that each domain serves on port
// 443, so that the SSL expiry reminders need no typing.
//
// The handshake verifies the certificate as a browser would (system roots,
// the name, the dates). A certificate that fails only because it has
// expired still gives its expiry: that is exactly what the reminder must
// say. Any other failure (unknown issuer, wrong name, no TLS, no answer,
// a timeout) is reported for that domain and never stops the others.
package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/net/idna"
)

// Defaults: port 443, 5 s per domain, 16 at a time: 1,000 domains that
// all time out take 5 min at most, answering ones a few seconds.
const (
	DefaultPort     = "443"
	DefaultTimeout  = 5 * time.Second
	DefaultParallel = 16
	maxParallel     = 64
)

// Problems a domain can have, as in Result.Problem.
const (
	ProblemBadDomain    = "bad-domain"    // not a host name that can be probed
	ProblemUnreachable  = "unreachable"   // no address, refused, no route
	ProblemTimeout      = "timeout"       // no answer within the timeout
	ProblemNoTLS        = "no-tls"        // answered, but not with a TLS handshake
	ProblemExpired      = "expired"       // the certificate has expired (its expiry is still given)
	ProblemNotYetValid  = "not-yet-valid" // the certificate is not valid yet
	ProblemUntrusted    = "untrusted"     // not issued by a trusted authority
	ProblemNameMismatch = "name-mismatch" // issued for other names
)

// Dialer opens a connection; Options.Dial replaces the network's.
type Dialer func(ctx context.Context, network, addr string) (net.Conn, error)

// Options tune a probe run. The zero value is what `beianledger probe`
// uses: system roots, port 443, 5 s, 16 at a time.
type Options struct {
	Port     string        // default 443
	Timeout  time.Duration // per domain, dial and handshake together
	Parallel int           // domains probed at once (1–64)
	// Roots are the trusted roots; nil means the system's. Tests trust
	// their own root here; verification is never switched off.
	Roots *x509.CertPool
	// Dial opens the TCP connection; nil means net.Dialer. Tests point
	// every name at their loopback server with it.
	Dial Dialer
	// Now is the clock the certificate's dates are checked against
	// (default time.Now).
	Now func() time.Time
}

// Result is what one domain answered.
type Result struct {
	Domain string `json:"domain"`
	// OK: a certificate valid for the name was read.
	OK bool `json:"ok"`
	// NotAfter is the served certificate's expiry, set when OK or when
	// the only problem is that it has expired.
	NotAfter  time.Time `json:"not_after,omitzero"`
	NotBefore time.Time `json:"not_before,omitzero"`
	Issuer    string    `json:"issuer,omitempty"`
	Problem   string    `json:"problem,omitempty"`
	// Error and ErrorZH say what went wrong, in English and Chinese.
	Error   string `json:"error,omitempty"`
	ErrorZH string `json:"error_zh,omitempty"`
}

// HasExpiry reports whether r carries an expiry worth recording: the
// certificate is valid, or valid except that it has expired.
func (r Result) HasExpiry() bool {
	return !r.NotAfter.IsZero() && (r.OK || r.Problem == ProblemExpired)
}

// Run probes every domain, at most o.Parallel at once, and returns one
// result per domain in the order given. Cancelling ctx ends the run
// early; the domains not probed yet get a timeout result.
func Run(ctx context.Context, domains []string, o Options) []Result {
	o = o.withDefaults()
	out := make([]Result, len(domains))
	sem := make(chan struct{}, o.Parallel)
	var wg sync.WaitGroup
	for i, d := range domains {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i] = One(ctx, d, o)
		}()
	}
	wg.Wait()
	return out
}

func (o Options) withDefaults() Options {
	if o.Port == "" {
		o.Port = DefaultPort
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	o.Parallel = min(o.Parallel, maxParallel)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Dial == nil {
		var d net.Dialer
		o.Dial = d.DialContext
	}
	return o
}

// One probes one domain.
func One(ctx context.Context, domain string, o Options) (r Result) {
	o = o.withDefaults()
	r.Domain = domain
	defer func() {
		// An odd answer must never bring the run down.
		if p := recover(); p != nil {
			r = fail(Result{Domain: domain}, ProblemNoTLS, fmt.Sprintf("the answer could not be read (%v)", p), "无法解析对方的应答")
		}
	}()
	host, port, err := hostPort(domain, o.Port)
	if err != nil {
		return fail(r, ProblemBadDomain, err.Error(), "域名"+quote(domain)+"无法检测："+badDomainZH(err))
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	conn, err := o.Dial(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return classifyDial(r, host, port, err, o.Timeout)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	tc := tls.Client(conn, &tls.Config{ServerName: host, RootCAs: o.Roots, Time: o.Now, MinVersion: tls.VersionTLS12})
	err = tc.HandshakeContext(ctx)
	if err == nil {
		cs := tc.ConnectionState()
		if len(cs.PeerCertificates) == 0 {
			return fail(r, ProblemNoTLS, "the server sent no certificate", "服务器没有提供证书")
		}
		leaf := cs.PeerCertificates[0]
		r.OK, r.NotAfter, r.NotBefore, r.Issuer = true, leaf.NotAfter.UTC(), leaf.NotBefore.UTC(), issuer(leaf)
		return r
	}
	return classifyTLS(r, host, err, o)
}

// hostPort turns what a site lists as a domain into the host to dial and
// ask for (SNI): lower case, a Chinese domain in its ASCII (punycode)
// form, an explicit :port kept.
func hostPort(domain, port string) (string, string, error) {
	d := strings.TrimSpace(domain)
	d = strings.TrimPrefix(strings.TrimPrefix(d, "https://"), "http://")
	if i := strings.IndexAny(d, "/?#"); i >= 0 {
		d = d[:i]
	}
	if h, p, err := net.SplitHostPort(d); err == nil {
		d, port = h, p
	}
	d = strings.TrimSuffix(d, ".")
	switch {
	case d == "":
		return "", "", errEmpty
	case strings.Contains(d, "*"):
		return "", "", errWildcard
	}
	if net.ParseIP(d) != nil {
		return d, port, nil
	}
	a, err := idna.Lookup.ToASCII(d)
	if err != nil || !strings.Contains(a, ".") {
		return "", "", errNotHost
	}
	return a, port, nil
}

var (
	errEmpty    = errors.New("no domain")
	errWildcard = errors.New("a wildcard (*.) names no one host: list the host names to probe")
	errNotHost  = errors.New("not a host name")
)

func badDomainZH(err error) string {
	switch err {
	case errEmpty:
		return "没有域名"
	case errWildcard:
		return "通配符域名（*.）不对应具体主机，请填写要检测的具体域名"
	}
	return "不是有效的主机名"
}

func fail(r Result, problem, en, zh string) Result {
	r.OK, r.Problem, r.Error, r.ErrorZH = false, problem, en, zh
	return r
}

func quote(s string) string { return "“" + s + "”" }

func classifyDial(r Result, host, port string, err error, timeout time.Duration) Result {
	var dns *net.DNSError
	addr := net.JoinHostPort(host, port)
	switch {
	case isTimeout(err):
		return fail(r, ProblemTimeout, fmt.Sprintf("%s did not answer within %s", addr, timeout),
			fmt.Sprintf("%s在%s内没有响应", addr, zhDuration(timeout)))
	case errors.As(err, &dns):
		return fail(r, ProblemUnreachable, "no address found for "+host+" (DNS): "+dns.Err,
			"找不到"+host+"的地址（DNS解析失败）："+dns.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fail(r, ProblemUnreachable, addr+" refused the connection (nothing listens on port "+port+")",
			addr+"拒绝连接（端口"+port+"上没有服务）")
	}
	return fail(r, ProblemUnreachable, "could not connect to "+addr+": "+err.Error(), "无法连接"+addr+"："+err.Error())
}

func classifyTLS(r Result, host string, err error, o Options) Result {
	var ve *tls.CertificateVerificationError
	if errors.As(err, &ve) {
		return classifyVerify(r, host, ve.UnverifiedCertificates, ve.Err, o)
	}
	var rh tls.RecordHeaderError
	switch {
	case isTimeout(err):
		return fail(r, ProblemTimeout, fmt.Sprintf("%s did not finish the TLS handshake within %s", host, o.Timeout),
			fmt.Sprintf("%s在%s内没有完成TLS握手", host, zhDuration(o.Timeout)))
	case errors.As(err, &rh):
		return fail(r, ProblemNoTLS, host+" answered, but not with TLS (is HTTPS set up on port "+o.Port+"?)",
			host+"有应答，但不是TLS（HTTPS是否已在该端口配置？）")
	case errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET):
		return fail(r, ProblemNoTLS, host+" closed the connection during the TLS handshake (no certificate for this name?)",
			host+"在TLS握手时断开了连接（可能没有为该域名配置证书）")
	}
	return fail(r, ProblemNoTLS, "TLS handshake with "+host+" failed: "+err.Error(), "与"+host+"的TLS握手失败："+err.Error())
}

// classifyVerify says why the served chain was refused. An expired
// certificate gives its expiry only if the chain was good on its last
// valid day: for the right name, from a trusted issuer.
func classifyVerify(r Result, host string, chain []*x509.Certificate, verr error, o Options) Result {
	if len(chain) > 0 {
		r.Issuer = issuer(chain[0])
	}
	var inv x509.CertificateInvalidError
	var unk x509.UnknownAuthorityError
	var hn x509.HostnameError
	switch {
	case errors.As(verr, &hn):
		return fail(r, ProblemNameMismatch, "the certificate is not for "+host+" (it is for "+certNames(hn.Certificate)+")",
			"服务器提供的证书不是颁发给"+host+"的（证书上的域名："+certNames(hn.Certificate)+"），浏览器会提示不安全")
	case errors.As(verr, &unk):
		return fail(r, ProblemUntrusted, "the certificate is not issued by a trusted authority (issuer: "+r.Issuer+")",
			"证书不是受信任的机构颁发的（颁发者："+r.Issuer+"），浏览器会提示不安全")
	case errors.As(verr, &inv) && inv.Reason == x509.Expired && len(chain) > 0 && o.Now().After(chain[0].NotAfter):
		leaf := chain[0]
		inter := x509.NewCertPool()
		for _, c := range chain[1:] {
			inter.AddCert(c)
		}
		_, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: o.Roots, Intermediates: inter,
			CurrentTime: leaf.NotAfter.Add(-time.Second)})
		if err != nil {
			var again x509.CertificateInvalidError
			if errors.As(err, &again) && again.Reason == x509.Expired {
				// An issuer expired before the leaf: still an expired chain.
				err = nil
			} else {
				return classifyVerify(r, host, nil, err, o)
			}
		}
		r.NotAfter, r.NotBefore = leaf.NotAfter.UTC(), leaf.NotBefore.UTC()
		day := leaf.NotAfter.UTC().Format(time.DateOnly)
		return fail(r, ProblemExpired, "the certificate expired on "+day+" (UTC)", "证书已于"+day+"（UTC）过期")
	case errors.As(verr, &inv) && inv.Reason == x509.Expired:
		return fail(r, ProblemNotYetValid, "the certificate is not valid yet (or this computer's clock is wrong)",
			"证书尚未生效（或本机时钟不正确）")
	}
	return fail(r, ProblemUntrusted, "the certificate was refused: "+verr.Error(), "证书未通过验证："+verr.Error())
}

func certNames(c *x509.Certificate) string {
	if c == nil {
		return "?"
	}
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, c.Subject.CommonName)
	}
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return strings.Join(names, ", ")
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func zhDuration(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%d秒", d/time.Second)
	}
	return d.String()
}

func issuer(c *x509.Certificate) string {
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	if len(c.Issuer.Organization) > 0 {
		return c.Issuer.Organization[0]
	}
	return c.Issuer.String()
}
