package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"beianledger/internal/sender"
	"beianledger/ledger"
	"beianledger/ledger/notify"
	"beianledger/ledger/remind"
)

// Environment variables that carry a channel's secrets, so that they stay
// out of the shell history and the process list.
const (
	envChannelSecret = "BEIANLEDGER_CHANNEL_SECRET" // SMTP password (授权码) or signing secret
	envChannelURL    = "BEIANLEDGER_CHANNEL_URL"    // webhook URL, if --url is not given
	envStateDir      = "BEIANLEDGER_STATE_DIR"      // where notify keeps what it sent
)

// channel is a stored channel, its config parsed.
type channel = notify.Stored

func channelsOf(st ledger.Store) ([]channel, error) { return notify.LoadChannels(st) }

func findChannel(chs []channel, label string) (channel, error) {
	var labels []string
	for _, ch := range chs {
		if ch.Config.Label == label || ch.ID == label {
			return ch, nil
		}
		labels = append(labels, ch.Config.Label)
	}
	if len(labels) == 0 {
		return channel{}, usagef("没有渠道 %q：尚未添加任何通知渠道（beianledger channel add） / no channel %q: none is set up yet (beianledger channel add)", label, label)
	}
	return channel{}, usagef("没有渠道 %q / no channel %q (channels: %s)", label, label, strings.Join(labels, ", "))
}

// target opens a channel's secret.
func target(st ledger.Store, ch channel) (sender.Target, error) {
	sec, err := notify.OpenSecret(st, ch)
	return sender.Target{Config: ch.Config, Secret: sec}, err
}

// ---- channel add | list | remove | test

func cmdChannelAdd(c *ctx) error {
	if err := c.only("label", "preset", "smtp-host", "smtp-port", "tls", "from", "smtp-user", "to", "to-contacts", "url", "mention", "keyword", "lang", "max-parts"); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("usage: channel add email|wecom|dingtalk|feishu|webhook --label L …")
	}
	cfg := notify.Config{Kind: c.args[0], Label: strings.TrimSpace(c.str("label")), Lang: c.str("lang"), Keyword: c.str("keyword"), MaxParts: c.num("max-parts")}
	var sec notify.Secret
	secret := c.env.Getenv(envChannelSecret)
	var hint [2]string
	if cfg.Kind == notify.KindEmail {
		if p := c.str("preset"); p != "" {
			pr, ok := notify.FindPreset(p)
			if !ok {
				var names []string
				for _, p := range notify.Presets {
					names = append(names, p.Name+" ("+p.Title+")")
				}
				return usagef("未知的预设 %q / unknown preset %q; one of: %s", p, p, strings.Join(names, ", "))
			}
			cfg.SMTPHost, cfg.SMTPPort, cfg.TLS = pr.Host, pr.Port, pr.TLS
			hint = [2]string{pr.HintZH, pr.HintEN}
		}
		if c.str("smtp-host") != "" {
			cfg.SMTPHost = c.str("smtp-host")
		}
		if c.set("smtp-port") {
			cfg.SMTPPort = c.num("smtp-port")
		}
		if c.str("tls") != "" {
			cfg.TLS = c.str("tls")
		}
		cfg.From, cfg.User, cfg.To = c.str("from"), c.str("smtp-user"), splitList(c.str("to"))
		cfg.ToRoles = splitList(c.str("to-contacts"))
		if slices.Contains(cfg.ToRoles, "all") {
			cfg.ToRoles = notify.ContactRoles
		}
		if cfg.User != "" && secret == "" {
			return usagef("SMTP 密码（授权码）请放在环境变量 %s 中 / put the SMTP password (authorisation code) in %s", envChannelSecret, envChannelSecret)
		}
		sec.Password = secret
		if pr, ok := notify.PresetFor(cfg.SMTPHost); ok && hint[0] == "" {
			hint = [2]string{pr.HintZH, pr.HintEN}
		}
	} else {
		if c.str("preset") != "" || c.str("smtp-host") != "" || c.str("to") != "" || c.str("from") != "" {
			return usagef("--preset, --smtp-host, --from and --to are for e-mail channels")
		}
		sec.URL = c.str("url")
		if sec.URL == "" {
			sec.URL = c.env.Getenv(envChannelURL)
		}
		sec.Sign = secret
		cfg.Mobiles = splitList(c.str("mention"))
	}
	if err := notify.Validate(&cfg, sec); err != nil {
		return usagef("%v", err)
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	if _, err := notify.AddChannel(v.Store(), cfg, sec); err != nil {
		if errors.Is(err, notify.ErrInvalid) {
			return usagef("%v", err)
		}
		return err
	}
	fmt.Fprintf(c.out(), "已添加渠道 %s（%s）/ added channel %s (%s)\n", cfg.Label, cfg.Kind, cfg.Label, cfg.Kind)
	if hint[0] != "" {
		fmt.Fprintf(c.out(), "提示：%s\nhint: %s\n", hint[0], hint[1])
	}
	fmt.Fprintf(c.out(), "发送测试消息 / send a test message: beianledger notify --test %q\n", cfg.Label)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == ' ' }) {
		out = append(out, strings.TrimSpace(f))
	}
	return out
}

