package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"beianledger/app/i18n"
	"beianledger/ledger"
	"beianledger/ledger/ident"
	"beianledger/ledger/policy"
)

func (c *ctx) today() ledger.Date { return ledger.DateOf(c.env.Now()) }

// ---- validate (needs no vault)

func cmdValidate(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	if len(c.args) == 0 {
		return usagef("validate needs one or more VALUEs")
	}
	var out []ident.Result
	for _, a := range c.args {
		out = append(out, ident.Classify(a))
	}
	if c.json {
		return c.printJSON(out)
	}
	for _, r := range out {
		state := "valid"
		if !r.Valid {
			state = "INVALID"
		}
		fmt.Fprintf(c.out(), "%s\t%s\t%s\t%s\n", r.Input, r.Kind, r.Normalized, state)
		for _, p := range r.Problems {
			fmt.Fprintf(c.out(), "\t- %s\n", p)
		}
	}
	return nil
}

// ---- list, show, search

type siteJSON struct {
	ID          string      `json:"id"`
	Number      string      `json:"number"`
	Name        string      `json:"name"`
	Kind        string      `json:"kind"`
	Domains     []string    `json:"domains"`
	Entity      string      `json:"entity"`
	Provider    string      `json:"provider"`
	Province    string      `json:"province"`
	Status      string      `json:"status"`
	PSBNumber   string      `json:"psb_number"`
	LastChecked ledger.Date `json:"last_checked"`
	CheckDue    bool        `json:"check_due"` // no status check logged this quarter
}

func quarterStart(d ledger.Date) ledger.Date {
	return ledger.Date{Y: d.Y, M: (d.M-1)/3*3 + 1, D: 1}
}

func (c *ctx) siteJSON(s ledger.SiteRow) siteJSON {
	return siteJSON{ID: s.ID, Number: s.Number, Name: s.Name, Kind: s.Kind, Domains: s.Domains, Entity: s.EntityName,
		Provider: s.ProviderName, Province: s.Province, Status: s.Status, PSBNumber: s.PSBNumber, LastChecked: s.LastChecked,
		CheckDue: s.LastChecked.Before(quarterStart(c.today()))}
}

func (c *ctx) printSites(rows []ledger.SiteRow) error {
	if c.json {
		return printRecords(c, len(rows), func(i int) siteJSON { return c.siteJSON(rows[i]) })
	}
	tw := newTable(c.out())
	fmt.Fprintln(tw, "备案号 NUMBER\t名称 NAME\t主体 ENTITY\t接入商 PROVIDER\t最近核查 CHECKED")
	for _, s := range rows {
		checked := s.LastChecked.String()
		if checked == "" {
			checked = "—"
		}
		if s.LastChecked.Before(quarterStart(c.today())) {
			checked += " (本季度待核查 check due)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", termSafe(s.Number), termSafe(s.Name), termSafe(s.EntityName), termSafe(s.ProviderName), checked)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "共 %[1]d 个网站 / %[1]d sites\n", len(rows))
	return nil
}

