package remind

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// Fixed leads of the rules (domain.md §6).
const (
	contactChangeDays = 30  // a filing change is filed 30 days ahead (33号令 Art. 14)
	contactNoticeDays = 365 // a leaving date up to a year ahead shows at once
	offboardingDays   = 30  // an offboarding item shows 30 days before the leaving day
	psbDays           = 30  // 公安联网备案 within 30 days of going live
	psbDisplayDays    = 30  // the 公安 number and icon on the site within 30 days of approval
	psbDisplayKeep    = 60  // days a missed psb-display item stays overdue
	renewalLeadDays   = 90  // apply for ICP licence renewal at least 90 days before expiry
	renewalNoticeDays = 180 // and start reminding about 180 days before
	defaultRotation   = 3   // months (about 90 days), when no house default is set
)

// ---- quarterly status checks ----

// quarter is a calendar quarter, q in 1..4.
type quarter struct{ y, q int }

func quarterOf(d ledger.Date) quarter { return quarter{d.Y, (int(d.M)-1)/3 + 1} }

func (q quarter) start() ledger.Date { return ledger.Date{Y: q.y, M: time.Month(3*q.q - 2), D: 1} }

func (q quarter) end() ledger.Date {
	m := time.Month(3 * q.q)
	return ledger.Date{Y: q.y, M: m, D: daysIn(q.y, m)}
}

func (q quarter) next() quarter {
	if q.q == 4 {
		return quarter{q.y + 1, 1}
	}
	return quarter{q.y, q.q + 1}
}

func (q quarter) prev() quarter {
	if q.q == 1 {
		return quarter{q.y - 1, 4}
	}
	return quarter{q.y, q.q - 1}
}

// quarterText holds the texts of a quarter, the same for every site.
type quarterText struct{ key, label, labelZH, window, windowZH string }

func (g *gen) quarterText(q quarter) *quarterText {
	if t := g.quarters[q]; t != nil {
		return t
	}
	y, n := strconv.Itoa(q.y), strconv.Itoa(q.q)
	t := &quarterText{key: y + "Q" + n, label: "Q" + n + " " + y, labelZH: y + "年第" + n + "季度"}
	t.window = t.label + " (" + g.ds(q.start()) + " to " + g.ds(q.end()) + ")"
	t.windowZH = t.labelZH + "（" + g.zh(q.start()) + "至" + g.zh(q.end()) + "）"
	if g.quarters == nil {
		g.quarters = map[quarter]*quarterText{}
	}
	g.quarters[q] = t
	return t
}

// What a status check's Why says.
const (
	whyEvery = iota // calendar: the recurring check
	whyMissed
	whyNow
	whyNext
)

// maxLoop bounds every occurrence loop, whatever horizon is asked for.
const maxLoop = 1200

func (g *gen) statusChecks() {
	counted := make(map[string][]ledger.Date, len(g.in.Sites))
	future := map[string]ledger.Date{} // latest check dated after today, per site
	for i := range g.in.Checks {
		c := &g.in.Checks[i]
		d := norm(c.Date)
		if c.Deleted || c.SiteID == "" || d.IsZero() {
			continue
		}
		if g.today.Before(d) {
			if future[c.SiteID].Before(d) {
				future[c.SiteID] = d
			}
			continue
		}
		counted[c.SiteID] = append(counted[c.SiteID], d)
	}
	for i := range g.in.Sites {
		s := &g.in.Sites[i]
		if !live(s) || s.ID == "" {
			continue
		}
		g.siteChecks(s, counted[s.ID], future[s.ID])
	}
}

func (g *gen) siteChecks(s *ledger.SiteRow, checks []ledger.Date, future ledger.Date) {
	var last0 ledger.Date // latest logged check, for Why
	for _, d := range checks {
		if last0.Before(d) {
			last0 = d
		}
	}
	if lc := norm(s.LastChecked); !lc.IsZero() {
		if g.today.Before(lc) {
			if future.Before(lc) {
				future = lc
			}
		} else {
			checks = append(checks[:len(checks):len(checks)], lc)
			if last0.Before(lc) {
				last0 = lc
			}
		}
	}
	filed := norm(s.FirstFiled)
	if !filed.IsZero() {
		// A new filing is a known state: it counts as its quarter's check.
		checks = append(checks[:len(checks):len(checks)], filed)
	}
	begin := filed
	if begin.IsZero() {
		begin = createdOn(s.Meta)
	}
	owed := func(q quarter) bool { return begin.IsZero() || !q.end().Before(begin) }
	checkedIn := func(from, to ledger.Date) bool {
		for _, d := range checks {
			if !d.Before(from) && !to.Before(d) {
				return true
			}
		}
		return false
	}
	// Texts are built only for the items that are kept; the tail of Why
	// and WhyZH once per site.
	tail, tailZH := "", ""
	why := func(q *quarterText, what int) (string, string) {
		if tail == "" {
			tail, tailZH = "; no check is logged yet", "；尚未记录过检查"
			if !last0.IsZero() {
				tail, tailZH = "; last check "+g.ds(last0), "；上次检查于"+g.zh(last0)
			}
			if !future.IsZero() {
				tail += "; a check dated " + g.ds(future) + " is after today and was not counted"
				tailZH += "；另有一条" + g.zh(future) + "的检查记录晚于今天，未计入"
			}
		}
		switch what {
		case whyMissed:
			return "no status check was logged in " + q.window + " or since" + tail,
				q.windowZH + "及之后都没有记录备案状态检查" + tailZH + "。"
		case whyNow:
			return "quarterly status check (house policy) for " + q.window + tail,
				"按内部规定每季度检查一次备案状态，本季度为" + q.windowZH + tailZH + "。"
		case whyNext:
			return "next quarterly status check (house policy) for " + q.window + tail,
				"下一次季度备案状态检查（内部规定）：" + q.windowZH + tailZH + "。"
		}
		return "quarterly status check (house policy) every quarter" + tail,
			"按内部规定每季度检查一次备案状态" + tailZH + "。"
	}
	mk := func(q quarter, what int) {
		start, due := q.start(), q.end()
		if !g.open(start, due) {
			return
		}
		qt := g.quarterText(q)
		key := "status-check/" + s.ID + "/" + qt.key
		if g.hidden(key) {
			return
		}
		it := siteItem(s)
		it.Kind, it.Key, it.Start, it.Due = KindStatusCheck, key, start, due
		it.Basis, it.Source = BasisHouse, srcCheck
		label := g.siteLabel(s)
		if g.cal {
			it.Subject = "Quarterly status check: " + label
			it.SubjectZH = "备案状态季度检查：" + label
		} else {
			it.Subject = "Quarterly status check " + qt.label + ": " + label
			it.SubjectZH = "备案状态季度检查（" + qt.labelZH + "）：" + label
		}
		it.Why, it.WhyZH = why(qt, what)
		g.emit(it)
	}

	cur := quarterOf(g.today)
	if g.cal {
		q := cur
		for n := 0; n < maxLoop && !g.hi.Before(q.end()); n++ {
			if owed(q) && !checkedIn(q.start(), q.end()) {
				mk(q, whyEvery)
			}
			q = q.next()
		}
		return
	}
	// The most recent missed quarter only; a late check clears it.
	if p := cur.prev(); owed(p) && !checkedIn(p.start(), g.today) {
		mk(p, whyMissed)
	}
	if owed(cur) && !checkedIn(cur.start(), cur.end()) {
		mk(cur, whyNow)
	}
	q := cur.next()
	for n := 0; n < maxLoop && !g.hi.Before(q.start()); n++ {
		if owed(q) && !checkedIn(q.start(), q.end()) {
			mk(q, whyNext)
		}
		q = q.next()
	}
}

