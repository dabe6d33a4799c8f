package vault

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// The shared-vault merge (design: shared/design/sharing.md). Two copies of
// one vault that both changed since a common version are merged record by
// record and field by field against that version (the base):
//
//   - a field changed on one side only takes that side's value;
//   - changed on both to the same value: fine;
//   - changed on both to different values: the newer record's value stays
//     and the other is kept in table conflict (who and when), to resolve;
//   - deleted on one side and edited on the other: the edited record stays,
//     with a conflict saying who deleted it;
//   - audit lines and password history are unions;
//   - sealed values (passwords, ID numbers, attachments) are compared after
//     opening, each side with its own field key, and sealed again under the
//     merged vault's field key; a conflict's other sealed value is sealed too.
//
// Without a known base (a stranger's copy), every differing field is a
// conflict and the newer record's value stays.

// mergeSrc is one side of a merge: a database and the field key that
// opens its sealed values.
type mergeSrc struct {
	db  *sql.DB
	q   querier // ours: the merge's transaction (the database has one connection)
	fk  []byte
	uid [16]byte
}

type querier interface {
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
}

func (m mergeSrc) query() querier {
	if m.q != nil {
		return m.q
	}
	return m.db
}

func (m mergeSrc) open(table, column, id string, sealed []byte) ([]byte, error) {
	return openField(m.fk, m.uid, table, column, id, sealed)
}

// MergeReport says what a merge took from the other copy.
type MergeReport struct {
	From       string `json:"from"`       // who signed the other copy
	Generation uint64 `json:"generation"` // the other copy's generation
	Records    int    `json:"records"`    // records added or changed from it
	Lines      int    `json:"lines"`      // audit lines and password history added
	Conflicts  int    `json:"conflicts"`  // new conflicts recorded
	TwoWay     bool   `json:"two_way"`    // no common version was found
}

// recordTables lists the tables whose rows are records: an id, the
// bookkeeping columns and a tombstone.
func recordTables(db querier) ([]string, error) {
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	var out []string
	for _, n := range names {
		cols, err := tableColumns(db, n)
		if err != nil {
			return nil, err
		}
		have := map[string]bool{}
		for _, c := range cols {
			have[c] = true
		}
		if have["id"] && have["updated_at"] && have["updated_by"] && have["deleted"] {
			out = append(out, n)
		}
	}
	return out, nil
}