func cmdList(c *ctx) error {
	if err := c.only(); err != nil {
		return err
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	// What the list shows, where the store can read only that.
	sites := v.Store().Sites
	if l, ok := v.Store().(interface {
		ListSites() ([]ledger.SiteRow, error)
	}); ok {
		sites = l.ListSites
	}
	rows, err := sites()
	if err != nil {
		return err
	}
	return c.printSites(rows)
}

func cmdSearch(c *ctx) error {
	if err := c.only("limit"); err != nil {
		return err
	}
	if len(c.args) == 0 {
		return usagef("search needs a QUERY")
	}
	v, err := c.open(true)
	if err != nil {
		return err
	}
	rows, err := v.Store().Search(strings.Join(c.args, " "), c.num("limit"))
	if err != nil {
		return err
	}
	return c.printSites(rows)
}

type credJSON struct {
	ledger.Credential
	Secret      secretJSON  `json:"secret,omitempty"`
	RotationDue ledger.Date `json:"rotation_due"`
}

type showJSON struct {
	Site        siteJSON             `json:"site"`
	Detail      ledger.Site          `json:"detail"`
	Entity      *ledger.Entity       `json:"entity,omitempty"`
	Provider    *ledger.Provider     `json:"provider,omitempty"`
	Credentials []credJSON           `json:"credentials"`
	Contacts    []ledger.Contact     `json:"contacts"`
	Checks      []ledger.StatusCheck `json:"checks"`
}

func cmdShow(c *ctx) error {
	if err := c.only("reveal"); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("show needs one SITE-NUMBER-OR-DOMAIN")
	}
	// Revealing is audited, which needs the vault writable.
	v, err := c.open(!c.flag("reveal"))
	if err != nil {
		return err
	}
	st := v.Store()
	s, err := st.FindSite(c.args[0])
	if err != nil {
		return err
	}
	out := showJSON{Site: c.siteJSON(s), Detail: s.Site, Credentials: []credJSON{}, Contacts: []ledger.Contact{}}
	if e, err := st.Entity(s.EntityID); err == nil {
		out.Entity = &e
	}
	if p, err := st.Provider(s.ProviderID); err == nil {
		out.Provider = &p
	}
	creds, err := st.SiteCredentials(s.ID)
	if err != nil {
		return err
	}
	for _, cr := range creds {
		cj := credJSON{Credential: cr, RotationDue: cr.LastRotated.AddMonths(cr.RotationMonths)}
		if cr.LastRotated.IsZero() {
			cj.RotationDue = c.today()
		}
		if c.flag("reveal") && cr.HasSecret {
			sec, err := st.Reveal("credential", cr.ID)
			if err != nil {
				return err
			}
			// Kept as bytes, never a string, and wiped once printed.
			cj.Secret = sec
			defer wipe(sec)
		}
		out.Credentials = append(out.Credentials, cj)
	}
	if out.Contacts, err = st.SiteContacts(s.ID); err != nil {
		return err
	}
	if out.Checks, err = st.Checks(s.ID); err != nil {
		return err
	}
	if c.flag("reveal") {
		if err := v.Audit("credential.reveal", s.ID, "secrets of "+s.Number+" shown on the command line"); err != nil {
			return err
		}
	}
	if c.json {
		return c.printJSON(out)
	}
	// Every value from the vault goes through termSafe (t): a record must
	// not be able to drive the terminal.
	w, t := c.out(), termSafe
	fmt.Fprintf(w, "%s  %s (%s)\n", t(s.Number), t(s.Name), t(s.Kind))
	fmt.Fprintf(w, "  域名 domains:      %s\n", strings.Join(termSafeAll(s.Domains), ", "))
	fmt.Fprintf(w, "  主体 entity:       %s\n", t(s.EntityName))
	if out.Entity != nil {
		fmt.Fprintf(w, "  统一社会信用代码:  %s   主体备案号: %s\n", t(out.Entity.USCC), t(out.Entity.FilingNumber))
	}
	fmt.Fprintf(w, "  接入商 provider:   %s\n", t(s.ProviderName))
	fmt.Fprintf(w, "  状态 status:       %s   首次备案 first filed: %s\n", t(s.Status), s.FirstFiled)
	fmt.Fprintf(w, "  公安备案 PSB:      %s %s\n", t(s.PSBNumber), s.PSBDate)
	fmt.Fprintf(w, "  域名到期 domain:   %s   证书到期 SSL: %s\n", s.DomainExpiry, s.SSLExpiry)
	if !s.ProductExpiry.IsZero() {
		fmt.Fprintf(w, "  接入商产品到期 provider product: %s\n", s.ProductExpiry)
	}
	fmt.Fprintf(w, "  最近核查 checked:  %s\n", s.LastChecked)
	for _, cr := range out.Credentials {
		secret := "(hidden; --reveal shows it)"
		if cr.Secret != nil {
			secret = "\x00" // placeholder: the bytes are written below
		} else if !cr.HasSecret {
			secret = "(none)"
		}
		before, after, _ := strings.Cut(fmt.Sprintf("  账号 %s  %s  %s  password %s  rotated %s, next %s  [id %s]\n", t(cr.System), t(cr.Login), t(cr.URL), secret, cr.LastRotated, cr.RotationDue, t(cr.ID[:8])), "\x00")
		io.WriteString(w, before)
		if cr.Secret != nil {
			writeTermSafe(w, cr.Secret)
		}
		io.WriteString(w, after)
	}
	for _, ct := range out.Contacts {
		fmt.Fprintf(w, "  联系人 %s  %s  %s  %s\n", t(ct.Role), t(ct.Name), t(ct.Mobile), t(ct.Email))
	}
	for _, ch := range out.Checks {
		fmt.Fprintf(w, "  核查 %s  %s  %s  %s\n", ch.Date, t(ch.Result), t(ch.Who), t(ch.Note))
	}
	return nil
}

