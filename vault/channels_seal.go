package vault

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// Channel secrets are sealed inside the JSON of their setting row (see
// channels.go), not in a column of their own, so field-key rotation, verify
// and the merge reach them here.

// resealChannelValue opens the secret inside a channel row's value with
// open and seals it again with seal. Values without a secret come back
// unchanged.
func resealChannelValue(key, value string, open func(sealed []byte) ([]byte, error), seal func(pt []byte) []byte) (string, error) {
	if !strings.HasPrefix(key, channelPrefix) || value == "" {
		return value, nil
	}
	var row map[string]json.RawMessage
	if err := json.Unmarshal([]byte(value), &row); err != nil {
		return value, fmt.Errorf("%w: channel %s: %v", ErrDamaged, key, err)
	}
	var secret []byte
	if raw, ok := row["secret"]; !ok || json.Unmarshal(raw, &secret) != nil || len(secret) == 0 {
		return value, nil
	}
	pt, err := open(secret)
	if err != nil {
		return value, err
	}
	defer wipe(pt)
	b, _ := json.Marshal(seal(pt))
	row["secret"] = b
	out, err := json.Marshal(row)
	return string(out), err
}

// channelRows lists the channel rows of a database (key, value).
func channelRows(q querier) ([][2]string, error) {
	rows, err := q.Query(`SELECT key, value FROM setting WHERE key >= ? AND key < ? AND value != ''`, channelPrefix, channelPrefix+"\xff")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var kv [2]string
		if err := rows.Scan(&kv[0], &kv[1]); err != nil {
			return nil, err
		}
		out = append(out, kv)
	}
	return out, rows.Err()
}

// resealChannels re-seals every channel secret from one field key to
// another inside tx.
func resealChannels(tx *sql.Tx, uid [16]byte, oldKey, newKey []byte) (int, error) {
	rows, err := channelRows(tx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, kv := range rows {
		key := kv[0]
		v, err := resealChannelValue(key, kv[1],
			func(s []byte) ([]byte, error) { return openField(oldKey, uid, "setting", "value", key, s) },
			func(pt []byte) []byte { return seal(newKey, pt, fieldAD(uid, "setting", "value", key)) })
		if err != nil {
			return n, err
		}
		if v != kv[1] {
			if _, err := tx.Exec(`UPDATE setting SET value = ? WHERE key = ?`, v, key); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