// ---- credential rotation ----

// interval returns a usable rotation interval and, if the credential's
// own was not usable, why in English and in Chinese. def is the house
// default (Input.RotationMonths, already made usable).
func interval(n, def int) (int, string, string) {
	d := strconv.Itoa(def)
	switch {
	case n >= 1 && n <= 24:
		return n, "", ""
	case n == 0:
		return def, "no rotation interval is set, so the house default of " + d + " months is used",
			"未设置轮换周期，按内部规定的默认周期" + d + "个月计算"
	default:
		return def, "the rotation interval of " + strconv.Itoa(n) + " months is outside 1–24, so the house default of " + d + " months is used",
			"轮换周期" + strconv.Itoa(n) + "个月不在1–24个月之内，按内部规定的默认周期" + d + "个月计算"
	}
}

// houseRotation is the house default rotation interval in months:
// in.RotationMonths when it is 1–24, else 3 (about 90 days).
func houseRotation(in *Input) int {
	if in.RotationMonths >= 1 && in.RotationMonths <= 24 {
		return in.RotationMonths
	}
	return defaultRotation
}

func (g *gen) rotations() {
	def := houseRotation(g.in)
	for i := range g.in.Credentials {
		c := &g.in.Credentials[i]
		if c.Deleted || c.ID == "" || c.System == ledger.SystemMIITLegacy {
			// The MIIT filing password was abolished in August 2020:
			// there is nothing to rotate.
			continue
		}
		last := norm(c.LastRotated)
		if c.RotateNow {
			key := "offboarding-rotation/" + c.ID + "/" + cmpOr(g.ds(last), "never")
			if g.open(g.today, g.today) && !g.hidden(key) {
				it := g.credItem(c, key, KindOffboardingRotation, g.today)
				it.Basis, it.Source = BasisHouse, srcOffRot
				it.Why = "someone who could read this secret was removed from the vault; house policy: change it now (" + rotatedText(last) + ")"
				it.WhyZH = "能看到此密码的人已被取消台账的访问权限，按内部规定应立即更换（" + rotatedTextZH(last) + "）。"
				if r := g.in.RemovedReaders[c.ID]; len(r.Labels) > 0 {
					on, onZH := "", ""
					if !r.On.IsZero() {
						on, onZH = " on "+g.ds(r.On), "于"+g.zh(r.On)
					}
					it.Why = strings.Join(r.Labels, ", ") + ", who could read this secret, " + map[bool]string{true: "was", false: "were"}[len(r.Labels) == 1] +
						" removed from the vault" + on + "; house policy: change it now (" + rotatedText(last) + ")"
					it.WhyZH = "能看到此密码的" + strings.Join(r.Labels, "、") + onZH + "被取消台账的访问权限，按内部规定应立即更换（" + rotatedTextZH(last) + "）。"
				}
				g.emit(it)
			}
			continue
		}
		months, note, noteZH := interval(c.RotationMonths, def)
		every := func() string {
			t := "every " + strconv.Itoa(months) + " months by house policy"
			if months == 1 {
				t = "every month by house policy"
			}
			if note != "" {
				t += " (" + note + ")"
			}
			return t
		}
		everyZH := func() string {
			t := "按内部规定每" + strconv.Itoa(months) + "个月更换一次"
			if months == 1 {
				t = "按内部规定每月更换一次"
			}
			if noteZH != "" {
				t += "（" + noteZH + "）"
			}
			return t
		}
		emit := func(it Item) {
			it.Basis, it.Source = BasisHouse, srcRotate
			g.emit(it)
		}
		switch {
		case last.IsZero():
			key := "rotation/" + c.ID + "/never"
			if g.open(g.today, g.today) && !g.hidden(key) {
				it := g.credItem(c, key, KindRotation, g.today)
				it.Why = "never rotated (no last-rotated date is recorded): rotate now, then " + every()
				it.WhyZH = "从未更换过（没有记录上次更换日期）：请立即更换，此后" + everyZH() + "。"
				emit(it)
			}
		case g.today.Before(last):
			key := "rotation/" + c.ID + "/invalid-" + g.ds(last)
			if g.open(g.today, g.today) && !g.hidden(key) {
				it := g.credItem(c, key, KindRotation, g.today)
				it.Why = "the last-rotated date " + g.ds(last) + " is after today: correct it or rotate now; " + every()
				it.WhyZH = "记录的上次更换日期" + g.zh(last) + "晚于今天：请更正该日期或立即更换；此后" + everyZH() + "。"
				emit(it)
			}
		default:
			// In the calendar every occurrence last+k·months in range,
			// counted from last each time so that the 31st does not
			// drift to the 28th; otherwise only the next one.
			k, n := 1, 1
			if g.cal {
				el := (g.today.Y-last.Y)*12 + int(g.today.M) - int(last.M)
				k, n = max(1, el/months-1), maxLoop
			}
			for ; n > 0; n, k = n-1, k+1 {
				due := last.AddMonths(k * months)
				if g.cal && g.hi.Before(due) {
					break
				}
				if !g.open(due, due) {
					continue
				}
				key := "rotation/" + c.ID + "/" + g.ds(due)
				if g.hidden(key) {
					continue
				}
				it := g.credItem(c, key, KindRotation, due)
				it.Why = "last rotated " + g.ds(last) + ", " + every()
				it.WhyZH = "上次更换于" + g.zh(last) + "，" + everyZH() + "。"
				emit(it)
			}
		}
	}
}