func tableColumns(db querier, table string) ([]string, error) {
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

type mrow []any

// loadRows reads every row of a table keyed by its first column (a
// record's id, a setting's key), with cols in order.
func loadRows(db querier, table string, cols []string) (map[string]mrow, error) {
	rows, err := db.Query(`SELECT "` + strings.Join(cols, `", "`) + `" FROM "` + table + `"`)
	if err != nil {
		return nil, err
	}
	out := map[string]mrow{}
	return out, scanRows(rows, len(cols), 0, out)
}

// scanRows reads rows of n columns into out, keyed by column key, and
// closes them.
func scanRows(rows *sql.Rows, n, key int, out map[string]mrow) error {
	defer rows.Close()
	for rows.Next() {
		r := make(mrow, n)
		ptrs := make([]any, n)
		for i := range r {
			ptrs[i] = &r[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		out[fmt.Sprint(r[key])] = r
	}
	return rows.Err()
}

// rowDigests maps each row's id to one string of all its values.
func rowDigests(db querier, table string, cols []string) (map[string]string, error) {
	parts := make([]string, 0, len(cols))
	for _, c := range cols {
		if !derivedColumns[table+"."+c] { // recomputed after a merge, never merged
			parts = append(parts, `quote("`+c+`")`)
		}
	}
	rows, err := db.Query(`SELECT "id", ` + strings.Join(parts, ` || '|' || `) + ` FROM "` + table + `"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id any
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[fmt.Sprint(id)] = d
	}
	return out, rows.Err()
}

// loadRowsIn is loadRows for the records ids of table.
func loadRowsIn(db querier, table string, cols, ids []string) (map[string]mrow, error) {
	out := map[string]mrow{}
	key := slices.Index(cols, "id")
	const batch = 500
	for len(ids) > 0 {
		n := min(batch, len(ids))
		args := make([]any, n)
		for i := range args {
			args[i] = ids[i]
		}
		ids = ids[n:]
		q := `SELECT "` + strings.Join(cols, `", "`) + `" FROM "` + table + `" WHERE "id" IN (` + strings.TrimSuffix(strings.Repeat("?,", n), ",") + `)`
		rows, err := db.Query(q, args...)
		if err != nil {
			return nil, err
		}
		if err := scanRows(rows, len(cols), key, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func sameRow(a, b mrow) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func (m *merger) touch(table, id string) {
	if m.touched == nil {
		m.touched = map[string][]string{}
	}
	m.touched[table] = append(m.touched[table], id)
}

func sameValue(a, b any) bool {
	ab, aok := a.([]byte)
	bb, bok := b.([]byte)
	if aok || bok {
		return aok && bok && bytes.Equal(ab, bb)
	}
	return a == b
}

// merger holds one merge's state.
type merger struct {
	ours, base, theirs mergeSrc
	haveBase           bool
	tx                 *sql.Tx
	now                string
	oursBy, theirsBy   string
	rep                MergeReport
	sealed             map[string]bool // "table.column"
	// touched lists the ids of records taken from theirs, per table: the
	// search text of the sites they feed is recomputed.
	touched map[string][]string
	// attached: theirs and the base are attached to ours' connection
	// (mergeattach.go), and SQLite finds the records that differ.
	attached bool
}

func isSealed(table, column string) bool {
	for _, c := range sealedColumns {
		if c.table == table && c.column == column && c.where == "" {
			return true
		}
	}
	return false
}

// plain returns the comparable plaintext of a value of side s.
func (m *merger) plain(s mergeSrc, table, col, id string, v any) (any, error) {
	b, ok := v.([]byte)
	if !ok || !isSealed(table, col) || len(b) == 0 {
		return v, nil
	}
	pt, err := s.open(table, col, id, b)
	if err != nil {
		return nil, err
	}
	return pt, nil
}

// reseal seals a plaintext value of a sealed column for the merged vault.
func (m *merger) reseal(table, col, id string, v any) any {
	b, ok := v.([]byte)
	if !ok || !isSealed(table, col) || len(b) == 0 {
		return v
	}
	return seal(m.ours.fk, b, fieldAD(m.ours.uid, table, col, id))
}

// differingByDigest is differing for copies that are not attached: most
// records are the same on both sides, or unchanged there since the base, so
// SQLite turns each row into one string of its values (quote() is
// unambiguous: types, NULLs and blobs differ in it), and only the records
// that differ are read value by value. The three copies are three
// databases: their rows are read at once.
func (m *merger) differingByDigest(table string, cols []string) ([]string, error) {
	var dOurs, dTheirs, dBase map[string]string
	var errO, errT, errB error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); dTheirs, errT = rowDigests(m.theirs.query(), table, cols) }()
	go func() {
		defer wg.Done()
		if m.haveBase {
			dBase, errB = rowDigests(m.base.query(), table, cols)
		}
	}()
	dOurs, errO = rowDigests(m.ours.query(), table, cols)
	wg.Wait()
	if err := errors.Join(errO, errT, errB); err != nil {
		return nil, err
	}
	var want []string
	for id, t := range dTheirs {
		if o, ok := dOurs[id]; ok {
			if b, inBase := dBase[id]; o == t || inBase && b == t {
				continue
			}
		}
		want = append(want, id)
	}
	return want, nil
}

func (m *merger) mergeTable(table string) error {
	cols, err := tableColumns(m.ours.query(), table)
	if err != nil {
		return err
	}
	// The other copy may lack a column the newer schema added: both are
	// migrated to this program's schema before merging, so they agree.
	var want []string
	if m.attached {
		if want, err = m.differing(table, cols); err != nil {
			return err
		}
	} else if want, err = m.differingByDigest(table, cols); err != nil {
		return err
	}
	if len(want) == 0 {
		return nil
	}
	ours, err := loadRowsIn(m.ours.query(), table, cols, want)
	if err != nil {
		return err
	}
	theirs, err := loadRowsIn(m.theirs.query(), table, cols, want)
	if err != nil {
		return err
	}
	base := map[string]mrow{}
	if m.haveBase {
		if base, err = loadRowsIn(m.base.query(), table, cols, want); err != nil {
			return err
		}
	}
	idx := map[string]int{}
	for i, c := range cols {
		idx[c] = i
	}
	ids := make([]string, 0, len(theirs))
	for id := range theirs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t := theirs[id]
		o, inOurs := ours[id]
		b, inBase := base[id]
		// Untouched records are the bulk of a merge: the same bytes on both
		// sides, or theirs as in the base (sealed values included, as
		// sealing is randomised: equal bytes are the same sealed value).
		if inOurs && (sameRow(o, t) || inBase && sameRow(t, b)) {
			continue
		}
		if !inOurs {
			if inBase {
				continue // gone from ours for good (not a tombstone): keep it gone
			}
			if err := m.insert(table, cols, id, t); err != nil {
				return err
			}
			m.rep.Records++
			m.touch(table, id)
			continue
		}
		if err := m.mergeRecord(table, cols, idx, id, o, t, b, inBase); err != nil {
			return err
		}
	}
	return nil
}

// opened turns a row's sealed values into plaintext for comparison.
func (m *merger) opened(s mergeSrc, table string, cols []string, id string, r mrow) (mrow, error) {
	out := make(mrow, len(r))
	for i, v := range r {
		p, err := m.plain(s, table, cols[i], id, v)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

var derivedColumns = map[string]bool{"site.number_key": true, "site.search_text": true}

func (m *merger) mergeRecord(table string, cols []string, idx map[string]int, id string, o0, t0, b0 mrow, inBase bool) error {
	o, err := m.opened(m.ours, table, cols, id, o0)
	if err != nil {
		return err
	}
	t, err := m.opened(m.theirs, table, cols, id, t0)
	if err != nil {
		return err
	}
	var b mrow
	if inBase {
		if b, err = m.opened(m.base, table, cols, id, b0); err != nil {
			// The base copy is ours from before: a value that does not open
			// there counts as unknown.
			inBase = false
		}
	}
	oAt, tAt := fmt.Sprint(o[idx["updated_at"]]), fmt.Sprint(t[idx["updated_at"]])
	oBy, tBy := fmt.Sprint(o[idx["updated_by"]]), fmt.Sprint(t[idx["updated_by"]])
	theirsNewer := tAt > oAt
	skip := func(c string) bool {
		return c == "id" || c == "created_at" || c == "updated_at" || c == "updated_by" || derivedColumns[table+"."+c]
	}
	changed := func(side mrow, c int) bool { return !inBase || !sameValue(side[c], b[c]) }
	di := idx["deleted"]
	del := func(r mrow) bool { return fmt.Sprint(r[di]) == "1" }
	oDel := del(o) && (!inBase || !del(b))
	tDel := del(t) && (!inBase || !del(b))
	oEdit, tEdit := false, false
	for i, c := range cols {
		if skip(c) || i == di {
			continue
		}
		if changed(o, i) && !(inBase && oDel) {
			oEdit = true
		}
		if changed(t, i) && !(inBase && tDel) {
			tEdit = true
		}
	}
	result := append(mrow(nil), o...)
	took := false
	type conflict struct {
		col         string
		kept, other any
		keptBy, oBy string
		keptAt, oAt string
	}
	var cs []conflict
	switch {
	case inBase && oDel && !tDel && tEdit:
		// Deleted here, edited there: the edited record stays.
		result, took = append(mrow(nil), t...), true
		cs = append(cs, conflict{"deleted", int64(0), int64(1), tBy, oBy, tAt, oAt})
	case inBase && tDel && !oDel && oEdit:
		cs = append(cs, conflict{"deleted", int64(0), int64(1), oBy, tBy, oAt, tAt})
	default:
		for i, c := range cols {
			if skip(c) {
				continue
			}
			oc, tc := changed(o, i), changed(t, i)
			switch {
			case !tc || sameValue(o[i], t[i]):
			case !oc:
				result[i], took = t[i], true
			default:
				if theirsNewer {
					result[i], took = t[i], true
					cs = append(cs, conflict{c, t[i], o[i], tBy, oBy, tAt, oAt})
				} else {
					cs = append(cs, conflict{c, o[i], t[i], oBy, tBy, oAt, tAt})
				}
			}
		}
	}
	if !took && len(cs) == 0 {
		return nil
	}
	if took {
		if theirsNewer {
			result[idx["updated_at"]], result[idx["updated_by"]] = t[idx["updated_at"]], t[idx["updated_by"]]
		}
		if table == "site" {
			result[idx["number_key"]] = t0[idx["number_key"]]
			if !sameValue(result[idx["number"]], t[idx["number"]]) {
				result[idx["number_key"]] = o0[idx["number_key"]]
			}
		}
		sets := make([]string, 0, len(cols))
		args := make([]any, 0, len(cols)+1)
		for i, c := range cols {
			if c == "id" {
				continue
			}
			sets = append(sets, `"`+c+`" = ?`)
			args = append(args, m.reseal(table, c, id, result[i]))
		}
		args = append(args, id)
		if _, err := m.tx.Exec(`UPDATE "`+table+`" SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...); err != nil {
			return fmt.Errorf("merge %s %s: %w", table, id, err)
		}
		m.rep.Records++
		m.touch(table, id)
	}
	for _, c := range cs {
		cid := uuid.NewString()
		kept, other, sealedFlag := c.kept, c.other, 0
		if isSealed(table, c.col) {
			sealedFlag = 1
			if b, ok := kept.([]byte); ok && len(b) > 0 {
				kept = seal(m.ours.fk, b, fieldAD(m.ours.uid, "conflict", "kept", cid))
			}
			if b, ok := other.([]byte); ok && len(b) > 0 {
				other = seal(m.ours.fk, b, fieldAD(m.ours.uid, "conflict", "other", cid))
			}
		}
		if _, err := m.tx.Exec(`INSERT INTO conflict(id, created_at, tbl, record_id, col, kept, kept_by, kept_at, other, other_by, other_at, sealed)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, cid, m.now, table, id, c.col, kept, c.keptBy, c.keptAt, other, c.oBy, c.oAt, sealedFlag); err != nil {
			return err
		}
		m.rep.Conflicts++
	}
	return nil
}

func (m *merger) insert(table string, cols []string, id string, t mrow) error {
	vals := make([]any, len(t))
	for i, v := range t {
		p, err := m.plain(m.theirs, table, cols[i], id, v)
		if err != nil {
			return err
		}
		vals[i] = m.reseal(table, cols[i], id, p)
	}
	q := `INSERT INTO "` + table + `" ("` + strings.Join(cols, `", "`) + `") VALUES (` + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + `)`
	if _, err := m.tx.Exec(q, vals...); err != nil {
		return fmt.Errorf("merge: add %s %s: %w", table, id, err)
	}
	return nil
}

// mergeAudit adds the other copy's audit lines that this one lacks.
func (m *merger) mergeAudit() error {
	// The lines both logs have from the start are skipped (auditchain.go).
	shared, err := auditShared(m.ours.query(), m.theirs.query())
	if err != nil {
		return err
	}
	add, err := m.auditMissingAfter(shared)
	if err != nil {
		return err
	}
	for _, r := range add {
		if _, err := m.tx.Exec(`INSERT INTO audit(at, actor, action, record, summary, host) VALUES (?,?,?,?,?,?)`, r[0], r[1], r[2], r[3], r[4], r[5]); err != nil {
			return err
		}
		m.rep.Lines++
	}
	return nil
}

// auditMissingAfter returns the other copy's audit lines after id shared
// that this one lacks after it, in the other copy's order.
func (m *merger) auditMissingAfter(shared int64) ([][6]string, error) {
	// A line is the same line when its time, way in, action, record and
	// summary are; SQLite builds that key (quote() keeps it unambiguous).
	const key = `quote(at) || quote(actor) || quote(action) || quote(record) || quote(summary)`
	rows, err := m.ours.query().Query(`SELECT `+key+` FROM audit WHERE id > ?`, shared)
	if err != nil {
		return nil, err
	}
	// Counted, not just seen: the same way in can write two lines alike in
	// one second (two edits of one record), and both are kept.
	have := map[string]int{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, err
		}
		have[k]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = m.theirs.query().Query(`SELECT `+key+`, at, actor, action, record, summary, host FROM audit WHERE id > ? ORDER BY id`, shared)
	if err != nil {
		return nil, err
	}
	var add [][6]string
	for rows.Next() {
		var k string
		var r [6]string
		if err := rows.Scan(&k, &r[0], &r[1], &r[2], &r[3], &r[4], &r[5]); err != nil {
			rows.Close()
			return nil, err
		}
		if have[k] > 0 {
			have[k]--
		} else {
			add = append(add, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return add, nil
}

// mergeHistory adds earlier passwords that only the other copy kept.
func (m *merger) mergeHistory() error {
	load := func(s mergeSrc) (map[string]bool, []struct {
		cred, until string
		pt          []byte
	}, error) {
		rows, err := s.query().Query(`SELECT seq, credential_id, until, secret FROM credential_history ORDER BY seq`)
		if err != nil {
			return nil, nil, err
		}
		defer rows.Close()
		set := map[string]bool{}
		var list []struct {
			cred, until string
			pt          []byte
		}
		for rows.Next() {
			var seq int64
			var cred, until string
			var sealed []byte
			if err := rows.Scan(&seq, &cred, &until, &sealed); err != nil {
				return nil, nil, err
			}
			if len(sealed) == 0 {
				continue
			}
			pt, err := s.open("credential_history", "secret", fmt.Sprintf("%s/%d", cred, seq), sealed)
			if err != nil {
				return nil, nil, err
			}
			set[cred+"\x00"+until+"\x00"+string(pt)] = true
			list = append(list, struct {
				cred, until string
				pt          []byte
			}{cred, until, pt})
		}
		return set, list, rows.Err()
	}
	have, _, err := load(m.ours)
	if err != nil {
		return err
	}
	_, theirs, err := load(m.theirs)
	if err != nil {
		return err
	}
	for _, h := range theirs {
		if have[h.cred+"\x00"+h.until+"\x00"+string(h.pt)] {
			wipe(h.pt)
			continue
		}
		res, err := m.tx.Exec(`INSERT INTO credential_history(credential_id, until, secret) VALUES (?, ?, x'')`, h.cred, h.until)
		if err != nil {
			return err
		}
		seq, _ := res.LastInsertId()
		sealed := seal(m.ours.fk, h.pt, fieldAD(m.ours.uid, "credential_history", "secret", fmt.Sprintf("%s/%d", h.cred, seq)))
		wipe(h.pt)
		if _, err := m.tx.Exec(`UPDATE credential_history SET secret = ? WHERE seq = ?`, sealed, seq); err != nil {
			return err
		}
		m.rep.Lines++
	}
	return nil
}

// mergeKeyed merges a key → value table whose rows carry updated_at
// (reminder states, settings) or not (meta): one side's change wins, and
// when both changed, the newer (or ours).
func (m *merger) mergeKeyed(table string, skipKeys map[string]bool) error {
	cols, err := tableColumns(m.ours.query(), table)
	if err != nil {
		return err
	}
	load := func(db querier) (map[string]mrow, error) { return loadRows(db, table, cols) }
	ours, err := load(m.ours.query())
	if err != nil {
		return err
	}
	theirs, err := load(m.theirs.query())
	if err != nil {
		return err
	}
	base := map[string]mrow{}
	if m.haveBase {
		if base, err = load(m.base.query()); err != nil {
			return err
		}
	}
	at := -1
	for i, c := range cols {
		if c == "updated_at" {
			at = i
		}
	}
	same := func(a, b mrow) bool {
		if a == nil || b == nil {
			return a == nil && b == nil
		}
		for i := range a {
			if !sameValue(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	for k, t := range theirs {
		if skipKeys[k] {
			continue
		}
		o, b := ours[k], base[k]
		if same(o, t) || same(t, b) && m.haveBase {
			continue
		}
		take := same(o, b) && m.haveBase || o == nil
		if !take && at >= 0 {
			take = fmt.Sprint(t[at]) > fmt.Sprint(o[at])
		}
		if !take {
			continue
		}
		row := append(mrow(nil), t...)
		if table == "setting" {
			// A channel's secret is sealed inside the value: seal it again
			// under this vault's field key.
			val, err := resealChannelValue(k, fmt.Sprint(row[1]),
				func(s []byte) ([]byte, error) { return m.theirs.open("setting", "value", k, s) },
				func(pt []byte) []byte { return seal(m.ours.fk, pt, fieldAD(m.ours.uid, "setting", "value", k)) })
			if err != nil {
				return err
			}
			row[1] = val
		}
		q := `INSERT OR REPLACE INTO "` + table + `" ("` + strings.Join(cols, `", "`) + `") VALUES (` + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + `)`
		if _, err := m.tx.Exec(q, row...); err != nil {
			return err
		}
		m.rep.Records++
	}
	return nil
}

// mergeInto merges theirs into ours (in one transaction on ours) against
// base (haveBase false: two-way). Both databases are at this program's
// schema.
func mergeInto(ours, base, theirs mergeSrc, haveBase bool, now time.Time, oursBy, theirsBy string) (_ MergeReport, err error) {
	m := &merger{ours: ours, base: base, theirs: theirs, haveBase: haveBase, now: ts(now), oursBy: oursBy, theirsBy: theirsBy}
	m.rep.From, m.rep.TwoWay = theirsBy, !haveBase
	tables, err := recordTables(ours.db)
	if err != nil {
		return m.rep, err
	}
	// Attached before the transaction (SQLite attaches outside one only),
	// detached after it ended.
	detach, attached := m.attachCopies()
	defer func() {
		if derr := detach(); derr != nil && err == nil {
			err = fmt.Errorf("merge: %w", derr)
		}
	}()
	m.attached = attached
	tx, err := ours.db.Begin()
	if err != nil {
		return m.rep, err
	}
	defer tx.Rollback()
	m.tx = tx
	m.ours.q = tx
	for _, t := range tables {
		if err := m.mergeTable(t); err != nil {
			return m.rep, err
		}
	}
	if err := m.mergeAudit(); err != nil {
		return m.rep, err
	}
	if err := m.mergeHistory(); err != nil {
		return m.rep, err
	}
	for _, t := range []string{"reminder_state", "setting"} {
		if err := m.mergeKeyed(t, nil); err != nil {
			return m.rep, err
		}
	}
	if err := m.mergeKeyed("meta", map[string]bool{"field_key": true, "lineage": true}); err != nil {
		return m.rep, err
	}
	// Links and search text follow the merged records: the sites taken,
	// and those of an entity, provider or contact taken.
	refresh := map[string]bool{}
	for _, id := range m.touched["site"] {
		refresh[id] = true
	}
	linked := func(q string, id string) error {
		rows, err := tx.Query(q, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sid string
			if err := rows.Scan(&sid); err != nil {
				return err
			}
			refresh[sid] = true
		}
		return rows.Err()
	}
	for _, id := range m.touched["entity"] {
		if err := linked(`SELECT id FROM site WHERE entity_id = ?`, id); err != nil {
			return m.rep, err
		}
	}
	for _, id := range m.touched["provider"] {
		if err := linked(`SELECT id FROM site WHERE provider_id = ?`, id); err != nil {
			return m.rep, err
		}
	}
	for _, id := range m.touched["contact"] {
		// The sites it answered for before, and those it answers for now.
		if err := linked(`SELECT site_id FROM contact_site WHERE contact_id = ?`, id); err != nil {
			return m.rep, err
		}
		var ids string
		var deleted int
		if err := tx.QueryRow(`SELECT site_ids, deleted FROM contact WHERE id = ?`, id).Scan(&ids, &deleted); err != nil {
			return m.rep, err
		}
		if _, err := tx.Exec(`DELETE FROM contact_site WHERE contact_id = ?`, id); err != nil {
			return m.rep, err
		}
		if deleted == 0 {
			for _, sid := range strings.Split(ids, "\n") {
				if sid == "" {
					continue
				}
				refresh[sid] = true
				if _, err := tx.Exec(`INSERT OR IGNORE INTO contact_site(contact_id, site_id) VALUES (?, ?)`, id, sid); err != nil {
					return m.rep, err
				}
			}
		}
	}
	r := newRW(tx, nil)
	if len(refresh) > 2000 {
		if err := r.refreshSearch(`deleted = ?`, "0"); err != nil {
			return m.rep, err
		}
	} else {
		for sid := range refresh {
			if err := r.refreshSearch(`id = ?`, sid); err != nil {
				return m.rep, err
			}
		}
	}
	return m.rep, tx.Commit()
}
