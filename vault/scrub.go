package vault

import (
	"database/sql"
	"runtime"
	"unsafe"

	"modernc.org/libc"
)

// scrubDB empties the in-memory database before it is closed. With
// secure_delete on, SQLite zeroes every page it frees, so the ledger text in
// its page cache is overwritten rather than left in freed memory when the
// vault is locked. It cannot reach copies SQLite already freed (the image
// of each save, statement buffers) or Go strings made from the data:
// docs/threat-model.md says what remains.
func scrubDB(db *sql.DB) {
	// No rollback journal: it would copy every page it frees first.
	for _, p := range []string{`PRAGMA foreign_keys = OFF`, `PRAGMA journal_mode = OFF`} {
		if _, err := db.Exec(p); err != nil {
			return
		}
	}
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'`)
	if err != nil {
		return
	}
	var tables []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			tables = append(tables, n)
		}
	}
	rows.Close()
	// Virtual tables (the search index) go with their shadow tables.
	vrows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'`)
	if err == nil {
		var virt []string
		for vrows.Next() {
			var n string
			if vrows.Scan(&n) == nil {
				virt = append(virt, n)
			}
		}
		vrows.Close()
		for _, n := range virt {
			db.Exec(`DROP TABLE IF EXISTS "` + n + `"`)
		}
	}
	for _, n := range tables {
		db.Exec(`DROP TABLE IF EXISTS "` + n + `"`)
	}
	wipeImage(db)
}

// wipeImage zeroes the database's image in place (the memory SQLite frees
// when it closes, not zeroed by it), just before the database is closed.
func wipeImage(db *sql.DB) {
	withSchema(db, "main", func(h uintptr, tls *libc.TLS, schema uintptr) error {
		if p, n := imageAt(h, tls, schema); p != 0 && n > 0 {
			wipe(unsafe.Slice((*byte)(cPtr(p)), n))
		}
		return nil
	})
}

// afterClose lets the garbage collector take what the closed database and
// the session left, and return freed memory to the system.
func afterClose() { runtime.GC() }