func rotatedText(last ledger.Date) string {
	if last.IsZero() {
		return "never rotated"
	}
	return "last rotated " + ds(last)
}

// rotatedTextZH is rotatedText in Chinese.
func rotatedTextZH(last ledger.Date) string {
	if last.IsZero() {
		return "从未更换过"
	}
	return "上次更换于" + zh(last)
}

// credItem starts a rotation item due on day.
func (g *gen) credItem(c *ledger.Credential, key, kind string, day ledger.Date) Item {
	it := Item{Kind: kind, Key: key, Start: day, Due: day, CredentialID: c.ID, EntityID: c.EntityID, SiteID: c.SiteID}
	s := g.sites[c.SiteID]
	if s != nil {
		it.Site = s.Number
		if it.EntityID == "" {
			it.EntityID = s.EntityID
		}
	}
	if kind == KindOffboardingRotation {
		it.Subject, it.SubjectZH = g.credSubjects(c, s, "Rotate now, access was removed: ", "立即更换密码（已移除可读取此密码的人员）：")
	} else {
		it.Subject, it.SubjectZH = g.credSubjects(c, s, "Rotate password: ", "定期更换密码：")
	}
	return it
}

// ---- people who leave ----

// filingRole reports whether a role is one the filing itself records
// (主体负责人, 网站负责人): only those need a filing change when the person
// leaves.
func filingRole(role string) bool {
	return role == ledger.RoleEntityOwner || role == ledger.RoleSiteOwner
}

func (g *gen) contactChanges() {
	for i := range g.in.Contacts {
		c := &g.in.Contacts[i]
		end := norm(c.End)
		if c.Deleted || c.ID == "" || end.IsZero() || c.Role == ledger.RoleAccountManager {
			// An account manager works for the provider and is not named
			// in a filing.
			continue
		}
		if !filingRole(c.Role) {
			g.offboarding(c, end)
			continue
		}
		// 33号令 Art. 14: file the change 30 days before it happens; a
		// departure already past is filed at once. The item shows from
		// the day a leaving date up to a year ahead is entered.
		start, due := addDays(end, -contactNoticeDays), addDays(end, -contactChangeDays)
		if !g.open(start, due) {
			continue
		}
		mk := func(it Item, target, label string) {
			key := "contact-change/" + c.ID + "/" + target + "/" + g.ds(end)
			if g.hidden(key) {
				return
			}
			name := strings.TrimSpace(c.Name)
			who := cmpOr(name, "a contact")
			role, roleZH := roleNames(c.Role)
			whoEN := who + " (" + role + ")"
			whoZH := contactZH(name, roleZH)
			it.Kind, it.Key, it.ContactID, it.Start, it.Due = KindContactChange, key, c.ID, start, due
			it.Basis, it.Source = BasisRegulation, srcChange
			if g.today.Before(end) {
				it.Subject = "Update the filing, " + whoEN + " leaves on " + g.ds(end) + ": " + label
				it.SubjectZH = "变更备案信息（" + whoZH + "将于" + g.zh(end) + "离职）：" + label
				it.Why = whoEN + " leaves on " + g.ds(end) + " and is named in this filing: file the change 30 days ahead, by " + g.ds(due)
				it.WhyZH = whoZH + "将于" + g.zh(end) + "离职，本备案中登记着此人：备案信息变更须提前30日办理，即不晚于" + g.zh(due) + "。"
				if due.Before(g.today) {
					it.Why += "; that day has passed: file it now"
					it.WhyZH = whoZH + "将于" + g.zh(end) + "离职，本备案中登记着此人：备案信息变更须提前30日办理（" + g.zh(due) + "前），现已逾期，请尽快办理。"
				}
			} else {
				it.Subject = "Update the filing, " + whoEN + " has left: " + label
				it.SubjectZH = "变更备案信息（" + whoZH + "已离职）：" + label
				it.Why = whoEN + " left on " + g.ds(end) + " and is still named in this filing: the change was due 30 days ahead (" + g.ds(due) +
					"); file it now, while the 12381 check can still reach a responsible person"
				it.WhyZH = whoZH + "已于" + g.zh(end) + "离职，本备案中仍登记着此人：备案信息变更本应提前30日（" + g.zh(due) +
					"前）办理；人已离职的，请尽快办理，趁12381短信核验还能联系到负责人。"
			}
			g.emit(it)
		}
		emitted := false
		if c.Role != ledger.RoleEntityOwner {
			for j, id := range c.SiteIDs {
				s := g.sites[id]
				if s == nil || !live(s) || slices.Contains(c.SiteIDs[:j], id) {
					continue
				}
				mk(siteItem(s), s.ID, g.siteLabel(s))
				emitted = true
			}
		}
		if e := g.entities[c.EntityID]; !emitted && e != nil {
			mk(Item{EntityID: e.ID}, e.ID, entityLabel(e))
		}
	}
}

