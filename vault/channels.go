package vault

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"beianledger/ledger"
)

// Notification channels live in the setting table, one row per channel
// under "notify.channel.<id>", so they need no schema change and merge
// like any setting. The value is JSON: the channel's visible config and
// its secret sealed under the field key, bound to table "setting", column
// "value" and the row's key (a sealed secret copied to another channel
// does not open). A removed channel keeps its row with an empty value.
const channelPrefix = "notify.channel."

type channelRow struct {
	Config json.RawMessage `json:"config"`
	Secret []byte          `json:"secret,omitempty"` // sealed
}

var (
	_ ledger.ChannelReader = (*store)(nil)
	_ ledger.ChannelWriter = (*rw)(nil)
)

func (s *store) Channels() ([]ledger.Channel, error) { return with(s, (*rw).Channels) }

func (s *store) ChannelSecret(id string) ([]byte, error) {
	return with(s, func(r *rw) ([]byte, error) { return r.ChannelSecret(id) })
}

func (r *rw) Channels() ([]ledger.Channel, error) {
	return queryAll(r, `SELECT key, value, updated_at, updated_by FROM setting WHERE key >= ? AND key < ? AND value != '' ORDER BY key`,
		func(sc func(...any) error) (ledger.Channel, error) {
			var c ledger.Channel
			var key, value, updated string
			if err := sc(&key, &value, &updated, &c.UpdatedBy); err != nil {
				return c, err
			}
			var row channelRow
			if err := json.Unmarshal([]byte(value), &row); err != nil {
				return c, fmt.Errorf("%w: channel %s: %v", ErrDamaged, key, err)
			}
			c.ID = strings.TrimPrefix(key, channelPrefix)
			c.Config, c.HasSecret = string(row.Config), row.Secret != nil
			var m ledger.Meta
			parseTimes(&m, updated, updated)
			c.UpdatedAt = m.UpdatedAt
			return c, nil
		}, channelPrefix, channelPrefix+"\xff")
}

func (r *rw) channelRow(id string) (channelRow, error) {
	var row channelRow
	var value string
	err := r.q.QueryRowContext(ctx0, `SELECT value FROM setting WHERE key = ?`, channelPrefix+id).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && value == "") {
		return row, notFound("channel", id)
	}
	if err != nil {
		return row, err
	}
	if err := json.Unmarshal([]byte(value), &row); err != nil {
		return row, fmt.Errorf("%w: channel %s: %v", ErrDamaged, id, err)
	}
	return row, nil
}

func (r *rw) ChannelSecret(id string) ([]byte, error) {
	row, err := r.channelRow(id)
	if err != nil || row.Secret == nil {
		return nil, err
	}
	return r.open("setting", "value", channelPrefix+id, row.Secret)
}

func (r *rw) PutChannel(c *ledger.Channel, secret []byte) error {
	if !json.Valid([]byte(c.Config)) {
		return errors.New("channel config is not JSON")
	}
	isNew := c.ID == ""
	if isNew {
		c.ID = uuid.NewString()
	} else if strings.ContainsAny(c.ID, "\x00\xff") {
		return fmt.Errorf("bad channel id %q", c.ID)
	}
	row := channelRow{Config: json.RawMessage(c.Config)}
	if secret != nil {
		sealed, err := r.seal("setting", "value", channelPrefix+c.ID, secret)
		if err != nil {
			return err
		}
		row.Secret = sealed
	} else if !isNew {
		old, err := r.channelRow(c.ID)
		if err != nil {
			return err
		}
		row.Secret = old.Secret
	}
	b, err := json.Marshal(row)
	if err != nil {
		return err
	}
	_, err = r.q.ExecContext(ctx0, `INSERT INTO setting(key, value, updated_at, updated_by) VALUES (?,?,?,?)
		ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at, updated_by=excluded.updated_by`,
		channelPrefix+c.ID, string(b), ts(r.now), r.actor)
	if err != nil {
		return err
	}
	c.HasSecret, c.UpdatedAt, c.UpdatedBy = row.Secret != nil, r.now, r.actor
	return r.auditPut("channel", isNew, c.ID, "notification channel")
}

func (r *rw) DeleteChannel(id string) error {
	if _, err := r.channelRow(id); err != nil {
		return err
	}
	if _, err := r.q.ExecContext(ctx0, `UPDATE setting SET value = '', updated_at = ?, updated_by = ? WHERE key = ?`,
		ts(r.now), r.actor, channelPrefix+id); err != nil {
		return err
	}
	return r.Audit("channel.delete", id, "deleted")
}
