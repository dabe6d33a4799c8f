package notify

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// Entry is one reminder as a digest shows it.
type Entry struct {
	// Item points into the list the digest was selected from, which is
	// not changed while the digest is in use: tens of thousands of items
	// are not copied once per channel.
	Item *remind.Item
	// SiteName is the site's name or first domain ("" for items of no site).
	SiteName string
	// Was is the state the channel was last told, "" for a new item.
	Was string

	mark string // markKey(Item.Key), set by Sent.Select
}

// Digest is what one run sends to one channel.
type Digest struct {
	Today   ledger.Date
	Lang    string
	Keyword string // a robot's keyword, put in every message
	Entries []Entry
	// Test marks a test message: it goes through the same path as a real
	// digest, says that it is a test and is never recorded as sent.
	Test bool
}

// Format is how a message body is written.
type Format int

// Formats of a message body.
const (
	Text     Format = iota // plain text
	Markdown               // the Markdown subset 钉钉 and 企业微信 render
	HTML                   // simple HTML for e-mail
)

// stateName names a state in language l (0 Chinese, 1 English).
func stateName(state string, l int) string { return remind.StateLabel(state, l == 0) }

var nextSteps = map[string][2]string{
	remind.KindStatusCheck: {"登录接入商备案系统或工信部备案管理系统核对备案信息，并在台账中记录本季度核查（beianledger check）。",
		"Check the filing in the access provider's filing system or beian.miit.gov.cn, then log this quarter's check (beianledger check)."},
	remind.KindRotation: {"在对应系统中更换密码，并在台账中记录（beianledger rotate）。",
		"Change the password in that system and record it in the ledger (beianledger rotate)."},
	remind.KindOffboardingRotation: {"立即更换该密码：已移除的人员可能仍知道它。",
		"Change this password now: someone who was removed may still know it."},
	remind.KindContactChange: {"通过接入商提交备案信息变更，替换已离职的负责人，并更新台账中的联系人。",
		"File a change through the access provider to replace the person who left, and update the contacts in the ledger."},
	remind.KindPSBFiling: {"在全国互联网安全管理服务平台（beian.mps.gov.cn）办理公安联网备案，并把公安备案号记入台账。",
		"File with the public security bureau at beian.mps.gov.cn and record the 公安备案 number in the ledger."},
	remind.KindLicenceReport: {"登录电信业务市场综合管理信息系统（tsm.miit.gov.cn）报送经营许可证年报。",
		"Submit the licence's annual report at tsm.miit.gov.cn."},
	remind.KindLicenceRenewal: {"在 tsm.miit.gov.cn 申请经营许可证续期，并更新台账中的有效期。",
		"Apply for the licence renewal at tsm.miit.gov.cn and update its expiry in the ledger."},
	remind.KindDomainExpiry: {"在域名注册商处为域名续费：域名过期会导致备案被注销。",
		"Renew the domain with its registrar: an expired domain gets the filing cancelled."},
	remind.KindSSLExpiry: {"续签或更换 SSL 证书并部署，然后更新台账中的到期日。",
		"Renew or replace the certificate, deploy it, and update its expiry in the ledger."},
	remind.KindProvincialReview: {"在通信管理局年审期内按要求提交年审材料。",
		"Submit the review materials within the provincial communications administration's window."},
	remind.KindAccessDrill: {"请该备用联系人在自己的电脑上用身份文件解锁一次桌面程序（或运行 beianledger access drill），证明其访问途径仍能打开保险库。",
		"Have the backup contact unlock the desktop app once with their identity file on their own computer (or run beianledger access drill), to prove their way in still opens the vault."},
	remind.KindKitStale: {"重新制作应急资料包（beianledger letter emergency-kit），打印后与恢复密钥一起锁好，销毁旧的纸质版。",
		"Make the emergency kit again (beianledger letter emergency-kit), print it, lock it away with the recovery key and destroy the old copy."},
}

func (d *Digest) langs() []int {
	switch d.Lang {
	case LangEN:
		return []int{1}
	case LangBoth:
		return []int{0, 1}
	}
	return []int{0}
}

// Counts returns how many entries are overdue, due and upcoming.
func (d *Digest) Counts() (overdue, due, upcoming int) {
	for i := range d.Entries {
		switch d.Entries[i].Item.State {
		case remind.StateOverdue:
			overdue++
		case remind.StateDue:
			due++
		default:
			upcoming++
		}
	}
	return
}

