package vault

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// A merge compares three copies of one vault. Each is an in-memory database
// on its own connection, and reading every row of every table out of all
// three to compare them in Go cost most of a merge at 10,000 sites. Instead
// the other copy and the base are attached to this session's connection,
// read-only and without a copy (SQLite reads the other connection's memory
// database in place), and one join per table finds the records that differ:
// only those are read value by value.

// attachShared attaches the main database of src to dst's connection as
// schema name, read-only, over src's own memory (no copy). src must stay
// open and unchanged until the returned detach has run. errNoAdopt: the
// driver's connection is not as expected (the caller compares as before).
func attachShared(dst, src *sql.DB, name string) (detach func() error, err error) {
	var p uintptr
	var n int64
	err = withSchema(src, "main", func(h uintptr, tls *libc.TLS, schema uintptr) error {
		if p, n = imageAt(h, tls, schema); p == 0 || n <= 0 {
			return errNoAdopt
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := dst.Exec(`ATTACH DATABASE ':memory:' AS "` + name + `"`); err != nil {
		return nil, err
	}
	// Detached before src may close: SQLite would read freed memory at the
	// next statement. Nothing holds the schema once the merge's statements
	// and transaction are done, so this is not expected to fail; if it
	// does, src is kept open for good (a leak, not a crash).
	detach = func() error {
		_, err := dst.Exec(`DETACH DATABASE "` + name + `"`)
		if err != nil {
			pinned.Lock()
			pinned.dbs[src] = true
			pinned.Unlock()
		}
		return err
	}
	err = withSchema(dst, name, func(h uintptr, tls *libc.TLS, schema uintptr) error {
		if rc := sqlite3.Xsqlite3_deserialize(tls, h, schema, p, n, n, sqlite3.SQLITE_DESERIALIZE_READONLY); rc != sqlite3.SQLITE_OK {
			return fmt.Errorf("sqlite3_deserialize %s: error %d", name, rc)
		}
		return nil
	})
	if err != nil {
		detach()
		return nil, err
	}
	// Pages are read in place (memdb's memory mapping), not copied into
	// the page cache one by one.
	if _, err := dst.Exec(`PRAGMA "` + name + `".mmap_size = ` + fmt.Sprint(n)); err != nil {
		detach()
		return nil, err
	}
	// The attached schema is read before the first query needs it: a
	// database that does not read fails here, not halfway through a merge.
	var k int
	if err := dst.QueryRow(`SELECT count(*) FROM "` + name + `".sqlite_schema`).Scan(&k); err != nil {
		detach()
		return nil, err
	}
	return detach, nil
}

// mergeByDigest makes merges compare copies the way they do when the
// copies cannot be attached (tests compare the two ways).
var mergeByDigest bool

// pinned holds the databases whose memory another connection may still
// read (a detach that failed): closeDB leaves them open.
var pinned = struct {
	sync.Mutex
	dbs map[*sql.DB]bool
}{dbs: map[*sql.DB]bool{}}

// closeDB closes db unless a failed detach pinned it (then false: what it
// reads must stay too).
func closeDB(db *sql.DB) bool {
	pinned.Lock()
	keep := pinned.dbs[db]
	pinned.Unlock()
	if !keep {
		db.Close()
	}
	return !keep
}

// Schema names of the attached copies during a merge.
const (
	attTheirs = "merge_theirs"
	attBase   = "merge_base"
)

// attachCopies attaches theirs (and base, if known) to ours' connection for
// the merge. ok is false when they could not be attached: the merge then
// compares as before.
func (m *merger) attachCopies() (detach func() error, ok bool) {
	if mergeByDigest {
		return func() error { return nil }, false
	}
	var undo []func() error
	detach = func() error {
		var errs []error
		for i := len(undo) - 1; i >= 0; i-- {
			errs = append(errs, undo[i]())
		}
		return errors.Join(errs...)
	}
	d, err := attachShared(m.ours.db, m.theirs.db, attTheirs)
	if err != nil {
		return detach, false
	}
	undo = append(undo, d)
	if m.haveBase {
		d, err := attachShared(m.ours.db, m.base.db, attBase)
		if err != nil {
			detach()
			return func() error { return nil }, false
		}
		undo = append(undo, d)
	}
	return detach, true
}

// differing lists the ids of table's records in theirs that the merge has
// to look at: those not the same as in the base (a record unchanged there
// since the base has nothing to give), or, without a base, not the same as
// ours. Derived columns are left out, as in the comparison by digest.
func (m *merger) differing(table string, cols []string) ([]string, error) {
	other, from := "main", "o"
	if m.haveBase {
		other, from = attBase, "b"
	}
	parts := make([]string, 0, len(cols))
	for _, c := range cols {
		if !derivedColumns[table+"."+c] {
			parts = append(parts, from+`."`+c+`" IS t."`+c+`"`)
		}
	}
	q := `SELECT t."id" FROM "` + attTheirs + `"."` + table + `" t LEFT JOIN "` + other + `"."` + table + `" ` + from + ` ON ` + from + `."id" = t."id"
		WHERE ` + from + `."id" IS NULL OR NOT (` + strings.Join(parts, " AND ") + `)`
	rows, err := m.tx.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id any
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, fmt.Sprint(id))
	}
	return ids, rows.Err()
}
