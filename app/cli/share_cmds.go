package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"beianledger/vault"
)

// merge FILE: another copy of the same vault (a sync tool's conflict copy,
// a copy from a USB stick) merged field by field; the copy then moves into
// the backups folder.
func cmdMerge(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("merge needs the other copy: beianledger merge FILE")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	rep, err := v.MergeFile(c.args[0])
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(rep)
	}
	fmt.Fprintf(c.out(), "已合并 %[1]s（第 %[2]d 版，%[3]q 保存）：%[4]d 条记录，%[5]d 行审计与历史，%[6]d 处冲突\nmerged %[1]s (version %[2]d, saved by %[3]q): %[4]d records, %[5]d audit and history lines, %[6]d conflicts\n",
		filepath.Base(c.args[0]), rep.Generation, rep.From, rep.Records, rep.Lines, rep.Conflicts)
	if rep.TwoWay {
		fmt.Fprintln(c.out(), "没有找到共同的版本：每处不同都作为冲突保留（beianledger conflicts）\nno common version was found: every difference is kept as a conflict (beianledger conflicts)")
	}
	local, _ := vault.LocalPath(c.vaultPath)
	fmt.Fprintf(c.out(), "该副本已移到 / the copy was moved to %s\n", vault.BackupDir(local))
	return nil
}

func cmdConflictsList(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	cs, err := v.Conflicts()
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(cs)
	}
	if len(cs) == 0 {
		fmt.Fprintln(c.out(), "没有待处理的冲突 / no open conflicts")
		return nil
	}
	tw := newTable(c.out())
	fmt.Fprintln(tw, "ID\tRECORD\tFIELD\tCURRENT (BY, AT)\tOTHER (BY, AT)")
	for _, k := range cs {
		kept, other := termSafe(k.Kept), termSafe(k.Other)
		if k.Sealed {
			kept, other = "(sealed)", "(sealed)"
		}
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s (%s, %s)\t%s (%s, %s)\n", k.ID[:8], k.Table, shortID(k.RecordID), k.Column,
			kept, termSafe(k.KeptBy), k.KeptAt, other, termSafe(k.OtherBy), k.OtherAt)
	}
	return tw.Flush()
}

func cmdConflictsResolve(c *ctx) error {
	if err := c.only("keep"); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("conflicts resolve needs a conflict ID and --keep current|other")
	}
	keep := c.str("keep")
	if keep != "current" && keep != "other" {
		return usagef("--keep must be current (the record's value stays) or other (the other value replaces it)")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	id := c.args[0]
	cs, err := v.Conflicts()
	if err != nil {
		return err
	}
	var match []string
	for _, k := range cs {
		if k.ID == id || len(id) >= 4 && len(k.ID) > len(id) && k.ID[:len(id)] == id {
			match = append(match, k.ID)
		}
	}
	if len(match) != 1 {
		return fmt.Errorf("%w: %q matches %d open conflicts", vault.ErrNoConflict, id, len(match))
	}
	if err := v.ResolveConflict(match[0], keep == "current"); err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已处理冲突 %[1]s，保留了 %[2]s 的值 / resolved %[1]s: kept the %[2]s value\n", match[0][:8], keep)
	return nil
}

func shortID(s string) string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}

// audit: who did what, newest first, for the whole vault or one record.
func cmdAudit(c *ctx) error {
	if err := c.only("record", "since", "limit"); err != nil {
		return err
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	limit := *c.ints["limit"]
	if limit <= 0 {
		limit = 1 << 30
	}
	since := c.str("since")
	if since != "" {
		if _, err := time.Parse("2006-01-02", since); err != nil {
			return usagef("--since wants a date as YYYY-MM-DD")
		}
	}
	all, err := v.AuditLog(1 << 30)
	if err != nil {
		return err
	}
	out := []vault.AuditEntry{}
	for _, e := range all {
		if rec := c.str("record"); rec != "" && e.Record != rec && !strings.HasPrefix(e.Record, rec) {
			continue
		}
		if since != "" && e.At < since {
			continue
		}
		out = append(out, e)
		if len(out) == limit {
			break
		}
	}
	if c.json {
		return c.printJSON(out)
	}
	tw := newTable(c.out())
	fmt.Fprintln(tw, "AT\tWHO\tHOST\tACTION\tRECORD\tSUMMARY")
	for _, e := range out {
		at := e.At
		if t, err := time.Parse(time.RFC3339, e.At); err == nil {
			at = t.Local().Format("2006-01-02 15:04")
		}
		host := e.Host
		if host == "" {
			host = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", at, termSafe(e.Actor), termSafe(host), termSafe(e.Action), shortID(e.Record), termSafe(e.Summary))
	}
	return tw.Flush()
}
