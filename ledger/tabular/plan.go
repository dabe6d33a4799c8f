package tabular

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// ImportPlan is what an import would write: the records to create or
// update, each with the sheet lines it came from, and every problem
// found. Records that already exist and would not change are left out.
// Nothing is written until Apply.
type ImportPlan struct {
	Problems    []Problem
	Entities    []*PlannedEntity
	Sites       []*PlannedSite
	Credentials []*PlannedCredential
	Contacts    []*PlannedContact
	Providers   []*PlannedProvider
	Checks      []*PlannedCheck
	applied     bool
}

// PlannedEntity is an entity to create (New) or update.
type PlannedEntity struct {
	Entity ledger.Entity
	New    bool
	Lines  []int
	key    string
	orig   ledger.Entity
	set    fieldLines
}

// PlannedProvider is an access provider to create or update.
type PlannedProvider struct {
	Provider ledger.Provider
	New      bool
	Lines    []int
	orig     ledger.Provider
	set      fieldLines
}

// PlannedSite is a site to create or update. Its EntityID and ProviderID
// are filled in by Apply when they point at records the plan creates.
type PlannedSite struct {
	Site     ledger.Site
	New      bool
	Lines    []int
	entity   *PlannedEntity
	provider *PlannedProvider
	orig     ledger.Site
	set      fieldLines
	notes    []string // unknown-column lines to append
	noteSet  map[string]bool
}

// PlannedContact is a contact to create or update.
type PlannedContact struct {
	Contact ledger.Contact
	New     bool
	Lines   []int
	entity  *PlannedEntity
	sites   []*PlannedSite
	orig    ledger.Contact
	set     fieldLines
}

// PlannedCredential is a credential to create or update. Its password is
// held as bytes, sealed by Apply and wiped afterwards; it is never shown
// by fmt.
type PlannedCredential struct {
	Credential ledger.Credential
	New        bool
	Lines      []int
	// HasPassword tells that the sheet gives a password; SetsPassword
	// that Apply will seal it (new, or different from the stored one).
	HasPassword, SetsPassword bool
	password                  []byte
	site                      *PlannedSite
	entity                    *PlannedEntity
	provider                  *PlannedProvider
	orig                      ledger.Credential
	set                       fieldLines
}

// String describes the credential without its password.
func (c PlannedCredential) String() string {
	return fmt.Sprintf("credential %s %q (password %s)", c.Credential.System, c.Credential.Login, redacted(c.HasPassword))
}

// GoString is String, so that %#v does not print the password either.
func (c PlannedCredential) GoString() string { return c.String() }

func redacted(has bool) string {
	if has {
		return "set, redacted"
	}
	return "none"
}

// PlannedCheck is a status check to log (from the 最近核查日期 column).
type PlannedCheck struct {
	Check ledger.StatusCheck
	Line  int
	site  *PlannedSite
}

// Summary counts what a plan would write (created plus updated records)
// and its problems.
type Summary struct {
	Entities, Sites, Credentials, Contacts, Providers int
	Checks                                            int
	Errors, Warnings                                  int
}

// Summary counts the plan's records and problems.
func (p *ImportPlan) Summary() Summary {
	s := Summary{Entities: len(p.Entities), Sites: len(p.Sites), Credentials: len(p.Credentials),
		Contacts: len(p.Contacts), Providers: len(p.Providers), Checks: len(p.Checks)}
	for _, pr := range p.Problems {
		if pr.Severity == SeverityError {
			s.Errors++
		} else {
			s.Warnings++
		}
	}
	return s
}

// Wipe zeroes the passwords the plan holds. Apply calls it; call it
// yourself when a previewed plan is dropped.
func (p *ImportPlan) Wipe() {
	for _, c := range p.Credentials {
		clear(c.password)
		c.password = nil
	}
}

// ErrAlreadyApplied is returned by a second Apply of the same plan.
var ErrAlreadyApplied = errors.New("import plan already applied")

// Apply writes the plan through w. It refuses (ErrRefused) a plan with an
// error-severity problem. Run it inside one Store.Write so that a failure
// part-way rolls everything back. Apply wipes the plan's passwords
// whatever the outcome: to retry, plan again.
func (p *ImportPlan) Apply(w ledger.Writer) error {
	if n := p.Summary().Errors; n > 0 {
		return fmt.Errorf("%w: the import has %d error(s); fix them and import again", ErrRefused, n)
	}
	if p.applied {
		return ErrAlreadyApplied
	}
	p.applied = true
	defer p.Wipe()
	for _, r := range p.Providers {
		if err := w.PutProvider(&r.Provider); err != nil {
			return fmt.Errorf("provider %s: %w", r.Provider.Name, err)
		}
	}
	for _, r := range p.Entities {
		if err := w.PutEntity(&r.Entity); err != nil {
			return fmt.Errorf("entity %s: %w", r.Entity.Name, err)
		}
	}
	for _, r := range p.Sites {
		r.resolve()
		if err := w.PutSite(&r.Site); err != nil {
			return fmt.Errorf("site %s: %w", r.Site.Number, err)
		}
	}
	for _, r := range p.Contacts {
		r.resolve()
		if err := w.PutContact(&r.Contact); err != nil {
			return fmt.Errorf("contact %s: %w", r.Contact.Name, err)
		}
	}
	for _, r := range p.Credentials {
		r.resolve()
		if err := w.PutCredential(&r.Credential); err != nil {
			return fmt.Errorf("credential %s: %w", r.Credential.Login, err)
		}
		if r.SetsPassword {
			if err := w.SetSecret("credential", r.Credential.ID, r.password); err != nil {
				return fmt.Errorf("credential %s: %w", r.Credential.Login, err)
			}
			r.Credential.HasSecret = true
		}
	}
	for _, r := range p.Checks {
		r.Check.SiteID = r.site.Site.ID
		if err := w.PutCheck(&r.Check); err != nil {
			return fmt.Errorf("status check of %s: %w", r.site.Site.Number, err)
		}
	}
	return nil
}

func (s *PlannedSite) resolve() {
	if s.entity != nil {
		s.Site.EntityID = s.entity.Entity.ID
	}
	if s.provider != nil {
		s.Site.ProviderID = s.provider.Provider.ID
	}
}

func (c *PlannedContact) resolve() {
	if c.entity != nil {
		c.Contact.EntityID = c.entity.Entity.ID
	}
	for _, s := range c.sites {
		if !slices.Contains(c.Contact.SiteIDs, s.Site.ID) {
			c.Contact.SiteIDs = append(c.Contact.SiteIDs, s.Site.ID)
		}
	}
}

