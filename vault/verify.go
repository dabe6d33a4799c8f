package vault

import (
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
)

// sealedWhat names what a sealed column holds, for verify's report.
var sealedWhat = map[string]string{
	"credential.secret":         "password of credential",
	"contact.id_number":         "ID number of contact",
	"credential_history.secret": "earlier password of credential",
	"attachment.data":           "content of attachment",
	"conflict.kept":             "kept value of conflict",
	"conflict.other":            "other value of conflict",
}

// query returns rows of (record id for fieldAD, sealed value, sha256 or
// NULL) for every sealed value of the column.
func (c sealedColumn) query() string {
	sum := "NULL"
	if c.table == "attachment" {
		sum = "sha256"
	}
	return `SELECT ` + c.recordID + `, ` + c.column + `, ` + sum + ` FROM ` + c.table + ` WHERE ` + c.column +
		` IS NOT NULL AND length(` + c.column + `) > 0` + c.and() + ` ORDER BY 1`
}

func (c sealedColumn) what() string {
	if w, ok := sealedWhat[c.table+"."+c.column]; ok {
		return w
	}
	return c.table + "." + c.column + " of"
}

// verifySealed opens every sealed value and checks every attachment's
// content against its SHA-256. It returns one line per damaged value,
// naming the record.
func (v *Vault) verifySealed() ([]string, error) {
	var problems []string
	err := v.withFieldKey(func(fk []byte, uid [16]byte) error {
		for _, c := range sealedColumns {
			rows, err := v.db.Query(c.query())
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
					problems = append(problems, fmt.Sprintf("%s %s: sealed %s.%s does not open", c.what(), id, c.table, c.column))
				case sum.Valid:
					got := sha256.Sum256(pt)
					if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(got[:])), []byte(sum.String)) != 1 {
						problems = append(problems, fmt.Sprintf("%s %s: content does not match its SHA-256", c.what(), id))
					}
				}
				wipe(pt)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		rows, err := channelRows(v.db)
		if err != nil {
			return err
		}
		for _, kv := range rows {
			key := kv[0]
			_, err := resealChannelValue(key, kv[1],
				func(s []byte) ([]byte, error) { return openField(fk, uid, "setting", "value", key, s) },
				func(pt []byte) []byte { return nil })
			if err != nil {
				problems = append(problems, fmt.Sprintf("secret of notification channel %s: %v", strings.TrimPrefix(key, channelPrefix), err))
			}
		}
		return nil
	})
	return problems, err
}
