package sender

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/notify"
	"beianledger/ledger/remind"
)

// Known answers computed outside Go from the platforms' documented
// formulas (Python hmac/hashlib/base64, see docs/notify.md).
func TestSignKnownAnswers(t *testing.T) {
	if got := DingTalkSign("SEC0123456789abcdef", 1700000000123); got != "V9VP5gL2WDsEZvZQHnbd9k4n+p56ibcLMh+WKMZRQas=" {
		t.Errorf("DingTalkSign = %s", got)
	}
	if got := FeishuSign("feishu-secret", 1700000000); got != "OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=" {
		t.Errorf("FeishuSign = %s", got)
	}
	// The two formulas differ: one must not pass for the other.
	if DingTalkSign("s", 1) == FeishuSign("s", 1) {
		t.Error("the two signatures coincide")
	}
}

// fixedNow is the clock of these tests: 2027-03-31 10:00 Beijing.
var fixedNow = time.Date(2027, 3, 31, 2, 0, 0, 0, time.UTC)

func testOptions(sleeps *[]time.Duration) Options {
	now := fixedNow
	var mu sync.Mutex
	return Options{
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		Sleep: func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			if sleeps != nil {
				*sleeps = append(*sleeps, d)
			}
			now = now.Add(d)
			return nil
		},
	}
}

func digest(n int) *notify.Digest {
	d := &notify.Digest{Today: ledger.Date{Y: 2027, M: 3, D: 31}}
	for i := range n {
		st := []string{remind.StateOverdue, remind.StateDue, remind.StateUpcoming}[i%3]
		num := fmt.Sprintf("京ICP备%08d号-1", 10000000+i)
		d.Entries = append(d.Entries, notify.Entry{
			SiteName: fmt.Sprintf("示例网站%d", i),
			Item: &remind.Item{Kind: remind.KindStatusCheck, State: st, Site: num,
				Due: ledger.Date{Y: 2027, M: 3, D: 31}, DaysLeft: -(i % 5),
				Key:       fmt.Sprintf("status-check/site-%d/2027Q1", i),
				Subject:   "Quarterly filing status check: " + num,
				SubjectZH: "备案状态季度检查（2027年第一季度）：" + num + " 示例网站",
			},
		})
	}
	return d
}

// robotServer is a loopback robot that checks each request like the
// platform does and records the bodies.
type robotServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	reply  func(w http.ResponseWriter, r *http.Request, body []byte)
}

func newRobot(t *testing.T, reply func(w http.ResponseWriter, r *http.Request, body []byte)) *robotServer {
	rs := &robotServer{reply: reply}
	rs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
		rs.mu.Lock()
		rs.bodies = append(rs.bodies, body)
		rs.mu.Unlock()
		rs.reply(w, r, body)
	}))
	t.Cleanup(rs.Close)
	return rs
}

func hmacB64(key, msg string) string {
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func TestDingTalkSignedInURL(t *testing.T) {
	const secret = "SECabc+/=测试"
	var seen int
	rs := newRobot(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		seen++
		// The platform's check, written from notify.md, not from the sender.
		raw := r.URL.RawQuery
		var rawSign, ts string
		for _, kv := range strings.Split(raw, "&") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "sign":
				rawSign = v
			case "timestamp":
				ts = v
			}
		}
		ms, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || ms != fixedNow.UnixMilli() {
			t.Errorf("timestamp %q, want milliseconds %d", ts, fixedNow.UnixMilli())
		}
		sign, err := url.QueryUnescape(rawSign) // decoded exactly once
		if err != nil || sign != hmacB64(secret, ts+"\n"+secret) {
			t.Errorf("sign %q (raw %q) does not verify", sign, rawSign)
			fmt.Fprint(w, `{"errcode":310000,"errmsg":"sign not match"}`)
			return
		}
		if r.URL.Query().Get("access_token") != "tok123" {
			t.Errorf("access_token lost: %s", raw)
		}
		var msg struct {
			MsgType  string `json:"msgtype"`
			Markdown struct{ Title, Text string }
			At       struct {
				AtMobiles []string `json:"atMobiles"`
			}
		}
		if err := json.Unmarshal(body, &msg); err != nil || msg.MsgType != "markdown" || !strings.Contains(msg.Markdown.Text, "备案状态季度检查") {
			t.Errorf("body %s: %v", body, err)
		}
		if len(body) > DingTalkMaxBody {
			t.Errorf("body of %d bytes", len(body))
		}
		if len(msg.At.AtMobiles) != 1 || !strings.Contains(msg.Markdown.Text, "@13800138000") {
			t.Errorf("mention missing: %v", msg.At.AtMobiles)
		}
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
	})
	tg := Target{Config: notify.Config{Kind: notify.KindDingTalk, Label: "d", Mobiles: []string{"13800138000"}},
		Secret: notify.Secret{URL: rs.URL + "/robot/send?access_token=tok123", Sign: secret}}
	if err := notify.Validate(&tg.Config, tg.Secret); err != nil {
		t.Fatal(err)
	}
	d := digest(300)
	res := Send(context.Background(), tg, d, testOptions(nil))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.Parts < 2 || res.Posted != res.Parts || seen != res.Parts {
		t.Errorf("parts %d posted %d seen %d", res.Parts, res.Posted, seen)
	}
	if len(res.Keys) != 300 {
		t.Errorf("%d keys sent, want 300", len(res.Keys))
	}
	t.Logf("dingtalk: 300 items in %d parts, largest body %d bytes", res.Parts, res.Bytes)
}