// channelView is what `channel list --json` prints: never a secret.
type channelView struct {
	ID        string   `json:"id"`
	Label     string   `json:"label"`
	Kind      string   `json:"kind"`
	Where     string   `json:"where"`
	To        []string `json:"to,omitempty"`
	ToRoles   []string `json:"to_contacts,omitempty"`
	Mentions  []string `json:"mention_mobiles,omitempty"`
	Lang      string   `json:"lang"`
	HasSecret bool     `json:"has_secret"`
	Signed    bool     `json:"-"`
	UpdatedBy string   `json:"updated_by"`
}

func viewOf(ch channel) channelView {
	v := channelView{ID: ch.ID, Label: ch.Config.Label, Kind: ch.Config.Kind, To: ch.Config.To, ToRoles: ch.Config.ToRoles, Mentions: ch.Config.Mobiles, Lang: ch.Config.Lang, HasSecret: ch.HasSecret, UpdatedBy: ch.UpdatedBy}
	if ch.Config.Kind == notify.KindEmail {
		v.Where = fmt.Sprintf("%s:%d (%s)", ch.Config.SMTPHost, ch.Config.SMTPPort, ch.Config.TLS)
	} else {
		v.Where = ch.Config.Endpoint
	}
	return v
}

func cmdChannelList(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	chs, err := channelsOf(v.Store())
	if err != nil {
		return err
	}
	views := make([]channelView, 0, len(chs))
	for _, ch := range chs {
		views = append(views, viewOf(ch))
	}
	if c.json {
		return c.printJSON(views)
	}
	if len(views) == 0 {
		fmt.Fprintln(c.out(), "尚无通知渠道；用 beianledger channel add 添加 / no channels yet; add one with beianledger channel add")
		return nil
	}
	tw := newTable(c.out())
	fmt.Fprintln(tw, "名称 LABEL\t类型 KIND\t地址 WHERE\t收件人 TO")
	for _, w := range views {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", w.Label, w.Kind, w.Where, strings.Join(append(w.To, w.Mentions...), ","))
	}
	return tw.Flush()
}

func cmdChannelRemove(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("usage: channel remove LABEL")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	st := v.Store()
	chs, err := channelsOf(st)
	if err != nil {
		return err
	}
	ch, err := findChannel(chs, c.args[0])
	if err != nil {
		return err
	}
	if err := notify.RemoveChannel(st, ch.ID); err != nil {
		return err
	}
	// Forget what it was sent, so a channel added again starts afresh.
	if dir, err := stateDir(c.env.Getenv); err == nil {
		p := notify.StatePath(dir, v.UUID())
		if s, err := notify.LoadSent(p, v.UUID()); err == nil && s.Channels[ch.ID] != nil {
			s.Forget(ch.ID)
			if err := s.Save(p); err != nil {
				c.warnf("%v", err)
			}
		}
	}
	fmt.Fprintf(c.out(), "已删除渠道 %s / removed channel %s\n", ch.Config.Label, ch.Config.Label)
	return nil
}

func cmdChannelTest(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("usage: channel test LABEL")
	}
	*c.strs["test"] = c.args[0]
	c.args = nil
	return runNotify(c)
}

// ---- notify

