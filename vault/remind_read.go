package vault

import (
	"time"

	"beianledger/ledger"
)

// The reminder rules (ledger/remind) read every site, credential, contact
// and status check, but only some of their fields. These reads fill just
// those fields, in no particular order, and are about twice as fast as the
// whole records at 10,000 sites. ledger/remind's tests check that the
// rules give the same items either way; a rule that starts reading another
// field must add it here.

// ReminderSites lists live sites with the fields the reminder rules read:
// ID, CreatedAt, EntityID, Number, Name, Domains, Province, FirstFiled,
// WentLive, Status, PSBNumber, PSBDate, Licence, LicenceExpiry,
// DomainExpiry and SSLExpiry. LastChecked is left out: it is the latest of
// the site's checks, which ReminderChecks lists anyway (ledger/remind
// fills it from them).
func (r *rw) ReminderSites() ([]ledger.SiteRow, error) {
	return queryAllCap(r, liveCount(r, "site"), `SELECT s.id, s.created_at, s.entity_id, s.number, s.name, s.domains, s.province,
		s.first_filed, s.went_live, s.status, s.psb_number, s.psb_date, s.licence, s.licence_expiry, s.domain_expiry, s.ssl_expiry
		FROM site s WHERE s.deleted = 0`, func(sc func(...any) error) (ledger.SiteRow, error) {
		var s ledger.SiteRow
		var created, domains, ff, wl, pd, le, de, se string
		err := sc(&s.ID, &created, &s.EntityID, &s.Number, &s.Name, &domains, &s.Province, &ff, &wl, &s.Status,
			&s.PSBNumber, &pd, &s.Licence, &le, &de, &se)
		s.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		s.Domains = splitLines(domains)
		s.FirstFiled, s.WentLive, s.PSBDate = parseDateCol(ff), parseDateCol(wl), parseDateCol(pd)
		s.LicenceExpiry, s.DomainExpiry, s.SSLExpiry = parseDateCol(le), parseDateCol(de), parseDateCol(se)
		return s, err
	})
}

// ReminderCredentials lists live credentials with the fields the reminder
// rules read: ID, System, SiteID, EntityID, URL, Login, LastRotated,
// RotationMonths and RotateNow.
func (r *rw) ReminderCredentials() ([]ledger.Credential, error) {
	return queryAllCap(r, liveCount(r, "credential"), `SELECT id, system, site_id, entity_id, url, login, last_rotated, rotation_months, rotate_now
		FROM credential WHERE deleted = 0`, func(sc func(...any) error) (ledger.Credential, error) {
		var c ledger.Credential
		var lr string
		err := sc(&c.ID, &c.System, &c.SiteID, &c.EntityID, &c.URL, &c.Login, &lr, &c.RotationMonths, &c.RotateNow)
		c.LastRotated = parseDateCol(lr)
		return c, err
	})
}

// ReminderContacts lists live contacts with the fields the reminder rules
// read: ID, Name, Role, End, EntityID and SiteIDs.
func (r *rw) ReminderContacts() ([]ledger.Contact, error) {
	return queryAllCap(r, liveCount(r, "contact"), `SELECT id, name, role, "end", entity_id, site_ids FROM contact WHERE deleted = 0`,
		func(sc func(...any) error) (ledger.Contact, error) {
			var c ledger.Contact
			var end, sites string
			err := sc(&c.ID, &c.Name, &c.Role, &end, &c.EntityID, &sites)
			c.End, c.SiteIDs = parseDateCol(end), splitLines(sites)
			return c, err
		})
}

// ReminderChecks lists live status checks with SiteID and Date only.
func (r *rw) ReminderChecks() ([]ledger.StatusCheck, error) {
	return queryAllCap(r, liveCount(r, "status_check"), `SELECT site_id, date FROM status_check WHERE deleted = 0`,
		func(sc func(...any) error) (ledger.StatusCheck, error) {
			var c ledger.StatusCheck
			var d string
			err := sc(&c.SiteID, &d)
			c.Date = parseDateCol(d)
			return c, err
		})
}