// ---- writes

// warn prints validation problems; they never stop a write (ledger.md:
// validation is advice at the edge, not a wall).
func (c *ctx) warnIdent(field, value string, want ...ident.Kind) {
	if value == "" {
		return
	}
	r := ident.Classify(value)
	ok := len(want) == 0
	for _, k := range want {
		ok = ok || r.Kind == k
	}
	// Chinese first, then English, as the hints are.
	if !ok {
		var lines []string
		for _, l := range i18n.Langs {
			names := make([]string, len(want))
			for i, k := range want {
				names[i] = i18n.IdentKind(l, k)
			}
			lines = append(lines, i18n.T(l, "cli.identKind", field, value, i18n.IdentKind(l, r.Kind), strings.Join(names, " "+i18n.T(l, "cli.or")+" ")))
		}
		c.warnf("%s", strings.Join(lines, "\n  "))
	}
	for i := range r.Problems {
		var lines []string
		for _, l := range i18n.Langs {
			lines = append(lines, i18n.T(l, "cli.identProblem", field, value, i18n.IdentProblem(l, r, i)))
		}
		c.warnf("%s", strings.Join(lines, "\n  "))
	}
}

func (c *ctx) date(flag string) (ledger.Date, error) {
	d, err := ledger.ParseDate(c.str(flag))
	if err != nil {
		return d, usagef("--%s: %v", flag, err)
	}
	return d, nil
}

