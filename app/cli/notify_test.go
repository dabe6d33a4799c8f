package cli

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"beianledger/internal/smtptest"
	"beianledger/vault"
)

type notifyReport struct {
	Channel, Kind, Error string
	Sent, Pending        []string
	Skipped, Parts       int
	Bytes                int
	Log                  []struct{ Sent, Skipped, Parts int }
}

// dingRobot is a loopback 钉钉 robot checking 加签 as notify.md states it.
type dingRobot struct {
	mu    sync.Mutex
	texts []string
	fail  string // an errcode reply to give instead
}

func (d *dingRobot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	q := r.URL.Query()
	ts := q.Get("timestamp")
	h := hmac.New(sha256.New, []byte("SEC-ding"))
	h.Write([]byte(ts + "\n" + "SEC-ding"))
	if q.Get("access_token") != "TOKEN1" || q.Get("sign") != base64.StdEncoding.EncodeToString(h.Sum(nil)) {
		fmt.Fprint(w, `{"errcode":310000,"errmsg":"sign not match"}`)
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail != "" {
		fmt.Fprint(w, d.fail)
		return
	}
	var msg struct{ Markdown struct{ Text string } }
	json.Unmarshal(body, &msg)
	d.texts = append(d.texts, msg.Markdown.Text)
	fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
}

func (d *dingRobot) count() int { d.mu.Lock(); defer d.mu.Unlock(); return len(d.texts) }

func TestNotifyOncePerStateEndToEnd(t *testing.T) {
	dir := t.TempDir()
	vp := filepath.Join(dir, "demo.beianvault")
	state := filepath.Join(dir, "state")
	env := []string{"BEIANLEDGER_PASSWORD=demo", "BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_TODAY=2026-11-24", "BEIANLEDGER_STATE_DIR=" + state}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "40"}, cheap...)...), 0, "demo")

	robot := &dingRobot{}
	srv := httptest.NewServer(robot)
	defer srv.Close()
	hook := srv.URL + "/robot/send?access_token=TOKEN1"
	secretEnv := append(append([]string{}, env...), "BEIANLEDGER_CHANNEL_SECRET=SEC-ding")
	r := runCLI(t, secretEnv, "channel", "add", "dingtalk", "--label", "值班群", "--url", hook, "--mention", "13800138000")
	expect(t, r, 0, "channel add")
	expect(t, runCLI(t, secretEnv, "channel", "add", "dingtalk", "--label", "值班群", "--url", hook), 2, "duplicate label")
	expect(t, runCLI(t, env, "channel", "add", "dingtalk", "--label", "x", "--url", "http://oapi.dingtalk.com/robot/send?access_token=T"), 2, "http to a non-loopback host")
	r = runCLI(t, env, "channel", "list", "--json")
	expect(t, r, 0, "channel list")
	if strings.Contains(r.stdout, "TOKEN1") || strings.Contains(r.stdout, "SEC-ding") || !strings.Contains(r.stdout, "值班群") {
		t.Errorf("channel list shows a secret or misses the channel: %s", r.stdout)
	}

	// A dry run says what would go and records nothing.
	r = runCLI(t, env, "notify", "--at", "2027-03-31", "--dry-run")
	expect(t, r, 0, "dry run")
	if robot.count() != 0 || !strings.Contains(r.stdout, "备案状态季度检查") || !strings.Contains(r.stdout, "下一步") {
		t.Fatalf("dry run posted %d or printed: %.500s", robot.count(), r.stdout)
	}

	// A window holding the writer lock does not stop the scheduled run.
	gui, err := vault.Open(vp, vault.NewPassphrase([]byte("demo"), vault.KDFParams{}), vault.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer gui.Lock()

	run := func(at string) []notifyReport {
		t.Helper()
		r := runCLI(t, env, "notify", "--at", at, "--json")
		expect(t, r, 0, "notify "+at)
		var reps []notifyReport
		if err := json.Unmarshal([]byte(r.stdout), &reps); err != nil || len(reps) != 1 {
			t.Fatalf("%v: %s", err, r.stdout)
		}
		return reps
	}
	first := run("2027-03-31")[0]
	posted := robot.count()
	if len(first.Sent) < 40 || first.Parts != posted || posted == 0 || first.Error != "" {
		t.Fatalf("first run: %+v, %d posted", first, posted)
	}
	t.Logf("first run: %d items in %d messages (largest %d bytes)", len(first.Sent), first.Parts, first.Bytes)
	if !strings.Contains(robot.texts[0], "@13800138000") || strings.Contains(strings.Join(robot.texts, ""), "TOKEN1") {
		t.Error("mention missing or token in the message")
	}
	// The same day again: nothing new.
	second := run("2027-03-31")[0]
	if len(second.Sent) != 0 || second.Skipped != len(first.Sent) || robot.count() != posted {
		t.Fatalf("second run: %+v, %d posted", second, robot.count())
	}
	// The next day the Q1 checks are overdue, but the robot refuses: the
	// platform's error verbatim, exit 1, the items stay pending.
	robot.mu.Lock()
	robot.fail = `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`
	robot.mu.Unlock()
	r = runCLI(t, env, "notify", "--at", "2027-04-01", "--json")
	expect(t, r, 1, "failing robot")
	var reps []notifyReport
	json.Unmarshal([]byte(r.stdout), &reps)
	if len(reps) != 1 || !strings.Contains(reps[0].Error, "send too fast") || !strings.Contains(reps[0].Error, "限流") ||
		len(reps[0].Pending) < 40 || strings.Contains(r.stderr+r.stdout, "TOKEN1") {
		t.Fatalf("failing robot: %s\n%s", r.stdout, r.stderr)
	}
	robot.mu.Lock()
	robot.fail = ""
	robot.mu.Unlock()
	// Next run: the changed items go out, once, saying what changed.
	third := run("2027-04-01")[0]
	if len(third.Sent) != len(reps[0].Pending) || robot.count() == posted || len(third.Log) != 4 {
		t.Fatalf("after the failure: %+v", third)
	}
	if !strings.Contains(strings.Join(robot.texts[posted:], ""), "状态变化：到期待办 → 已逾期") {
		t.Error("the change of state is not said")
	}
	if again := run("2027-04-01")[0]; len(again.Sent) != 0 {
		t.Errorf("sent twice: %+v", again)
	}

	// A test message takes the same path and is not recorded.
	n := robot.count()
	r = runCLI(t, env, "channel", "test", "值班群")
	expect(t, r, 0, "channel test")
	if robot.count() != n+1 || !strings.Contains(robot.texts[n], "测试消息") {
		t.Errorf("test message: %d posted", robot.count()-n)
	}
	expect(t, runCLI(t, env, "notify", "--test", "nope"), 2, "unknown channel")

	// The state file: 0600, per vault, no secret, no ledger text.
	files, _ := filepath.Glob(filepath.Join(state, "notify-*.json"))
	if len(files) != 1 {
		t.Fatalf("state files %v", files)
	}
	fi, _ := os.Stat(files[0])
	b, _ := os.ReadFile(files[0])
	if fi.Mode().Perm() != 0o600 || strings.Contains(string(b), "TOKEN1") || strings.Contains(string(b), "ICP") {
		t.Errorf("state file %v: %.300s", fi.Mode(), b)
	}
	gui.Lock()
	expect(t, runCLI(t, env, "channel", "rm", "值班群"), 0, "channel rm")
	r = runCLI(t, env, "notify")
	expect(t, r, 2, "notify without channels")
}

