package vault

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
)

// The audit log's running hash (migration 0008). A save chains the lines
// written since the last one; a merge then finds the longest run of lines
// that two copies share from the start by comparing chains at a few
// positions (binary search), and compares only the lines after it. The
// chain is not a security measure (the whole file is signed); it is an
// index of agreement.

const chainLen = 16

// lineChain is the chain of a line that follows the line with chain prev.
func lineChain(prev []byte, fields ...string) []byte {
	h := sha256.New()
	h.Write(prev)
	var n [binary.MaxVarintLen64]byte
	for _, f := range fields {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		h.Write([]byte(f))
	}
	return h.Sum(nil)[:chainLen]
}

// chainAudit sets the chain of every line that has none yet (the lines
// after the last chained one), in one transaction.
func chainAudit(db *sql.DB) error {
	var last int64
	var prev []byte
	err := db.QueryRow(`SELECT id, chain FROM audit WHERE chain IS NOT NULL ORDER BY id DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	rows, err := db.Query(`SELECT id, at, actor, action, record, summary, host FROM audit WHERE id > ? ORDER BY id`, last)
	if err != nil {
		return err
	}
	type line struct {
		id    int64
		chain []byte
	}
	var todo []line
	for rows.Next() {
		var id int64
		var f [6]string
		if err := rows.Scan(&id, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5]); err != nil {
			rows.Close()
			return err
		}
		prev = lineChain(prev, f[:]...)
		todo = append(todo, line{id, prev})
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(todo) == 0 {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.Prepare(`UPDATE audit SET chain = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, l := range todo {
		if _, err := st.Exec(l.chain, l.id); err != nil {
			return fmt.Errorf("audit chain: %w", err)
		}
	}
	return tx.Commit()
}

// auditShared returns the id up to which the audit logs of a and b are the
// same lines in the same order (0: none known): the last id where both
// have the same chain, found by binary search over the chained lines.
func auditShared(a, b querier) (int64, error) {
	lastChained := func(q querier) (int64, error) {
		var id int64
		err := q.QueryRow(`SELECT id FROM audit WHERE chain IS NOT NULL ORDER BY id DESC LIMIT 1`).Scan(&id)
		if err == sql.ErrNoRows {
			return 0, nil
		}
		return id, err
	}
	chainAt := func(q querier, id int64) ([]byte, error) {
		var c []byte
		err := q.QueryRow(`SELECT chain FROM audit WHERE id = ?`, id).Scan(&c)
		if err == sql.ErrNoRows {
			return nil, nil
		}
		return c, err
	}
	same := func(id int64) (bool, error) {
		ca, err := chainAt(a, id)
		if err != nil || ca == nil {
			return false, err
		}
		cb, err := chainAt(b, id)
		return cb != nil && bytes.Equal(ca, cb), err
	}
	la, err := lastChained(a)
	if err != nil {
		return 0, err
	}
	lb, err := lastChained(b)
	if err != nil {
		return 0, err
	}
	hi := min(la, lb)
	if hi == 0 {
		return 0, nil
	}
	if ok, err := same(hi); ok || err != nil {
		return hi, err
	}
	// same(lo) holds (0: the empty start), same(hi) does not.
	lo := int64(0)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := same(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}
