package vault

import (
	"context"
	"fmt"

	"github.com/awnumar/memguard"
)

// sealedColumn is one column whose values are sealed under the field key,
// with the SQL expression that gives each value's record id (part of its
// associated data; docs/vault-format.md lists them).
type sealedColumn struct {
	table, column, recordID string
	where                   string // extra condition: only these rows are sealed
}

// sealedColumns lists every sealed column. A new sealed column must be
// added here, or a field-key rotation and verify would miss it.
var sealedColumns = []sealedColumn{
	{"credential", "secret", "id", ""},
	{"credential_history", "secret", "credential_id || '/' || seq", ""},
	{"contact", "id_number", "id", ""},
	{"attachment", "data", "id", ""},
	// A merge conflict over a sealed field keeps both values sealed.
	{"conflict", "kept", "id", "sealed = 1"},
	{"conflict", "other", "id", "sealed = 1"},
}

func (c sealedColumn) and() string {
	if c.where == "" {
		return ""
	}
	return " AND " + c.where
}

// rotateFieldKey re-seals every sealed value under a fresh field key in one
// transaction and makes it the session's field key. The caller holds v.mu
// and stores the (wrapped) field key and saves afterwards. Someone removed
// from the vault may have kept the old field key from an old copy; values
// sealed from now on are out of its reach, like the master key's.
func (v *Vault) rotateFieldKey() (resealed int, err error) {
	newKey := randomBytes(32)
	defer wipe(newKey)
	err = v.withFieldKey(func(oldKey []byte, uid [16]byte) error {
		tx, err := v.db.BeginTx(context.Background(), nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for _, c := range sealedColumns {
			rows, err := tx.Query(`SELECT rowid, ` + c.recordID + `, ` + c.column + ` FROM ` + c.table + ` WHERE ` + c.column + ` IS NOT NULL AND length(` + c.column + `) > 0` + c.and())
			if err != nil {
				return err
			}
			type item struct {
				rowid int64
				id    string
				val   []byte
			}
			var items []item
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.rowid, &it.id, &it.val); err != nil {
					rows.Close()
					return err
				}
				items = append(items, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, it := range items {
				pt, err := openField(oldKey, uid, c.table, c.column, it.id, it.val)
				if err != nil {
					return err
				}
				sealed := seal(newKey, pt, fieldAD(uid, c.table, c.column, it.id))
				wipe(pt)
				if _, err := tx.Exec(`UPDATE `+c.table+` SET `+c.column+` = ? WHERE rowid = ?`, sealed, it.rowid); err != nil {
					return fmt.Errorf("re-seal %s.%s: %w", c.table, c.column, err)
				}
				resealed++
			}
		}
		n, err := resealChannels(tx, uid, oldKey, newKey)
		if err != nil {
			return err
		}
		resealed += n
		return tx.Commit()
	})
	if err != nil {
		return 0, err
	}
	v.fkMu.Lock()
	v.fieldKey = memguard.NewEnclave(append([]byte(nil), newKey...))
	v.fkMu.Unlock()
	return resealed, nil
}
