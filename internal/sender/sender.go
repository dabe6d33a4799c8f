// Package sender delivers the digests of ledger/notify: e-mail over SMTP
// (STARTTLS or implicit TLS, through github.com/wneessen/go-mail) and
// posts to the group robots of 企业微信, 钉钉 and 飞书 and to generic JSON
// webhooks.
//
// # One path
//
// [Send] is the only way out, for a test message as for a real digest:
// the test cannot pass while real reminders fail.
//
// # Platforms
//
// Each robot has its own signature (钉钉: millisecond timestamp, HMAC
// keyed by the secret, signature in the URL; 飞书: second timestamp, HMAC
// keyed by timestamp+secret over nothing, signature in the body), size
// limit (measured as the platform measures it, the digest split to fit)
// and rate limit (sends paced under it). A reply of HTTP 200 with a
// non-zero errcode/code is a failure, reported with the platform's own
// text and a Chinese and English explanation. No error ever carries the
// webhook URL (its token is the robot's key) nor a password.
package sender

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"beianledger/ledger/notify"
)

// Target is a channel ready to send: its settings and its opened secret.
type Target struct {
	Config notify.Config
	Secret notify.Secret
}

// Options are the sender's outside world; tests set them.
type Options struct {
	// HTTP posts to robots (default: 15 s timeout, no redirects).
	HTTP *http.Client
	// TLS is the base TLS configuration for SMTP (tests add their CA).
	TLS *tls.Config
	// Now is the clock for signatures and pacing (default time.Now).
	Now func() time.Time
	// Sleep waits between messages to stay under a rate limit (default:
	// a timer that honours ctx).
	Sleep func(ctx context.Context, d time.Duration) error
	// SMTPTimeout bounds each SMTP conversation (default 30 s).
	SMTPTimeout time.Duration
}

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Options) sleep(ctx context.Context, d time.Duration) error {
	if o.Sleep != nil {
		return o.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (o *Options) http() *http.Client {
	if o.HTTP != nil {
		return o.HTTP
	}
	return &http.Client{
		Timeout: 15 * time.Second,
		// A robot answers where it is asked; a redirect could carry
		// the body elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Result is what one Send did.
type Result struct {
	// Parts is the number of messages the digest took; Posted how many
	// went out.
	Parts, Posted int
	// Bytes is the largest message as the platform counts it.
	Bytes int
	// Keys are the items of the messages that went out.
	Keys []string
	// Err is the first failure (an *Error); the parts after it were not
	// sent and their items stay pending.
	Err error
}

func prepare(t *Target, d *notify.Digest) (maxParts int) {
	if d.Lang == "" {
		d.Lang = t.Config.Lang
	}
	if d.Keyword == "" {
		d.Keyword = t.Config.Keyword
	}
	if t.Config.MaxParts > 0 {
		return t.Config.MaxParts
	}
	return notify.DefaultMaxParts
}

// Preview returns the messages Send would send, as plain text for e-mail
// and as the platform's format for robots, with the size each counts as.
func Preview(t Target, d *notify.Digest) (parts []notify.Part, sizes []int) {
	maxParts := prepare(&t, d)
	if t.Config.Kind == notify.KindEmail {
		parts = d.Pack(notify.Text, 0, 1, nil)
		return parts, []int{len(parts[0].Body)}
	}
	p, ok := platforms[t.Config.Kind]
	if !ok {
		return nil, nil
	}
	_, parts, measure := robotParts(p, &t, d, maxParts)
	for _, pt := range parts {
		sizes = append(sizes, measure(pt.Title, pt.Body))
	}
	return parts, sizes
}

// Send delivers the digest to one channel.
func Send(ctx context.Context, t Target, d *notify.Digest, o Options) Result {
	maxParts := prepare(&t, d)
	switch t.Config.Kind {
	case notify.KindEmail:
		return sendEmail(ctx, t, d, o)
	case notify.KindDingTalk, notify.KindFeishu, notify.KindWeCom, notify.KindWebhook:
		p, ok := platforms[t.Config.Kind]
		if !ok {
			break
		}
		return sendRobot(ctx, p, t, d, maxParts, o)
	}
	return Result{Err: &Error{Kind: t.Config.Kind, ZH: "未知的渠道类型", EN: "unknown channel kind"}}
}

// Error is a failed delivery. It never holds a URL or a secret.
type Error struct {
	Kind   string // channel kind
	Status int    // HTTP status, 0 if none
	Code   int    // the platform's errcode/code, 0 if none
	// PlatformMsg is the platform's own text, verbatim.
	PlatformMsg string
	// ZH and EN explain it and say what to do.
	ZH, EN string
	Err    error // the cause, scrubbed of URLs
}

var kindNames = map[string][2]string{
	notify.KindEmail:    {"邮件", "e-mail"},
	notify.KindWeCom:    {"企业微信", "WeCom"},
	notify.KindDingTalk: {"钉钉", "DingTalk"},
	notify.KindFeishu:   {"飞书", "Feishu"},
	notify.KindWebhook:  {"Webhook", "webhook"},
}

func (e *Error) Error() string {
	n := kindNames[e.Kind]
	if n[0] == "" {
		n = [2]string{e.Kind, e.Kind}
	}
	what := ""
	switch {
	case e.Code != 0:
		what = fmt.Sprintf(" %d", e.Code)
	case e.Status != 0:
		what = fmt.Sprintf(" HTTP %d", e.Status)
	}
	s := n[0] + "发送失败" + what
	if e.PlatformMsg != "" {
		s += "：" + e.PlatformMsg
	}
	if e.ZH != "" {
		s += "（" + e.ZH + "）"
	}
	s += " / " + n[1] + " send failed" + what
	if e.PlatformMsg != "" {
		s += ": " + e.PlatformMsg
	}
	if e.EN != "" {
		s += " (" + e.EN + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// scrub drops the URL that net/http puts in its errors: a webhook's
// query or path holds the robot's key.
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// pacer keeps sends under n per window for each of its limits.
type pacer struct {
	limits []limit
	sent   []time.Time
}

type limit struct {
	n      int
	window time.Duration
}

func (p *pacer) wait(ctx context.Context, o *Options) error {
	now := o.now()
	var d time.Duration
	for _, l := range p.limits {
		if len(p.sent) >= l.n {
			d = max(d, p.sent[len(p.sent)-l.n].Add(l.window).Sub(now))
		}
	}
	if d > 0 {
		if err := o.sleep(ctx, d); err != nil {
			return err
		}
		now = now.Add(d)
	}
	p.sent = append(p.sent, now)
	return nil
}
