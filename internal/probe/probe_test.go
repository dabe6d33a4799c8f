package probe_test

import (
	"context"
	"crypto/tls"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"beianledger/internal/probe"
	"beianledger/internal/probe/probetest"
)

// tlsServer serves cert on 127.0.0.1 and records the SNI names asked for.
type tlsServer struct {
	addr string
	mu   sync.Mutex
	sni  []string
}

func serveTLS(t testing.TB, cert tls.Certificate) *tlsServer {
	t.Helper()
	s := &tlsServer{}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		s.mu.Lock()
		s.sni = append(s.sni, h.ServerName)
		s.mu.Unlock()
		return nil, nil
	}}
	s.addr = serve(t, func(c net.Conn) {
		tc := tls.Server(c, cfg)
		if tc.Handshake() == nil {
			tc.Write([]byte("HTTP/1.1 200 OK\r\n\r\n"))
		}
	})
	return s
}

// serve runs handle for each connection to a loopback listener.
func serve(t testing.TB, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); handle(c) }()
		}
	}()
	return ln.Addr().String()
}

// to sends every dial to addr and records what was asked for.
func to(addr string, asked *[]string) probe.Dialer {
	var mu sync.Mutex
	return func(ctx context.Context, network, a string) (net.Conn, error) {
		mu.Lock()
		*asked = append(*asked, a)
		mu.Unlock()
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

var (
	expiry = time.Date(2027, 5, 1, 12, 0, 0, 0, time.UTC)
	before = func() time.Time { return time.Date(2027, 3, 31, 10, 0, 0, 0, time.UTC) }
	after  = func() time.Time { return time.Date(2027, 6, 1, 10, 0, 0, 0, time.UTC) }
)

func TestProbeReadsExactExpiry(t *testing.T) {
	ca := probetest.NewCA(t)
	srv := serveTLS(t, ca.Leaf(t, expiry, "shop.example.cn", "www.example.cn"))
	var asked []string
	r := probe.One(context.Background(), "https://WWW.example.cn/path", probe.Options{Roots: ca.Pool, Dial: to(srv.addr, &asked), Now: before})
	if !r.OK || r.Problem != "" || !r.HasExpiry() {
		t.Fatalf("result %+v", r)
	}
	if !r.NotAfter.Equal(expiry) || r.Issuer != "Probe Test Root" {
		t.Fatalf("NotAfter %v issuer %q, want %v", r.NotAfter, r.Issuer, expiry)
	}
	if len(asked) != 1 || asked[0] != "www.example.cn:443" || srv.sni[0] != "www.example.cn" {
		t.Fatalf("dialled %v with SNI %v; want www.example.cn:443", asked, srv.sni)
	}
}

func TestProbeChineseDomainUsesPunycode(t *testing.T) {
	ca := probetest.NewCA(t)
	srv := serveTLS(t, ca.Leaf(t, expiry, "xn--fsqu00a.xn--fiqs8s"))
	var asked []string
	r := probe.One(context.Background(), "例子.中国", probe.Options{Roots: ca.Pool, Dial: to(srv.addr, &asked), Now: before})
	if !r.OK || !r.NotAfter.Equal(expiry) || asked[0] != "xn--fsqu00a.xn--fiqs8s:443" || srv.sni[0] != "xn--fsqu00a.xn--fiqs8s" {
		t.Fatalf("result %+v, dialled %v, SNI %v", r, asked, srv.sni)
	}
}

func TestProbeExpiredGivesItsExpiry(t *testing.T) {
	ca := probetest.NewCA(t)
	srv := serveTLS(t, ca.Leaf(t, expiry, "shop.example.cn"))
	var asked []string
	r := probe.One(context.Background(), "shop.example.cn", probe.Options{Roots: ca.Pool, Dial: to(srv.addr, &asked), Now: after})
	if r.OK || r.Problem != probe.ProblemExpired || !r.HasExpiry() || !r.NotAfter.Equal(expiry) {
		t.Fatalf("result %+v", r)
	}
	if !strings.Contains(r.ErrorZH, "2027-05-01") || !strings.Contains(r.ErrorZH, "过期") {
		t.Fatalf("zh error %q", r.ErrorZH)
	}
}

func TestProbeRefusesWrongCertificates(t *testing.T) {
	ca := probetest.NewCA(t)
	other := probetest.NewCA(t)
	for _, tc := range []struct {
		name, domain string
		cert         tls.Certificate
		now          func() time.Time
		want, zh     string
	}{
		{"wrong name", "shop.example.cn", ca.Leaf(t, expiry, "other.example.com"), before, probe.ProblemNameMismatch, "other.example.com"},
		{"wrong name, expired", "shop.example.cn", ca.Leaf(t, expiry, "other.example.com"), after, probe.ProblemNameMismatch, "不是颁发给"},
		{"unknown issuer", "shop.example.cn", other.Leaf(t, expiry, "shop.example.cn"), before, probe.ProblemUntrusted, "受信任"},
		{"unknown issuer, expired", "shop.example.cn", other.Leaf(t, expiry, "shop.example.cn"), after, probe.ProblemUntrusted, "受信任"},
		{"not yet valid", "shop.example.cn", ca.Leaf(t, expiry, "shop.example.cn"), func() time.Time { return time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC) }, probe.ProblemNotYetValid, "尚未生效"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := serveTLS(t, tc.cert)
			var asked []string
			r := probe.One(context.Background(), tc.domain, probe.Options{Roots: ca.Pool, Dial: to(srv.addr, &asked), Now: tc.now})
			if r.OK || r.Problem != tc.want || r.HasExpiry() || !strings.Contains(r.ErrorZH, tc.zh) || r.Error == "" {
				t.Fatalf("result %+v; want problem %s, zh with %q, no expiry", r, tc.want, tc.zh)
			}
		})
	}
}