// offboarding is the item for a person the filing does not name (an
// administrator, a backup contact, or a contact without a role) who
// leaves: take back their ways in and change what they could read. It is
// due on the leaving day.
func (g *gen) offboarding(c *ledger.Contact, end ledger.Date) {
	start, due := addDays(end, -offboardingDays), end
	key := "offboarding/" + c.ID + "/" + g.ds(end)
	if !g.open(start, due) || g.hidden(key) {
		return
	}
	name := strings.TrimSpace(c.Name)
	role, roleZH := roleNames(c.Role)
	whoEN := cmpOr(name, "a contact")
	if role != "" {
		whoEN += " (" + role + ")"
	}
	whoZH := contactZH(name, roleZH)
	it := Item{Kind: KindOffboarding, Key: key, ContactID: c.ID, EntityID: c.EntityID, Start: start, Due: due,
		Basis: BasisHouse, Source: srcOffb}
	for _, id := range c.SiteIDs {
		if s := g.sites[id]; s != nil && live(s) {
			it.Site, it.SiteID, it.EntityID = s.Number, s.ID, cmpOr(it.EntityID, s.EntityID)
			break
		}
	}
	leaves, leavesZH := " leaves on ", "将于"
	if !g.today.Before(end) {
		leaves, leavesZH = " left on ", "已于"
	}
	it.Subject = "Offboarding: " + whoEN + leaves + g.ds(end)
	it.SubjectZH = "离职交接：" + whoZH + leavesZH + g.zh(end) + "离职"
	it.Why = whoEN + leaves + g.ds(end) + ": remove their way into this vault (Access), their logins at the provider, registrar and DNS, " +
		"and change every password they could read; the filing does not name them, so it needs no change"
	it.WhyZH = whoZH + leavesZH + g.zh(end) + "离职：请在“访问”中移除其打开台账的方式，收回其在接入商、域名注册商和DNS的登录权限，" +
		"并更换其能看到的所有密码；备案中没有登记此人，无须变更备案。"
	if c.Role == "" {
		it.Why += "; if the filing names them as entity or site owner, set that role: the filing must then be changed 30 days ahead"
		it.WhyZH = strings.TrimSuffix(it.WhyZH, "。") + "；如此人在备案中登记为主体负责人或网站负责人，请设置其角色：那样须提前30日变更备案。"
	}
	g.emit(it)
}

// ---- dates of a site: 公安备案, licence renewal, expiries ----

func (g *gen) siteDates() {
	licences := map[string]*ledger.SiteRow{} // licence|expiry → the site with the smallest ID
	for i := range g.in.Sites {
		s := &g.in.Sites[i]
		if !live(s) || s.ID == "" {
			continue
		}
		if strings.TrimSpace(s.PSBNumber) == "" {
			g.psb(s)
		} else if d := norm(s.PSBDate); !d.IsZero() {
			g.psbDisplay(s, d)
		}
		if exp := norm(s.LicenceExpiry); !exp.IsZero() && g.open(addDays(exp, -renewalNoticeDays), addDays(exp, -renewalLeadDays)) {
			k := s.ID
			if lic := strings.TrimSpace(s.Licence); lic != "" {
				k = s.EntityID + "|" + lic
			}
			k += "|" + g.ds(exp)
			if o := licences[k]; o == nil || s.ID < o.ID {
				licences[k] = s
			}
		}
		if exp := norm(s.DomainExpiry); !exp.IsZero() {
			g.expiry(s, KindDomainExpiry, exp)
		}
		if exp := norm(s.SSLExpiry); !exp.IsZero() {
			g.expiry(s, KindSSLExpiry, exp)
		}
		if exp := norm(s.ProductExpiry); !exp.IsZero() {
			g.productExpiry(s, exp)
		}
	}
	for _, s := range licences {
		g.renewal(s)
	}
}

// siteNoun names what a site is, in English and in Chinese: a website
// (网站), an app (APP) or a mini-program (小程序), from its kind or, when
// that is not set, its number's A/X suffix.
func siteNoun(s *ledger.SiteRow) (string, string) {
	switch siteKind(s) {
	case ledger.SiteApp:
		return "app", "APP"
	case ledger.SiteMiniProgram:
		return "mini-program", "小程序"
	}
	return "site", "网站"
}

func siteKind(s *ledger.SiteRow) string {
	if s.Kind != "" {
		return s.Kind
	}
	num := strings.TrimSpace(s.Number)
	switch {
	case strings.HasSuffix(num, "A"):
		return ledger.SiteApp
	case strings.HasSuffix(num, "X"):
		return ledger.SiteMiniProgram
	}
	return ledger.SiteWebsite
}

func (g *gen) psb(s *ledger.SiteRow) {
	noun, nounZH := siteNoun(s)
	from, what, whatZH := norm(s.WentLive), "went live", "上线"
	if from.IsZero() {
		from, what, whatZH = norm(s.FirstFiled), "was filed (go-live date unknown)", "办理了ICP备案（上线日期不详）"
	}
	start, due := from, addDays(from, psbDays)
	if from.IsZero() {
		start, due = g.today, g.today
	}
	key := "psb-filing/" + s.ID
	if !g.open(start, due) || g.hidden(key) {
		return
	}
	it := siteItem(s)
	it.Kind, it.Key, it.Start, it.Due = KindPSBFiling, key, start, due
	it.Basis, it.Source = BasisRegulation, srcPSB
	it.Subject = "File with public security (公安联网备案): " + g.siteLabel(s)
	it.SubjectZH = "办理公安联网备案：" + g.siteLabel(s)
	if from.IsZero() {
		it.Why = "no 公安备案号 and no go-live or filing date are recorded; 公安联网备案 is due within 30 days of a " + noun + " going live"
		it.WhyZH = "没有记录公安备案号，也没有记录上线日期或备案日期；" + nounZH + "上线后30日内须办理公安联网备案"
	} else {
		it.Why = "the " + noun + " " + what + " on " + g.ds(from) + " and no 公安备案号 is recorded; 公安联网备案 is due within 30 days of going live"
		it.WhyZH = nounZH + "于" + g.zh(from) + whatZH + "，但没有记录公安备案号；公安联网备案须在上线后30日内办理"
	}
	if d := norm(s.PSBDate); !d.IsZero() {
		it.Why += "; a 公安备案 date (" + g.ds(d) + ") is recorded without its number: record the number"
		it.WhyZH += "；已记录公安备案日期（" + g.zh(d) + "），但没有备案号：请补填备案号"
	}
	if noun != "site" {
		it.Why += "; whether 公安联网备案 applies to " + noun + "s has not been verified: ask the 接入商 or the local 网安 office"
		it.WhyZH += "；" + nounZH + "是否须办理公安联网备案尚未核实：请向接入商或当地网安部门确认"
		it.Source += "（" + nounZH + "是否适用未经核实）"
	}
	it.WhyZH += "。"
	g.emit(it)
}

