package sender

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"beianledger/ledger/notify"
)

// Size limits, as each platform counts them.
const (
	DingTalkMaxBody  = 20000 // bytes of the JSON body (errcode 460101)
	FeishuMaxBody    = 20000 // the request body, "20 KB"
	WeComMaxMarkdown = 4096  // bytes of markdown.content (errcode 40058)
	WeComMaxText     = 2048  // bytes of text.content
	WebhookMaxBody   = 0     // no limit known: one message
	robotsPerMinute  = 20    // 钉钉 and 企业微信: 20 messages a minute per robot
	feishuPerMinute  = 100   // 飞书: 100 a minute and 5 a second
	feishuPerSecond  = 5
)

// platform is how one kind of robot is spoken to.
type platform struct {
	format notify.Format
	limit  int
	pace   func() *pacer
	// build returns the URL to post to and the JSON body of one message.
	build func(t *Target, title, text string, now time.Time) (string, []byte, error)
	// measure is the size the limit applies to.
	measure func(t *Target, title, text string) int
	// check reads the reply: nil when the platform accepted the message.
	check func(status int, body []byte) *Error
}

var platforms = map[string]platform{
	notify.KindDingTalk: {
		format:  notify.Markdown,
		limit:   DingTalkMaxBody,
		pace:    func() *pacer { return &pacer{limits: []limit{{robotsPerMinute - 1, time.Minute}}} },
		build:   dingTalkBuild,
		measure: bodySize(dingTalkBuild),
		check:   errcodeCheck(notify.KindDingTalk, dingTalkCodes),
	},
	notify.KindFeishu: {
		format: notify.Text,
		limit:  FeishuMaxBody,
		pace: func() *pacer {
			return &pacer{limits: []limit{{feishuPerMinute - 1, time.Minute}, {feishuPerSecond - 1, time.Second}}}
		},
		build:   feishuBuild,
		measure: bodySize(feishuBuild),
		check:   feishuCheck,
	},
	notify.KindWeCom: {
		format: notify.Markdown,
		limit:  WeComMaxMarkdown,
		pace:   func() *pacer { return &pacer{limits: []limit{{robotsPerMinute - 1, time.Minute}}} },
		build:  weComBuild,
		measure: func(t *Target, title, text string) int {
			return len(robotText(t, title, text))
		},
		check: errcodeCheck(notify.KindWeCom, weComCodes),
	},
	notify.KindWebhook: {
		format:  notify.Text,
		limit:   WebhookMaxBody,
		pace:    func() *pacer { return &pacer{limits: []limit{{robotsPerMinute - 1, time.Minute}}} },
		build:   webhookBuild,
		measure: bodySize(webhookBuild),
		check:   webhookCheck,
	},
}

// weComText is 企业微信 with @mentions: only its text messages carry
// mentioned_mobile_list, and they take 2,048 bytes.
var weComText = func() platform {
	p := platforms[notify.KindWeCom]
	p.format, p.limit = notify.Text, WeComMaxText
	return p
}()

func bodySize(build func(*Target, string, string, time.Time) (string, []byte, error)) func(*Target, string, string) int {
	return func(t *Target, title, text string) int {
		_, b, _ := build(t, title, text, time.Unix(1700000000, 0))
		return len(b)
	}
}

// robotParts packs a digest as the platform takes it.
func robotParts(p platform, t *Target, d *notify.Digest, maxParts int) (platform, []notify.Part, func(title, text string) int) {
	if t.Config.Kind == notify.KindWeCom && len(t.Config.Mobiles) > 0 {
		p = weComText
	}
	measure := func(title, text string) int { return p.measure(t, title, text) }
	return p, d.Pack(p.format, p.limit, maxParts, measure), measure
}

func sendRobot(ctx context.Context, p platform, t Target, d *notify.Digest, maxParts int, o Options) Result {
	p, parts, measure := robotParts(p, &t, d, maxParts)
	res := Result{Parts: len(parts)}
	pc := p.pace()
	client := o.http()
	for _, part := range parts {
		res.Bytes = max(res.Bytes, measure(part.Title, part.Body))
		if err := pc.wait(ctx, &o); err != nil {
			res.Err = &Error{Kind: t.Config.Kind, Err: err}
			return res
		}
		u, body, err := p.build(&t, part.Title, part.Body, o.now())
		if err != nil {
			res.Err = &Error{Kind: t.Config.Kind, Err: scrub(err)}
			return res
		}
		hdr := http.Header{}
		if t.Config.Kind == notify.KindWebhook && t.Secret.Sign != "" {
			hdr.Set(WebhookSignatureHeader, webhookSign(t.Secret.Sign, body))
		}
		if e := post(ctx, client, t.Config.Kind, u, hdr, body, p.check); e != nil {
			res.Err = e
			return res
		}
		res.Posted++
		res.Keys = append(res.Keys, part.Keys...)
	}
	return res
}

func post(ctx context.Context, client *http.Client, kind, u string, hdr http.Header, body []byte, check func(int, []byte) *Error) *Error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return &Error{Kind: kind, ZH: "Webhook 地址无效", EN: "the webhook URL is not valid", Err: scrub(err)}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "beianledger")
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return &Error{Kind: kind, ZH: "无法连接到服务器或超时，请检查网络和地址", EN: "could not reach the server or it timed out; check the network and the address", Err: scrub(err)}
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return &Error{Kind: kind, Status: resp.StatusCode, ZH: "读取服务器回复失败", EN: "reading the reply failed", Err: scrub(err)}
	}
	if e := check(resp.StatusCode, reply); e != nil {
		e.Kind = kind
		return e
	}
	return nil
}

