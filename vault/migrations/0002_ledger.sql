-- The ledger records. Every table carries the same bookkeeping columns so
-- that copies can later be merged record by record: a UUID, creation and
-- update times (RFC 3339, UTC), who updated it (key slot label) and a
-- tombstone. Dates are 'YYYY-MM-DD' or ''. Secrets are sealed BLOBs.
CREATE TABLE entity (
	id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL, kind TEXT NOT NULL, uscc TEXT NOT NULL, legal_rep TEXT NOT NULL,
	address TEXT NOT NULL, province TEXT NOT NULL, filing_number TEXT NOT NULL,
	icp_licence TEXT NOT NULL, notes TEXT NOT NULL
) STRICT;

CREATE TABLE provider (
	id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL, aliases TEXT NOT NULL, console_url TEXT NOT NULL, hotline TEXT NOT NULL,
	account_manager TEXT NOT NULL, materials TEXT NOT NULL, notes TEXT NOT NULL
) STRICT;

CREATE TABLE site (
	id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
	entity_id TEXT NOT NULL, number TEXT NOT NULL, number_key TEXT NOT NULL, name TEXT NOT NULL,
	domains TEXT NOT NULL, kind TEXT NOT NULL, provider_id TEXT NOT NULL, province TEXT NOT NULL,
	first_filed TEXT NOT NULL, last_changed TEXT NOT NULL, went_live TEXT NOT NULL,
	status TEXT NOT NULL, psb_number TEXT NOT NULL, psb_date TEXT NOT NULL,
	licence TEXT NOT NULL, licence_expiry TEXT NOT NULL, domain_expiry TEXT NOT NULL,
	ssl_expiry TEXT NOT NULL, notes TEXT NOT NULL,
	search_text TEXT NOT NULL DEFAULT ''  -- normalised text the search scans
) STRICT;
CREATE INDEX site_number_key ON site(number_key);
CREATE INDEX site_entity ON site(entity_id);

CREATE TABLE credential (
	id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
	system TEXT NOT NULL, site_id TEXT NOT NULL, entity_id TEXT NOT NULL, provider_id TEXT NOT NULL,
	url TEXT NOT NULL, login TEXT NOT NULL, secret BLOB, last_rotated TEXT NOT NULL,
	rotation_months INTEGER NOT NULL, rotate_now INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL
) STRICT;
CREATE INDEX credential_site ON credential(site_id);
CREATE INDEX credential_entity ON credential(entity_id);

CREATE TABLE credential_history (
	seq INTEGER PRIMARY KEY AUTOINCREMENT, credential_id TEXT NOT NULL,
	until TEXT NOT NULL, secret BLOB NOT NULL
) STRICT;
CREATE INDEX credential_history_cred ON credential_history(credential_id);

CREATE TABLE contact (
	id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL, role TEXT NOT NULL, mobile TEXT NOT NULL, email TEXT NOT NULL,
	id_type TEXT NOT NULL, id_number BLOB, employer TEXT NOT NULL, position TEXT NOT NULL,
	start TEXT NOT NULL, "end" TEXT NOT NULL, entity_id TEXT NOT NULL,
	site_ids TEXT NOT NULL, notes TEXT NOT NULL
) STRICT;

CREATE TABLE status_check (
	id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
	site_id TEXT NOT NULL, date TEXT NOT NULL, who TEXT NOT NULL, result TEXT NOT NULL,
	note TEXT NOT NULL
) STRICT;
CREATE INDEX status_check_site ON status_check(site_id, date);

-- Which contacts answer for which sites (mirrors contact.site_ids, indexed
-- both ways for search and for the site's detail view).
CREATE TABLE contact_site (
	contact_id TEXT NOT NULL, site_id TEXT NOT NULL,
	PRIMARY KEY (contact_id, site_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_site_site ON contact_site(site_id);