// psbDisplay reminds to show the 公安 number and its icon on the site
// within 30 days of approval (PSBDate). A missed one stays overdue for
// psbDisplayKeep days, then is taken as done: the ledger cannot see the
// page footer.
func (g *gen) psbDisplay(s *ledger.SiteRow, approved ledger.Date) {
	start, due := approved, addDays(approved, psbDisplayDays)
	key := "psb-display/" + s.ID + "/" + g.ds(approved)
	if !g.open(start, due) || g.hidden(key) || (!g.cal && addDays(due, psbDisplayKeep).Before(g.today)) {
		return
	}
	noun, nounZH := siteNoun(s)
	num := strings.TrimSpace(s.PSBNumber)
	it := siteItem(s)
	it.Kind, it.Key, it.Start, it.Due = KindPSBDisplay, key, start, due
	it.Basis, it.Source = BasisRegulation, srcPSBDisplay
	it.Subject = "Show the 公安 number and icon: " + g.siteLabel(s)
	it.SubjectZH = "展示公安备案号和图标：" + g.siteLabel(s)
	where, whereZH := "in the footer of its home page", "首页底部"
	if noun != "site" {
		where, whereZH = "where the "+noun+" shows its filing numbers", "显示备案号的位置"
	}
	it.Why = num + " was approved on " + g.ds(approved) + ": show the number and the 公安 icon, linked to beian.mps.gov.cn, " + where +
		" within 30 days (by " + g.ds(due) + ")"
	it.WhyZH = "公安备案号" + num + "于" + g.zh(approved) + "审核通过：请在30日内（" + g.zh(due) + "前）在" + nounZH + whereZH +
		"展示备案号和公安备案图标，并链接到beian.mps.gov.cn。"
	g.emit(it)
}

func (g *gen) renewal(s *ledger.SiteRow) {
	exp := norm(s.LicenceExpiry)
	key := "licence-renewal/" + s.ID + "/" + g.ds(exp)
	if g.hidden(key) {
		return
	}
	lic := cmpOr(strings.TrimSpace(s.Licence), "the ICP licence")
	licZH := strings.TrimSpace(s.Licence)
	due := addDays(exp, -renewalLeadDays)
	it := siteItem(s)
	it.Kind, it.Key, it.Start, it.Due = KindLicenceRenewal, key, addDays(exp, -renewalNoticeDays), due
	it.Basis, it.Source = BasisRegulation, srcRenewal
	it.Subject = "Apply to renew licence " + lic + " by " + g.ds(due) + " (expires " + g.ds(exp) + ")"
	it.SubjectZH = "申请经营许可证延续：" + cmpOr(licZH, "经营许可证") + "（" + g.zh(due) + "前申请，" + g.zh(exp) + "到期）"
	it.Why = lic + " expires on " + g.ds(exp) + " (licences are valid 5 years); the renewal must be applied for at least 90 days before expiry, by " +
		g.ds(due) + ": a licence not applied for by then is not renewed"
	it.WhyZH = "经营许可证" + licZH + "的到期日为" + g.zh(exp) + "（有效期5年）；须在到期前至少90日、即" + g.zh(due) +
		"前向原发证机关申请延续，逾期申请的，有效期届满不予延续。"
	if due.Before(g.today) {
		it.Why += "; that day has passed: ask the issuing 通信管理局 at once what can still be done"
		it.WhyZH = strings.TrimSuffix(it.WhyZH, "。") + "；申请期限已过：请立即联系原发证的通信管理局，确认还能如何办理。"
	}
	g.emit(it)
}