func (c *PlannedCredential) resolve() {
	if c.site != nil {
		c.Credential.SiteID = c.site.Site.ID
	}
	if c.entity != nil {
		c.Credential.EntityID = c.entity.Entity.ID
	}
	if c.provider != nil {
		c.Credential.ProviderID = c.provider.Provider.ID
	}
}

// fieldLines remembers which sheet line first set each field, to tell a
// conflict between rows from an update of a stored value.
type fieldLines map[string]int

// ---- planning

// Plan validates a sheet and works out the records to write against what
// existing already holds (existing may be nil for an empty ledger).
//
// Rows with the same 网站备案号 (or, when it is blank, the same 网站名称)
// are one site; each row may add one credential. Entities are matched by
// USCC or name, providers by their canonical name or an alias, contacts
// by name and mobile, sites in existing by filing number. A non-blank
// cell overwrites the stored value; a blank cell keeps it. Dates that are
// not real dates and rotation periods outside 1–24 months are errors;
// identifiers that fail their checks are warnings and are kept exactly
// as typed. today is used to flag dates in the future.
func Plan(s *Sheet, existing ledger.Reader, today ledger.Date) (*ImportPlan, error) {
	pl, err := newPlanner(existing, today)
	if err != nil {
		return nil, err
	}
	pl.problems = append(pl.problems, s.Problems...)
	for _, r := range s.Rows {
		pl.row(r)
	}
	return pl.finish(), nil
}

type planner struct {
	existing ledger.Reader
	today    ledger.Date
	problems []Problem
	validate map[string]bool // column|value already validated

	providers     []*PlannedProvider
	providerByKey map[string]*PlannedProvider

	entities      []*PlannedEntity
	entityByUSCC  map[string]*PlannedEntity
	entityByName  map[string]*PlannedEntity
	storeEntities map[string]ledger.Entity // by ID
	storeEntUSCC  map[string]string        // USCC key → ID
	storeEntName  map[string]string        // name → ID
	entityByID    map[string]*PlannedEntity

	sites        []*PlannedSite
	siteByKey    map[string]*PlannedSite
	storeSites   map[string]ledger.SiteRow // by number key, and "name:"+name for unnumbered sites
	siteByID     map[string]*PlannedSite
	storeSiteIDs map[string]ledger.SiteRow

	contacts      []*PlannedContact
	contactByKey  map[string]*PlannedContact
	storeContacts map[string]ledger.Contact

	creds      []*PlannedCredential
	credByKey  map[string]*PlannedCredential
	storeCreds map[string]ledger.Credential
	// claimedCreds are stored credentials already in the plan.
	claimedCreds map[string]bool

	checks []*PlannedCheck
	seq    int
}

func newPlanner(existing ledger.Reader, today ledger.Date) (*planner, error) {
	pl := &planner{existing: existing, today: today, validate: map[string]bool{},
		providerByKey: map[string]*PlannedProvider{},
		entityByUSCC:  map[string]*PlannedEntity{}, entityByName: map[string]*PlannedEntity{},
		storeEntities: map[string]ledger.Entity{}, storeEntUSCC: map[string]string{}, storeEntName: map[string]string{},
		entityByID: map[string]*PlannedEntity{},
		siteByKey:  map[string]*PlannedSite{}, storeSites: map[string]ledger.SiteRow{}, siteByID: map[string]*PlannedSite{},
		storeSiteIDs: map[string]ledger.SiteRow{},
		contactByKey: map[string]*PlannedContact{}, storeContacts: map[string]ledger.Contact{},
		credByKey: map[string]*PlannedCredential{}, storeCreds: map[string]ledger.Credential{}, claimedCreds: map[string]bool{},
	}
	if existing == nil {
		return pl, nil
	}
	provs, err := existing.Providers()
	if err != nil {
		return nil, fmt.Errorf("reading providers: %w", err)
	}
	for _, p := range provs {
		pp := &PlannedProvider{Provider: p, orig: cloneProvider(p), set: fieldLines{}}
		pl.providers = append(pl.providers, pp)
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if k := providerKey(n); k != "" && pl.providerByKey[k] == nil {
				pl.providerByKey[k] = pp
			}
		}
	}
	ents, err := existing.Entities()
	if err != nil {
		return nil, fmt.Errorf("reading entities: %w", err)
	}
	for _, e := range ents {
		pl.storeEntities[e.ID] = e
		if k := usccKey(e.USCC); k != "" {
			pl.storeEntUSCC[k] = e.ID
		}
		if k := nameKey(e.Name); k != "" {
			if _, dup := pl.storeEntName[k]; !dup {
				pl.storeEntName[k] = e.ID
			}
		}
	}
	sites, err := existing.Sites()
	if err != nil {
		return nil, fmt.Errorf("reading sites: %w", err)
	}
	for _, s := range sites {
		pl.storeSiteIDs[s.ID] = s
		// The same key FindSite resolves a filing number by.
		k := siteKey(s.Number, s.Name)
		if _, dup := pl.storeSites[k]; !dup && k != "" {
			pl.storeSites[k] = s
		}
	}
	contacts, err := existing.Contacts()
	if err != nil {
		return nil, fmt.Errorf("reading contacts: %w", err)
	}
	for _, c := range contacts {
		k := contactKey(c.Name, c.Mobile, c.Role, "E:"+c.EntityID)
		if _, dup := pl.storeContacts[k]; !dup {
			pl.storeContacts[k] = c
		}
	}
	creds, err := existing.Credentials()
	if err != nil {
		return nil, fmt.Errorf("reading credentials: %w", err)
	}
	for _, c := range creds {
		owner := ""
		switch {
		case c.SiteID != "":
			owner = "S:" + c.SiteID
		case c.EntityID != "":
			owner = "E:" + c.EntityID
		}
		for _, k := range []string{credKey(owner, c.System, c.Login, c.URL), credKey(owner, c.System, c.Login, "*")} {
			if _, dup := pl.storeCreds[k]; !dup {
				pl.storeCreds[k] = c
			}
		}
	}
	return pl, nil
}

// problem records a problem worded by format and args; its code is the
// format's in problemCodes, and its args the values as text.
func (pl *planner) problem(line int, col, sev, format string, args ...any) {
	p := Problem{Line: line, Column: col, Severity: sev, Message: fmt.Sprintf(format, args...), Code: problemCodes[format]}
	for _, a := range args {
		p.Args = append(p.Args, fmt.Sprint(a))
	}
	pl.problems = append(pl.problems, p)
}

// coded records a problem with its code and args given: for messages made
// of another message (an error, an identifier check).
func (pl *planner) coded(p Problem) { pl.problems = append(pl.problems, p) }

