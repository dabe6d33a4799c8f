package cli

import (
	"fmt"
	"os"
	"strings"

	"beianledger/internal/safefile"
	"beianledger/ledger"
	"beianledger/ledger/letter"
	"beianledger/ledger/remind"
)

// cmdLetter renders a letter for a site as DOCX or PDF: with the user's
// own copy from a file (--template-file), else the copy of TEMPLATE kept in
// the vault (edited in the app's Letters screen), else the built-in;
// --builtin ignores the vault's copy. --addressee names the provider a
// letter is addressed to (by default its known legal name). --matter (repeatable) replaces the
// default 委托事项; --term-from and --term-to set the 委托期限 (by default
// from the letter date until the matters are done). A term that ends before
// it starts is a usage error.
func cmdLetter(c *ctx) error {
	if err := c.only("site", "format", "out", "date", "template-file", "builtin", "facts", "request", "scenario",
		"agent-name", "agent-mobile", "agent-employer", "agent-position", "agent-uscc", "agent-handler", "addressee",
		"matter", "term-from", "term-to"); err != nil {
		return err
	}
	if len(c.args) != 1 {
		var ids []string
		for _, k := range letter.Kinds() {
			ids = append(ids, k.ID)
		}
		return usagef("letter needs one TEMPLATE: %s", strings.Join(ids, ", "))
	}
	kind := c.args[0]
	format, out := c.str("format"), c.str("out")
	if format != "pdf" && format != "docx" {
		return usagef("letter needs --format docx or pdf")
	}
	if out == "" || c.str("site") == "" {
		return usagef("letter needs --site SITE and --out FILE")
	}
	var tmpl *letter.Template
	if f := c.str("template-file"); f != "" {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if tmpl, err = letter.Parse(f, string(src)); err != nil {
			return usagef("%v", err)
		}
	} else if _, ok := letter.Builtin(kind); !ok {
		return usagef("no letter template %q (see `beianledger letter --help`)", kind)
	}
	date, err := c.dateOr("date", c.today())
	if err != nil {
		return err
	}
	// The term is checked before the vault is opened: a usage error needs
	// no passphrase.
	term, err := c.dates("term-from", "term-to")
	if err != nil {
		return err
	}
	check := letter.Data{Date: date, From: term[0], Until: term[1]}
	if err := check.CheckTerm(); err != nil {
		return usagef("--term-to: %v", err)
	}
	var matters []string
	for _, m := range c.list("matter") {
		matters = append(matters, letter.ParseMatters(m)...)
	}
	if c.set("matter") && len(matters) == 0 {
		return usagef("--matter needs the text of a 委托事项")
	}
	// Making the emergency kit records the day (the stale-kit reminder).
	v, err := c.open(kind != letter.KindKit)
	if err != nil {
		return err
	}
	if tmpl == nil && !c.flag("builtin") {
		t, ok, err := letter.Stored(v.Store(), kind)
		if err != nil {
			return fmt.Errorf("%w (--builtin ignores the copy kept in the vault)", err)
		}
		if ok {
			tmpl = t
			fmt.Fprintf(c.env.Stderr, "using your %s template kept in the vault (--builtin for the built-in)\n", kind)
		}
	}
	d, err := letter.Load(v.Store(), c.str("site"), date)
	if err != nil {
		return err
	}
	d.Facts, d.Request, d.Scenario = c.str("facts"), c.str("request"), c.str("scenario")
	d.Agent = letter.Party{Name: c.str("agent-name"), Mobile: c.str("agent-mobile"), Employer: c.str("agent-employer"),
		Position: c.str("agent-position"), USCC: c.str("agent-uscc"), Handler: c.str("agent-handler")}
	d.VaultPath = c.vaultPath
	d.ProviderLegalName = c.str("addressee")
	d.Matters, d.From, d.Until = matters, term[0], term[1]
	var doc []byte
	var missing []string
	switch {
	case tmpl != nil && format == "pdf":
		doc, missing, err = tmpl.RenderPDF(d)
	case tmpl != nil:
		doc, missing, err = tmpl.RenderDOCX(d)
	case format == "pdf":
		doc, missing, err = letter.RenderPDF(kind, d)
	default:
		doc, missing, err = letter.RenderDOCX(kind, d)
	}
	if err != nil {
		return err
	}
	if err := safefile.Write(out, doc); err != nil {
		return err
	}
	for _, m := range missing {
		fmt.Fprintf(c.env.Stderr, "需手工填写 / blank, fill in by hand: %s\n", m)
	}
	fmt.Fprintf(c.out(), "已写入 %[1]s（%[2]d 字节，%[3]d 处需手工填写）/ wrote %[1]s (%[2]d bytes, %[3]d blanks to fill by hand)\n", out, len(doc), len(missing))
	if kind == letter.KindKit {
		err := v.Store().Write(func(w ledger.Writer) error { return remind.RecordKitMade(w, c.today()) })
		if err != nil {
			return fmt.Errorf("the kit was written, but its date was not recorded: %w", err)
		}
		fmt.Fprintf(c.out(), "已记录应急资料包制作日期 %s：12个月后或访问途径、联系人、接入商变更后会提醒重新制作 / recorded the kit's date; you will be reminded to make it again after 12 months or a change of ways in, contacts or providers\n", c.today().Chinese())
	}
	return nil
}