func (g *gen) expiry(s *ledger.SiteRow, kind string, exp ledger.Date) {
	start := addDays(exp, -g.maxExpiry)
	if !g.open(start, exp) {
		return
	}
	key := kind + "/" + s.ID + "/" + g.ds(exp)
	if g.hidden(key) {
		return
	}
	name := siteDomain(s)
	left := daysBetween(g.today, exp)
	it := siteItem(s)
	it.Kind, it.Key, it.Start, it.Due = kind, key, start, exp
	it.Basis, it.Source = BasisProvider, srcDomain
	if kind == KindSSLExpiry {
		it.Source = srcSSL
	}
	on := g.ds(exp)
	var what, whatZH, why, whyZH string
	if kind == KindDomainExpiry {
		what, whatZH, why = "Domain ", "域名", "the domain registration of "+name+" ends on "
		whyZH = "域名" + name + "的注册到期日为"
	} else {
		what, whatZH, why = "SSL certificate for ", "的SSL证书", "the SSL certificate of "+name+" expires on "
		whyZH = name + "的SSL证书到期日为"
	}
	stage, stageZH := "", ""
	switch {
	case left < 0 && kind == KindDomainExpiry:
		stage = "; it has expired: renew it, or cancel the filing yourself (a new registrant can have it cancelled)"
		stageZH = "；域名已过期：请续费，或自行注销备案（域名被他人注册后，新注册人可以申请注销此备案）"
	case left < 0:
		stage = "; it has expired: renew and deploy a new certificate"
		stageZH = "；证书已过期：请续期并部署新证书"
	case !g.cal:
		for i, d := range g.expiryDays {
			if left <= d {
				stage, stageZH = g.stageText[i], g.stageTextZH[i]
				break
			}
		}
	}
	it.Why = why + on + "; reminders " + g.expiryText + " days before" + stage
	it.WhyZH = whyZH + g.zh(exp) + "；" + g.expiryTextZH + stageZH + "。"
	zhName := whatZH + name
	if kind == KindSSLExpiry {
		zhName = name + whatZH
	}
	n := strconv.Itoa(max(left, -left))
	switch {
	case g.cal:
		it.Subject = what + name + " expires"
		it.SubjectZH = zhName + "到期"
	case left > 1:
		it.Subject = what + name + " expires in " + n + " days (" + on + ")"
		it.SubjectZH = zhName + "还有" + n + "天到期（" + g.zh(exp) + "）"
	case left == 1:
		it.Subject = what + name + " expires tomorrow (" + on + ")"
		it.SubjectZH = zhName + "明天到期（" + g.zh(exp) + "）"
	case left == 0:
		it.Subject = what + name + " expires today (" + on + ")"
		it.SubjectZH = zhName + "今天到期（" + g.zh(exp) + "）"
	default:
		it.Subject = what + name + " expired " + plural(-left, "day") + " ago (" + on + ")"
		it.SubjectZH = zhName + "已过期" + n + "天（" + g.zh(exp) + "）"
	}
	g.emit(it)
}

// productExpiry: the 接入商 product (server, CDN, host) that carries the
// site's access. When it lapses the provider withdraws access, the filing
// becomes 空壳 and is cancelled, and a cancelled number cannot be restored
// (Tencent Cloud 取消接入.md, 注销备案.md). Reminded like a domain expiry.
func (g *gen) productExpiry(s *ledger.SiteRow, exp ledger.Date) {
	start := addDays(exp, -g.maxExpiry)
	key := KindProductExpiry + "/" + s.ID + "/" + g.ds(exp)
	if !g.open(start, exp) || g.hidden(key) {
		return
	}
	it := siteItem(s)
	it.Kind, it.Key, it.Start, it.Due = KindProductExpiry, key, start, exp
	it.Basis, it.Source = BasisProvider, srcProduct
	// The provider's name is not among what the rules read (the lean
	// reads leave it out): the site's filing number names the access.
	label := g.siteLabel(s)
	it.Subject = "Renew the provider product that carries the filing's access (expires " + g.ds(exp) + "): " + label
	it.SubjectZH = "续费接入商产品（" + g.zh(exp) + "到期）：" + label
	it.Why = "the provider product (server, CDN or host) that this filing's access rides on expires on " + g.ds(exp) +
		": renew it, or file 接入备案 at another provider first; when it lapses the provider withdraws access, the filing becomes 空壳 and is cancelled, and a cancelled number cannot be restored"
	it.WhyZH = "本备案接入所依托的接入商产品（服务器、CDN或主机）将于" + g.zh(exp) +
		"到期：请续费，或先在其他接入商办理接入备案；产品到期后接入商会取消接入，备案成为空壳并被注销，注销后备案号不能恢复。"
	if exp.Before(g.today) {
		it.Why += "; it has expired: check the filing on beian.miit.gov.cn now"
		it.WhyZH = strings.TrimSuffix(it.WhyZH, "。") + "；产品已到期：请立即到beian.miit.gov.cn查询备案是否还在。"
	}
	g.emit(it)
}

// idExpiries: a responsible person's expired ID card requires updating the
// filing (Tencent Cloud 变更信息.md). Only the roles the filing records,
// and only people who have not left.
func (g *gen) idExpiries() {
	for i := range g.in.Contacts {
		c := &g.in.Contacts[i]
		exp := norm(c.IDExpiry)
		if c.Deleted || c.ID == "" || exp.IsZero() || !filingRole(c.Role) {
			continue
		}
		if end := norm(c.End); !end.IsZero() && !g.today.Before(end) {
			continue // has left: the contact-change item covers them
		}
		start := addDays(exp, -g.maxExpiry)
		key := KindIDExpiry + "/" + c.ID + "/" + g.ds(exp)
		if !g.open(start, exp) || g.hidden(key) {
			continue
		}
		name := strings.TrimSpace(c.Name)
		role, roleZH := roleNames(c.Role)
		whoEN := cmpOr(name, "a contact") + " (" + role + ")"
		whoZH := contactZH(name, roleZH)
		it := Item{Kind: KindIDExpiry, Key: key, ContactID: c.ID, EntityID: c.EntityID, Start: start, Due: exp,
			Basis: BasisProvider, Source: srcID}
		for _, id := range c.SiteIDs {
			if s := g.sites[id]; s != nil && live(s) {
				it.Site, it.SiteID, it.EntityID = s.Number, s.ID, cmpOr(it.EntityID, s.EntityID)
				break
			}
		}
		it.Subject = "ID card of " + whoEN + " expires " + g.ds(exp) + ": update the filing"
		it.SubjectZH = whoZH + "的身份证" + g.zh(exp) + "到期：更新备案信息"
		it.Why = "the ID card of " + whoEN + ", named in the filing, expires on " + g.ds(exp) +
			": once it is renewed, update the filing with the new card's validity through the provider"
		it.WhyZH = "备案中登记的" + whoZH + "的身份证将于" + g.zh(exp) + "到期：换领新证后，请通过接入商更新备案中的证件信息。"
		if exp.Before(g.today) {
			it.Why = "the ID card of " + whoEN + ", named in the filing, expired on " + g.ds(exp) + ": update the filing with the renewed card through the provider"
			it.WhyZH = "备案中登记的" + whoZH + "的身份证已于" + g.zh(exp) + "到期：请尽快通过接入商用新证更新备案信息。"
		}
		g.emit(it)
	}
}