// problemCodes are the codes of the planner's messages, by their English
// format (TestEveryProblemHasACode finds every format in the source).
var problemCodes = map[string]string{
	"%s is in the future": "future-date",
	"no 网站备案号 or 网站名称, so these site columns are not imported: %s":                     "site-columns-unused",
	"row has no site, entity or login; its other values are not imported: %s":          "row-unused",
	"%q is not a site number of the entity number %q":                                  "site-not-of-entity",
	"site has no 主体名称 (entity)":                                                        "site-no-entity",
	"this site belongs to %q on line %d; kept that":                                    "site-other-entity",
	"%q differs from %q on line %d for the same record; kept line %d's value":          "text-differs",
	"site kind differs from line %d for the same site; kept line %d's":                 "site-kind-differs",
	"unknown site kind %q (use 网站, APP or 小程序); kept in the notes":                     "unknown-site-kind",
	"status differs from line %d for the same site; kept line %d's":                    "status-differs",
	"unknown status %q (use 正常, 变更中, 空壳风险 or 已注销); kept in the notes":                  "unknown-status",
	"entity kind differs from line %d; kept line %d's":                                 "entity-kind-differs",
	"unknown entity kind %q (use 企业, 个体工商户, 事业单位, 个人 or 其他); kept in the entity notes": "unknown-entity-kind",
	"%s differs from %s on line %d for the same record; kept line %d's value":          "date-differs",
	"site number %s is named %q on line %d and %q here; kept %q":                       "site-name-differs",
	"domains differ from line %d for the same site; kept line %d's":                    "domains-differ",
	"provider differs from line %d for the same site; kept line %d's":                  "provider-differs",
	"%q has the USCC %q elsewhere; planned as a separate entity":                       "uscc-elsewhere",
	"mobile or e-mail without a name; kept in the notes":                               "contact-no-name",
	"password date or rotation without a login, password or URL; kept in the notes":    "credential-unused",
	"unknown system %q; imported as 其他 (other) with the name in the credential notes":  "unknown-system",
	"unknown value %q (use 主体 for an entity's account, or leave blank)":                "unknown-scope",
	"login not linked to a site or entity":                                             "login-unlinked",
	"rotation differs from line %d for the same login; kept line %d's":                 "rotation-differs",
	"a different password for the same login is on line %d; kept that one":             "password-differs",
	"%s differs from %s on line %d for the same site; kept the later date":             "check-differs",
	"login %q: no site in the ledger matches %q; imported without a site":              "login-no-site",
	"login %q (%s) has no password":                                                    "login-no-password",
	"login %q (%s) appears twice; kept the first password":                             "login-twice",
}

func (pl *planner) warn(line int, col, format string, args ...any) {
	pl.problem(line, col, SeverityWarning, format, args...)
}

func (pl *planner) fail(line int, col, format string, args ...any) {
	pl.problem(line, col, SeverityError, format, args...)
}

// ---- keys

func nameKey(s string) string { return strings.Join(strings.Fields(halfWidth(s)), " ") }

func usccKey(s string) string { return ident.Normalize(s) }

func providerKey(s string) string {
	return strings.ToLower(strings.ReplaceAll(halfWidth(strings.TrimSpace(s)), " ", ""))
}

// numberKey is how FindSite compares filing numbers: normalised, with
// the 川/贵/云/甘 aliases mapped to their canonical prefixes.
func numberKey(n string) string {
	if r := ident.Classify(n); r.Canonical != "" {
		return r.Canonical
	}
	return ident.Normalize(n)
}

func siteKey(number, name string) string {
	if strings.TrimSpace(number) != "" {
		return "no:" + numberKey(number)
	}
	if k := nameKey(name); k != "" {
		return "name:" + k
	}
	return ""
}

func mobileKey(m string) string {
	d := ident.Normalize(m)
	d = strings.TrimPrefix(strings.TrimPrefix(d, "+86"), "0086")
	return strings.ReplaceAll(d, "-", "")
}

func contactKey(name, mobile, role, entity string) string {
	if m := mobileKey(mobile); m != "" {
		return nameKey(name) + "|" + m
	}
	return nameKey(name) + "||" + role + "|" + entity
}

func credKey(owner, system, login, url string) string {
	return owner + "|" + system + "|" + strings.TrimSpace(login) + "|" + strings.TrimSpace(url)
}

// ---- one row

// rowCtx is one row being planned.
type rowCtx struct {
	line  int
	cells map[string]string
	dates map[string]ledger.Date
}

func (r *rowCtx) get(col string) string { return r.cells[col] }

func (pl *planner) row(r Row) {
	rc := &rowCtx{line: r.Line, cells: r.Cells, dates: map[string]ledger.Date{}}
	for _, c := range Columns {
		if !c.Date {
			continue
		}
		v := rc.get(c.ID)
		if v == "" {
			continue
		}
		d, note, err := parseDateCell(v)
		if err != nil {
			pl.coded(Problem{Line: rc.line, Column: c.Chinese, Severity: SeverityError, Message: err.Error(), Code: "bad-date", Args: []string{v}})
			continue
		}
		if note != "" {
			pl.coded(Problem{Line: rc.line, Column: c.Chinese, Severity: SeverityWarning, Message: note, Code: "excel-serial", Args: []string{strings.TrimSpace(v), d.String()}})
		}
		rc.dates[c.ID] = d
		switch c.ID {
		case ColFirstFiled, ColWentLive, ColLastChanged, ColPSBDate, ColLastChecked, ColPasswordChanged:
			if !pl.today.IsZero() && pl.today.Before(d) {
				pl.warn(rc.line, c.Chinese, "%s is in the future", d)
			}
		}
	}
	for _, v := range []struct{ col, kind string }{
		{ColUSCC, "uscc"}, {ColEntityNumber, "entity"}, {ColSiteNumber, "site"}, {ColPSBNumber, "psb"},
		{ColLicence, "licence"}, {ColEntityLicence, "licence"},
		{ColEntityOwnerMobile, "mobile"}, {ColSiteOwnerMobile, "mobile"}, {ColBackupMobile, "mobile"},
	} {
		pl.checkIdent(rc, v.col, v.kind)
	}

	site := pl.rowSite(rc)
	ent := pl.rowEntity(rc, site)
	if site != nil {
		pl.linkSiteEntity(rc, site, ent)
		pl.fillSite(rc, site)
	} else if cols := siteOnlyColumns(rc); len(cols) > 0 {
		pl.warn(rc.line, "", "no 网站备案号 or 网站名称, so these site columns are not imported: %s", strings.Join(cols, ", "))
	}
	var extra []string // notes lines for values that have no field
	extra = append(extra, pl.rowContacts(rc, site, ent)...)
	cred, credExtra := pl.rowCredential(rc, site, ent)
	extra = append(extra, credExtra...)
	if d, ok := rc.dates[ColLastChecked]; ok && site != nil {
		pl.planCheck(rc, site, d)
	}
	for k, v := range rc.cells {
		if strings.HasPrefix(k, unknownPrefix) {
			extra = append(extra, strings.TrimPrefix(k, unknownPrefix)+": "+v)
		}
	}
	if len(extra) == 0 {
		return
	}
	sort.Strings(extra) // map order is random; keep notes stable
	switch {
	case site != nil:
		for _, l := range extra {
			site.addNote(l)
		}
	case ent != nil:
		ent.Entity.Notes = appendNoteLines(ent.Entity.Notes, extra)
	case cred != nil:
		cred.Credential.Notes = appendNoteLines(cred.Credential.Notes, extra)
	default:
		pl.warn(rc.line, "", "row has no site, entity or login; its other values are not imported: %s", strings.Join(extra, "; "))
	}
}

