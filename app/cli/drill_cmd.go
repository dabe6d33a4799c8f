package cli

import (
	"fmt"

	"beianledger/ledger"
	"beianledger/ledger/remind"
)

// cmdAccessDrill is the access drill: a backup contact opens the vault
// once with their own way in (--identity FILE), and the day is recorded
// for that way in, so the access-drill reminder moves on six months.
func cmdAccessDrill(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) != 0 {
		return usagef("access drill takes no arguments: open with your own way in (--identity FILE)")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	var used *struct{ id, label, typ string }
	for _, s := range v.Slots() {
		if s.InUse {
			used = &struct{ id, label, typ string }{s.ID, s.Label, s.Type}
		}
	}
	if used == nil {
		return fmt.Errorf("无法确定本次使用的访问途径 / cannot tell which way in opened the vault")
	}
	today := c.today()
	if err := v.Store().Write(func(w ledger.Writer) error {
		return remind.RecordDrill(w, used.id, today)
	}); err != nil {
		return err
	}
	next := today.AddMonths(6)
	label := termSafe(used.label)
	fmt.Fprintf(c.out(), "访问演练通过：%s 的访问途径打开了保险库，已记录 %s；下次演练请在 %s 前。\n", label, today.Chinese(), next.Chinese())
	fmt.Fprintf(c.out(), "drill passed: the way in of %s opened the vault; recorded %s, next drill by %s.\n", label, today, next)
	if used.typ != "recipient" {
		fmt.Fprintf(c.out(), "注意：这是%s类访问途径；访问演练提醒针对备用联系人的身份文件（--identity）。\nnote: this is a %s way in; the drill reminders are for backup contacts' identity files (--identity).\n", used.typ, used.typ)
	}
	return nil
}