// marshal encodes without escaping <, > and & (飞书's <at> tags, and
// shorter bodies).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// robotText is a message as one text: the title, then the body, then the
// @mentions 钉钉 needs in the text for atMobiles to show.
func robotText(t *Target, title, text string) string {
	var b strings.Builder
	switch {
	case t.Config.Kind == notify.KindDingTalk:
		b.WriteString("### " + title + "\n\n")
	case t.Config.Kind == notify.KindWeCom && len(t.Config.Mobiles) == 0:
		b.WriteString("## " + title + "\n\n")
	default:
		b.WriteString(title + "\n\n")
	}
	b.WriteString(text)
	if t.Config.Kind == notify.KindDingTalk && len(t.Config.Mobiles) > 0 {
		b.WriteString("\n")
		for _, m := range t.Config.Mobiles {
			b.WriteString("@" + m + " ")
		}
	}
	return b.String()
}

// ---- 钉钉

// DingTalkSign is 钉钉's 加签 signature: base64 of HMAC-SHA256 keyed by the
// secret over timestamp + "\n" + secret, timestamp in milliseconds. The
// caller URL-encodes it once.
func DingTalkSign(secret string, millis int64) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(strconv.FormatInt(millis, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func dingTalkBuild(t *Target, title, text string, now time.Time) (string, []byte, error) {
	u, err := url.Parse(t.Secret.URL)
	if err != nil {
		return "", nil, err
	}
	if t.Secret.Sign != "" {
		ms := now.UnixMilli()
		q := u.Query()
		q.Set("timestamp", strconv.FormatInt(ms, 10))
		q.Set("sign", DingTalkSign(t.Secret.Sign, ms)) // Encode escapes it, once
		u.RawQuery = q.Encode()
	}
	type at struct {
		AtMobiles []string `json:"atMobiles,omitempty"`
		IsAtAll   bool     `json:"isAtAll"`
	}
	type md struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	}
	body, err := marshal(struct {
		MsgType  string `json:"msgtype"`
		Markdown md     `json:"markdown"`
		At       at     `json:"at"`
	}{"markdown", md{title, robotText(t, title, text)}, at{AtMobiles: t.Config.Mobiles}})
	return u.String(), body, err
}

// ---- 飞书

// FeishuSign is 飞书's signature: base64 of HMAC-SHA256 keyed by
// timestamp + "\n" + secret over an empty message, timestamp in seconds.
func FeishuSign(secret string, seconds int64) string {
	h := hmac.New(sha256.New, []byte(strconv.FormatInt(seconds, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func feishuBuild(t *Target, title, text string, now time.Time) (string, []byte, error) {
	type content struct {
		Text string `json:"text"`
	}
	msg := struct {
		Timestamp string  `json:"timestamp,omitempty"`
		Sign      string  `json:"sign,omitempty"`
		MsgType   string  `json:"msg_type"`
		Content   content `json:"content"`
	}{MsgType: "text", Content: content{robotText(t, title, text)}}
	if t.Secret.Sign != "" {
		s := now.Unix()
		msg.Timestamp, msg.Sign = strconv.FormatInt(s, 10), FeishuSign(t.Secret.Sign, s)
	}
	body, err := marshal(msg)
	return t.Secret.URL, body, err
}

// ---- 企业微信

func weComBuild(t *Target, title, text string, _ time.Time) (string, []byte, error) {
	content := robotText(t, title, text)
	var v any
	if len(t.Config.Mobiles) > 0 {
		type txt struct {
			Content string   `json:"content"`
			Mobiles []string `json:"mentioned_mobile_list"`
		}
		v = struct {
			MsgType string `json:"msgtype"`
			Text    txt    `json:"text"`
		}{"text", txt{content, t.Config.Mobiles}}
	} else {
		type md struct {
			Content string `json:"content"`
		}
		v = struct {
			MsgType  string `json:"msgtype"`
			Markdown md     `json:"markdown"`
		}{"markdown", md{content}}
	}
	body, err := marshal(v)
	return t.Secret.URL, body, err
}

// ---- generic webhook

// WebhookSignatureHeader carries, when the channel has a signing secret,
// "sha256=" + hex(HMAC-SHA256(secret, body)).
const WebhookSignatureHeader = "X-Beianledger-Signature"

func webhookBuild(t *Target, title, text string, _ time.Time) (string, []byte, error) {
	body, err := marshal(struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	}{title, text})
	return t.Secret.URL, body, err
}

// webhookSign is the generic webhook's signature header value.
func webhookSign(secret string, body []byte) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write(body)
	return "sha256=" + hex.EncodeToString(h.Sum(nil))
}

func webhookCheck(status int, body []byte) *Error {
	if status >= 200 && status < 300 {
		return nil
	}
	return &Error{Status: status, PlatformMsg: firstLine(body), ZH: "Webhook 未接受消息", EN: "the webhook did not accept the message"}
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}