// appendNoteLines appends the lines notes does not already hold.
func appendNoteLines(notes string, lines []string) string {
	have := map[string]bool{}
	for _, l := range strings.Split(notes, "\n") {
		have[l] = true
	}
	var b strings.Builder
	b.WriteString(notes)
	for _, l := range lines {
		if have[l] {
			continue
		}
		have[l] = true
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// checkIdent validates an identifier cell (warnings only; the value is
// kept exactly as typed). Each value is checked once per column.
func (pl *planner) checkIdent(rc *rowCtx, col, kind string) {
	v := rc.get(col)
	if v == "" || pl.validate[col+"|"+v] {
		return
	}
	pl.validate[col+"|"+v] = true
	res := ident.Classify(v)
	var want []ident.Kind
	switch kind {
	case "uscc":
		want = []ident.Kind{ident.KindUSCC, ident.KindResidentID}
	case "entity":
		want = []ident.Kind{ident.KindICPEntity, ident.KindICPLicence, ident.KindVATS}
	case "site":
		want = []ident.Kind{ident.KindICPSite, ident.KindICPLicence, ident.KindVATS}
	case "psb":
		want = []ident.Kind{ident.KindPSB}
	case "licence":
		want = []ident.Kind{ident.KindICPLicence, ident.KindVATS}
	case "mobile":
		want = []ident.Kind{ident.KindMobile}
	}
	hdr := columnByID[col].Chinese
	switch {
	case !slices.Contains(want, res.Kind):
		pl.coded(Problem{Line: rc.line, Column: hdr, Severity: SeverityWarning, Code: "not-" + kind, Args: []string{v},
			Message: fmt.Sprintf("%q does not look like a %s (kept as typed)", v, kindName(kind))})
	case len(res.Problems) > 0:
		pl.coded(Problem{Line: rc.line, Column: hdr, Severity: SeverityWarning, Code: "ident", Args: []string{v}, Ident: &res,
			Message: fmt.Sprintf("%q: %s (kept as typed)", v, strings.Join(res.Problems, "; "))})
	}
	if kind == "site" && res.Valid {
		if e := rc.get(ColEntityNumber); e != "" && !ident.SiteMatchesEntity(v, e) {
			pl.warn(rc.line, hdr, "%q is not a site number of the entity number %q", v, e)
		}
	}
}

func kindName(kind string) string {
	switch kind {
	case "uscc":
		return "unified social credit code"
	case "entity":
		return "entity filing number"
	case "site":
		return "site filing number"
	case "psb":
		return "公安备案 number"
	case "licence":
		return "licence number"
	case "mobile":
		return "mainland mobile number"
	}
	return kind
}

// parseDateCell reads a date cell: the forms ledger.ParseDate knows, a
// date with a time after it (2024-01-05 00:00:00, ISO 8601), or a bare
// Excel serial number (read with a warning).
func parseDateCell(v string) (ledger.Date, string, error) {
	d, err := ledger.ParseDate(v)
	if err == nil {
		return d, "", nil
	}
	h := strings.TrimSpace(halfWidth(v))
	if i := strings.IndexAny(h, "T "); i >= 8 {
		if d2, err2 := ledger.ParseDate(h[:i]); err2 == nil {
			return d2, "", nil
		}
	}
	if n, err2 := strconv.ParseFloat(h, 64); err2 == nil && n >= 20000 && n < 80000 && !strings.ContainsAny(h, "eE") {
		if t, err3 := excelize.ExcelDateToTime(n, false); err3 == nil {
			d2 := ledger.Date{Y: t.Year(), M: t.Month(), D: t.Day()}
			return d2, fmt.Sprintf("read the number %s as an Excel date serial: %s", h, d2), nil
		}
	}
	return ledger.Date{}, "", err
}

// parseRotation reads 轮换周期(月): 3, 3个月, 3 months, 3.0.
func parseRotation(v string) (int, error) {
	h := strings.ToLower(strings.TrimSpace(halfWidth(v)))
	for _, suf := range []string{"个月", "月", "months", "month", "mo", "m"} {
		h = strings.TrimSpace(strings.TrimSuffix(h, suf))
	}
	f, err := strconv.ParseFloat(h, 64)
	if err != nil || f != math.Trunc(f) {
		return 0, fmt.Errorf("%q is not a number of months", v)
	}
	if f < 1 || f > 24 {
		return 0, fmt.Errorf("rotation of %s months is outside 1–24", h)
	}
	return int(f), nil
}

// ---- sites

// rowSite finds or creates the row's site, or returns nil for a row
// without a site number or name.
func (pl *planner) rowSite(rc *rowCtx) *PlannedSite {
	number, name := rc.get(ColSiteNumber), rc.get(ColSiteName)
	k := siteKey(number, name)
	if k == "" {
		return nil
	}
	s := pl.siteByKey[k]
	if s == nil {
		if row, ok := pl.storeSites[k]; ok {
			s = pl.storeSite(row)
		} else {
			s = &PlannedSite{New: true, set: fieldLines{}}
			pl.sites = append(pl.sites, s)
		}
		pl.siteByKey[k] = s
	}
	s.Lines = append(s.Lines, rc.line)
	return s
}

// storeSite brings a stored site into the plan (unchanged so far).
func (pl *planner) storeSite(row ledger.SiteRow) *PlannedSite {
	if s := pl.siteByID[row.ID]; s != nil {
		return s
	}
	s := &PlannedSite{Site: row.Site, orig: cloneSite(row.Site), set: fieldLines{}}
	if row.EntityID != "" {
		s.entity = pl.storeEntity(row.EntityID)
	}
	if row.ProviderID != "" {
		for _, p := range pl.providers {
			if p.Provider.ID == row.ProviderID {
				s.provider = p
			}
		}
	}
	pl.siteByID[row.ID] = s
	pl.sites = append(pl.sites, s)
	return s
}

func (pl *planner) linkSiteEntity(rc *rowCtx, s *PlannedSite, ent *PlannedEntity) {
	if ent == nil {
		if s.entity == nil && s.New && !pl.validate["noentity|"+fmt.Sprintf("%p", s)] {
			pl.validate["noentity|"+fmt.Sprintf("%p", s)] = true
			pl.warn(rc.line, columnByID[ColEntity].Chinese, "site has no 主体名称 (entity)")
		}
		return
	}
	if s.entity == ent {
		return
	}
	if line, ok := s.set["entity"]; ok {
		pl.warn(rc.line, columnByID[ColEntity].Chinese, "this site belongs to %q on line %d; kept that", s.entity.Entity.Name, line)
		return
	}
	s.entity = ent
	s.set["entity"] = rc.line
}

// siteFields are the site's plain text columns.
var siteTextFields = []struct {
	col string
	get func(*ledger.Site) *string
}{
	{ColSiteNumber, func(s *ledger.Site) *string { return &s.Number }},
	{ColSiteName, func(s *ledger.Site) *string { return &s.Name }},
	{ColProvince, func(s *ledger.Site) *string { return &s.Province }},
	{ColPSBNumber, func(s *ledger.Site) *string { return &s.PSBNumber }},
	{ColLicence, func(s *ledger.Site) *string { return &s.Licence }},
}

var siteDateFields = []struct {
	col string
	get func(*ledger.Site) *ledger.Date
}{
	{ColFirstFiled, func(s *ledger.Site) *ledger.Date { return &s.FirstFiled }},
	{ColWentLive, func(s *ledger.Site) *ledger.Date { return &s.WentLive }},
	{ColLastChanged, func(s *ledger.Site) *ledger.Date { return &s.LastChanged }},
	{ColPSBDate, func(s *ledger.Site) *ledger.Date { return &s.PSBDate }},
	{ColLicenceExpiry, func(s *ledger.Site) *ledger.Date { return &s.LicenceExpiry }},
	{ColDomainExpiry, func(s *ledger.Site) *ledger.Date { return &s.DomainExpiry }},
	{ColSSLExpiry, func(s *ledger.Site) *ledger.Date { return &s.SSLExpiry }},
	{ColProductExpiry, func(s *ledger.Site) *ledger.Date { return &s.ProductExpiry }},
}

// siteOnlyColumns lists the site columns a row fills although it names
// no site.
func siteOnlyColumns(rc *rowCtx) []string {
	var out []string
	for _, c := range []string{ColDomains, ColProvider, ColProvince, ColFirstFiled, ColLastChecked, ColPSBNumber, ColSiteKind,
		ColStatus, ColWentLive, ColLastChanged, ColPSBDate, ColLicence, ColLicenceExpiry, ColDomainExpiry, ColSSLExpiry, ColProductExpiry, ColNotes} {
		if rc.get(c) != "" {
			out = append(out, columnByID[c].Chinese)
		}
	}
	return out
}

// setText applies a cell to a text field: the first row that fills it
// wins, later rows that differ get a warning.
func (pl *planner) setText(rc *rowCtx, set fieldLines, col string, dst *string, v string) {
	if v == "" {
		return
	}
	if line, ok := set[col]; ok {
		if *dst != v {
			pl.warn(rc.line, headerFor(col), "%q differs from %q on line %d for the same record; kept line %d's value", v, *dst, line, line)
		}
		return
	}
	*dst = v
	set[col] = rc.line
}

// setLabel reads a column of labels (网站, 正常 …) into dst as the stored
// value, like setText; a second, different value is warned about with
// differ (given the first line twice). A label it does not know is warned
// about with unknown (given the typed value) and returned for the caller to
// keep in the notes; "" otherwise.
func (pl *planner) setLabel(rc *rowCtx, set fieldLines, col string, table *[]label, dst *string, differ, unknown string) string {
	v := rc.get(col)
	if v == "" {
		return ""
	}
	k, ok := parseLabel(table, v)
	if !ok {
		pl.warn(rc.line, headerFor(col), unknown, v)
		return headerFor(col) + ": " + v
	}
	if line, seen := set[col]; seen && *dst != k {
		pl.warn(rc.line, headerFor(col), differ, line, line)
	} else if !seen {
		*dst = k
		set[col] = rc.line
	}
	return ""
}

func (pl *planner) setDate(rc *rowCtx, set fieldLines, col string, dst *ledger.Date) {
	d, ok := rc.dates[col]
	if !ok {
		return
	}
	if line, ok := set[col]; ok {
		if *dst != d {
			pl.warn(rc.line, headerFor(col), "%s differs from %s on line %d for the same record; kept line %d's value", d, *dst, line, line)
		}
		return
	}
	*dst = d
	set[col] = rc.line
}

func (pl *planner) fillSite(rc *rowCtx, s *PlannedSite) {
	st := &s.Site
	for _, f := range siteTextFields {
		v := rc.get(f.col)
		if f.col == ColSiteName {
			if line, ok := s.set[f.col]; ok && v != "" && v != st.Name {
				pl.warn(rc.line, headerFor(f.col), "site number %s is named %q on line %d and %q here; kept %q", st.Number, st.Name, line, v, st.Name)
				continue
			}
		}
		pl.setText(rc, s.set, f.col, f.get(st), v)
	}
	for _, f := range siteDateFields {
		pl.setDate(rc, s.set, f.col, f.get(st))
	}
	if v := rc.get(ColDomains); v != "" {
		d := ledger.SplitDomains(v)
		if line, ok := s.set[ColDomains]; ok {
			if !slices.Equal(d, st.Domains) {
				pl.warn(rc.line, headerFor(ColDomains), "domains differ from line %d for the same site; kept line %d's", line, line)
			}
		} else {
			st.Domains = d
			s.set[ColDomains] = rc.line
		}
	}
	if rc.get(ColSiteKind) != "" {
		if note := pl.setLabel(rc, s.set, ColSiteKind, &siteKinds, &st.Kind, "site kind differs from line %d for the same site; kept line %d's",
			"unknown site kind %q (use 网站, APP or 小程序); kept in the notes"); note != "" {
			s.addNote(note)
		}
	} else if s.New && st.Kind == "" {
		if r := ident.ParseICPSite(st.Number); r.Valid && r.SiteType != "" {
			st.Kind = r.SiteType
		}
	}
	if note := pl.setLabel(rc, s.set, ColStatus, &statuses, &st.Status, "status differs from line %d for the same site; kept line %d's",
		"unknown status %q (use 正常, 变更中, 空壳风险 or 已注销); kept in the notes"); note != "" {
		s.addNote(note)
	}
	if v := rc.get(ColNotes); v != "" {
		if _, ok := s.set[ColNotes]; !ok {
			st.Notes = v
			s.set[ColNotes] = rc.line
		} else if !containsLine(st.Notes, v) && st.Notes != v {
			st.Notes += "\n" + v
		}
	}
	if p := pl.rowProvider(rc); p != nil {
		if line, ok := s.set[ColProvider]; ok && s.provider != p {
			pl.warn(rc.line, headerFor(ColProvider), "provider differs from line %d for the same site; kept line %d's", line, line)
		} else if !ok {
			s.provider = p
			s.set[ColProvider] = rc.line
		}
	}
}

// addNote adds a notes line once (a set, not a scan: a wide sheet gives
// a row hundreds of lines).
func (s *PlannedSite) addNote(l string) {
	if s.noteSet == nil {
		s.noteSet = map[string]bool{}
	}
	if !s.noteSet[l] {
		s.noteSet[l] = true
		s.notes = append(s.notes, l)
	}
}

// ---- providers

func (pl *planner) rowProvider(rc *rowCtx) *PlannedProvider {
	typed := rc.get(ColProvider)
	if typed == "" {
		return nil
	}
	p := pl.provider(typed, rc.line)
	pl.setText(rc, p.set, ColProviderConsole, &p.Provider.ConsoleURL, rc.get(ColProviderConsole))
	pl.setText(rc, p.set, ColProviderHotline, &p.Provider.Hotline, rc.get(ColProviderHotline))
	return p
}

// provider finds a provider by name or alias (the canonical name first),
// or plans a new one.
func (pl *planner) provider(typed string, line int) *PlannedProvider {
	name := strings.TrimSpace(typed)
	known, isKnown := ledger.CanonicalProvider(name)
	keys := []string{providerKey(name)}
	if isKnown {
		keys = append([]string{providerKey(known.Name)}, keys...)
	}
	for _, k := range keys {
		if p := pl.providerByKey[k]; p != nil {
			p.Lines = appendLine(p.Lines, line)
			return p
		}
	}
	p := &PlannedProvider{New: true, set: fieldLines{}}
	p.Provider.Name = name
	if isKnown {
		p.Provider.Name = known.Name
		p.Provider.Aliases = slices.Clone(known.Aliases)
		p.Provider.Hotline = known.Hotline
	}
	p.Lines = appendLine(p.Lines, line)
	pl.providers = append(pl.providers, p)
	for _, n := range append([]string{p.Provider.Name, name}, p.Provider.Aliases...) {
		if k := providerKey(n); k != "" && pl.providerByKey[k] == nil {
			pl.providerByKey[k] = p
		}
	}
	return p
}

func appendLine(lines []int, l int) []int {
	if l > 0 && (len(lines) == 0 || lines[len(lines)-1] != l) {
		return append(lines, l)
	}
	return lines
}

// ---- entities

// rowEntity finds or creates the row's entity by USCC or name; without
// either it is the stored site's entity, if any.
func (pl *planner) rowEntity(rc *rowCtx, site *PlannedSite) *PlannedEntity {
	name, uscc := rc.get(ColEntity), rc.get(ColUSCC)
	if name == "" && uscc == "" {
		if site != nil && site.entity != nil {
			return site.entity
		}
		return nil
	}
	uk, nk := usccKey(uscc), nameKey(name)
	var e *PlannedEntity
	switch {
	case uk != "" && pl.entityByUSCC[uk] != nil:
		e = pl.entityByUSCC[uk]
	case uk != "" && pl.storeEntUSCC[uk] != "":
		e = pl.storeEntity(pl.storeEntUSCC[uk])
	case nk != "" && pl.entityByName[nk] != nil:
		e = pl.entityByName[nk]
	case nk != "" && pl.storeEntName[nk] != "":
		e = pl.storeEntity(pl.storeEntName[nk])
	}
	if e != nil && uk != "" && e.Entity.USCC != "" && usccKey(e.Entity.USCC) != uk {
		// Same name, another credit code: a different entity.
		pl.warn(rc.line, headerFor(ColUSCC), "%q has the USCC %q elsewhere; planned as a separate entity", name, e.Entity.USCC)
		e = nil
	}
	if e == nil {
		pl.seq++
		e = &PlannedEntity{New: true, set: fieldLines{}, key: fmt.Sprintf("N:%d", pl.seq)}
		pl.entities = append(pl.entities, e)
	}
	if uk != "" && pl.entityByUSCC[uk] == nil {
		pl.entityByUSCC[uk] = e
	}
	if nk != "" && pl.entityByName[nk] == nil {
		pl.entityByName[nk] = e
	}
	e.Lines = appendLine(e.Lines, rc.line)
	en := &e.Entity
	pl.setText(rc, e.set, ColEntity, &en.Name, name)
	pl.setText(rc, e.set, ColUSCC, &en.USCC, uscc)
	pl.setText(rc, e.set, ColEntityNumber, &en.FilingNumber, rc.get(ColEntityNumber))
	pl.setText(rc, e.set, ColLegalRep, &en.LegalRep, rc.get(ColLegalRep))
	pl.setText(rc, e.set, ColEntityAddress, &en.Address, rc.get(ColEntityAddress))
	pl.setText(rc, e.set, ColEntityLicence, &en.ICPLicence, rc.get(ColEntityLicence))
	pl.setText(rc, e.set, ColEntityNotes, &en.Notes, rc.get(ColEntityNotes))
	if note := pl.setLabel(rc, e.set, ColEntityKind, &entityKinds, &en.Kind, "entity kind differs from line %d; kept line %d's",
		"unknown entity kind %q (use 企业, 个体工商户, 事业单位, 个人 or 其他); kept in the entity notes"); note != "" {
		en.Notes = appendNoteLines(en.Notes, []string{note})
	}
	if e.New {
		if en.Province == "" {
			en.Province = rc.get(ColProvince)
		}
		if en.FilingNumber == "" {
			if r := ident.ParseICPSite(rc.get(ColSiteNumber)); r.Valid && r.Entity != "" && !strings.Contains(rc.get(ColSiteNumber), "证") {
				en.FilingNumber = r.Entity
			}
		}
	}
	return e
}

// storeEntity brings a stored entity into the plan (unchanged so far).
func (pl *planner) storeEntity(id string) *PlannedEntity {
	if e := pl.entityByID[id]; e != nil {
		return e
	}
	se, ok := pl.storeEntities[id]
	if !ok {
		return nil
	}
	e := &PlannedEntity{Entity: se, orig: se, set: fieldLines{}, key: "E:" + id}
	pl.entityByID[id] = e
	pl.entities = append(pl.entities, e)
	if k := usccKey(se.USCC); k != "" && pl.entityByUSCC[k] == nil {
		pl.entityByUSCC[k] = e
	}
	if k := nameKey(se.Name); k != "" && pl.entityByName[k] == nil {
		pl.entityByName[k] = e
	}
	return e
}

// ---- contacts

var contactColumns = []struct{ role, name, mobile, email string }{
	{ledger.RoleEntityOwner, ColEntityOwner, ColEntityOwnerMobile, ColEntityOwnerEmail},
	{ledger.RoleSiteOwner, ColSiteOwner, ColSiteOwnerMobile, ColSiteOwnerEmail},
	{ledger.RoleBackup, ColBackup, ColBackupMobile, ColBackupEmail},
}

// rowContacts plans the row's three contacts. The entity owner and the
// backup contact answer for the entity; the site owner for the site
// (added to SiteIDs), as does a contact whose entity is not the row's. It
// returns notes lines for values it could not place (a mobile without a
// name).
func (pl *planner) rowContacts(rc *rowCtx, site *PlannedSite, ent *PlannedEntity) []string {
	var extra []string
	for _, cc := range contactColumns {
		name, mobile, email := rc.get(cc.name), rc.get(cc.mobile), rc.get(cc.email)
		if name == "" {
			if mobile != "" || email != "" {
				pl.warn(rc.line, headerFor(cc.name), "mobile or e-mail without a name; kept in the notes")
				for _, col := range []string{cc.mobile, cc.email} {
					if v := rc.get(col); v != "" {
						extra = append(extra, headerFor(col)+": "+v)
					}
				}
			}
			continue
		}
		entKey := ""
		if ent != nil {
			entKey = ent.key
		}
		k := contactKey(name, mobile, cc.role, entKey)
		c := pl.contactByKey[k]
		if c == nil {
			if sc, ok := pl.storeContacts[k]; ok {
				c = &PlannedContact{Contact: sc, orig: cloneContact(sc), set: fieldLines{}}
				if sc.EntityID != "" {
					c.entity = pl.storeEntity(sc.EntityID)
				}
			} else {
				c = &PlannedContact{New: true, set: fieldLines{}}
				c.Contact.Name, c.Contact.Mobile, c.Contact.Role = name, mobile, cc.role
			}
			pl.contacts = append(pl.contacts, c)
			pl.contactByKey[k] = c
		}
		c.Lines = appendLine(c.Lines, rc.line)
		pl.setText(rc, c.set, cc.email, &c.Contact.Email, email)
		if c.entity == nil && c.Contact.EntityID == "" && ent != nil {
			c.entity = ent
		}
		// The entity owner and a backup contact of the row's entity
		// answer for all its sites through the entity; a site owner, or
		// a backup from elsewhere, is added to the site.
		byEntity := ent != nil && c.entity == ent && (cc.role == ledger.RoleEntityOwner || cc.role == ledger.RoleBackup)
		if site != nil && !byEntity {
			if !slices.Contains(c.sites, site) && (site.Site.ID == "" || !slices.Contains(c.Contact.SiteIDs, site.Site.ID)) {
				c.sites = append(c.sites, site)
			}
		}
	}
	return extra
}

// ---- credentials

// rowCredential plans the row's credential, if it has one. It returns
// notes lines for values it could not place.
func (pl *planner) rowCredential(rc *rowCtx, site *PlannedSite, ent *PlannedEntity) (*PlannedCredential, []string) {
	sysText, login, url := rc.get(ColSystem), rc.get(ColLogin), rc.get(ColLoginURL)
	pw := rc.cells[ColPassword]
	cnotes := rc.get(ColCredentialNotes)
	if sysText == "" && login == "" && pw == "" && url == "" && cnotes == "" {
		var extra []string
		for _, col := range []string{ColPasswordChanged, ColRotationMonths, ColCredentialScope} {
			if v := rc.get(col); v != "" {
				extra = append(extra, headerFor(col)+": "+v)
			}
		}
		if len(extra) > 0 {
			pl.warn(rc.line, "", "password date or rotation without a login, password or URL; kept in the notes")
		}
		return nil, extra
	}
	var extra []string
	system := ""
	if sysText != "" {
		if s, ok := parseLabel(&systems, sysText); ok {
			system = s
		} else {
			pl.warn(rc.line, headerFor(ColSystem), "unknown system %q; imported as 其他 (other) with the name in the credential notes", sysText)
			system = ledger.SystemOther
			extra = append(extra, headerFor(ColSystem)+": "+sysText)
		}
	} else {
		system, _ = guessSystem(url, "")
	}
	months := 0
	if v := rc.get(ColRotationMonths); v != "" {
		m, err := parseRotation(v)
		if err != nil {
			pl.coded(Problem{Line: rc.line, Column: headerFor(ColRotationMonths), Severity: SeverityError, Code: "bad-rotation", Args: []string{v}, Message: err.Error()})
		}
		months = m
	}
	entityScope := false
	switch v := valueKey(rc.get(ColCredentialScope)); v {
	case "", "网站", "site", "website":
	case valueKey(entityScopeLabel), credentialScopeEntity:
		entityScope = true
	default:
		pl.warn(rc.line, headerFor(ColCredentialScope), "unknown value %q (use 主体 for an entity's account, or leave blank)", rc.get(ColCredentialScope))
	}
	owner, ownerSite, ownerEnt := "", (*PlannedSite)(nil), (*PlannedEntity)(nil)
	switch {
	case site != nil && !entityScope:
		ownerSite, ownerEnt = site, site.entity
		owner = "s" + fmt.Sprintf("%p", site)
	case ent != nil:
		ownerEnt = ent
		owner = "e" + fmt.Sprintf("%p", ent)
	default:
		pl.warn(rc.line, headerFor(ColLogin), "login not linked to a site or entity")
	}
	c := pl.credential(rc.line, owner, ownerSite, ownerEnt, system, login, url)
	cr := &c.Credential
	pl.setDate(rc, c.set, ColPasswordChanged, &cr.LastRotated)
	if months > 0 {
		if line, ok := c.set[ColRotationMonths]; ok && cr.RotationMonths != months {
			pl.warn(rc.line, headerFor(ColRotationMonths), "rotation differs from line %d for the same login; kept line %d's", line, line)
		} else if !ok {
			cr.RotationMonths = months
			c.set[ColRotationMonths] = rc.line
		}
	}
	pl.setText(rc, c.set, ColCredentialNotes, &cr.Notes, cnotes)
	if system == ledger.SystemProvider && ownerSite != nil && ownerSite.provider != nil {
		c.provider = ownerSite.provider
	}
	if pw != "" {
		if c.HasPassword && subtle.ConstantTimeCompare(c.password, []byte(pw)) != 1 {
			pl.warn(rc.line, headerFor(ColPassword), "a different password for the same login is on line %d; kept that one", c.set[ColPassword])
		} else if !c.HasPassword {
			c.password, c.HasPassword = []byte(pw), true
			c.set[ColPassword] = rc.line
		}
	}
	return c, extra
}

// credential finds or plans the credential of an owner with a system,
// login and URL.
func (pl *planner) credential(line int, owner string, site *PlannedSite, ent *PlannedEntity, system, login, url string) *PlannedCredential {
	k := credKey(owner, system, login, url)
	if c := pl.credByKey[k]; c != nil {
		c.Lines = appendLine(c.Lines, line)
		return c
	}
	var stored *ledger.Credential
	storeOwner, lookup := "", true
	switch {
	case site != nil:
		storeOwner, lookup = "S:"+site.Site.ID, !site.New
	case ent != nil:
		storeOwner, lookup = "E:"+ent.Entity.ID, !ent.New
	}
	if lookup {
		for _, sk := range []string{credKey(storeOwner, system, login, url), credKey(storeOwner, system, login, "*")} {
			if sc, ok := pl.storeCreds[sk]; ok && !pl.claimedCreds[sc.ID] {
				stored = &sc
				pl.claimedCreds[sc.ID] = true
				break
			}
		}
	}
	c := &PlannedCredential{New: stored == nil, set: fieldLines{}, site: site, entity: ent}
	if stored != nil {
		c.Credential, c.orig = *stored, *stored
	} else {
		c.Credential = ledger.Credential{System: system, Login: login, URL: url}
	}
	if url != "" {
		c.Credential.URL = url
	}
	c.Lines = appendLine(c.Lines, line)
	pl.creds = append(pl.creds, c)
	pl.credByKey[k] = c
	return c
}

// ---- checks

func (pl *planner) planCheck(rc *rowCtx, s *PlannedSite, d ledger.Date) {
	if !s.New && !s.orig.LastChecked.Before(d) {
		return // a check on that date or later is already logged
	}
	for _, c := range pl.checks {
		if c.site == s {
			if c.Check.Date != d {
				pl.warn(rc.line, headerFor(ColLastChecked), "%s differs from %s on line %d for the same site; kept the later date", d, c.Check.Date, c.Line)
				if c.Check.Date.Before(d) {
					c.Check.Date, c.Line = d, rc.line
				}
			}
			return
		}
	}
	pl.checks = append(pl.checks, &PlannedCheck{site: s, Line: rc.line,
		Check: ledger.StatusCheck{Date: d, Result: ledger.CheckNormal, Note: "从台账导入（最近核查日期） imported from the ledger sheet"}})
}

// ---- finishing

// finish decides which records change, compares passwords of stored
// credentials, and returns the plan.
func (pl *planner) finish() *ImportPlan {
	p := &ImportPlan{}
	for _, r := range pl.providers {
		if r.New || !providerEqual(r.Provider, r.orig) {
			p.Providers = append(p.Providers, r)
		}
	}
	for _, r := range pl.entities {
		if r.New || !entityEqual(r.Entity, r.orig) {
			p.Entities = append(p.Entities, r)
		}
	}
	for _, r := range pl.sites {
		if len(r.notes) > 0 {
			r.Site.Notes = appendNoteLines(r.Site.Notes, r.notes)
		}
		cur := r.Site
		if r.entity != nil {
			cur.EntityID = r.entity.Entity.ID
		}
		if r.provider != nil {
			cur.ProviderID = r.provider.Provider.ID
		}
		if r.New || !siteEqual(cur, r.orig) {
			p.Sites = append(p.Sites, r)
		}
	}
	for _, r := range pl.contacts {
		cur := r.Contact
		changed := r.New
		if r.entity != nil && (r.entity.New || cur.EntityID != r.entity.Entity.ID) {
			changed = true
		}
		for _, s := range r.sites {
			if s.New || !slices.Contains(cur.SiteIDs, s.Site.ID) {
				changed = true
			}
		}
		if changed || !contactEqual(cur, r.orig) {
			p.Contacts = append(p.Contacts, r)
		}
	}
	for _, r := range pl.creds {
		if r.site != nil && r.site.entity != nil {
			r.entity = r.site.entity
		}
		if r.HasPassword {
			r.SetsPassword = r.New || pl.passwordDiffers(r)
		}
		cur := r.Credential
		changed := r.New || r.SetsPassword
		if r.site != nil && (r.site.New || cur.SiteID != r.site.Site.ID) {
			changed = true
		}
		if r.entity != nil && (r.entity.New || cur.EntityID != r.entity.Entity.ID) {
			changed = true
		}
		if r.provider != nil && (r.provider.New || cur.ProviderID != r.provider.Provider.ID) {
			changed = true
		}
		if changed || cur != r.orig {
			p.Credentials = append(p.Credentials, r)
		} else {
			clear(r.password)
		}
	}
	for _, c := range pl.checks {
		p.Checks = append(p.Checks, c)
	}
	p.Problems = pl.problems
	sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Line < p.Problems[j].Line })
	return p
}