func TestFeishuSignedInBody(t *testing.T) {
	const secret = "feishu-秘密"
	rs := newRobot(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		var msg struct {
			Timestamp any    `json:"timestamp"`
			Sign      string `json:"sign"`
			MsgType   string `json:"msg_type"`
			Content   struct{ Text string }
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			t.Fatal(err)
		}
		ts, ok := msg.Timestamp.(string)
		if !ok || ts != strconv.FormatInt(fixedNow.Unix(), 10) {
			t.Errorf("timestamp %#v, want the seconds as a string", msg.Timestamp)
		}
		if r.URL.RawQuery != "" {
			t.Errorf("query %q: 飞书 signs in the body", r.URL.RawQuery)
		}
		if msg.Sign != hmacB64(ts+"\n"+secret, "") {
			fmt.Fprint(w, `{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}`)
			return
		}
		if msg.MsgType != "text" || !strings.Contains(msg.Content.Text, "示例网站") || len(body) > FeishuMaxBody {
			t.Errorf("body of %d bytes: %.200s", len(body), body)
		}
		fmt.Fprint(w, `{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}`)
	})
	tg := Target{Config: notify.Config{Kind: notify.KindFeishu, Label: "f"},
		Secret: notify.Secret{URL: rs.URL + "/open-apis/bot/v2/hook/abc-def", Sign: secret}}
	if err := notify.Validate(&tg.Config, tg.Secret); err != nil {
		t.Fatal(err)
	}
	res := Send(context.Background(), tg, digest(200), testOptions(nil))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if len(res.Keys) != 200 || res.Parts < 2 {
		t.Errorf("keys %d parts %d", len(res.Keys), res.Parts)
	}
	t.Logf("feishu: 200 items in %d parts, largest body %d bytes", res.Parts, res.Bytes)

	// The wrong formula (钉钉's) is refused with the platform's text.
	tg.Secret.Sign = "other"
	rs.reply = func(w http.ResponseWriter, r *http.Request, body []byte) {
		fmt.Fprint(w, `{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}`)
	}
	res = Send(context.Background(), tg, digest(3), testOptions(nil))
	var e *Error
	if res.Err == nil || !asError(res.Err, &e) || e.Code != 19021 || len(res.Keys) != 0 {
		t.Fatalf("got %v", res.Err)
	}
	if msg := res.Err.Error(); !strings.Contains(msg, "sign match fail") || !strings.Contains(msg, "签名") || strings.Contains(msg, "abc-def") {
		t.Errorf("error text %q", msg)
	}
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}

func TestWeComSplitsUnderLimit(t *testing.T) {
	var mu sync.Mutex
	var contents []string
	rs := newRobot(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		if r.URL.Query().Get("key") != "k-123" {
			fmt.Fprint(w, `{"errcode":93000,"errmsg":"invalid webhook url"}`)
			return
		}
		var msg struct {
			MsgType  string `json:"msgtype"`
			Markdown struct{ Content string }
		}
		if err := json.Unmarshal(body, &msg); err != nil || msg.MsgType != "markdown" {
			t.Errorf("%s: %v", body, err)
		}
		if len(msg.Markdown.Content) > WeComMaxMarkdown {
			fmt.Fprintf(w, `{"errcode":40058,"errmsg":"markdown.content exceed max length %d"}`, WeComMaxMarkdown)
			return
		}
		mu.Lock()
		contents = append(contents, msg.Markdown.Content)
		mu.Unlock()
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
	})
	tg := Target{Config: notify.Config{Kind: notify.KindWeCom, Label: "w"},
		Secret: notify.Secret{URL: rs.URL + "/cgi-bin/webhook/send?key=k-123"}}
	if err := notify.Validate(&tg.Config, tg.Secret); err != nil {
		t.Fatal(err)
	}
	d := digest(1000)
	res := Send(context.Background(), tg, d, testOptions(nil))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	// 1,000 items do not fit in 5 parts of 4 KB: the last part summarises.
	if res.Parts != notify.DefaultMaxParts || len(res.Keys) != 1000 {
		t.Errorf("parts %d keys %d", res.Parts, len(res.Keys))
	}
	last := contents[len(contents)-1]
	if !strings.Contains(last, "未逐条列出") || !strings.Contains(contents[0], "（1/5）") {
		t.Errorf("last part: %s", last)
	}
	t.Logf("wecom: 1000 items in %d parts, largest content %d bytes", res.Parts, res.Bytes)

	// A bad key: the platform's errcode, nothing recorded as sent, and
	// the key is not in the error.
	tg.Secret.URL = rs.URL + "/cgi-bin/webhook/send?key=wrong-key"
	res = Send(context.Background(), tg, digest(2), testOptions(nil))
	if res.Err == nil || len(res.Keys) != 0 || !strings.Contains(res.Err.Error(), "invalid webhook url") || strings.Contains(res.Err.Error(), "wrong-key") {
		t.Fatalf("got %v, keys %v", res.Err, res.Keys)
	}
}