func (c *ctx) dates(flags ...string) ([]ledger.Date, error) {
	out := make([]ledger.Date, len(flags))
	for i, f := range flags {
		d, err := c.date(f)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// findEntity resolves an entity by id, name or filing number.
func findEntity(st ledger.Reader, q string) (ledger.Entity, error) {
	ents, err := st.Entities()
	if err != nil {
		return ledger.Entity{}, err
	}
	for _, e := range ents {
		if e.ID == q || e.Name == q || (e.FilingNumber != "" && ident.Normalize(e.FilingNumber) == ident.Normalize(q)) {
			return e, nil
		}
	}
	return ledger.Entity{}, fmt.Errorf("entity %q: %w", q, ledger.ErrNotFound)
}

// findProvider resolves a provider by id, name or alias (case-insensitive).
func findProvider(st ledger.Reader, q string) (ledger.Provider, error) {
	ps, err := st.Providers()
	if err != nil {
		return ledger.Provider{}, err
	}
	lq := strings.ToLower(strings.TrimSpace(q))
	for _, p := range ps {
		if p.ID == q || strings.ToLower(p.Name) == lq {
			return p, nil
		}
		for _, a := range p.Aliases {
			if strings.ToLower(a) == lq {
				return p, nil
			}
		}
	}
	return ledger.Provider{}, fmt.Errorf("provider %q: %w", q, ledger.ErrNotFound)
}

func cmdAdd(c *ctx) error {
	if len(c.args) != 1 {
		return usagef("add needs what to add: entity, site, credential, contact or provider")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	st := v.Store()
	var id, what string
	switch c.args[0] {
	case "entity":
		if err := c.only("name", "kind", "uscc", "legal-rep", "address", "province", "filing-number", "icp-licence", "notes"); err != nil {
			return err
		}
		if c.str("name") == "" {
			return usagef("add entity needs --name")
		}
		c.warnIdent("--uscc", c.str("uscc"), ident.KindUSCC, ident.KindResidentID)
		c.warnIdent("--filing-number", c.str("filing-number"), ident.KindICPEntity)
		e := ledger.Entity{Name: c.str("name"), Kind: c.str("kind"), USCC: c.str("uscc"), LegalRep: c.str("legal-rep"), Address: c.str("address"),
			Province: c.str("province"), FilingNumber: c.str("filing-number"), ICPLicence: c.str("icp-licence"), Notes: c.str("notes")}
		err = st.Write(func(w ledger.Writer) error { return w.PutEntity(&e) })
		id, what = e.ID, e.Name
	case "provider":
		if err := c.only("name", "aliases", "console-url", "hotline", "notes"); err != nil {
			return err
		}
		if c.str("name") == "" {
			return usagef("add provider needs --name")
		}
		p := ledger.Provider{Name: c.str("name"), Aliases: ledger.SplitDomains(c.str("aliases")), ConsoleURL: c.str("console-url"), Hotline: c.str("hotline"), Notes: c.str("notes")}
		err = st.Write(func(w ledger.Writer) error { return w.PutProvider(&p) })
		id, what = p.ID, p.Name
	case "site":
		if err := c.only("number", "name", "domains", "entity", "provider", "kind", "province", "first-filed", "went-live", "status",
			"psb-number", "psb-date", "licence", "licence-expiry", "domain-expiry", "ssl-expiry", "product-expiry", "notes"); err != nil {
			return err
		}
		if c.str("number") == "" && c.str("name") == "" {
			return usagef("add site needs --number or --name")
		}
		var d []ledger.Date
		d, err = c.dates("first-filed", "went-live", "psb-date", "licence-expiry", "domain-expiry", "ssl-expiry", "product-expiry")
		if err != nil {
			return err
		}
		c.warnIdent("--number", c.str("number"), ident.KindICPSite, ident.KindICPLicence, ident.KindVATS)
		c.warnIdent("--psb-number", c.str("psb-number"), ident.KindPSB)
		s := ledger.Site{Number: c.str("number"), Name: c.str("name"), Domains: ledger.SplitDomains(c.str("domains")), Kind: c.str("kind"),
			Province: c.str("province"), FirstFiled: d[0], WentLive: d[1], Status: c.str("status"), PSBNumber: c.str("psb-number"), PSBDate: d[2],
			Licence: c.str("licence"), LicenceExpiry: d[3], DomainExpiry: d[4], SSLExpiry: d[5], ProductExpiry: d[6], Notes: c.str("notes")}
		err = st.Write(func(w ledger.Writer) error {
			if q := c.str("entity"); q != "" {
				e, err := findEntity(w, q)
				if err != nil {
					return err
				}
				s.EntityID = e.ID
				if en := e.FilingNumber; en != "" && s.Number != "" && !ident.SiteMatchesEntity(s.Number, en) {
					c.warnf("网站备案号 %[1]s 与主体备案号 %[2]s 不对应（已按输入保存）\n  site number %[1]s does not belong to entity number %[2]s (kept as typed)", s.Number, en)
				}
			}
			if q := c.str("provider"); q != "" {
				if kp, ok := ledger.CanonicalProvider(q); ok {
					q = kp.Name
				}
				p, err := findProvider(w, q)
				if errors.Is(err, ledger.ErrNotFound) {
					p = ledger.Provider{Name: q}
					if kp, ok := ledger.CanonicalProvider(q); ok {
						p.Aliases, p.Hotline = kp.Aliases, kp.Hotline
					}
					err = w.PutProvider(&p)
				}
				if err != nil {
					return err
				}
				s.ProviderID = p.ID
			}
			return w.PutSite(&s)
		})
		id, what = s.ID, strings.TrimSpace(s.Number+" "+s.Name)
	case "credential":
		if err := c.only("site", "system", "url", "login", "last-rotated", "rotation-months", "notes", "generate", "secret-stdin"); err != nil {
			return err
		}
		var lr ledger.Date
		lr, err = c.date("last-rotated")
		if err != nil {
			return err
		}
		months := c.num("rotation-months")
		if c.set("rotation-months") && (months < 1 || months > 24) {
			return usagef("--rotation-months must be 1–24 (3–6 recommended)")
		}
		cr := ledger.Credential{System: c.str("system"), URL: c.str("url"), Login: c.str("login"), LastRotated: lr, RotationMonths: months, Notes: c.str("notes")}
		var secret []byte
		secret, err = c.newSecret(cr.System)
		if err != nil {
			return err
		}
		defer wipe(secret)
		if secret != nil && cr.LastRotated.IsZero() {
			cr.LastRotated = c.today()
		}
		err = st.Write(func(w ledger.Writer) error {
			if q := c.str("site"); q != "" {
				s, err := w.FindSite(q)
				if err != nil {
					return err
				}
				cr.SiteID, cr.EntityID, cr.ProviderID = s.ID, s.EntityID, s.ProviderID
			}
			if err := w.PutCredential(&cr); err != nil {
				return err
			}
			if secret != nil {
				return w.SetSecret("credential", cr.ID, secret)
			}
			return nil
		})
		id, what = cr.ID, cr.System+" "+cr.Login
	case "contact":
		if err := c.only("name", "role", "mobile", "email", "employer", "position", "start", "end", "id-expiry", "site", "entity", "notes", "id-number-stdin"); err != nil {
			return err
		}
		if c.str("name") == "" {
			return usagef("add contact needs --name")
		}
		var d []ledger.Date
		d, err = c.dates("start", "end", "id-expiry")
		if err != nil {
			return err
		}
		c.warnIdent("--mobile", c.str("mobile"), ident.KindMobile)
		ct := ledger.Contact{Name: c.str("name"), Role: c.str("role"), Mobile: c.str("mobile"), Email: c.str("email"), Employer: c.str("employer"),
			Position: c.str("position"), Start: d[0], End: d[1], IDExpiry: d[2], Notes: c.str("notes")}
		var idNum []byte
		if c.flag("id-number-stdin") {
			if idNum, err = c.readStdinLine(); err != nil {
				return err
			}
			c.warnIdent("ID number", string(idNum), ident.KindResidentID)
			ct.IDType = "居民身份证"
		}
		defer wipe(idNum)
		err = st.Write(func(w ledger.Writer) error {
			for _, q := range ledger.SplitDomains(c.str("site")) {
				s, err := w.FindSite(q)
				if err != nil {
					return err
				}
				ct.SiteIDs = append(ct.SiteIDs, s.ID)
				ct.EntityID = s.EntityID
			}
			if q := c.str("entity"); q != "" {
				e, err := findEntity(w, q)
				if err != nil {
					return err
				}
				ct.EntityID = e.ID
			}
			if err := w.PutContact(&ct); err != nil {
				return err
			}
			if idNum != nil {
				return w.SetSecret("contact-id", ct.ID, idNum)
			}
			return nil
		})
		id, what = ct.ID, ct.Name
	default:
		return usagef("cannot add %q: use entity, site, credential, contact or provider", c.args[0])
	}
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(map[string]string{"id": id, "kind": c.args[0]})
	}
	fmt.Fprintf(c.out(), "已添加 / added %s %s [id %s]\n", c.args[0], what, id)
	return nil
}

func (c *ctx) readStdinLine() ([]byte, error) {
	line, err := bufio.NewReader(c.env.Stdin).ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	line = trimLine(line)
	if len(line) == 0 {
		return nil, usagef("nothing on standard input")
	}
	return line, nil
}

// newSecret reads a secret from stdin (--secret-stdin) or generates one
// (--generate) with the policy of the system; nil if neither.
func (c *ctx) newSecret(system string) ([]byte, error) {
	switch {
	case c.flag("generate") && c.flag("secret-stdin"):
		return nil, usagef("give --generate or --secret-stdin, not both")
	case c.flag("secret-stdin"):
		return c.readStdinLine()
	case c.flag("generate"):
		p := policy.ProviderConsole
		if system == ledger.SystemMIITLegacy {
			p = policy.MIITLegacy
		}
		sec, err := policy.Generate(p, policy.Avoid{})
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(c.out(), "generated password: %s\n", sec)
		return sec, nil
	}
	return nil, nil
}

func cmdCheck(c *ctx) error {
	if err := c.only("result", "note", "date"); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("check needs one SITE (filing number or domain)")
	}
	res := c.str("result")
	switch res {
	case "normal", "problem", "action-taken":
	default:
		return usagef("--result must be normal, problem or action-taken")
	}
	d, err := c.date("date")
	if err != nil {
		return err
	}
	if d.IsZero() {
		d = c.today()
	}
	if c.today().Before(d) {
		return usagef("--date %s is in the future", d)
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	var s ledger.SiteRow
	err = v.Store().Write(func(w ledger.Writer) error {
		if s, err = w.FindSite(c.args[0]); err != nil {
			return err
		}
		return w.PutCheck(&ledger.StatusCheck{SiteID: s.ID, Date: d, Result: res, Note: c.str("note")})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out(), "已记录 %[3]s 对 %[2]s 的状态核查：%[4]s / logged a %[1]s status check of %[2]s on %[3]s\n", res, s.Number, d, i18n.T(i18n.ZH, "check.result."+res))
	return nil
}

// findCredential resolves an id, an id prefix of 6+ characters, or a unique
// login.
func findCredential(st ledger.Reader, q string) (ledger.Credential, error) {
	all, err := st.Credentials()
	if err != nil {
		return ledger.Credential{}, err
	}
	var hits []ledger.Credential
	for _, cr := range all {
		if cr.ID == q {
			return cr, nil
		}
		if (len(q) >= 6 && strings.HasPrefix(cr.ID, q)) || cr.Login == q {
			hits = append(hits, cr)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return ledger.Credential{}, fmt.Errorf("credential %q: %w", q, ledger.ErrNotFound)
	}
	return ledger.Credential{}, usagef("%q matches %d credentials; use the id shown by `show`", q, len(hits))
}

func cmdRotate(c *ctx) error {
	if err := c.only("generate", "secret-stdin"); err != nil {
		return err
	}
	if len(c.args) != 1 {
		return usagef("rotate needs one CREDENTIAL (id or login)")
	}
	v, err := c.open(false)
	if err != nil {
		return err
	}
	st := v.Store()
	cr, err := findCredential(st, c.args[0])
	if err != nil {
		return err
	}
	if !c.flag("generate") {
		if c.env.IsTerminal != nil && c.env.IsTerminal() {
			sec, err := c.secret("BEIANLEDGER_NEW_SECRET", false, "新密码 / new password: ", true)
			if err != nil {
				return err
			}
			return c.finishRotate(st, cr, sec)
		}
		c.bools["secret-stdin"] = ptr(true)
	}
	sec, err := c.newSecret(cr.System)
	if err != nil {
		return err
	}
	return c.finishRotate(st, cr, sec)
}

func ptr[T any](v T) *T { return &v }

func (c *ctx) finishRotate(st ledger.Store, cr ledger.Credential, sec []byte) error {
	defer wipe(sec)
	cr.LastRotated = c.today()
	cr.RotateNow = false
	err := st.Write(func(w ledger.Writer) error {
		if err := w.PutCredential(&cr); err != nil {
			return err
		}
		return w.SetSecret("credential", cr.ID, sec)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stderr, "已于 %[3]s 更换 %[1]s %[2]s 的密码，下次应在 %[4]s 前更换 / rotated %[1]s %[2]s on %[3]s; next rotation due %[4]s\n", cr.System, cr.Login, cr.LastRotated, cr.LastRotated.AddMonths(cr.RotationMonths))
	return nil
}