// ---- yearly windows: licence reports and provincial reviews ----

// yearly emits the occurrences of a window that recurs every year. occ
// gives the window that opens in year y. Occurrences ending before
// notBefore (a record's start) are not owed. In Due mode a missed
// occurrence stays overdue until the next one opens. mk is called only for
// windows that are open (see gen.open); it still checks the key.
func (g *gen) yearly(occ func(y int) (start, due ledger.Date), notBefore ledger.Date, mk func(start, due ledger.Date)) {
	owed := func(due ledger.Date) bool { return notBefore.IsZero() || !due.Before(notBefore) }
	if g.cal {
		for y := g.today.Y - 1; y <= g.hi.Y && y-g.today.Y < maxLoop; y++ {
			s, d := occ(y)
			if g.open(s, d) && owed(d) {
				mk(s, d)
			}
		}
		return
	}
	for y := g.today.Y - 2; y-g.today.Y < maxLoop; y++ {
		s, d := occ(y)
		if g.hi.Before(s) {
			break
		}
		if !owed(d) {
			continue
		}
		if d.Before(g.today) {
			if ns, _ := occ(y + 1); !g.today.Before(ns) {
				continue // the next window is open: that one is reported
			}
		}
		mk(s, d)
	}
}

// licenceReports: every holder of an ICP licence (经营许可证) reports
// yearly. The licence may be recorded on the entity or only on its sites
// (or on a site without an entity): each holder gets one item a year.
func (g *gen) licenceReports() {
	type holder struct {
		id    string // entity ID, or the site's ID when it has no entity
		label string
		lics  []string
		since ledger.Date
	}
	var holders []*holder
	byID := map[string]*holder{}
	for i := range g.in.Entities {
		e := &g.in.Entities[i]
		lic := strings.TrimSpace(e.ICPLicence)
		if e.Deleted || e.ID == "" || lic == "" {
			continue
		}
		h := &holder{id: e.ID, label: entityLabel(e), lics: []string{lic}, since: createdOn(e.Meta)}
		holders = append(holders, h)
		byID[e.ID] = h
	}
	for i := range g.in.Sites {
		s := &g.in.Sites[i]
		lic := strings.TrimSpace(s.Licence)
		if !live(s) || s.ID == "" || lic == "" {
			continue
		}
		id := s.EntityID
		e := g.entities[id]
		if e == nil {
			id = s.ID
		}
		h := byID[id]
		if h == nil {
			h = &holder{id: id, since: createdOn(s.Meta)}
			if e != nil {
				h.label, h.since = entityLabel(e), createdOn(e.Meta)
			} else {
				h.label = g.siteLabel(s)
			}
			holders = append(holders, h)
			byID[id] = h
		}
		if !slices.Contains(h.lics, lic) {
			h.lics = append(h.lics, lic)
		}
	}
	for _, h := range holders {
		lic := strings.Join(h.lics, "、")
		occ := func(y int) (ledger.Date, ledger.Date) {
			return ledger.Date{Y: y, M: time.January, D: 10}, ledger.Date{Y: y, M: time.March, D: 31}
		}
		g.yearly(occ, h.since, func(start, due ledger.Date) {
			key := "licence-report/" + h.id + "/" + strconv.Itoa(due.Y)
			if g.hidden(key) {
				return
			}
			it := Item{Kind: KindLicenceReport, EntityID: h.id, Key: key, Start: start, Due: due,
				Basis: BasisRegulation, Source: srcReport}
			if g.entities[h.id] == nil {
				if s := g.sites[h.id]; s != nil {
					it = Item{Kind: KindLicenceReport, Site: s.Number, SiteID: s.ID, EntityID: s.EntityID, Key: key, Start: start, Due: due,
						Basis: BasisRegulation, Source: srcReport}
				}
			}
			y, prev := strconv.Itoa(due.Y), strconv.Itoa(due.Y-1)
			it.Subject = "ICP licence annual report " + y + " (for " + prev + "): " + h.label
			it.SubjectZH = "经营许可证" + prev + "年度年报（" + y + "年报送）：" + h.label
			it.Why = "the holder of " + lic + " files the annual report on " + prev + " between " + g.ds(start) + " and " + g.ds(due) +
				" at dxzhgl.miit.gov.cn; a missed report gets a deadline to report late, then the 不良名单"
			it.WhyZH = "经营许可证" + lic + "的持证单位须在" + g.zh(start) + "至" + g.zh(due) + "期间登录dxzhgl.miit.gov.cn报送" +
				prev + "年度年报；逾期未报的，先被责令限期补报，仍不报送的列入不良名单。"
			g.emit(it)
		})
	}
}

// review is a ProvincialReview made usable.
type review struct {
	code, raw, short string // GB/T 2260 code, the text as typed, the common name (鄂)
	fm, fd, tm, td   int
	year             int    // a one-off campaign's year, or 0
	why              string // "review window of 鄂 (湖北省) from 01-15 to 04-15, as you set it from the 管局's notice"
	whyZH            string // "按您根据管局通知设置的鄂（湖北省）核查期1月15日至4月15日"
	note, noteZH     string // problems with the settings, or ""
}

