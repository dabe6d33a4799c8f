package remind

import (
	"strings"

	"beianledger/ledger"
)

// Setting keys of the access drill and the emergency kit.
const (
	// SettingDrillPrefix + a way in's ID holds the day (YYYY-MM-DD) that
	// way in last opened the vault in a drill (`beianledger access drill`).
	SettingDrillPrefix = "access.drill."
	// SettingKitPrinted holds the day the emergency kit was last made
	// (`beianledger letter emergency-kit`).
	SettingKitPrinted = "kit.printed"
)

// House rules of the drill and the kit (issue: every backup contact's way
// in proven every 6 months; the kit reprinted after 12 months or after a
// change of keys, contacts or provider).
const (
	drillMonths   = 6
	drillLeadDays = 30 // the drill shows a month before it is due
	kitMonths     = 12
	kitLeadDays   = 30
	kitChangeDays = 30 // after a change, reprint within a month
)

// Way is a way into the vault as the access drill sees it.
type Way struct {
	ID, Label string
	// Type: "passphrase", "recipient" (a backup contact's identity file)
	// or "recovery-key".
	Type    string
	Created ledger.Date
	// Opened is the day the way in last opened the vault in a drill.
	Opened ledger.Date
}

// drilled reports whether the drill applies to w: the ways in of backup
// contacts (identity files), not the scheduler's own slot.
func drilled(w *Way) bool {
	return w.Type == "recipient" && !strings.HasPrefix(w.Label, "scheduler@")
}

// accessRules are the access drills and the stale-kit reminder.
func (g *gen) accessRules() {
	g.accessDrills()
	g.kitStale()
}

// accessDrills: every backup contact's way in must be proven to open the
// vault at least every 6 months; one never used counts from the day it
// was added.
func (g *gen) accessDrills() {
	for i := range g.in.Ways {
		w := &g.in.Ways[i]
		if !drilled(w) || w.ID == "" {
			continue
		}
		base, never := norm(w.Opened), false
		if base.IsZero() {
			base, never = norm(w.Created), true
		}
		if base.IsZero() {
			base = g.today
		}
		due := base.AddMonths(drillMonths)
		start := addDays(due, -drillLeadDays)
		key := KindAccessDrill + "/" + w.ID + "/" + g.ds(due)
		if !g.open(start, due) || g.hidden(key) {
			continue
		}
		label := strings.TrimSpace(w.Label)
		who, whoZH := cmpOr(label, "a backup contact"), cmpOr(label, "备用联系人")
		it := Item{Kind: KindAccessDrill, Key: key, Start: start, Due: due, Basis: BasisHouse, Source: srcDrill}
		it.Subject = "Access drill: " + who + " opens the vault once with their identity file"
		it.SubjectZH = "访问演练：请" + whoZH + "用自己的身份文件打开一次保险库"
		if never {
			it.Why = "the way in of " + who + " (added " + g.ds(base) + ") has never been shown to open the vault"
			it.WhyZH = whoZH + "的访问途径（" + g.zh(base) + "添加）还从未实际打开过保险库"
		} else {
			it.Why = "the way in of " + who + " last opened the vault on " + g.ds(base)
			it.WhyZH = whoZH + "的访问途径上次打开保险库是在" + g.zh(base)
		}
		it.Why += "; every backup contact's way in must be proven at least every 6 months (by " + g.ds(due) +
			"): have them unlock the vault once in the desktop app with their identity file, or run `beianledger access drill --identity FILE`, on their own computer"
		it.WhyZH += "；每位备用联系人的访问途径至少每6个月要实际使用一次（" + g.zh(due) +
			"前）：请其在自己的电脑上用身份文件在桌面程序中解锁一次，或运行 beianledger access drill --identity 身份文件。"
		g.emit(it)
	}
}

// kitStale: the emergency kit was made more than 12 months ago, or before
// the last change of the ways in, the contacts or the providers. Without
// a recorded print date there is nothing to compare.
func (g *gen) kitStale() {
	printed := norm(g.in.KitPrinted)
	if printed.IsZero() {
		return
	}
	due := printed.AddMonths(kitMonths)
	start := addDays(due, -kitLeadDays)
	type change struct {
		on       ledger.Date
		what, zh string
	}
	var after []change
	for _, c := range []change{
		{g.in.KitChanges.Keys, "the ways into the vault changed", "保险库的访问途径有变动"},
		{g.in.KitChanges.Contacts, "the contacts changed", "联系人有变动"},
		{g.in.KitChanges.Providers, "the access providers changed", "接入商信息有变动"},
	} {
		if c.on = norm(c.on); !c.on.IsZero() && printed.Before(c.on) {
			after = append(after, c)
		}
	}
	var latest ledger.Date
	for _, c := range after {
		if latest.Before(c.on) {
			latest = c.on
		}
	}
	if !latest.IsZero() {
		if d := addDays(latest, kitChangeDays); d.Before(due) {
			due = d
		}
		start = latest
		if due.Before(start) {
			start = due
		}
	}
	key := KindKitStale + "/" + g.ds(printed)
	if !g.open(start, due) || g.hidden(key) {
		return
	}
	it := Item{Kind: KindKitStale, Key: key, Start: start, Due: due, Basis: BasisHouse, Source: srcKit}
	it.Subject = "Make the emergency kit again (last made " + g.ds(printed) + ")"
	it.SubjectZH = "重新制作应急资料包（上次制作于" + g.zh(printed) + "）"
	it.Why = "the emergency kit was made on " + g.ds(printed)
	it.WhyZH = "应急资料包制作于" + g.zh(printed)
	if len(after) == 0 {
		it.Why += "; it is to be made again every 12 months, by " + g.ds(due)
		it.WhyZH += "；应每12个月重新制作一次，即" + g.zh(due) + "前"
	}
	for _, c := range after {
		it.Why += "; since then " + c.what + " (" + g.ds(c.on) + ")"
		it.WhyZH += "；此后" + c.zh + "（" + g.zh(c.on) + "）"
	}
	if len(after) > 0 {
		it.Why += ": the printed kit no longer matches the vault; make it again by " + g.ds(due)
		it.WhyZH += "：纸质资料包已与保险库不符，请在" + g.zh(due) + "前重新制作"
	}
	it.Why += " (beianledger letter emergency-kit), print it and lock it away with the recovery key"
	it.WhyZH += "（beianledger letter emergency-kit），打印后与恢复密钥一起锁好保存。"
	g.emit(it)
}

// RecordDrill records that the way in wayID opened the vault on day (the
// access drill); any front end that opens the vault for writing with a
// backup contact's way in may call it.
func RecordDrill(w ledger.Writer, wayID string, day ledger.Date) error {
	return w.PutSetting(SettingDrillPrefix+wayID, day.String())
}

// RecordKitMade records that the emergency kit was made on day.
func RecordKitMade(w ledger.Writer, day ledger.Date) error {
	return w.PutSetting(SettingKitPrinted, day.String())
}
