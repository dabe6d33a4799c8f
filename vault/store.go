package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"beianledger/ledger"
	"beianledger/ledger/ident"
)

// Store returns the ledger's view of the vault: ledger.Store implemented
// with SQL. Every Write commits and saves before it returns.
func (v *Vault) Store() ledger.Store { return &store{v: v} }

type store struct{ v *Vault }

type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// rw runs the ledger's reads and writes against one database handle or
// transaction. Statements are prepared once per rw: a 10,000-site import
// runs each of them thousands of times, and parsing dominated.
type rw struct {
	p     preparer
	q     *stmtCache
	v     *Vault
	actor string
	now   time.Time
	// fieldKey is opened once for a whole Write or Read (nil for single
	// reads, which open it per value); uid is the vault's UUID that binds
	// sealed values, taken with it (not from the header a save rewrites).
	fieldKey []byte
	uid      [16]byte
}

type stmtCache struct {
	p     preparer
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) stmt(q string) (*sql.Stmt, error) {
	if st, ok := c.stmts[q]; ok {
		return st, nil
	}
	st, err := c.p.PrepareContext(context.Background(), q)
	if err != nil {
		return nil, err
	}
	c.stmts[q] = st
	return st, nil
}

func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
}

func (c *stmtCache) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// rowErr lets QueryRowContext report a prepare error through Scan.
type rowErr struct{ err error }

func (c *stmtCache) QueryRowContext(ctx context.Context, q string, args ...any) scanner {
	st, err := c.stmt(q)
	if err != nil {
		return rowErr{err}
	}
	return st.QueryRowContext(ctx, args...)
}

func (r rowErr) Scan(...any) error { return r.err }

type scanner interface{ Scan(...any) error }

func (c *stmtCache) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := c.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func newRW(p preparer, v *Vault) *rw {
	return &rw{p: p, q: &stmtCache{p: p, stmts: map[string]*sql.Stmt{}}, v: v}
}

func (r *rw) seal(table, column, id string, pt []byte) ([]byte, error) {
	if r.fieldKey != nil {
		return seal(r.fieldKey, pt, fieldAD(r.uid, table, column, id)), nil
	}
	return r.v.SealField(table, column, id, pt)
}

func (r *rw) open(table, column, id string, sealed []byte) ([]byte, error) {
	if r.fieldKey != nil {
		return openField(r.fieldKey, r.uid, table, column, id, sealed)
	}
	return r.v.OpenField(table, column, id, sealed)
}

// reader reads through the database without taking the vault's mutex, so
// that reads go on while a save holds it (see AuditWhile).
func (s *store) reader() (*rw, error) {
	s.v.dbMu.RLock()
	db := s.v.db
	s.v.dbMu.RUnlock()
	if db == nil {
		return nil, ErrClosed
	}
	return newRW(db, s.v), nil
}

func (s *store) Read(f func(r ledger.Reader) error) error {
	r, err := s.reader()
	if err != nil {
		return err
	}
	defer r.q.close()
	return s.v.withFieldKey(func(fk []byte, uid [16]byte) error {
		r.fieldKey, r.uid = fk, uid
		return f(r)
	})
}

func (s *store) Write(f func(w ledger.Writer) error) error {
	actor := s.v.Actor()
	return s.v.Tx(context.Background(), func(tx *sql.Tx) error {
		r := newRW(tx, s.v)
		defer r.q.close()
		r.actor, r.now = actor, s.v.opts.now().UTC()
		return s.v.withFieldKey(func(fk []byte, uid [16]byte) error {
			r.fieldKey, r.uid = fk, uid
			return f(r)
		})
	})
}

// The Reader methods of store delegate to a fresh rw on the database.
func (s *store) Entities() ([]ledger.Entity, error) { return with(s, (*rw).Entities) }
func (s *store) Entity(id string) (ledger.Entity, error) {
	return with(s, func(r *rw) (ledger.Entity, error) { return r.Entity(id) })
}
func (s *store) Sites() ([]ledger.SiteRow, error) { return with(s, (*rw).Sites) }
func (s *store) ListSites() ([]ledger.SiteRow, error) {
	return with(s, (*rw).ListSites)
}
func (s *store) Site(id string) (ledger.SiteRow, error) {
	return with(s, func(r *rw) (ledger.SiteRow, error) { return r.Site(id) })
}
func (s *store) FindSite(q string) (ledger.SiteRow, error) {
	return with(s, func(r *rw) (ledger.SiteRow, error) { return r.FindSite(q) })
}
func (s *store) Credentials() ([]ledger.Credential, error) { return with(s, (*rw).Credentials) }
func (s *store) Credential(id string) (ledger.Credential, error) {
	return with(s, func(r *rw) (ledger.Credential, error) { return r.Credential(id) })
}
func (s *store) Contacts() ([]ledger.Contact, error) { return with(s, (*rw).Contacts) }
func (s *store) SiteCredentials(id string) ([]ledger.Credential, error) {
	return with(s, func(r *rw) ([]ledger.Credential, error) { return r.SiteCredentials(id) })
}
func (s *store) SiteContacts(id string) ([]ledger.Contact, error) {
	return with(s, func(r *rw) ([]ledger.Contact, error) { return r.SiteContacts(id) })
}
func (s *store) Contact(id string) (ledger.Contact, error) {
	return with(s, func(r *rw) (ledger.Contact, error) { return r.Contact(id) })
}
func (s *store) Providers() ([]ledger.Provider, error) { return with(s, (*rw).Providers) }
func (s *store) Provider(id string) (ledger.Provider, error) {
	return with(s, func(r *rw) (ledger.Provider, error) { return r.Provider(id) })
}
func (s *store) Checks(siteID string) ([]ledger.StatusCheck, error) {
	return with(s, func(r *rw) ([]ledger.StatusCheck, error) { return r.Checks(siteID) })
}
func (s *store) Search(q string, limit int) ([]ledger.SiteRow, error) {
	return with(s, func(r *rw) ([]ledger.SiteRow, error) { return r.Search(q, limit) })
}
func (s *store) Reveal(kind, id string) ([]byte, error) {
	return with(s, func(r *rw) ([]byte, error) { return r.Reveal(kind, id) })
}
func (s *store) SecretHistory(id string) ([]ledger.HistoricSecret, error) {
	return with(s, func(r *rw) ([]ledger.HistoricSecret, error) { return r.SecretHistory(id) })
}