// passwordDiffers compares a stored credential's secret with the sheet's.
func (pl *planner) passwordDiffers(c *PlannedCredential) bool {
	if pl.existing == nil || c.Credential.ID == "" || !c.orig.HasSecret {
		return true
	}
	old, err := pl.existing.Reveal("credential", c.Credential.ID)
	if err != nil {
		return true
	}
	defer clear(old)
	return subtle.ConstantTimeCompare(old, c.password) != 1
}

func cloneSite(s ledger.Site) ledger.Site {
	s.Domains = slices.Clone(s.Domains)
	return s
}

func cloneContact(c ledger.Contact) ledger.Contact {
	c.SiteIDs = slices.Clone(c.SiteIDs)
	return c
}

func cloneProvider(p ledger.Provider) ledger.Provider {
	p.Aliases = slices.Clone(p.Aliases)
	return p
}

func entityEqual(a, b ledger.Entity) bool { return a == b }

func siteEqual(a, b ledger.Site) bool {
	if !slices.Equal(a.Domains, b.Domains) {
		return false
	}
	a.Domains, b.Domains = nil, nil
	return reflect.DeepEqual(a, b)
}

func contactEqual(a, b ledger.Contact) bool {
	if !slices.Equal(a.SiteIDs, b.SiteIDs) {
		return false
	}
	a.SiteIDs, b.SiteIDs = nil, nil
	return reflect.DeepEqual(a, b)
}

func providerEqual(a, b ledger.Provider) bool {
	if !slices.Equal(a.Aliases, b.Aliases) {
		return false
	}
	a.Aliases, b.Aliases = nil, nil
	return reflect.DeepEqual(a, b)
}

func containsLine(notes, line string) bool {
	for l := range strings.SplitSeq(notes, "\n") {
		if l == line {
			return true
		}
	}
	return false
}
