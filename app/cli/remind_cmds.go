package cli

import (
	"bufio"
	"fmt"
	"strings"

	"beianledger/internal/safefile"
	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// cmdDue lists due and overdue reminders (and upcoming ones within
// --within days). It exits 0 also when items are due: cron jobs read the
// JSON (or the count on stderr), not the exit code.
func cmdDue(c *ctx) error {
	if err := c.only("at", "within"); err != nil {
		return err
	}
	today, err := c.dateOr("at", c.today())
	if err != nil {
		return err
	}
	within := 30
	if c.set("within") {
		within = c.num("within")
		if within < 0 || within > 3660 {
			return usagef("--within must be 0–3660 days")
		}
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	return c.due(v.Store(), today, within)
}

// due is `due` once the vault is open (BenchmarkDueJSON measures it).
func (c *ctx) due(st ledger.Store, today ledger.Date, within int) error {
	_, items, err := remind.LoadDue(st, today, within)
	if err != nil {
		return err
	}
	if c.json {
		if items == nil {
			items = []remind.Item{}
		}
		return c.printJSON(items)
	}
	tw := newTable(c.out())
	fmt.Fprintln(tw, "状态 STATE\t截止 DUE\t类型 KIND\t备案号 SITE\t事项 SUBJECT")
	for _, it := range items {
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s / %s\n", remind.StateLabel(it.State, true), it.State, it.Due, it.Kind, termSafe(it.Site), termSafe(it.SubjectZH), termSafe(it.Subject))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, it := range items {
		counts[it.State]++
	}
	o, d, u := counts[remind.StateOverdue], counts[remind.StateDue], counts[remind.StateUpcoming]
	fmt.Fprintf(c.env.Stderr, "截至 %s：已逾期 %d 项，到期待办 %d 项，即将到期 %d 项 / %d overdue, %d due, %d upcoming (as of %s)\n", today, o, d, u, o, d, u, today)
	return nil
}

func cmdICS(c *ctx) error {
	if err := c.only("out", "from", "months"); err != nil {
		return err
	}
	out := c.str("out")
	if out == "" {
		return usagef("ics needs --out FILE")
	}
	from, err := c.dateOr("from", c.today())
	if err != nil {
		return err
	}
	months := 12
	if c.set("months") {
		months = c.num("months")
		if months < 1 || months > 120 {
			return usagef("--months must be 1–120")
		}
	}
	in, err := c.loadReminders()
	if err != nil {
		return err
	}
	items := remind.ItemsForCalendar(in, from, months)
	// Readable by the owner only (the calendar names every site and its
	// deadlines), replacing whatever was at out rather than writing into it.
	f, err := safefile.Create(out)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriter(f)
	if err := remind.WriteICS(bw, items, "备案台账 Beian Ledger"); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已写入 %[1]s：自 %[3]s 起 %[4]d 个月内的 %[2]d 项提醒 / wrote %[1]s: %[2]d reminders from %[3]s over %[4]d months\n", out, len(items), from, months)
	return nil
}

// dateOr reads a date flag, or def when it is not given.
func (c *ctx) dateOr(flag string, def ledger.Date) (ledger.Date, error) {
	if c.str(flag) == "" {
		return def, nil
	}
	return c.date(flag)
}

// loadReminders opens the vault read-only and loads the reminder input.
func (c *ctx) loadReminders() (remind.Input, error) {
	v, err := c.open(true)
	if err != nil {
		return remind.Input{}, err
	}
	return remind.Load(v.Store())
}

// cmdRemind marks a reminder done or snoozes it: `remind done KEY`,
// `remind snooze KEY --until DATE`. Keys come from `due --json`.
func cmdRemind(c *ctx) error {
	if err := c.only("until", "note"); err != nil {
		return err
	}
	if len(c.args) != 2 || (c.args[0] != "done" && c.args[0] != "snooze") {
		return usagef("usage: remind done KEY | remind snooze KEY --until YYYY-MM-DD (keys from `due --json`)")
	}
	key := c.args[1]
	st := ledger.ReminderState{Key: key}
	switch c.args[0] {
	case "done":
		st.Done, st.DoneOn = true, c.today()
	case "snooze":
		d, err := c.date("until")
		if err != nil {
			return err
		}
		if d.IsZero() || !c.today().Before(d) {
			return usagef("snooze needs --until a date after today")
		}
		st.SnoozedUntil = d
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	err = v.Store().Write(func(w ledger.Writer) error {
		// Done on a status check or rotation also writes the log the
		// reminder asked for.
		kind, rest, _ := strings.Cut(key, "/")
		id, _, _ := strings.Cut(rest, "/")
		if st.Done && kind == "status-check" {
			if err := w.PutCheck(&ledger.StatusCheck{SiteID: id, Date: c.today(), Result: ledger.CheckNormal, Note: c.str("note")}); err != nil {
				return err
			}
		}
		if st.Done && (kind == "rotation" || kind == "offboarding-rotation") {
			cr, err := w.Credential(id)
			if err != nil {
				return err
			}
			cr.LastRotated, cr.RotateNow = c.today(), false
			if err := w.PutCredential(&cr); err != nil {
				return err
			}
		}
		return w.PutReminderState(st)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "%s: %s\n", c.args[0], key)
	return nil
}