// E-mail through the whole command line: a real SMTP server on loopback
// with STARTTLS and a certificate the child trusts through SSL_CERT_FILE;
// the message is read back, and the second run sends nothing.
func TestNotifyEmailEndToEnd(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("SSL_CERT_FILE is how the child trusts the test certificate")
	}
	dir := t.TempDir()
	srv := smtptest.Start(t, false)
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(ca, srv.CAPEM, 0o600)
	vp := filepath.Join(dir, "demo.beianvault")
	env := []string{"BEIANLEDGER_PASSWORD=demo", "BEIANLEDGER_VAULT=" + vp, "BEIANLEDGER_TODAY=2026-11-24",
		"BEIANLEDGER_STATE_DIR=" + filepath.Join(dir, "state"), "SSL_CERT_FILE=" + ca}
	expect(t, runCLI(t, env, append([]string{"demo", "--out", vp, "--sites", "8"}, cheap...)...), 0, "demo")
	r := runCLI(t, append(env, "BEIANLEDGER_CHANNEL_SECRET="+srv.Pass), "channel", "add", "email", "--label", "管理员邮箱",
		"--smtp-host", "127.0.0.1", "--smtp-port", strconv.Itoa(srv.Port), "--tls", "starttls",
		"--from", "备案台账 <ops@example.cn>", "--smtp-user", srv.User, "--to", "admin@example.cn，backup@example.cn")
	expect(t, r, 0, "channel add email")

	r = runCLI(t, env, "notify", "--at", "2027-03-31", "--json")
	expect(t, r, 0, "notify")
	msgs, rcpts, overTLS := srv.Received()
	if len(msgs) != 1 || len(rcpts) != 2 || !overTLS[0] {
		t.Fatalf("%d messages to %v (TLS %v): %s %s", len(msgs), rcpts, overTLS, r.stdout, r.stderr)
	}
	m, err := smtptest.Parse(msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Subject, "备案台账提醒：") || !strings.Contains(m.Text, "备案状态季度检查") ||
		!strings.Contains(m.Text, "ICP备") || !strings.Contains(m.HTML, "<li><b>") {
		t.Errorf("subject %q\n%s", m.Subject, m.Text)
	}
	r = runCLI(t, env, "notify", "--at", "2027-03-31")
	expect(t, r, 0, "second notify")
	if msgs, _, _ = srv.Received(); len(msgs) != 1 || !strings.Contains(r.stdout, "没有新的") {
		t.Errorf("second run: %d messages; %s", len(msgs), r.stdout)
	}
	// A test message: the same path, one more message, nothing recorded.
	expect(t, runCLI(t, env, "notify", "--test", "管理员邮箱"), 0, "test")
	if msgs, _, _ = srv.Received(); len(msgs) != 2 {
		t.Errorf("test message: %d messages", len(msgs))
	}

	// A channel that also writes to each site's responsible people (from
	// the ledger's contacts): one message per set of recipients, every
	// item in exactly one of them.
	r = runCLI(t, append(env, "BEIANLEDGER_CHANNEL_SECRET="+srv.Pass), "channel", "add", "email", "--label", "负责人",
		"--smtp-host", "127.0.0.1", "--smtp-port", strconv.Itoa(srv.Port), "--tls", "starttls",
		"--from", "ops@example.cn", "--smtp-user", srv.User, "--to-contacts", "site-owner,entity-owner")
	expect(t, r, 0, "channel add --to-contacts")
	r = runCLI(t, env, "notify", "--at", "2027-03-31", "--channel", "负责人", "--json")
	expect(t, r, 0, "notify to contacts")
	var reps []notifyReport
	json.Unmarshal([]byte(r.stdout), &reps)
	msgs, rcpts, _ = srv.Received()
	if len(reps) != 1 || len(reps[0].Sent) == 0 || len(msgs) < 3 || len(rcpts) < 4 {
		t.Fatalf("to contacts: %d messages to %v: %s", len(msgs)-2, rcpts, r.stdout)
	}
	t.Logf("to contacts: %d items in %d messages to %d addresses", len(reps[0].Sent), len(msgs)-2, len(rcpts)-4)
	for _, a := range rcpts[4:] {
		if !strings.HasSuffix(a, "@example.cn") || a == "admin@example.cn" {
			t.Errorf("recipient %q", a)
		}
	}
}
