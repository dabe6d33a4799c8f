package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Conflict is a field that two writers changed to different values: the
// record holds Kept, and Other waits here until someone resolves it.
// Sealed values are not in Kept/Other: ConflictValue opens them.
type Conflict struct {
	ID        string `json:"id"`
	CreatedAt string `json:"created_at"`
	Table     string `json:"table"`
	RecordID  string `json:"record_id"`
	Column    string `json:"column"`
	Kept      string `json:"kept,omitempty"`
	KeptBy    string `json:"kept_by"`
	KeptAt    string `json:"kept_at"`
	Other     string `json:"other,omitempty"`
	OtherBy   string `json:"other_by"`
	OtherAt   string `json:"other_at"`
	Sealed    bool   `json:"sealed"`
}

// ErrNoConflict means no open conflict has that id.
var ErrNoConflict = errors.New("no such open conflict")

func display(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// Conflicts lists the open conflicts, oldest first.
func (v *Vault) Conflicts() ([]Conflict, error) {
	var out []Conflict
	err := v.Read(context.Background(), func(db *sql.DB) error {
		rows, err := db.Query(`SELECT id, created_at, tbl, record_id, col, kept, kept_by, kept_at, other, other_by, other_at, sealed
			FROM conflict WHERE resolved = 0 ORDER BY created_at, rowid`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c Conflict
			var kept, other any
			if err := rows.Scan(&c.ID, &c.CreatedAt, &c.Table, &c.RecordID, &c.Column, &kept, &c.KeptBy, &c.KeptAt, &other, &c.OtherBy, &c.OtherAt, &c.Sealed); err != nil {
				return err
			}
			if !c.Sealed {
				c.Kept, c.Other = display(kept), display(other)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// ConflictValue opens one side of a conflict over a sealed field (kept:
// the record's value when the conflict arose; else the other). The caller
// wipes it.
func (v *Vault) ConflictValue(id string, kept bool) ([]byte, error) {
	col := "other"
	if kept {
		col = "kept"
	}
	var val []byte
	var sealed bool
	err := v.Read(context.Background(), func(db *sql.DB) error {
		return db.QueryRow(`SELECT `+col+`, sealed FROM conflict WHERE id = ?`, id).Scan(&val, &sealed)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", ErrNoConflict, id)
	}
	if err != nil || !sealed || len(val) == 0 {
		return val, err
	}
	return v.OpenField("conflict", col, id, val)
}

// ResolveConflict closes a conflict: keepCurrent leaves the record as it
// is; otherwise the other value is written into the record. Either way an
// audit line says who decided, and the vault is saved.
func (v *Vault) ResolveConflict(id string, keepCurrent bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.writable(); err != nil {
		return err
	}
	var c Conflict
	var otherAny any
	err := v.db.QueryRow(`SELECT tbl, record_id, col, other, sealed FROM conflict WHERE id = ? AND resolved = 0`, id).
		Scan(&c.Table, &c.RecordID, &c.Column, &otherAny, &c.Sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s", ErrNoConflict, id)
	}
	if err != nil {
		return err
	}
	tables, err := recordTables(v.db)
	if err != nil {
		return err
	}
	cols, err := tableColumns(v.db, c.Table)
	known := false
	for _, t := range tables {
		known = known || t == c.Table
	}
	okCol := false
	for _, x := range cols {
		okCol = okCol || x == c.Column
	}
	if err != nil || !known || !okCol || strings.ContainsAny(c.Table+c.Column, `"`) {
		return fmt.Errorf("%w: conflict %s names an unknown field", ErrDamaged, id)
	}
	now, actor := ts(v.opts.now()), v.actorLocked()
	tx, err := v.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	summary := fmt.Sprintf("kept the current %s.%s of %s", c.Table, c.Column, c.RecordID)
	if !keepCurrent {
		val := otherAny
		if c.Sealed {
			if b, ok := otherAny.([]byte); ok && len(b) > 0 {
				err := v.withFieldKey(func(fk []byte, uid [16]byte) error {
					pt, err := openField(fk, uid, "conflict", "other", id, b)
					if err != nil {
						return err
					}
					defer wipe(pt)
					val = seal(fk, pt, fieldAD(uid, c.Table, c.Column, c.RecordID))
					return nil
				})
				if err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(`UPDATE "`+c.Table+`" SET "`+c.Column+`" = ?, updated_at = ?, updated_by = ? WHERE id = ?`, val, now, actor, c.RecordID); err != nil {
			return err
		}
		summary = fmt.Sprintf("took the other %s.%s of %s", c.Table, c.Column, c.RecordID)
	}
	if _, err := tx.Exec(`UPDATE conflict SET resolved = 1, resolved_at = ?, resolved_by = ? WHERE id = ?`, now, actor, id); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO audit(at, actor, action, record, summary, host) VALUES (?, ?, 'conflict.resolve', ?, ?, ?)`,
		v.opts.now().UTC().Format("2006-01-02T15:04:05Z07:00"), actor, c.RecordID, summary, hostName()); err != nil {
		return err
	}
	if !keepCurrent {
		if err := newRW(tx, v).refreshSearch(`deleted = ?`, "0"); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return v.saveLocked()
}