func TestProbeOddAnswers(t *testing.T) {
	ca := probetest.NewCA(t)
	closed := func() string { // a port nothing listens on
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		a := ln.Addr().String()
		ln.Close()
		return a
	}()
	for _, tc := range []struct {
		name   string
		addr   string
		domain string
		want   string
	}{
		{"plain HTTP", serve(t, func(c net.Conn) { c.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n")) }), "shop.example.cn", probe.ProblemNoTLS},
		{"garbage", serve(t, func(c net.Conn) { c.Write([]byte{0x16, 0x03, 0x03, 0xff, 0xff, 1, 2, 3}) }), "shop.example.cn", probe.ProblemNoTLS},
		{"hangs up", serve(t, func(c net.Conn) { c.Read(make([]byte, 10)) }), "shop.example.cn", probe.ProblemNoTLS},
		{"silent", serve(t, func(c net.Conn) { c.Read(make([]byte, 1<<16)); time.Sleep(5 * time.Second) }), "shop.example.cn", probe.ProblemTimeout},
		{"refused", closed, "shop.example.cn", probe.ProblemUnreachable},
		{"wildcard", closed, "*.example.cn", probe.ProblemBadDomain},
		{"empty", closed, "  ", probe.ProblemBadDomain},
		{"not a host", closed, "shop", probe.ProblemBadDomain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked []string
			r := probe.One(context.Background(), tc.domain, probe.Options{Roots: ca.Pool, Dial: to(tc.addr, &asked), Now: before, Timeout: 300 * time.Millisecond})
			if r.OK || r.Problem != tc.want || r.HasExpiry() || r.Error == "" || r.ErrorZH == "" {
				t.Fatalf("result %+v; want %s with en and zh errors", r, tc.want)
			}
		})
	}
}

func TestProbeRunBoundsConcurrencyAndKeepsOrder(t *testing.T) {
	ca := probetest.NewCA(t)
	srv := serveTLS(t, ca.Leaf(t, expiry, "*.example.cn"))
	var open, peak atomic.Int32
	dial := func(ctx context.Context, network, a string) (net.Conn, error) {
		n := open.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		var d net.Dialer
		c, err := d.DialContext(ctx, network, srv.addr)
		if err != nil {
			open.Add(-1)
			return nil, err
		}
		return &counted{Conn: c, open: &open}, nil
	}
	var domains []string
	for i := range 60 {
		domains = append(domains, "s"+string(rune('a'+i%26))+string(rune('a'+i/26))+".example.cn")
	}
	domains = append(domains, "*.example.cn")
	rs := probe.Run(context.Background(), domains, probe.Options{Roots: ca.Pool, Dial: dial, Now: before, Parallel: 4})
	if len(rs) != len(domains) {
		t.Fatalf("%d results for %d domains", len(rs), len(domains))
	}
	for i, r := range rs[:60] {
		if r.Domain != domains[i] || !r.OK || !r.NotAfter.Equal(expiry) {
			t.Fatalf("result %d: %+v", i, r)
		}
	}
	if rs[60].Problem != probe.ProblemBadDomain {
		t.Fatalf("wildcard: %+v", rs[60])
	}
	if p := peak.Load(); p > 4 || p < 1 {
		t.Fatalf("peak %d connections at once, bound 4", p)
	}
}

type counted struct {
	net.Conn
	open *atomic.Int32
	once sync.Once
}

func (c *counted) Close() error {
	c.once.Do(func() { c.open.Add(-1) })
	return c.Conn.Close()
}

// BenchmarkProbe1000 probes 1,000 domains served by one loopback TLS
// server with the defaults (16 at a time): the wall time of a run and the
// most connections open at once.
func BenchmarkProbe1000(b *testing.B) {
	ca := probetest.NewCA(b)
	srv := serveTLS(b, ca.Leaf(b, expiry, "*.example.cn")).addr
	var open, peak atomic.Int32
	dial := func(ctx context.Context, network, a string) (net.Conn, error) {
		n := open.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		var d net.Dialer
		c, err := d.DialContext(ctx, network, srv)
		if err != nil {
			open.Add(-1)
			return nil, err
		}
		return &counted{Conn: c, open: &open}, nil
	}
	domains := make([]string, 1000)
	for i := range domains {
		domains[i] = "s" + strconv.Itoa(i) + ".example.cn"
	}
	for b.Loop() {
		for _, r := range probe.Run(context.Background(), domains, probe.Options{Roots: ca.Pool, Dial: dial, Now: before}) {
			if !r.OK {
				b.Fatalf("%+v", r)
			}
		}
	}
	b.ReportMetric(float64(peak.Load()), "peak-conns")
}
