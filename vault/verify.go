package vault

import (
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
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
		` IS NOT NULL AND length(` + c.column + `) > 0` + c.and()
}

func (c sealedColumn) what() string {
	if w, ok := sealedWhat[c.table+"."+c.column]; ok {
		return w
	}
	return c.table + "." + c.column + " of"
}

// verifySealed opens every sealed value and checks every attachment's
// content against its SHA-256. It returns one line per damaged value,
// naming the record. beside runs meanwhile (Verify's SQLite checks): the
// values are read here, in order, and opened on a second goroutine — at
// 10,000 sites opening 40,000 passwords takes as long as SQLite's checks.
// The lines come in the order of the values, whichever goroutine found
// them.
func (v *Vault) verifySealed(beside func() error) ([]string, error) {
	type problem struct {
		seq  int
		text string
	}
	var problems []problem
	err := v.withFieldKey(func(fk []byte, uid [16]byte) error {
		type item struct {
			seq    int
			c      *sealedColumn
			id     string
			sealed []byte
			sum    sql.NullString
		}
		// check adds to list the problem of it, if any.
		check := func(it item, list *[]problem) {
			pt, err := openField(fk, uid, it.c.table, it.c.column, it.id, it.sealed)
			switch {
			case err != nil:
				*list = append(*list, problem{it.seq, fmt.Sprintf("%s %s: sealed %s.%s does not open", it.c.what(), it.id, it.c.table, it.c.column)})
			case it.sum.Valid:
				got := sha256.Sum256(pt)
				if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(got[:])), []byte(it.sum.String)) != 1 {
					*list = append(*list, problem{it.seq, fmt.Sprintf("%s %s: content does not match its SHA-256", it.c.what(), it.id)})
				}
			}
			wipe(pt)
		}
		var theirs []problem
		work, done := make(chan []item, 64), make(chan struct{})
		go func() {
			defer close(done)
			for batch := range work {
				for _, it := range batch {
					check(it, &theirs)
				}
			}
		}()
		var batch []item
		seq := 0
		read := func() error {
			for i := range sealedColumns {
				c := &sealedColumns[i]
				rows, err := v.db.Query(c.query())
				if err != nil {
					return err
				}
				for rows.Next() {
					it := item{seq: seq, c: c}
					seq++
					if err := rows.Scan(&it.id, &it.sealed, &it.sum); err != nil {
						rows.Close()
						return err
					}
					// Small values queue for the other goroutine; a large
					// one (an attachment) is opened here, so that what
					// waits in the queue stays small.
					if len(it.sealed) > 64<<10 {
						check(it, &problems)
					} else if batch = append(batch, it); len(batch) == 256 {
						work <- batch
						batch = nil
					}
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return err
				}
			}
			return nil
		}
		err := read()
		if len(batch) > 0 {
			work <- batch
		}
		close(work)
		if err == nil {
			err = beside()
		}
		<-done
		if err != nil {
			return err
		}
		problems = append(problems, theirs...)
		slices.SortFunc(problems, func(a, b problem) int { return a.seq - b.seq })
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
				problems = append(problems, problem{seq, fmt.Sprintf("secret of notification channel %s: %v", strings.TrimPrefix(key, channelPrefix), err)})
			}
		}
		return nil
	})
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = p.text
	}
	return out, err
}
