package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"beianledger/internal/probe"
	"beianledger/internal/probe/probetest"
	"beianledger/ledger"
)

// runProbe runs `probe` in this process, where the test's root and
// loopback dialer can be given to it.
func runProbe(t *testing.T, env []string, o probe.Options, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	get := func(k string) string {
		for _, kv := range env {
			if strings.HasPrefix(kv, k+"=") {
				return kv[len(k)+1:]
			}
		}
		return ""
	}
	today := ledger.MustDate(get("BEIANLEDGER_TODAY")).Time().Add(10 * time.Hour)
	code := Main(append([]string{"probe"}, args...), Env{Stdout: &out, Stderr: &errb, Getenv: get,
		Now: func() time.Time { return today }, probe: o})
	return result{code, out.String(), errb.String()}
}

func TestProbeRecordsCertificateExpiry(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "p.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_TODAY=2027-03-31"}
	run := func(args ...string) result { return runCLI(t, env, args...) }
	expect(t, run(append([]string{"init"}, cheap...)...), 0, "init")
	expect(t, run("add", "site", "--number", "京ICP备2021012345号-1", "--name", "示例商城", "--domains", "shop.example.cn、www.example.cn",
		"--ssl-expiry", "2026-12-31"), 0, "add site")
	expect(t, run("add", "site", "--number", "京ICP备2021012345号-2", "--name", "旧站", "--domains", "old.example.cn"), 0, "add old site")
	expect(t, run("add", "site", "--number", "京ICP备2021012345号-3A", "--name", "APP"), 0, "add app without domain")

	ca := probetest.NewCA(t)
	shop := time.Date(2027, 5, 1, 12, 0, 0, 0, time.UTC)
	www := time.Date(2027, 4, 20, 12, 0, 0, 0, time.UTC) // the earlier one counts
	dial := &probetest.Dialer{Closed: probetest.ClosedAddr(t), Hosts: map[string]string{
		"shop.example.cn": ca.Serve(t, shop, "shop.example.cn"),
		"www.example.cn":  ca.Serve(t, www, "www.example.cn"),
		// old.example.cn: nothing answers
	}}
	o := probe.Options{Roots: ca.Pool, Dial: dial.Dial}

	var rep probeReport
	r := runProbe(t, env, o, "--dry-run", "--json")
	expect(t, r, 0, "probe --dry-run")
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if len(rep.Sites) != 2 || rep.Sites[0].Expiry != ledger.MustDate("2027-04-20") || rep.Sites[0].Recorded || rep.Failed != 1 || rep.Recorded != 1 {
		t.Fatalf("dry run report %+v", rep)
	}
	asked := dial.Asked()
	slices.Sort(asked)
	if !slices.Equal(asked, []string{"old.example.cn:443", "shop.example.cn:443", "www.example.cn:443"}) {
		t.Fatalf("dialled %v", asked)
	}
	if s := run("show", "京ICP备2021012345号-1"); !strings.Contains(s.stdout, "2026-12-31") {
		t.Fatalf("dry run saved something:\n%s", s.stdout)
	}

	r = runProbe(t, env, o)
	expect(t, r, 0, "probe with one domain failing")
	for _, want := range []string{"✓ www.example.cn", "2027年4月20日", "✗ old.example.cn", "拒绝连接", "refused", "2026年12月31日 → 2027年4月20日 已记录"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if s := run("show", "京ICP备2021012345号-1"); !strings.Contains(s.stdout, "2027-04-20") {
		t.Fatalf("expiry not recorded:\n%s", s.stdout)
	}
	// The SSL reminder now follows the certificate, with its basis.
	r = run("due", "--json", "--at", "2027-03-31")
	expect(t, r, 0, "due")
	var items []struct{ Kind, Key, Basis, Source, State string }
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range items {
		if it.Kind == "ssl-expiry" && strings.HasSuffix(it.Key, "/2027-04-20") && it.State == "due" && it.Basis != "" && it.Source != "" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no due ssl-expiry item for 2027-04-20 in %s", r.stdout)
	}
	// A second run finds nothing new to record.
	if err := json.Unmarshal([]byte(runProbe(t, env, o, "--json").stdout), &rep); err != nil || rep.Recorded != 0 {
		t.Fatalf("second run recorded %d (%v)", rep.Recorded, err)
	}
	// One site only; an unknown site is an error.
	r = runProbe(t, env, o, "--site", "old.example.cn", "--json")
	expect(t, r, 0, "probe --site")
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Domains) != 1 || rep.Domains[0].Problem != probe.ProblemUnreachable {
		t.Fatalf("--site report %+v (%v)", rep, err)
	}
	expect(t, runProbe(t, env, o, "--site", "nope.example.cn"), 1, "unknown site")
}

// An expired certificate is recorded too: the reminder then says it has
// expired. One the site should not have (another name) is not.
func TestProbeExpiredAndWrongCertificate(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "p.beianvault")
	env := []string{"BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_PASSWORD=pw", "BEIANLEDGER_TODAY=2027-03-31"}
	run := func(args ...string) result { return runCLI(t, env, args...) }
	expect(t, run(append([]string{"init"}, cheap...)...), 0, "init")
	expect(t, run("add", "site", "--number", "京ICP备2021012345号-1", "--name", "过期", "--domains", "late.example.cn"), 0, "add")
	expect(t, run("add", "site", "--number", "京ICP备2021012345号-2", "--name", "错证", "--domains", "wrong.example.cn", "--ssl-expiry", "2027-09-01"), 0, "add")
	ca := probetest.NewCA(t)
	dial := &probetest.Dialer{Closed: probetest.ClosedAddr(t), Hosts: map[string]string{
		"late.example.cn":  ca.Serve(t, time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC), "late.example.cn"),
		"wrong.example.cn": ca.Serve(t, time.Date(2028, 1, 1, 12, 0, 0, 0, time.UTC), "parked.example.net"),
	}}
	r := runProbe(t, env, probe.Options{Roots: ca.Pool, Dial: dial.Dial})
	expect(t, r, 0, "probe")
	if !strings.Contains(r.stdout, "证书已于2027-03-01") || !strings.Contains(r.stdout, "不是颁发给wrong.example.cn") {
		t.Fatalf("output:\n%s", r.stdout)
	}
	r = run("due", "--json", "--at", "2027-03-31")
	if !strings.Contains(r.stdout, `"ssl-expiry/`) || !strings.Contains(r.stdout, "2027-03-01") || strings.Contains(r.stdout, "2028-01-01") {
		t.Fatalf("due:\n%s", r.stdout)
	}
	if s := run("show", "wrong.example.cn"); !strings.Contains(s.stdout, "2027-09-01") {
		t.Fatalf("a wrong certificate's date replaced the recorded one:\n%s", s.stdout)
	}
}