// stateDir is where notify keeps what it sent: BEIANLEDGER_STATE_DIR, or
// $XDG_STATE_HOME/beianledger (~/.local/state/beianledger) on Linux and
// the user's config folder elsewhere (%AppData%\beianledger,
// ~/Library/Application Support/beianledger).
func stateDir(getenv func(string) string) (string, error) {
	if d := getenv(envStateDir); d != "" {
		return d, nil
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" {
		if d := getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, "beianledger"), nil
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".local", "state", "beianledger"), nil
		}
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no folder to keep the notification state in (set %s): %v", envStateDir, err)
	}
	return filepath.Join(d, "beianledger"), nil
}

// channelReport is one channel's outcome, as `notify --json` prints it.
type channelReport struct {
	Channel string            `json:"channel"`
	Kind    string            `json:"kind"`
	Test    bool              `json:"test,omitempty"`
	DryRun  bool              `json:"dry_run,omitempty"`
	Sent    []string          `json:"sent"`    // item keys sent this run
	Skipped int               `json:"skipped"` // items already sent in the same state
	Pending []string          `json:"pending"` // items that failed and go out next run
	Parts   int               `json:"parts"`
	Bytes   int               `json:"bytes"`
	Error   string            `json:"error,omitempty"`
	Log     []notify.LogEntry `json:"log"` // the channel's latest runs, newest last
}

func cmdNotify(c *ctx) error {
	if len(c.args) > 0 && c.args[0] == "channel" {
		// `notify channel add|list|remove|test …` = `channel …`.
		if len(c.args) < 2 {
			return usagef("usage: notify channel add|list|remove|test …")
		}
		sub, rest := c.args[1], c.args[2:]
		c.args = rest
		switch sub {
		case "add":
			return cmdChannelAdd(c)
		case "list":
			return cmdChannelList(c)
		case "remove", "rm":
			return cmdChannelRemove(c)
		case "test":
			return cmdChannelTest(c)
		}
		return usagef("unknown: notify channel %s", sub)
	}
	if c.flag("install-schedule") || c.flag("remove-schedule") {
		return cmdScheduleFromNotify(c)
	}
	return runNotify(c)
}

func runNotify(c *ctx) error {
	if err := c.only("at", "dry-run", "test", "channel", "scheduler-keyring"); err != nil {
		return err
	}
	if len(c.args) != 0 {
		return usagef("usage: notify [--at YYYY-MM-DD] [--dry-run] [--json] [--test LABEL] [--channel LABEL]")
	}
	today, err := c.dateOr("at", c.today())
	if err != nil {
		return err
	}
	dir, err := stateDir(c.env.Getenv)
	if err != nil {
		return err
	}
	// Read-only: a window holding the writer lock does not stop it, and
	// what was sent is kept outside the vault.
	v, err := c.open(true)
	if err != nil {
		return err
	}
	return c.notify(v.Store(), v.UUID(), dir, today)
}

