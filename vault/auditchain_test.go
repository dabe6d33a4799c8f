package vault

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Two copies share the first lines of their audit logs and then part: the
// chain finds exactly where (by binary search), the merge compares only the
// lines after it, and lines alike are still counted.
func TestAuditChainFindsWhereTwoLogsPart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.beianvault")
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	a, err := Create(path, pass("correct horse"), "admin", Options{KnownDir: "-", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Lock()
	for i := 0; i < 37; i++ {
		if err := a.Audit("test.shared", "", strings.Repeat("共", i%5)); err != nil {
			t.Fatal(err)
		}
	}
	var shared int64
	a.db.QueryRow(`SELECT max(id) FROM audit`).Scan(&shared)
	var unchained int
	a.db.QueryRow(`SELECT count(*) FROM audit WHERE chain IS NULL`).Scan(&unchained)
	if unchained != 0 {
		t.Fatalf("%d lines without a chain after a save", unchained)
	}
	other := filepath.Join(t.TempDir(), "a.beianvault")
	data, _ := os.ReadFile(path)
	os.WriteFile(other, data, 0o600)
	b, err := Open(other, pass("correct horse"), Options{KnownDir: "-", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Lock()
	// A writes 5 lines, B 9, two of them alike A's (same second, same text).
	for i := 0; i < 5; i++ {
		a.Audit("test.a", "", "甲")
	}
	for i := 0; i < 9; i++ {
		if i < 2 {
			b.Audit("test.a", "", "甲")
		} else {
			b.Audit("test.b", "", "乙")
		}
	}
	got, err := auditShared(a.db, b.db)
	if err != nil {
		t.Fatal(err)
	}
	// B's first two lines are A's first two (the same way in, second and
	// text): the logs agree up to them.
	if got != shared+2 {
		t.Fatalf("logs part after line %d, found %d", shared+2, got)
	}
	if n, err := auditShared(a.db, a.db); err != nil || n != shared+5 {
		t.Fatalf("a log against itself: %d, %v", n, err)
	}
	// B's lines reach A: the 7 "乙" lines are new; B's two "甲" lines are
	// two of A's five, so none is added.
	bFile, _ := os.ReadFile(other)
	os.WriteFile(path+".b", bFile, 0o600)
	rep, err := a.MergeFile(path + ".b")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Lines != 7 {
		t.Fatalf("merge added %d audit lines, want 7", rep.Lines)
	}
	// The log stays append-only: a line's text cannot change, nor its
	// chain once set.
	if _, err := a.db.Exec(`UPDATE audit SET summary = 'x' WHERE id = 1`); err == nil {
		t.Fatal("an audit line was changed")
	}
	if _, err := a.db.Exec(`UPDATE audit SET chain = x'00' WHERE id = 1`); err == nil {
		t.Fatal("an audit line's chain was changed")
	}
}

// A log whose chain is missing (a copy from before schema 8) or differs at
// the first line shares nothing: every line is compared, as before.
func TestAuditChainMissingComparesEveryLine(t *testing.T) {
	a, _ := newVault(t, t.TempDir())
	defer a.Lock()
	b, err := Create(filepath.Join(t.TempDir(), "b.beianvault"), pass("correct horse"), "another admin", Options{KnownDir: "-"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Lock()
	for _, v := range []*Vault{a, b} {
		for i := 0; i < 4; i++ {
			v.Audit("test", "", "同")
		}
	}
	if n, err := auditShared(a.db, b.db); err != nil || n != 0 {
		t.Fatalf("two vaults' logs share %d lines (%v)", n, err)
	}
	db, err := newMemDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := migrate(db); err != nil {
		t.Fatal(err)
	}
	if n, err := auditShared(a.db, db); err != nil || n != 0 {
		t.Fatalf("against an empty log: %d (%v)", n, err)
	}
	// The same lines, not chained yet (as in a copy from before the chain).
	rows, _ := a.db.Query(`SELECT at, actor, action, record, summary, host FROM audit ORDER BY id`)
	var lines [][6]string
	for rows.Next() {
		var l [6]string
		rows.Scan(&l[0], &l[1], &l[2], &l[3], &l[4], &l[5])
		lines = append(lines, l)
	}
	rows.Close()
	for _, l := range lines {
		if _, err := db.Exec(`INSERT INTO audit(at, actor, action, record, summary, host) VALUES (?,?,?,?,?,?)`, l[0], l[1], l[2], l[3], l[4], l[5]); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := auditShared(a.db, db); err != nil || n != 0 {
		t.Fatalf("against the same lines without chains: %d (%v)", n, err)
	}
	if err := chainAudit(db); err != nil {
		t.Fatal(err)
	}
	if n, err := auditShared(a.db, db); err != nil || n != int64(len(lines)) {
		t.Fatalf("once chained, %d of %d lines shared (%v)", n, len(lines), err)
	}
}