func (s *store) ReminderStates() ([]ledger.ReminderState, error) {
	return with(s, (*rw).ReminderStates)
}
func (s *store) Setting(key string) (string, error) {
	return with(s, func(r *rw) (string, error) { return r.Setting(key) })
}

func with[T any](s *store, f func(r *rw) (T, error)) (T, error) {
	r, err := s.reader()
	if err != nil {
		var zero T
		return zero, err
	}
	defer r.q.close()
	return f(r)
}

var ctx0 = context.Background()

const metaCols = `id, created_at, updated_at, updated_by, deleted`

func scanMeta(m *ledger.Meta, created, updated *string) []any {
	return []any{&m.ID, created, updated, &m.UpdatedBy, &m.Deleted}
}

func parseTimes(m *ledger.Meta, created, updated string) {
	m.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	m.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
}

func dateArg(d ledger.Date) string { return d.String() }

func parseDateCol(s string) ledger.Date {
	d, _ := ledger.ParseDate(s)
	return d
}

func notFound(kind, id string) error {
	return fmt.Errorf("%s %q: %w", kind, id, ledger.ErrNotFound)
}

// stamp fills the bookkeeping fields before a write.
func (r *rw) stamp(m *ledger.Meta) (isNew bool) {
	if m.ID == "" {
		m.ID = uuid.NewString()
		isNew = true
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = r.now
	}
	m.UpdatedAt = r.now
	m.UpdatedBy = r.actor
	return isNew
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// ---- entities

const entityCols = metaCols + `, name, kind, uscc, legal_rep, address, province, filing_number, icp_licence, notes`

func scanEntity(sc func(...any) error) (ledger.Entity, error) {
	var e ledger.Entity
	var c, u string
	err := sc(append(scanMeta(&e.Meta, &c, &u), &e.Name, &e.Kind, &e.USCC, &e.LegalRep, &e.Address, &e.Province, &e.FilingNumber, &e.ICPLicence, &e.Notes)...)
	parseTimes(&e.Meta, c, u)
	return e, err
}

func (r *rw) Entities() ([]ledger.Entity, error) {
	out, err := readAll(r, liveCount(r, "entity"), entityCols, `FROM entity WHERE deleted = 0`, scanEntity)
	slices.SortFunc(out, func(a, b ledger.Entity) int { return strings.Compare(a.Name, b.Name) })
	return out, err
}

func (r *rw) Entity(id string) (ledger.Entity, error) {
	e, err := scanEntity(r.q.QueryRowContext(ctx0, `SELECT `+entityCols+` FROM entity WHERE id = ? AND deleted = 0`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("entity", id)
	}
	return e, err
}

func (r *rw) PutEntity(e *ledger.Entity) error {
	isNew := r.stamp(&e.Meta)
	if e.Kind == "" {
		e.Kind = ledger.EntityCompany
	}
	_, err := r.q.ExecContext(ctx0, `INSERT INTO entity(`+entityCols+`) VALUES (?,?,?,?,0,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, deleted=0,
		name=excluded.name, kind=excluded.kind, uscc=excluded.uscc, legal_rep=excluded.legal_rep, address=excluded.address,
		province=excluded.province, filing_number=excluded.filing_number, icp_licence=excluded.icp_licence, notes=excluded.notes`,
		e.ID, ts(e.CreatedAt), ts(e.UpdatedAt), e.UpdatedBy, e.Name, e.Kind, e.USCC, e.LegalRep, e.Address, e.Province, e.FilingNumber, e.ICPLicence, e.Notes)
	if err != nil {
		return err
	}
	if err := r.refreshSearch(`entity_id = ?`, e.ID); err != nil {
		return err
	}
	return r.auditPut("entity", isNew, e.ID, e.Name)
}

// ---- providers

const providerCols = metaCols + `, name, aliases, console_url, hotline, account_manager, materials, notes`

func scanProvider(sc func(...any) error) (ledger.Provider, error) {
	var p ledger.Provider
	var c, u, aliases string
	err := sc(append(scanMeta(&p.Meta, &c, &u), &p.Name, &aliases, &p.ConsoleURL, &p.Hotline, &p.AccountManager, &p.Materials, &p.Notes)...)
	parseTimes(&p.Meta, c, u)
	p.Aliases = splitLines(aliases)
	return p, err
}

func (r *rw) Providers() ([]ledger.Provider, error) {
	out, err := readAll(r, liveCount(r, "provider"), providerCols, `FROM provider WHERE deleted = 0`, scanProvider)
	slices.SortFunc(out, func(a, b ledger.Provider) int { return strings.Compare(a.Name, b.Name) })
	return out, err
}

func (r *rw) Provider(id string) (ledger.Provider, error) {
	p, err := scanProvider(r.q.QueryRowContext(ctx0, `SELECT `+providerCols+` FROM provider WHERE id = ? AND deleted = 0`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("provider", id)
	}
	return p, err
}

func (r *rw) PutProvider(p *ledger.Provider) error {
	isNew := r.stamp(&p.Meta)
	_, err := r.q.ExecContext(ctx0, `INSERT INTO provider(`+providerCols+`) VALUES (?,?,?,?,0,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, deleted=0,
		name=excluded.name, aliases=excluded.aliases, console_url=excluded.console_url, hotline=excluded.hotline,
		account_manager=excluded.account_manager, materials=excluded.materials, notes=excluded.notes`,
		p.ID, ts(p.CreatedAt), ts(p.UpdatedAt), p.UpdatedBy, p.Name, strings.Join(p.Aliases, "\n"), p.ConsoleURL, p.Hotline, p.AccountManager, p.Materials, p.Notes)
	if err != nil {
		return err
	}
	if err := r.refreshSearch(`provider_id = ?`, p.ID); err != nil {
		return err
	}
	return r.auditPut("provider", isNew, p.ID, p.Name)
}

// ---- sites

// siteOwnCols are the site's own columns; siteCols adds what a site is
// shown with (siteFrom's joins): its entity's and provider's names and
// the date of its latest check.
const siteOwnCols = `s.id, s.created_at, s.updated_at, s.updated_by, s.deleted, s.entity_id, s.number, s.name, s.domains, s.kind,
	s.provider_id, s.province, s.first_filed, s.last_changed, s.went_live, s.status, s.psb_number, s.psb_date, s.licence,
	s.licence_expiry, s.domain_expiry, s.ssl_expiry, s.product_expiry, s.notes`

const siteCols = siteOwnCols + `, COALESCE(e.name, ''), COALESCE(p.name, ''),
	COALESCE((SELECT max(date) FROM status_check c WHERE c.site_id = s.id AND c.deleted = 0), '')`

const siteFrom = ` FROM site s LEFT JOIN entity e ON e.id = s.entity_id AND e.deleted = 0
	LEFT JOIN provider p ON p.id = s.provider_id AND p.deleted = 0 `

func scanSite(sc func(...any) error) (ledger.SiteRow, error) {
	var s ledger.SiteRow
	var c, u, domains, ff, lc, wl, pd, le, de, se, pe, checked string
	err := sc(append(scanMeta(&s.Meta, &c, &u), &s.EntityID, &s.Number, &s.Name, &domains, &s.Kind, &s.ProviderID, &s.Province,
		&ff, &lc, &wl, &s.Status, &s.PSBNumber, &pd, &s.Licence, &le, &de, &se, &pe, &s.Notes, &s.EntityName, &s.ProviderName, &checked)...)
	s.ProductExpiry = parseDateCol(pe)
	parseTimes(&s.Meta, c, u)
	s.Domains = splitLines(domains)
	s.FirstFiled, s.LastChanged, s.WentLive, s.PSBDate = parseDateCol(ff), parseDateCol(lc), parseDateCol(wl), parseDateCol(pd)
	s.LicenceExpiry, s.DomainExpiry, s.SSLExpiry, s.LastChecked = parseDateCol(le), parseDateCol(de), parseDateCol(se), parseDateCol(checked)
	return s, err
}

func (r *rw) Sites() ([]ledger.SiteRow, error) {
	return r.sitesInOrder(siteOwnCols+`, '', '', '', s.number_key`, // the names filled from siteNames
		func(sc func(...any) error, key *string) (ledger.SiteRow, error) {
			return scanSite(func(dest ...any) error { return sc(append(dest, key)...) })
		})
}

// ListSites is Sites with only what a list of sites shows: ID, Number,
// Name, Kind, Domains, EntityID and EntityName, ProviderID and
// ProviderName, Province, Status, PSBNumber and LastChecked; the other
// fields are left zero. In Sites' order. It reads 11 of the 27 columns.
func (r *rw) ListSites() ([]ledger.SiteRow, error) {
	return r.sitesInOrder(`s.id, s.number, s.name, s.domains, s.kind, s.entity_id, s.provider_id, s.province, s.status, s.psb_number, s.number_key`,
		func(sc func(...any) error, key *string) (s ledger.SiteRow, err error) {
			var domains string
			err = sc(&s.ID, &s.Number, &s.Name, &domains, &s.Kind, &s.EntityID, &s.ProviderID, &s.Province, &s.Status, &s.PSBNumber, key)
			s.Domains = splitLines(domains)
			return s, err
		})
}

// sitesInOrder reads cols of the live sites (site s; the number key
// last), a packed value a row (rowPacked) or row by row when that gives
// up, each row through scan; fills in each row's entity and provider
// names and latest check; and puts the rows in order: by number key, then
// name. Sorting in Go is cheaper than SQLite's sorter over wide rows; the
// sort moves small index entries, not the rows. The names and the latest
// checks are looked up in maps rather than joined (one grouped pass over
// the checks): 10–20 ms less at 10,000 sites. In a read-only session they
// are read on a second connection, on the other core, while the sites are
// read here (sitesBeside).
func (r *rw) sitesInOrder(cols string, scan func(sc func(...any) error, key *string) (ledger.SiteRow, error)) ([]ledger.SiteRow, error) {
	names, join, err := sitesBeside(r)
	if err != nil {
		return nil, err
	}
	n := liveCount(r, "site")
	keys := make([]string, 0, n)
	from := ` FROM site s WHERE s.deleted = 0`
	keyed := func(sc func(...any) error) (ledger.SiteRow, error) {
		var key string
		row, err := scan(sc, &key)
		keys = append(keys, key)
		return row, err
	}
	out, ok, err := rowPacked(r, n, splitCols(cols), from, keyed)
	if err == nil && !ok {
		keys = keys[:0] // those of the rows read packed
		out, err = queryAllCap(r, n, `SELECT `+cols+from, keyed)
	}
	if join != nil {
		m, jerr := join() // always: it releases the second connection
		if err == nil {
			err = jerr
		}
		names = m
	}
	if err != nil {
		return nil, err
	}
	for i := range out {
		row := &out[i]
		row.EntityName, row.ProviderName = names['e'][row.EntityID], names['p'][row.ProviderID]
		row.LastChecked = parseDateCol(names['c'][row.ID])
	}
	order := make([]int32, len(out))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := strings.Compare(keys[a], keys[b]); c != 0 {
			return c
		}
		return strings.Compare(out[a].Name, out[b].Name)
	})
	permute(out, order)
	return out, nil
}

// permute puts s in the order given (s[i] becomes the old s[order[i]]) in
// place, one cycle at a time: no second copy of a large slice, whose fresh
// memory would have to be zeroed and faulted in (6 MB at 10,000 sites).
// order is used up.
func permute[T any](s []T, order []int32) {
	for i := range order {
		if order[i] < 0 {
			continue
		}
		tmp := s[i]
		j := i
		for {
			k := int(order[j])
			order[j] = -1
			if k == i {
				s[j] = tmp
				break
			}
			s[j] = s[k]
			j = k
		}
	}
}

func (r *rw) Site(id string) (ledger.SiteRow, error) {
	s, err := scanSite(r.q.QueryRowContext(ctx0, `SELECT `+siteCols+siteFrom+`WHERE s.id = ? AND s.deleted = 0`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("site", id)
	}
	return s, err
}

// numberKey is the form a filing number is looked up by: normalised, with
// the 川/贵/云/甘 aliases mapped to their canonical prefixes.
func numberKey(n string) string {
	res := ident.Classify(n)
	if res.Canonical != "" {
		return res.Canonical
	}
	return ident.Normalize(n)
}

func (r *rw) FindSite(q string) (ledger.SiteRow, error) {
	key := numberKey(q)
	s, err := scanSite(r.q.QueryRowContext(ctx0, `SELECT `+siteCols+siteFrom+`WHERE s.deleted = 0 AND (s.number_key = ? OR s.id = ?) LIMIT 1`, key, q).Scan)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return s, err
	}
	d := ledger.NormalizeDomain(q)
	s, err = scanSite(r.q.QueryRowContext(ctx0, `SELECT `+siteCols+siteFrom+`WHERE s.deleted = 0 AND (char(10) || s.domains || char(10)) LIKE ? ESCAPE '\' LIMIT 1`, "%\n"+likeEscape(d)+"\n%").Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("site", q)
	}
	return s, err
}

func (r *rw) PutSite(s *ledger.Site) error {
	isNew := r.stamp(&s.Meta)
	if s.Kind == "" {
		s.Kind = ledger.SiteWebsite
	}
	if s.Status == "" {
		s.Status = ledger.StatusNormal
	}
	for i, d := range s.Domains {
		s.Domains[i] = ledger.NormalizeDomain(d)
	}
	_, err := r.q.ExecContext(ctx0, `INSERT INTO site(id, created_at, updated_at, updated_by, deleted, entity_id, number, number_key, name, domains, kind,
		provider_id, province, first_filed, last_changed, went_live, status, psb_number, psb_date, licence, licence_expiry, domain_expiry, ssl_expiry,
		product_expiry, notes)
		VALUES (?,?,?,?,0,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, deleted=0,
		entity_id=excluded.entity_id, number=excluded.number, number_key=excluded.number_key, name=excluded.name, domains=excluded.domains,
		kind=excluded.kind, provider_id=excluded.provider_id, province=excluded.province, first_filed=excluded.first_filed,
		last_changed=excluded.last_changed, went_live=excluded.went_live, status=excluded.status, psb_number=excluded.psb_number,
		psb_date=excluded.psb_date, licence=excluded.licence, licence_expiry=excluded.licence_expiry, domain_expiry=excluded.domain_expiry,
		ssl_expiry=excluded.ssl_expiry, product_expiry=excluded.product_expiry, notes=excluded.notes`,
		s.ID, ts(s.CreatedAt), ts(s.UpdatedAt), s.UpdatedBy, s.EntityID, s.Number, numberKey(s.Number), s.Name, strings.Join(s.Domains, "\n"), s.Kind,
		s.ProviderID, s.Province, dateArg(s.FirstFiled), dateArg(s.LastChanged), dateArg(s.WentLive), s.Status, s.PSBNumber, dateArg(s.PSBDate),
		s.Licence, dateArg(s.LicenceExpiry), dateArg(s.DomainExpiry), dateArg(s.SSLExpiry), dateArg(s.ProductExpiry), s.Notes)
	if err != nil {
		return err
	}
	if err := r.refreshSearch(`id = ?`, s.ID); err != nil {
		return err
	}
	return r.auditPut("site", isNew, s.ID, s.Number+" "+s.Name)
}

// ---- credentials

const credCols = metaCols + `, system, site_id, entity_id, provider_id, url, login, secret IS NOT NULL, last_rotated, rotation_months, rotate_now, notes`

func scanCred(sc func(...any) error) (ledger.Credential, error) {
	var c ledger.Credential
	var cr, u, lr string
	err := sc(append(scanMeta(&c.Meta, &cr, &u), &c.System, &c.SiteID, &c.EntityID, &c.ProviderID, &c.URL, &c.Login, &c.HasSecret, &lr, &c.RotationMonths, &c.RotateNow, &c.Notes)...)
	parseTimes(&c.Meta, cr, u)
	c.LastRotated = parseDateCol(lr)
	return c, err
}

func (r *rw) Credentials() ([]ledger.Credential, error) {
	out, err := readAll(r, liveCount(r, "credential"), credCols, `FROM credential WHERE deleted = 0`, scanCred)
	slices.SortFunc(out, func(a, b ledger.Credential) int {
		if c := strings.Compare(a.System, b.System); c != 0 {
			return c
		}
		return strings.Compare(a.Login, b.Login)
	})
	return out, err
}

func (r *rw) SiteCredentials(siteID string) ([]ledger.Credential, error) {
	return queryAll(r, `SELECT `+credCols+` FROM credential WHERE deleted = 0 AND (site_id = ?1 OR (site_id = '' AND entity_id <> ''
		AND entity_id = (SELECT entity_id FROM site WHERE id = ?1))) ORDER BY system, login`, scanCred, siteID)
}

func (r *rw) SiteContacts(siteID string) ([]ledger.Contact, error) {
	return queryAll(r, `SELECT `+contactCols+` FROM contact WHERE deleted = 0 AND id IN (SELECT contact_id FROM contact_site WHERE site_id = ?) ORDER BY name`, scanContact, siteID)
}

func (r *rw) Credential(id string) (ledger.Credential, error) {
	c, err := scanCred(r.q.QueryRowContext(ctx0, `SELECT `+credCols+` FROM credential WHERE id = ? AND deleted = 0`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("credential", id)
	}
	return c, err
}

func (r *rw) PutCredential(c *ledger.Credential) error {
	isNew := r.stamp(&c.Meta)
	if c.System == "" {
		c.System = ledger.SystemOther
	}
	if c.RotationMonths == 0 {
		c.RotationMonths = 3
	}
	_, err := r.q.ExecContext(ctx0, `INSERT INTO credential(id, created_at, updated_at, updated_by, deleted, system, site_id, entity_id, provider_id,
		url, login, last_rotated, rotation_months, rotate_now, notes) VALUES (?,?,?,?,0,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, deleted=0,
		system=excluded.system, site_id=excluded.site_id, entity_id=excluded.entity_id, provider_id=excluded.provider_id,
		url=excluded.url, login=excluded.login, last_rotated=excluded.last_rotated, rotation_months=excluded.rotation_months,
		rotate_now=excluded.rotate_now, notes=excluded.notes`,
		c.ID, ts(c.CreatedAt), ts(c.UpdatedAt), c.UpdatedBy, c.System, c.SiteID, c.EntityID, c.ProviderID, c.URL, c.Login,
		dateArg(c.LastRotated), c.RotationMonths, c.RotateNow, c.Notes)
	if err != nil {
		return err
	}
	if !c.RotateNow {
		// Changed or unmarked: those removed no longer matter to it.
		if _, err := r.q.ExecContext(ctx0, `UPDATE setting SET value = json_remove(value, '$."' || ? || '"')
			WHERE key = ? AND json_valid(value) AND json_type(value, '$."' || ? || '"') IS NOT NULL`,
			c.ID, ledger.SettingRemovedReaders, c.ID); err != nil {
			return err
		}
	}
	return r.auditPut("credential", isNew, c.ID, c.System+" "+c.Login)
}

// ---- contacts

const contactCols = metaCols + `, name, role, mobile, email, id_type, id_number IS NOT NULL, employer, position, start, "end", entity_id, site_ids, notes, id_expiry`

func scanContact(sc func(...any) error) (ledger.Contact, error) {
	var c ledger.Contact
	var cr, u, st, en, sites, ie string
	err := sc(append(scanMeta(&c.Meta, &cr, &u), &c.Name, &c.Role, &c.Mobile, &c.Email, &c.IDType, &c.HasIDNumber, &c.Employer, &c.Position, &st, &en, &c.EntityID, &sites, &c.Notes, &ie)...)
	parseTimes(&c.Meta, cr, u)
	c.IDExpiry = parseDateCol(ie)
	c.Start, c.End, c.SiteIDs = parseDateCol(st), parseDateCol(en), splitLines(sites)
	return c, err
}

func (r *rw) Contacts() ([]ledger.Contact, error) {
	out, err := readAll(r, liveCount(r, "contact"), contactCols, `FROM contact WHERE deleted = 0`, scanContact)
	slices.SortFunc(out, func(a, b ledger.Contact) int { return strings.Compare(a.Name, b.Name) })
	return out, err
}

func (r *rw) Contact(id string) (ledger.Contact, error) {
	c, err := scanContact(r.q.QueryRowContext(ctx0, `SELECT `+contactCols+` FROM contact WHERE id = ? AND deleted = 0`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("contact", id)
	}
	return c, err
}

func (r *rw) PutContact(c *ledger.Contact) error {
	isNew := r.stamp(&c.Meta)
	old, _ := r.Contact(c.ID)
	_, err := r.q.ExecContext(ctx0, `INSERT INTO contact(id, created_at, updated_at, updated_by, deleted, name, role, mobile, email, id_type,
		employer, position, start, "end", entity_id, site_ids, notes, id_expiry) VALUES (?,?,?,?,0,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, deleted=0,
		name=excluded.name, role=excluded.role, mobile=excluded.mobile, email=excluded.email, id_type=excluded.id_type,
		employer=excluded.employer, position=excluded.position, start=excluded.start, "end"=excluded."end",
		entity_id=excluded.entity_id, site_ids=excluded.site_ids, notes=excluded.notes, id_expiry=excluded.id_expiry`,
		c.ID, ts(c.CreatedAt), ts(c.UpdatedAt), c.UpdatedBy, c.Name, c.Role, c.Mobile, c.Email, c.IDType, c.Employer, c.Position,
		dateArg(c.Start), dateArg(c.End), c.EntityID, strings.Join(c.SiteIDs, "\n"), c.Notes, dateArg(c.IDExpiry))
	if err != nil {
		return err
	}
	if _, err := r.q.ExecContext(ctx0, `DELETE FROM contact_site WHERE contact_id = ?`, c.ID); err != nil {
		return err
	}
	for _, sid := range c.SiteIDs {
		if _, err := r.q.ExecContext(ctx0, `INSERT OR IGNORE INTO contact_site(contact_id, site_id) VALUES (?, ?)`, c.ID, sid); err != nil {
			return err
		}
	}
	for _, ids := range [][]string{old.SiteIDs, c.SiteIDs} {
		for _, id := range ids {
			if err := r.refreshSearch(`id = ?`, id); err != nil {
				return err
			}
		}
	}
	return r.auditPut("contact", isNew, c.ID, c.Name)
}

// ---- status checks

const checkCols = metaCols + `, site_id, date, who, result, note`

func scanCheck(sc func(...any) error) (ledger.StatusCheck, error) {
	var c ledger.StatusCheck
	var cr, u, d string
	err := sc(append(scanMeta(&c.Meta, &cr, &u), &c.SiteID, &d, &c.Who, &c.Result, &c.Note)...)
	parseTimes(&c.Meta, cr, u)
	c.Date = parseDateCol(d)
	return c, err
}

func (r *rw) Checks(siteID string) ([]ledger.StatusCheck, error) {
	if siteID != "" {
		return queryAll(r, `SELECT `+checkCols+` FROM status_check WHERE deleted = 0 AND site_id = ? ORDER BY date DESC, created_at DESC`, scanCheck, siteID)
	}
	// Every check (the reminder rules read them all): SQLite's sorter over
	// tens of thousands of rows costs more than sorting them here.
	out, err := queryAllCap(r, liveCount(r, "status_check"), `SELECT `+checkCols+` FROM status_check WHERE deleted = 0`, scanCheck)
	slices.SortFunc(out, func(a, b ledger.StatusCheck) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return b.CreatedAt.Compare(a.CreatedAt)
	})
	return out, err
}

func (r *rw) PutCheck(c *ledger.StatusCheck) error {
	isNew := r.stamp(&c.Meta)
	if c.Who == "" {
		c.Who = r.actor
	}
	_, err := r.q.ExecContext(ctx0, `INSERT INTO status_check(`+checkCols+`) VALUES (?,?,?,?,0,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, deleted=0,
		site_id=excluded.site_id, date=excluded.date, who=excluded.who, result=excluded.result, note=excluded.note`,
		c.ID, ts(c.CreatedAt), ts(c.UpdatedAt), c.UpdatedBy, c.SiteID, dateArg(c.Date), c.Who, c.Result, c.Note)
	if err != nil {
		return err
	}
	return r.auditPut("check", isNew, c.ID, c.Date.String()+" "+c.Result)
}

// ---- secrets

func secretColumn(kind string) (table, column string, err error) {
	switch kind {
	case "credential":
		return "credential", "secret", nil
	case "contact-id":
		return "contact", "id_number", nil
	}
	return "", "", fmt.Errorf("no secret of kind %q", kind)
}

func (r *rw) Reveal(kind, id string) ([]byte, error) {
	table, column, err := secretColumn(kind)
	if err != nil {
		return nil, err
	}
	var sealed []byte
	err = r.q.QueryRowContext(ctx0, `SELECT `+column+` FROM `+table+` WHERE id = ? AND deleted = 0`, id).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(table, id)
	}
	if err != nil || sealed == nil {
		return nil, err
	}
	return r.open(table, column, id, sealed)
}

// RevealAll opens every live secret of a kind in one query: the bulk path
// an export takes inside Store.Read. The caller wipes the values.
func (r *rw) RevealAll(kind string) (map[string][]byte, error) {
	table, column, err := secretColumn(kind)
	if err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx0, `SELECT id, `+column+` FROM `+table+` WHERE deleted = 0 AND `+column+` IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var id string
		var sealed []byte
		if err := rows.Scan(&id, &sealed); err != nil {
			return nil, err
		}
		pt, err := r.open(table, column, id, sealed)
		if err != nil {
			return nil, err
		}
		out[id] = pt
	}
	return out, rows.Err()
}

func (r *rw) SecretHistory(id string) ([]ledger.HistoricSecret, error) {
	rows, err := r.q.QueryContext(ctx0, `SELECT seq, until, secret FROM credential_history WHERE credential_id = ? ORDER BY seq DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.HistoricSecret
	for rows.Next() {
		var seq int64
		var until string
		var sealed []byte
		if err := rows.Scan(&seq, &until, &sealed); err != nil {
			return nil, err
		}
		pt, err := r.open("credential_history", "secret", fmt.Sprintf("%s/%d", id, seq), sealed)
		if err != nil {
			return nil, err
		}
		t, _ := time.Parse(time.RFC3339Nano, until)
		out = append(out, ledger.HistoricSecret{Until: t, Secret: pt})
	}
	return out, rows.Err()
}

func (r *rw) SetSecret(kind, id string, secret []byte) error {
	table, column, err := secretColumn(kind)
	if err != nil {
		return err
	}
	if kind == "credential" {
		// Keep the old one in the history, sealed to its history row.
		old, err := r.Reveal(kind, id)
		if err != nil {
			return err
		}
		if old != nil {
			res, err := r.q.ExecContext(ctx0, `INSERT INTO credential_history(credential_id, until, secret) VALUES (?, ?, x'')`, id, ts(r.now))
			if err != nil {
				return err
			}
			seq, _ := res.LastInsertId()
			sealed, err := r.seal("credential_history", "secret", fmt.Sprintf("%s/%d", id, seq), old)
			wipe(old)
			if err != nil {
				return err
			}
			if _, err := r.q.ExecContext(ctx0, `UPDATE credential_history SET secret = ? WHERE seq = ?`, sealed, seq); err != nil {
				return err
			}
		}
	}
	var sealed any
	if secret != nil {
		b, err := r.seal(table, column, id, secret)
		if err != nil {
			return err
		}
		sealed = b
	}
	res, err := r.q.ExecContext(ctx0, `UPDATE `+table+` SET `+column+` = ?, updated_at = ?, updated_by = ? WHERE id = ? AND deleted = 0`, sealed, ts(r.now), r.actor, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(table, id)
	}
	return r.Audit(kind+".secret", id, "secret changed")
}

// ---- deletes and audit

var kindTables = map[string]string{"entity": "entity", "site": "site", "credential": "credential", "contact": "contact", "provider": "provider", "check": "status_check", "attachment": "attachment"}

func (r *rw) Delete(kind, id string) error {
	table, ok := kindTables[kind]
	if !ok {
		return fmt.Errorf("cannot delete a %q", kind)
	}
	// A tombstone keeps the id (for merging); secrets and attachment
	// content go at once, and so do the attachments of the record.
	extra := ""
	switch table {
	case "attachment":
		extra = ", data = NULL"
		if err := r.scrubAttachment(id); err != nil {
			return err
		}
	case "credential":
		extra = ", secret = NULL"
		if _, err := r.q.ExecContext(ctx0, `DELETE FROM credential_history WHERE credential_id = ?`, id); err != nil {
			return err
		}
	case "contact":
		extra = ", id_number = NULL"
		if _, err := r.q.ExecContext(ctx0, `DELETE FROM contact_site WHERE contact_id = ?`, id); err != nil {
			return err
		}
	}
	res, err := r.q.ExecContext(ctx0, `UPDATE `+table+` SET deleted = 1, updated_at = ?, updated_by = ?`+extra+` WHERE id = ? AND deleted = 0`, ts(r.now), r.actor, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(kind, id)
	}
	if err := r.deleteAttachmentsOf(kind, id); err != nil {
		return err
	}
	return r.Audit(kind+".delete", id, "deleted")
}

func (r *rw) Audit(action, record, summary string) error {
	_, err := r.q.ExecContext(ctx0, `INSERT INTO audit(at, actor, action, record, summary, host) VALUES (?, ?, ?, ?, ?, ?)`,
		r.now.Format(time.RFC3339), r.actor, action, record, summary, hostName())
	return err
}

func (r *rw) auditPut(kind string, isNew bool, id, summary string) error {
	action := kind + ".update"
	if isNew {
		action = kind + ".create"
	}
	return r.Audit(action, id, summary)
}

// ---- search

// searchNorm folds case and full-width forms so that ＩＣＰ, icp and ICP
// match alike.
func searchNorm(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - 0xFEE0
		case r == '\u3000':
			return ' '
		case r == '－' || r == '—' || r == '–':
			return '-'
		}
		return r
	}, s))
}

