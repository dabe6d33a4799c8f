package vault

import (
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"beianledger/ledger"
)

// Attachments are sealed exactly like the secret columns: under the field
// key, bound to table "attachment", column "data" and the attachment's id.

const attachCols = metaCols + `, owner_kind, owner_id, name, media_type, size, sha256`

// attachOwnerTables maps an attachment's owner kind to the owner's table.
var attachOwnerTables = map[string]string{
	ledger.OwnerCredential: "credential",
	ledger.OwnerSite:       "site",
	ledger.OwnerEntity:     "entity",
	ledger.OwnerContact:    "contact",
}

func scanAttachment(sc func(...any) error) (ledger.Attachment, error) {
	var a ledger.Attachment
	var c, u string
	err := sc(append(scanMeta(&a.Meta, &c, &u), &a.OwnerKind, &a.OwnerID, &a.Name, &a.MediaType, &a.Size, &a.SHA256)...)
	parseTimes(&a.Meta, c, u)
	return a, err
}

func (s *store) Attachments(ownerKind, ownerID string) ([]ledger.Attachment, error) {
	return with(s, func(r *rw) ([]ledger.Attachment, error) { return r.Attachments(ownerKind, ownerID) })
}

func (s *store) OpenAttachment(id string) ([]byte, error) {
	return with(s, func(r *rw) ([]byte, error) { return r.OpenAttachment(id) })
}

func (r *rw) Attachments(ownerKind, ownerID string) ([]ledger.Attachment, error) {
	if _, ok := attachOwnerTables[ownerKind]; !ok {
		return nil, fmt.Errorf("no attachments for a %q", ownerKind)
	}
	out, err := queryAll(r, `SELECT `+attachCols+` FROM attachment WHERE owner_kind = ? AND owner_id = ? AND deleted = 0`,
		scanAttachment, ownerKind, ownerID)
	// Newest first; the stored times are not fixed-width, so sort parsed.
	slices.SortStableFunc(out, func(a, b ledger.Attachment) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return b.UpdatedAt.Compare(a.UpdatedAt)
	})
	return out, err
}

// OpenAttachment unseals an attachment's content and checks it against
// the recorded SHA-256. The caller wipes the result.
func (r *rw) OpenAttachment(id string) ([]byte, error) {
	var sealed []byte
	var sum string
	err := r.q.QueryRowContext(ctx0, `SELECT data, sha256 FROM attachment WHERE id = ? AND deleted = 0`, id).Scan(&sealed, &sum)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && sealed == nil) {
		return nil, notFound("attachment", id)
	}
	if err != nil {
		return nil, err
	}
	pt, err := r.open("attachment", "data", id, sealed)
	if err != nil {
		return nil, err
	}
	got := sha256.Sum256(pt)
	if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(got[:])), []byte(sum)) != 1 {
		wipe(pt)
		return nil, fmt.Errorf("%w: attachment %s does not match its SHA-256", ErrDamaged, id)
	}
	return pt, nil
}

// PutAttachment validates a, checks that its owner is a live record, seals
// data to the attachment's id and writes an audit line (never the content).
func (r *rw) PutAttachment(a *ledger.Attachment, data []byte) error {
	if err := a.Prepare(data); err != nil {
		return err
	}
	table := attachOwnerTables[a.OwnerKind]
	var one int
	err := r.q.QueryRowContext(ctx0, `SELECT 1 FROM `+table+` WHERE id = ? AND deleted = 0`, a.OwnerID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(a.OwnerKind, a.OwnerID)
	}
	if err != nil {
		return err
	}
	isNew := r.stamp(&a.Meta)
	sealed, err := r.seal("attachment", "data", a.ID, data)
	if err != nil {
		return err
	}
	_, err = r.q.ExecContext(ctx0, `INSERT INTO attachment(`+attachCols+`, data) VALUES (?,?,?,?,0,?,?,?,?,?,?,?)
		ON CONFLICT(id) DO UPDATE SET updated_at=excluded.updated_at, updated_by=excluded.updated_by, deleted=0,
		owner_kind=excluded.owner_kind, owner_id=excluded.owner_id, name=excluded.name, media_type=excluded.media_type,
		size=excluded.size, sha256=excluded.sha256, data=excluded.data`,
		a.ID, ts(a.CreatedAt), ts(a.UpdatedAt), a.UpdatedBy, a.OwnerKind, a.OwnerID, a.Name, a.MediaType, a.Size, a.SHA256, sealed)
	if err != nil {
		return err
	}
	return r.auditPut("attachment", isNew, a.ID, fmt.Sprintf("%s %s: %s (%s, %d bytes)", a.OwnerKind, a.OwnerID, a.Name, a.MediaType, a.Size))
}

// scrubAttachment overwrites a live attachment's sealed content with zeros
// of the same length before it is dropped. SQLite rewrites a cell of the
// same size in place, so this reaches the part of the content stored in
// the table's own page; secure_delete zeroes the overflow pages once the
// content is set to NULL. Together they leave none of it in the image.
func (r *rw) scrubAttachment(id string) error {
	_, err := r.q.ExecContext(ctx0, `UPDATE attachment SET data = zeroblob(length(data)) WHERE id = ? AND deleted = 0 AND data IS NOT NULL`, id)
	return err
}

// deleteAttachmentsOf tombstones the attachments of a record being deleted,
// dropping their content, with an audit line each.
func (r *rw) deleteAttachmentsOf(ownerKind, ownerID string) error {
	if _, ok := attachOwnerTables[ownerKind]; !ok {
		return nil
	}
	rows, err := r.q.QueryContext(ctx0, `SELECT id FROM attachment WHERE owner_kind = ? AND owner_id = ? AND deleted = 0`, ownerKind, ownerID)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := r.scrubAttachment(id); err != nil {
			return err
		}
		if _, err := r.q.ExecContext(ctx0, `UPDATE attachment SET deleted = 1, data = NULL, updated_at = ?, updated_by = ? WHERE id = ?`,
			ts(r.now), r.actor, id); err != nil {
			return err
		}
		if err := r.Audit("attachment.delete", id, "deleted with its "+ownerKind+" "+ownerID); err != nil {
			return err
		}
	}
	return nil
}
