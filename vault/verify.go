package vault

import (
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"fmt"
)

// sealedColumns are every column that holds a value sealed under the field
// key, with the record id each is bound to (fieldAD). A damaged one would
// otherwise show only when that secret is revealed, copied or exported.
var sealedColumns = []struct {
	table, column, what string
	query               string // rows of (record id for fieldAD, sealed, sha256 or NULL)
}{
	{"credential", "secret", "password of credential",
		`SELECT id, secret, NULL FROM credential WHERE secret IS NOT NULL ORDER BY id`},
	{"contact", "id_number", "ID number of contact",
		`SELECT id, id_number, NULL FROM contact WHERE id_number IS NOT NULL ORDER BY id`},
	{"credential_history", "secret", "earlier password of credential",
		`SELECT credential_id || '/' || seq, secret, NULL FROM credential_history ORDER BY credential_id, seq`},
	{"attachment", "data", "content of attachment",
		`SELECT id, data, sha256 FROM attachment WHERE data IS NOT NULL ORDER BY id`},
}

// verifySealed opens every sealed value and checks every attachment's
// content against its SHA-256. It returns one line per damaged value,
// naming the record.
func (v *Vault) verifySealed() ([]string, error) {
	var problems []string
	err := v.withFieldKey(func(fk []byte, uid [16]byte) error {
		for _, c := range sealedColumns {
			rows, err := v.db.Query(c.query)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id string
				var sealed []byte
				var sum sql.NullString
				if err := rows.Scan(&id, &sealed, &sum); err != nil {
					rows.Close()
					return err
				}
				pt, err := openField(fk, uid, c.table, c.column, id, sealed)
				switch {
				case err != nil:
					problems = append(problems, fmt.Sprintf("%s %s: sealed %s.%s does not open", c.what, id, c.table, c.column))
				case sum.Valid:
					got := sha256.Sum256(pt)
					if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(got[:])), []byte(sum.String)) != 1 {
						problems = append(problems, fmt.Sprintf("%s %s: content does not match its SHA-256", c.what, id))
					}
				}
				wipe(pt)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return problems, err
}