func TestHTTP200WithErrcodeFails(t *testing.T) {
	rs := newRobot(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		fmt.Fprint(w, `{"errcode":310000,"errmsg":"keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}`)
	})
	tg := Target{Config: notify.Config{Kind: notify.KindDingTalk, Label: "d"},
		Secret: notify.Secret{URL: rs.URL + "/robot/send?access_token=secret-token"}}
	res := Send(context.Background(), tg, digest(1), testOptions(nil))
	var e *Error
	if !asError(res.Err, &e) || e.Code != 310000 || e.Status != 200 || res.Posted != 0 {
		t.Fatalf("got %#v", res.Err)
	}
	if s := e.Error(); !strings.Contains(s, "keywords not in content") || strings.Contains(s, "secret-token") {
		t.Errorf("%s", s)
	}
	// Unreachable: the URL (and its token) stays out of the error.
	rs.Close()
	res = Send(context.Background(), tg, digest(1), testOptions(nil))
	if res.Err == nil || strings.Contains(res.Err.Error(), "secret-token") || !strings.Contains(res.Err.Error(), "无法连接") {
		t.Errorf("unreachable: %v", res.Err)
	}
}

func TestKeywordInEveryPart(t *testing.T) {
	var texts []string
	rs := newRobot(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		var msg struct{ Markdown struct{ Text string } }
		json.Unmarshal(body, &msg)
		texts = append(texts, msg.Markdown.Text)
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
	})
	tg := Target{Config: notify.Config{Kind: notify.KindDingTalk, Label: "d", Keyword: "值班告警"},
		Secret: notify.Secret{URL: rs.URL + "/robot/send?access_token=t"}}
	res := Send(context.Background(), tg, digest(400), testOptions(nil))
	if res.Err != nil || len(texts) < 2 {
		t.Fatal(res.Err, len(texts))
	}
	for i, s := range texts {
		if !strings.Contains(s, "值班告警") {
			t.Errorf("part %d lacks the keyword", i+1)
		}
	}
}

func TestPacingUnderRateLimit(t *testing.T) {
	rs := newRobot(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
	})
	tg := Target{Config: notify.Config{Kind: notify.KindWeCom, Label: "w", MaxParts: 45},
		Secret: notify.Secret{URL: rs.URL + "/cgi-bin/webhook/send?key=k"}}
	var sleeps []time.Duration
	o := testOptions(&sleeps)
	var sentAt []time.Time
	base := o.Now
	o.Now = func() time.Time { return base() }
	res := Send(context.Background(), tg, digest(1000), o)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	_ = sentAt
	if res.Parts != 45 {
		t.Fatalf("parts %d", res.Parts)
	}
	// 45 messages at ≤ 19 a minute: two waits of about a minute.
	var total time.Duration
	for _, d := range sleeps {
		total += d
	}
	if len(sleeps) != 2 || total < 2*time.Minute-time.Second {
		t.Errorf("sleeps %v", sleeps)
	}
}

func TestWebhookSigned(t *testing.T) {
	rs := newRobot(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		h := hmac.New(sha256.New, []byte("hook-secret"))
		h.Write(body)
		if got := r.Header.Get(WebhookSignatureHeader); got != fmt.Sprintf("sha256=%x", h.Sum(nil)) {
			w.WriteHeader(401)
			fmt.Fprint(w, "bad signature")
			return
		}
		w.WriteHeader(204)
	})
	tg := Target{Config: notify.Config{Kind: notify.KindWebhook, Label: "h"},
		Secret: notify.Secret{URL: rs.URL + "/hook", Sign: "hook-secret"}}
	if res := Send(context.Background(), tg, digest(3), testOptions(nil)); res.Err != nil || len(res.Keys) != 3 {
		t.Fatal(res.Err)
	}
	tg.Secret.Sign = "wrong"
	res := Send(context.Background(), tg, digest(3), testOptions(nil))
	if res.Err == nil || !strings.Contains(res.Err.Error(), "bad signature") || !strings.Contains(res.Err.Error(), "401") {
		t.Fatal(res.Err)
	}
}