// Title is the digest's subject line (without a part number).
func (d *Digest) Title() string {
	o, du, u := d.Counts()
	var parts []string
	for _, l := range d.langs() {
		var t string
		if l == 0 {
			t = fmt.Sprintf("备案台账提醒：%d 项逾期，%d 项到期，%d 项即将到期", o, du, u)
			if d.Test {
				t = "备案台账：测试消息"
			}
		} else {
			t = fmt.Sprintf("Beian Ledger: %d overdue, %d due, %d upcoming", o, du, u)
			if d.Test {
				t = "Beian Ledger: test message"
			}
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " / ")
}

// intro is the first paragraph of every part.
func (d *Digest) intro(f Format) string {
	var b strings.Builder
	for _, l := range d.langs() {
		var t string
		if l == 0 {
			t = "截至 " + d.Today.Chinese() + "，以下备案事项需要处理（只列出新出现或状态有变化的事项）。"
			if d.Test {
				t = "这是一条测试消息，与真实提醒走同一条发送路径。收到即表示此渠道配置正确。下面是一条示例事项。"
			}
		} else {
			t = "As of " + d.Today.String() + ", these filing matters need attention (new or changed items only)."
			if d.Test {
				t = "This is a test message, sent the same way as real reminders: if it arrived, this channel works. A sample item follows."
			}
		}
		b.WriteString(para(f, t))
	}
	if d.Keyword != "" && !strings.Contains(d.Title(), d.Keyword) {
		b.WriteString(para(f, d.Keyword))
	}
	return b.String()
}

func para(f Format, s string) string {
	switch f {
	case HTML:
		return "<p>" + html.EscapeString(s) + "</p>\n"
	case Markdown:
		return s + "\n\n"
	}
	return s + "\n\n"
}

// EntryText writes one entry.
func (d *Digest) EntryText(e *Entry, f Format) string {
	it := e.Item
	var b strings.Builder
	lines := make([]string, 0, 8)
	for _, l := range d.langs() {
		state := stateName(it.State, l)
		subject := it.SubjectZH
		if l == 1 || subject == "" {
			subject = it.Subject
		}
		head := "【" + state + "】" + subject
		if l == 1 {
			head = "[" + strings.ToUpper(state) + "] " + subject
		}
		lines = append(lines, head)
		if it.Site != "" && !strings.Contains(subject, it.Site) {
			if l == 0 {
				lines = append(lines, "网站："+joinNonEmpty("，", e.SiteName, "备案号 "+it.Site))
			} else {
				lines = append(lines, "Site: "+joinNonEmpty(", ", e.SiteName, "filing "+it.Site))
			}
		}
		lines = append(lines, dueLine(it, l))
		if e.Was != "" && e.Was != it.State {
			if l == 0 {
				lines = append(lines, "状态变化："+stateName(e.Was, 0)+" → "+state)
			} else {
				lines = append(lines, "Changed: "+stateName(e.Was, 1)+" → "+state)
			}
		}
		if step, ok := nextSteps[it.Kind]; ok {
			if l == 0 {
				lines = append(lines, "下一步："+step[0])
			} else {
				lines = append(lines, "Next: "+step[1])
			}
		}
	}
	switch f {
	case HTML:
		b.WriteString("<li><b>" + html.EscapeString(lines[0]) + "</b>")
		for _, s := range lines[1:] {
			b.WriteString("<br>" + html.EscapeString(s))
		}
		b.WriteString("</li>\n")
	case Markdown:
		b.WriteString("**" + lines[0] + "**  \n")
		for _, s := range lines[1:] {
			b.WriteString(s + "  \n")
		}
		b.WriteString("\n")
	default:
		for _, s := range lines {
			b.WriteString(s + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func dueLine(it *remind.Item, l int) string {
	n := it.DaysLeft
	if l == 0 {
		s := "截止：" + it.Due.Chinese()
		switch {
		case n < 0:
			s += "（已逾期 " + strconv.Itoa(-n) + " 天）"
		case n == 0:
			s += "（今天截止）"
		default:
			s += "（还有 " + strconv.Itoa(n) + " 天）"
		}
		return s
	}
	s := "Due: " + it.Due.String()
	switch {
	case n < 0:
		s += fmt.Sprintf(" (%d days overdue)", -n)
	case n == 0:
		s += " (today)"
	default:
		s += fmt.Sprintf(" (in %d days)", n)
	}
	return s
}

func joinNonEmpty(sep string, s ...string) string {
	out := s[:0:0]
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, sep)
}

// summary says how many entries a capped digest left out: those from i
// on, counted with the suffix sums of rest.
func (d *Digest) summary(rest *restCounts, i int, f Format) string {
	n, o, du, u := len(d.Entries)-i, rest.o[i], rest.d[i], rest.u[i]
	var b strings.Builder
	for _, l := range d.langs() {
		if l == 0 {
			b.WriteString(para(f, fmt.Sprintf("另有 %d 项未逐条列出（逾期 %d，到期 %d，即将到期 %d）：请运行 beianledger due 或打开备案台账查看全部。", n, o, du, u)))
		} else {
			b.WriteString(para(f, fmt.Sprintf("%d more items not listed (%d overdue, %d due, %d upcoming): run beianledger due or open Beian Ledger to see them all.", n, o, du, u)))
		}
	}
	return b.String()
}

// restCounts are, for each i, how many of the entries from i on are
// overdue, due and upcoming: a summary is then written in constant time
// (a digest at 10,000 sites has tens of thousands of entries).
type restCounts struct{ o, d, u []int }

func countRest(es []Entry) *restCounts {
	n := len(es)
	r := &restCounts{make([]int, n+1), make([]int, n+1), make([]int, n+1)}
	for i := n - 1; i >= 0; i-- {
		r.o[i], r.d[i], r.u[i] = r.o[i+1], r.d[i+1], r.u[i+1]
		switch es[i].Item.State {
		case remind.StateOverdue:
			r.o[i]++
		case remind.StateDue:
			r.d[i]++
		default:
			r.u[i]++
		}
	}
	return r
}

// MaxListed is how many entries a message without a size limit (an
// e-mail) lists one by one; the rest are summarised.
const MaxListed = 300

// Part is one message of a digest.
type Part struct {
	Title string
	Body  string
	// Keys are the items the part lists or summarises.
	Keys []string
}

// Measure returns the size a platform counts for a message (its JSON body,
// or the content alone).
type Measure func(title, body string) int

// Pack writes the digest in f and splits it into numbered parts that each
// measure at most limit (limit ≤ 0: one part listing at most MaxListed
// entries). With more than maxParts
// parts needed, the last part ends with a summary of the entries left
// out. An entry that alone exceeds the limit is cut, visibly.
func (d *Digest) Pack(f Format, limit, maxParts int, measure Measure) []Part {
	if maxParts <= 0 {
		maxParts = DefaultMaxParts
	}
	title := d.Title()
	intro := d.intro(f)
	wrap := func(body string) string {
		if f == HTML {
			return "<html><body>\n" + intro + "<ol>\n" + body + "</ol>\n" + d.footer(f) + "</body></html>\n"
		}
		return intro + body + d.footer(f)
	}
	numbered := func(i, n int) string {
		if n <= 1 {
			return title
		}
		return fmt.Sprintf("%s（%d/%d）", title, i, n)
	}
	fits := func(body string) bool {
		// Reserve room for the widest part number.
		return limit <= 0 || measure(title+"（99/99）", wrap(body)) <= limit
	}
	n := len(d.Entries)
	// Entries are written only when a part may take them: most of a huge
	// digest is summarised, never written.
	text := func(i int) string { return d.EntryText(&d.Entries[i], f) }
	rest := countRest(d.Entries)
	var parts []Part
	i := 0
	for i < n || len(parts) == 0 {
		last := len(parts) == maxParts-1
		var body strings.Builder
		var keys []string
		if limit <= 0 {
			// No size limit (e-mail): list the first MaxListed entries,
			// summarise the rest.
			last = true
			for ; i < n && i < MaxListed; i++ {
				body.WriteString(text(i))
				keys = append(keys, d.Entries[i].Item.Key)
			}
		}
		for i < n && limit > 0 {
			t := text(i)
			next := body.String() + t
			if last && i+1 < n {
				// The last allowed part must keep room for the summary.
				next += d.summary(rest, i+1, f)
			}
			if !fits(next) {
				break
			}
			body.WriteString(t)
			keys = append(keys, d.Entries[i].Item.Key)
			i++
		}
		if len(keys) == 0 && i < n && (!last || i+1 == n) {
			// One entry alone is too big: cut it.
			body.WriteString(cutToFit(text(i), fits))
			keys = append(keys, d.Entries[i].Item.Key)
			i++
		}
		if last && i < n {
			body.WriteString(d.summary(rest, i, f))
			for ; i < n; i++ {
				keys = append(keys, d.Entries[i].Item.Key)
			}
		}
		parts = append(parts, Part{Body: wrap(body.String()), Keys: keys})
	}
	for k := range parts {
		parts[k].Title = numbered(k+1, len(parts))
	}
	return parts
}

// footer closes every part.
func (d *Digest) footer(f Format) string {
	var b strings.Builder
	for _, l := range d.langs() {
		if l == 0 {
			b.WriteString(para(f, "——备案台账（此消息不含任何密码；处理后在台账中标记完成，同一事项不会重复提醒）"))
		} else {
			b.WriteString(para(f, "— Beian Ledger (this message holds no password; mark items done in the ledger; an item is not sent twice)"))
		}
	}
	return b.String()
}

// cutToFit shortens s, on a character boundary, until fits accepts it.
func cutToFit(s string, fits func(string) bool) string {
	const mark = "…\n\n"
	var cuts []int // where each character starts
	for i := range s {
		cuts = append(cuts, i)
	}
	lo, hi := 0, len(cuts)-1 // the longest prefix that fits ends at cuts[lo]
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(s[:cuts[mid]] + mark) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if len(cuts) == 0 {
		return mark
	}
	return s[:cuts[lo]] + mark
}