func prepareReview(r ProvincialReview) review {
	rv := review{raw: strings.TrimSpace(r.Province)}
	rv.short = rv.raw
	name, nameZH := rv.raw, rv.raw
	if p, ok := ident.ProvinceByName(rv.raw); ok {
		rv.code, rv.short, name = p.GBT2260, p.Common, p.Common+" ("+p.Name+")"
		nameZH = p.Common + "（" + p.Name + "）"
	}
	var bad, badZH []string
	clampMonth := func(m int, def int) int {
		if m < 1 || m > 12 {
			bad = append(bad, fmt.Sprintf("month %d", m))
			badZH = append(badZH, fmt.Sprintf("%d月", m))
			return def
		}
		return m
	}
	clampDay := func(m, d int) int {
		last := daysIn(2024, time.Month(m)) // a leap year: 29 Feb is allowed
		switch {
		case d < 1:
			bad = append(bad, fmt.Sprintf("day %d", d))
			badZH = append(badZH, fmt.Sprintf("%d日", d))
			return 1
		case d > last:
			bad = append(bad, fmt.Sprintf("day %d of month %d", d, m))
			badZH = append(badZH, fmt.Sprintf("%d月%d日", m, d))
			return last
		}
		return d
	}
	rv.fm = clampMonth(r.FromMonth, 1)
	rv.fd = clampDay(rv.fm, r.FromDay)
	rv.tm = clampMonth(r.ToMonth, 12)
	rv.td = clampDay(rv.tm, r.ToDay)
	if r.Year >= 1 && r.Year <= 9999 {
		rv.year = r.Year
	}
	if len(bad) > 0 {
		rv.note = "; the review window has an impossible " + strings.Join(bad, ", ") + " and was adjusted: check the review settings"
		rv.noteZH = "；核查期设置中的" + strings.Join(badZH, "、") + "不存在，已自动调整：请检查设置"
	}
	next := ""
	if rv.overYear() {
		next = "次年"
	}
	if rv.year != 0 {
		rv.why = fmt.Sprintf("review campaign of %s announced for %02d-%02d to %02d-%02d %d, as set from the 管局's notice", name, rv.fm, rv.fd, rv.tm, rv.td, rv.year)
		rv.whyZH = fmt.Sprintf("按通信管理局通知设置的%s%d年核查期为%d月%d日至%s%d月%d日", nameZH, rv.year, rv.fm, rv.fd, next, rv.tm, rv.td)
	} else {
		rv.why = fmt.Sprintf("review window of %s from %02d-%02d to %02d-%02d, repeated every year as you set it; "+
			"provinces announce reviews as one-off campaigns (湖北 held one in 2020), so check the 管局's notices", name, rv.fm, rv.fd, rv.tm, rv.td)
		rv.whyZH = fmt.Sprintf("您设置的%s核查期为每年%d月%d日至%s%d月%d日；各省核查以通信管理局当次通知为准（湖北曾于2020年开展一次），并非每年固定举行",
			nameZH, rv.fm, rv.fd, next, rv.tm, rv.td)
	}
	return rv
}

// overYear reports whether the window runs over New Year (its end comes
// before its start within a year).
func (rv review) overYear() bool {
	return rv.tm < rv.fm || (rv.tm == rv.fm && rv.td < rv.fd)
}

func (rv review) occ(y int) (ledger.Date, ledger.Date) {
	start := ledger.Date{Y: y, M: time.Month(rv.fm), D: min(rv.fd, daysIn(y, time.Month(rv.fm)))}
	ey := y
	if rv.overYear() {
		ey++
	}
	return start, ledger.Date{Y: ey, M: time.Month(rv.tm), D: min(rv.td, daysIn(ey, time.Month(rv.tm)))}
}

func (g *gen) provincialReviews() {
	if len(g.in.Reviews) == 0 {
		return
	}
	reviews := make([]review, 0, len(g.in.Reviews))
	for _, r := range g.in.Reviews {
		if rv := prepareReview(r); rv.raw != "" {
			reviews = append(reviews, rv)
		}
	}
	for i := range g.in.Sites {
		s := &g.in.Sites[i]
		if !live(s) || s.ID == "" {
			continue
		}
		code, raw := g.siteProvince(s)
		begin := norm(s.FirstFiled)
		if begin.IsZero() {
			begin = createdOn(s.Meta)
		}
		for _, rv := range reviews {
			if !(rv.code != "" && rv.code == code) && !(rv.code == "" && rv.raw == raw) {
				continue
			}
			mk := func(start, due ledger.Date) {
				key := "provincial-review/" + s.ID + "/" + g.ds(start)
				if g.hidden(key) {
					return
				}
				it := siteItem(s)
				it.Kind, it.Key, it.Start, it.Due = KindProvincialReview, key, start, due
				it.Basis, it.Source = BasisRegulation, srcReview
				from, to, label := g.ds(start), g.ds(due), g.siteLabel(s)
				it.Subject = "Provincial filing review (" + rv.short + ") " + from + " to " + to + ": " + label
				it.SubjectZH = "通信管理局备案核查（" + rv.short + "）" + g.zh(start) + "至" + g.zh(due) + "：" + label
				it.Why = rv.why + "; this window runs " + from + " to " + to + rv.note
				it.WhyZH = rv.whyZH + "；本期为" + g.zh(start) + "至" + g.zh(due) + rv.noteZH + "。"
				g.emit(it)
			}
			if rv.year == 0 {
				g.yearly(rv.occ, begin, mk)
				continue
			}
			// A one-off campaign: its window only, owed by sites filed
			// before it ends.
			if start, due := rv.occ(rv.year); g.open(start, due) && (begin.IsZero() || !due.Before(begin)) {
				mk(start, due)
			}
		}
	}
}

// siteProvince returns the GB/T 2260 code of a site's province (from its
// Province field, its ICP number prefix or its entity) and the province
// text as stored.
func (g *gen) siteProvince(s *ledger.SiteRow) (code, raw string) {
	raw = strings.TrimSpace(s.Province)
	if p, ok := ident.ProvinceByName(raw); ok && raw != "" {
		return p.GBT2260, raw
	}
	if num := strings.TrimSpace(s.Number); num != "" {
		for _, r := range num {
			if p, ok := ident.ProvinceByICPPrefix(string(r)); ok {
				return p.GBT2260, raw
			}
			break
		}
	}
	if e := g.entities[s.EntityID]; e != nil {
		if p, ok := ident.ProvinceByName(strings.TrimSpace(e.Province)); ok && e.Province != "" {
			return p.GBT2260, raw
		}
		if raw == "" {
			raw = strings.TrimSpace(e.Province)
		}
	}
	return "", raw
}
