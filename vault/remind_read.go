package vault

import (
	"strconv"
	"strings"
	"time"

	"beianledger/ledger"
)

// The reminder rules (ledger/remind) read every entity, site, credential,
// contact and status check, but only some of their fields. These reads
// fill just those fields, in no particular order. ledger/remind's tests
// check that the rules give the same items either way; a rule that starts
// reading another field must add it here.
//
// They are the bulk of `due --json` at 10,000 sites, and most of their
// time went into the driver handing over one value per column (some
// 400,000 of them). So each table is read packed: SQLite joins a row's
// columns with U+001F and the rows with U+001E into one string, which Go
// slices without copying. That is about twice as fast. A value that itself
// holds one of the two separators would shift the fields, so the packed
// string is used only when the count of each separator is exactly what
// the row count implies; otherwise (or if the packed query fails, say
// because the string would exceed SQLite's length limit) the table is read
// row by row, with the same results (TestLeanReadsPackedOrNot).

const (
	unitSep = "\x1f" // between the columns of a row
	rowSep  = "\x1e" // between rows
)

// leanRead lists the live rows of table, cols of each, built by fill from
// the columns as text (integers in decimal).
func leanRead[T any](r *rw, table string, cols []string, fill func(f []string) T) ([]T, error) {
	list := strings.Join(cols, ", ")
	f := make([]string, len(cols))
	if !r.v.noPacked {
		var n int
		var all string
		err := r.q.QueryRowContext(ctx0, `SELECT count(*), ifnull(group_concat(concat_ws(char(31), `+list+`), char(30)), '')
			FROM `+table+` WHERE deleted = 0`).Scan(&n, &all)
		if err == nil && packedOK(all, n, len(cols)) {
			r.v.packed.Add(1)
			out := make([]T, 0, n)
			for range n {
				var row string
				row, all, _ = strings.Cut(all, rowSep)
				for i := range len(f) - 1 {
					f[i], row, _ = strings.Cut(row, unitSep)
				}
				f[len(f)-1] = row
				out = append(out, fill(f))
			}
			return out, nil
		}
	}
	dest := make([]any, len(f))
	for i := range f {
		dest[i] = &f[i]
	}
	return queryAllCap(r, liveCount(r, table), `SELECT `+list+` FROM `+table+` WHERE deleted = 0`,
		func(sc func(...any) error) (T, error) {
			err := sc(dest...)
			return fill(f), err
		})
}

// packedOK reports whether all holds n rows of ncol columns with no
// separator inside a value: a value holding U+001E adds a row, one holding
// U+001F adds a column, and neither count can come out right unless both
// are absent.
func packedOK(all string, n, ncol int) bool {
	if n == 0 {
		return all == ""
	}
	return strings.Count(all, rowSep) == n-1 && strings.Count(all, unitSep) == n*(ncol-1)
}

// ReminderEntities lists live entities with the fields the reminder rules
// read: ID, CreatedAt, Name, Province and ICPLicence.
func (r *rw) ReminderEntities() ([]ledger.Entity, error) {
	return leanRead(r, "entity", []string{"id", "created_at", "name", "province", "icp_licence"}, func(f []string) ledger.Entity {
		var e ledger.Entity
		e.ID, e.Name, e.Province, e.ICPLicence = f[0], f[2], f[3], f[4]
		e.CreatedAt, _ = time.Parse(time.RFC3339Nano, f[1])
		return e
	})
}

// ReminderSites lists live sites with the fields the reminder rules read:
// ID, CreatedAt, EntityID, Number, Name, Domains, Province, FirstFiled,
// WentLive, Status, PSBNumber, PSBDate, Licence, LicenceExpiry,
// DomainExpiry, SSLExpiry, Kind and ProductExpiry. LastChecked is left out: it is the latest of
// the site's checks, which ReminderChecks lists anyway (ledger/remind
// fills it from them).
func (r *rw) ReminderSites() ([]ledger.SiteRow, error) {
	return leanRead(r, "site", []string{"id", "created_at", "entity_id", "number", "name", "domains", "province",
		"first_filed", "went_live", "status", "psb_number", "psb_date", "licence", "licence_expiry", "domain_expiry", "ssl_expiry", "kind", "product_expiry"},
		func(f []string) ledger.SiteRow {
			var s ledger.SiteRow
			s.Kind, s.ProductExpiry = f[16], parseDateCol(f[17])
			s.ID, s.EntityID, s.Number, s.Name, s.Province = f[0], f[2], f[3], f[4], f[6]
			s.CreatedAt, _ = time.Parse(time.RFC3339Nano, f[1])
			s.Domains = splitLines(f[5])
			s.FirstFiled, s.WentLive, s.Status = parseDateCol(f[7]), parseDateCol(f[8]), f[9]
			s.PSBNumber, s.PSBDate, s.Licence = f[10], parseDateCol(f[11]), f[12]
			s.LicenceExpiry, s.DomainExpiry, s.SSLExpiry = parseDateCol(f[13]), parseDateCol(f[14]), parseDateCol(f[15])
			return s
		})
}

// ReminderCredentials lists live credentials with the fields the reminder
// rules read: ID, System, SiteID, EntityID, URL, Login, LastRotated,
// RotationMonths and RotateNow.
func (r *rw) ReminderCredentials() ([]ledger.Credential, error) {
	return leanRead(r, "credential", []string{"id", "system", "site_id", "entity_id", "url", "login", "last_rotated", "rotation_months", "rotate_now"},
		func(f []string) ledger.Credential {
			var c ledger.Credential
			c.ID, c.System, c.SiteID, c.EntityID, c.URL, c.Login = f[0], f[1], f[2], f[3], f[4], f[5]
			c.LastRotated = parseDateCol(f[6])
			c.RotationMonths, _ = strconv.Atoi(f[7])
			c.RotateNow = f[8] != "0"
			return c
		})
}

// ReminderContacts lists live contacts with the fields the reminder rules
// read: ID, Name, Role, End, EntityID, SiteIDs and IDExpiry.
func (r *rw) ReminderContacts() ([]ledger.Contact, error) {
	return leanRead(r, "contact", []string{"id", "name", "role", `"end"`, "entity_id", "site_ids", "id_expiry"}, func(f []string) ledger.Contact {
		var c ledger.Contact
		c.ID, c.Name, c.Role, c.EntityID = f[0], f[1], f[2], f[4]
		c.End, c.SiteIDs, c.IDExpiry = parseDateCol(f[3]), splitLines(f[5]), parseDateCol(f[6])
		return c
	})
}

// ReminderChecks lists live status checks with SiteID and Date only.
func (r *rw) ReminderChecks() ([]ledger.StatusCheck, error) {
	return leanRead(r, "status_check", []string{"site_id", "date"}, func(f []string) ledger.StatusCheck {
		return ledger.StatusCheck{SiteID: f[0], Date: parseDateCol(f[1])}
	})
}