// refreshSearch recomputes the search text of the sites matching where.
// The text joins the site's own fields with its entity, provider and the
// contacts who answer for it, so one LIKE scan finds a site by any of them.
func (r *rw) refreshSearch(where string, arg string) error {
	rows, err := r.q.QueryContext(ctx0, `SELECT s.id, s.number, s.name, s.domains, s.psb_number, s.licence, s.notes,
		COALESCE(e.name,''), COALESCE(e.uscc,''), COALESCE(e.filing_number,''), COALESCE(p.name,''), COALESCE(p.aliases,'')
		`+siteFrom+` WHERE s.`+where, arg)
	if err != nil {
		return err
	}
	type upd struct{ id, text string }
	var ups []upd
	for rows.Next() {
		f := make([]string, 12)
		ptrs := make([]any, len(f))
		for i := range f {
			ptrs[i] = &f[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return err
		}
		ups = append(ups, upd{f[0], strings.Join(f[1:], "\n")})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, u := range ups {
		var contacts []string
		crow, err := r.q.QueryContext(ctx0, `SELECT c.name, c.mobile, c.email FROM contact_site cs JOIN contact c ON c.id = cs.contact_id WHERE cs.site_id = ? AND c.deleted = 0`, u.id)
		if err != nil {
			return err
		}
		for crow.Next() {
			var n, m, e string
			crow.Scan(&n, &m, &e)
			contacts = append(contacts, n, m, e)
		}
		crow.Close()
		text := searchNorm(u.text + "\n" + strings.Join(contacts, "\n"))
		if _, err := r.q.ExecContext(ctx0, `UPDATE site SET search_text = ? WHERE id = ?`, text, u.id); err != nil {
			return err
		}
	}
	return nil
}

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Search scans the normalised search text of every live site; every word
// of the query must appear. At 10,000 sites this is one pass over ~3 MB.
func (r *rw) Search(q string, limit int) ([]ledger.SiteRow, error) {
	words := strings.Fields(searchNorm(q))
	if len(words) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = 1000
	}
	var conds []string
	var args []any
	for _, w := range words {
		conds = append(conds, `s.search_text LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(w)+"%")
	}
	args = append(args, limit)
	return queryAll(r, `SELECT `+siteCols+siteFrom+`WHERE s.deleted = 0 AND `+strings.Join(conds, " AND ")+` ORDER BY s.number_key LIMIT ?`, scanSite, args...)
}

// ---- helpers

func queryAll[T any](r *rw, q string, scan func(func(...any) error) (T, error), args ...any) ([]T, error) {
	return queryAllCap(r, 0, q, scan, args...)
}

// queryAllCap is queryAll with room for n rows made up front: records are
// wide, and growing a slice of 10,000 of them by doubling copies and
// clears several times their size.
func queryAllCap[T any](r *rw, n int, q string, scan func(func(...any) error) (T, error), args ...any) ([]T, error) {
	rows, err := r.q.QueryContext(ctx0, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]T, 0, n)
	for rows.Next() {
		v, err := scan(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// liveCount estimates the records of table, as a capacity hint for reading
// them all: the largest rowid, read from the end of the table's b-tree
// without the scan that count(*) needs (0 on error: the read itself reports
// errors). Deleted rows make it a little high, never low unless rows were
// inserted with explicit rowids, which this program does not do. It is
// capped so that a file with a huge rowid cannot make a read allocate
// gigabytes up front.
func liveCount(r *rw, table string) int {
	var n sql.NullInt64
	if err := r.q.QueryRowContext(ctx0, `SELECT max(rowid) FROM `+table).Scan(&n); err != nil || n.Int64 < 0 {
		return 0
	}
	return int(min(n.Int64, maxCapHint))
}

// maxCapHint bounds liveCount: beyond it slices grow as they fill.
const maxCapHint = 1 << 17

func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// ---- reminders and settings

func (r *rw) ReminderStates() ([]ledger.ReminderState, error) {
	return queryAll(r, `SELECT key, snoozed_until, done, done_on FROM reminder_state ORDER BY key`, func(sc func(...any) error) (ledger.ReminderState, error) {
		var st ledger.ReminderState
		var until, on string
		err := sc(&st.Key, &until, &st.Done, &on)
		st.SnoozedUntil, st.DoneOn = parseDateCol(until), parseDateCol(on)
		return st, err
	})
}

func (r *rw) PutReminderState(st ledger.ReminderState) error {
	if st.Key == "" {
		return errors.New("reminder state without a key")
	}
	_, err := r.q.ExecContext(ctx0, `INSERT INTO reminder_state(key, snoozed_until, done, done_on, updated_at, updated_by) VALUES (?,?,?,?,?,?)
		ON CONFLICT(key) DO UPDATE SET snoozed_until=excluded.snoozed_until, done=excluded.done, done_on=excluded.done_on,
		updated_at=excluded.updated_at, updated_by=excluded.updated_by`,
		st.Key, dateArg(st.SnoozedUntil), st.Done, dateArg(st.DoneOn), ts(r.now), r.actor)
	if err != nil {
		return err
	}
	what := "snoozed until " + st.SnoozedUntil.String()
	if st.Done {
		what = "done on " + st.DoneOn.String()
	}
	return r.Audit("reminder.state", st.Key, what)
}

func (r *rw) Setting(key string) (string, error) {
	var v string
	err := r.q.QueryRowContext(ctx0, `SELECT value FROM setting WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (r *rw) PutSetting(key, value string) error {
	_, err := r.q.ExecContext(ctx0, `INSERT INTO setting(key, value, updated_at, updated_by) VALUES (?,?,?,?)
		ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at, updated_by=excluded.updated_by`,
		key, value, ts(r.now), r.actor)
	if err != nil {
		return err
	}
	return r.Audit("setting", key, "setting changed")
}

// conflictKinds are the record kinds a form can keep a conflict on.
var conflictKinds = map[string]bool{"site": true, "entity": true, "provider": true, "credential": true, "contact": true}

// KeepConflict implements ledger.ConflictKeeper: a form saved a field that
// another writer had changed meanwhile to a different value; the record
// holds the form's value (kept, by this way in, now) and the conflict the
// other one, as a merge would.
func (r *rw) KeepConflict(kind, id, column, kept, other, otherBy string, otherAt time.Time) error {
	if !conflictKinds[kind] || isSealed(kind, column) || derivedColumns[kind+"."+column] {
		return fmt.Errorf("no conflict can be kept on %s.%s", kind, column)
	}
	var n int
	if err := r.q.QueryRowContext(ctx0, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, kind, column).Scan(&n); err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("no conflict can be kept on %s.%s", kind, column)
	}
	_, err := r.q.ExecContext(ctx0, `INSERT INTO conflict(id, created_at, tbl, record_id, col, kept, kept_by, kept_at, other, other_by, other_at, sealed)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,0)`, uuid.NewString(), ts(r.now), kind, id, column, kept, r.actor, ts(r.now), other, otherBy, ts(otherAt))
	return err
}

// sitesBeside starts siteNames on a second, read-only connection over the
// same image when r is a read-only vault's plain session and nothing else
// holds the vault (v.mu, which a write or a close takes, is held until
// join returns; join must be called once): names is then nil and join
// gives them. Otherwise names are read here first, and join is nil.
func sitesBeside(r *rw) (names map[byte]map[string]string, join func() (map[byte]map[string]string, error), err error) {
	alone := func() (map[byte]map[string]string, func() (map[byte]map[string]string, error), error) {
		names, err := siteNames(r)
		return names, nil, err
	}
	db, ok := r.p.(*sql.DB)
	if !ok || !r.v.opts.ReadOnly || !r.v.mu.TryLock() {
		return alone()
	}
	// v.db is only replaced under v.mu, now held.
	if db != r.v.db {
		r.v.mu.Unlock()
		return alone()
	}
	var m map[byte]map[string]string
	wait, ok := r.v.onTwin(func(db *sql.DB) error {
		t := newRW(db, r.v)
		defer t.q.close()
		var err error
		m, err = siteNames(t)
		return err
	})
	if !ok {
		r.v.mu.Unlock()
		return alone()
	}
	return nil, func() (map[byte]map[string]string, error) {
		err := wait()
		r.v.mu.Unlock()
		return m, err
	}, nil
}

// siteNames reads what a list of sites shows beside each site: the live
// entities' names ('e', by id), the live providers' ('p') and each site's
// latest live check ('c', by site id) — what Site's joins give one site.
func siteNames(r *rw) (map[byte]map[string]string, error) {
	type kv struct{ kind, k, v string }
	scan := func(sc func(...any) error) (p kv, err error) { return p, sc(&p.kind, &p.k, &p.v) }
	const q = `FROM (SELECT 'e' AS kind, id AS k, name AS v FROM entity WHERE deleted = 0
		UNION ALL SELECT 'p', id, name FROM provider WHERE deleted = 0
		UNION ALL SELECT 'c', site_id, max(date) FROM status_check WHERE deleted = 0 GROUP BY site_id)`
	out, ok, err := rowPacked(r, 0, []string{"kind", "k", "v"}, q, scan)
	if err == nil && !ok {
		out, err = queryAllCap(r, 0, `SELECT kind, k, v `+q, scan)
	}
	if err != nil {
		return nil, err
	}
	m := map[byte]map[string]string{'e': {}, 'p': {}, 'c': {}}
	for _, p := range out {
		if t := m[p.kind[0]]; t != nil {
			t[p.k] = p.v
		}
	}
	return m, nil
}