// notify is `notify` once the vault is open (BenchmarkNotify measures it).
func (c *ctx) notify(st ledger.Store, uuid, dir string, today ledger.Date) error {
	chs, err := channelsOf(st)
	if err != nil {
		return err
	}
	only := c.str("test")
	if only == "" {
		only = c.str("channel")
	}
	if only != "" {
		ch, err := findChannel(chs, only)
		if err != nil {
			return err
		}
		chs = []channel{ch}
	}
	if len(chs) == 0 {
		return usagef("尚未添加通知渠道：beianledger channel add email|wecom|dingtalk|feishu|webhook … / no notification channel yet: beianledger channel add …")
	}
	in, items, err := remind.LoadDue(st, today, -1)
	if err != nil {
		return err
	}
	names := notify.SiteNames(in.Sites)
	if slices.ContainsFunc(chs, func(ch channel) bool { return len(ch.Config.ToRoles) > 0 }) {
		// The reminder load reads contacts without their addresses.
		if in.Contacts, err = st.Contacts(); err != nil {
			return err
		}
	}
	path := notify.StatePath(dir, uuid)
	sent, err := notify.LoadSent(path, uuid)
	if err != nil {
		return err
	}
	test := c.str("test") != ""
	dry := c.flag("dry-run")
	// Channels are independent: they send at once, each paced under its
	// own platform's limit. mu guards sent and the state file.
	reports := make([]channelReport, len(chs))
	errs := make([]error, len(chs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, ch := range chs {
		one := func() {
			rep := c.notifyChannel(&mu, st, ch, sent, &in, items, names, today, test, dry)
			mu.Lock()
			defer mu.Unlock()
			if !dry {
				// Saved after each channel: a crash later does not resend.
				errs[i] = sent.Save(path)
			}
			if cs := sent.Channels[ch.ID]; cs != nil {
				rep.Log = slices.Clone(cs.Log[max(0, len(cs.Log)-10):])
			}
			reports[i] = rep
		}
		if dry {
			one() // prints the messages: one channel after another
			continue
		}
		wg.Go(one)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	failed := 0
	for _, r := range reports {
		if r.Error != "" {
			failed++
		}
	}
	if c.json {
		if err := c.printJSON(reports); err != nil {
			return err
		}
	} else {
		for _, r := range reports {
			c.printReport(r)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d 个渠道发送失败，未发送的事项下次运行时重发 / %d channel(s) failed; their items stay pending for the next run", failed, failed)
	}
	return nil
}

func (c *ctx) notifyChannel(mu *sync.Mutex, st ledger.Store, ch channel, sent *notify.Sent, in *remind.Input, items []remind.Item, names map[string]string, today ledger.Date, test, dry bool) channelReport {
	rep := channelReport{Channel: ch.Config.Label, Kind: ch.Config.Kind, Test: test, DryRun: dry, Sent: []string{}, Pending: []string{}}
	mu.Lock()
	entries, skipped := sent.Select(ch.ID, items, names)
	mu.Unlock()
	rep.Skipped = skipped
	d := &notify.Digest{Today: today, Entries: entries, Test: test}
	if test {
		// A test goes the same way as a digest, with one sample item,
		// and is not recorded as sent.
		d = notify.TestDigest(today, items, names)
	}
	if len(d.Entries) == 0 {
		if !dry {
			mu.Lock()
			sent.Log(ch.ID, notify.LogEntry{At: c.env.Now(), Skipped: skipped})
			mu.Unlock()
		}
		return rep
	}
	t, err := target(st, ch)
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	// An e-mail channel that also addresses the ledger's contacts sends
	// one message per set of recipients; anything else, one digest.
	groups := []notify.Group{{To: ch.Config.To, Entries: d.Entries}}
	if ch.Config.Kind == notify.KindEmail {
		if g := notify.GroupByRecipients(ch.Config, d.Entries, in); len(g) > 0 || !test {
			groups = g
		}
	}
	if dry {
		for _, g := range groups {
			tg, dg := t, *d
			tg.Config.To, dg.Entries = g.To, g.Entries
			parts, sizes := sender.Preview(tg, &dg)
			rep.Parts += len(parts)
			for i, p := range parts {
				rep.Bytes = max(rep.Bytes, sizes[i])
				rep.Sent = append(rep.Sent, p.Keys...)
				if !c.json {
					fmt.Fprintf(c.out(), "==== %s (%s) %s %d/%d, %d bytes ====\n%s\n%s\n", ch.Config.Label, ch.Config.Kind, strings.Join(g.To, ","), i+1, len(parts), sizes[i], p.Title, p.Body)
				}
			}
		}
		return rep
	}
	// Signatures and pacing use the real clock, never BEIANLEDGER_TODAY:
	// the platforms refuse a timestamp more than an hour off.
	opts := sender.Options{}
	var res sender.Result
	for _, g := range groups {
		tg, dg := t, *d
		tg.Config.To, dg.Entries = g.To, g.Entries
		r := sender.Send(context.Background(), tg, &dg, opts)
		res.Posted += r.Posted
		res.Bytes = max(res.Bytes, r.Bytes)
		res.Keys = append(res.Keys, r.Keys...)
		if res.Err == nil {
			res.Err = r.Err
		}
	}
	rep.Parts, rep.Bytes = res.Posted, res.Bytes
	if n := len(d.Entries) - countEntries(groups); n > 0 && !test {
		c.warnf("%s: %d 项没有收件人（台账中没有相应角色、有邮箱的联系人），留待下次 / %d items have no recipient (no contact in those roles with an e-mail address); they stay pending", ch.Config.Label, n, n)
	}
	mu.Lock()
	defer mu.Unlock()
	if !test {
		rep.Sent = append(rep.Sent, res.Keys...)
		sent.Record(ch.ID, entries, res.Keys)
		done := make(map[string]bool, len(res.Keys))
		for _, k := range res.Keys {
			done[k] = true
		}
		for _, e := range entries {
			if !done[e.Item.Key] {
				rep.Pending = append(rep.Pending, e.Item.Key)
			}
		}
	}
	le := notify.LogEntry{At: c.env.Now(), Test: test, Sent: len(rep.Sent), Skipped: skipped, Parts: res.Posted, Bytes: res.Bytes}
	if res.Err != nil {
		rep.Error = res.Err.Error()
		le.Error = rep.Error
	}
	sent.Log(ch.ID, le)
	return rep
}

func (c *ctx) printReport(r channelReport) {
	w := c.out()
	switch {
	case r.Error != "":
		fmt.Fprintf(c.env.Stderr, "%s（%s）：失败 / failed: %s\n", r.Channel, r.Kind, r.Error)
		if len(r.Sent) > 0 {
			fmt.Fprintf(w, "%s（%s）：已发送 %d 项，%d 项待下次发送 / sent %d items, %d pending\n", r.Channel, r.Kind, len(r.Sent), len(r.Pending), len(r.Sent), len(r.Pending))
		}
	case r.Test:
		fmt.Fprintf(w, "%s（%s）：测试消息已发送 / test message sent (%d bytes)\n", r.Channel, r.Kind, r.Bytes)
	case r.DryRun:
		fmt.Fprintf(w, "%s（%s）：将发送 %d 项，共 %d 条消息；%d 项此前已发送 / would send %d items in %d messages; %d already sent\n",
			r.Channel, r.Kind, len(r.Sent), r.Parts, r.Skipped, len(r.Sent), r.Parts, r.Skipped)
	case len(r.Sent) == 0:
		fmt.Fprintf(w, "%s（%s）：没有新的或状态变化的事项；%d 项此前已发送 / nothing new; %d already sent\n", r.Channel, r.Kind, r.Skipped, r.Skipped)
	default:
		fmt.Fprintf(w, "%s（%s）：已发送 %d 项，共 %d 条消息；%d 项此前已发送 / sent %d items in %d messages; %d already sent\n",
			r.Channel, r.Kind, len(r.Sent), r.Parts, r.Skipped, len(r.Sent), r.Parts, r.Skipped)
	}
}

func countEntries(gs []notify.Group) int {
	n := 0
	for _, g := range gs {
		n += len(g.Entries)
	}
	return n
}

// AppendJSON writes the report as encoding/json would with HTML escaping
// off (TestChannelReportJSON): at 10,000 sites a first run's report lists
// some 50,000 item keys per channel, and reflection took tens of ms.
func (r *channelReport) AppendJSON(b []byte) []byte {
	str := remind.AppendJSONString
	strs := func(b []byte, ss []string) []byte {
		if ss == nil {
			return append(b, "null"...)
		}
		b = append(b, '[')
		for i, s := range ss {
			if i > 0 {
				b = append(b, ',')
			}
			b = str(b, s)
		}
		return append(b, ']')
	}
	b = str(append(b, `{"channel":`...), r.Channel)
	b = str(append(b, `,"kind":`...), r.Kind)
	if r.Test {
		b = append(b, `,"test":true`...)
	}
	if r.DryRun {
		b = append(b, `,"dry_run":true`...)
	}
	b = strs(append(b, `,"sent":`...), r.Sent)
	b = strconv.AppendInt(append(b, `,"skipped":`...), int64(r.Skipped), 10)
	b = strs(append(b, `,"pending":`...), r.Pending)
	b = strconv.AppendInt(append(b, `,"parts":`...), int64(r.Parts), 10)
	b = strconv.AppendInt(append(b, `,"bytes":`...), int64(r.Bytes), 10)
	if r.Error != "" {
		b = str(append(b, `,"error":`...), r.Error)
	}
	var log bytes.Buffer
	enc := json.NewEncoder(&log)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.Log); err != nil { // times and numbers: cannot fail
		log.Reset()
		log.WriteString("null")
	}
	b = append(append(b, `,"log":`...), bytes.TrimRight(log.Bytes(), "\n")...)
	return append(b, '}')
}
