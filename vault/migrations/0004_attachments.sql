-- Attachments: small files (licence scans, stamped letters) kept with a
-- credential, site, entity or contact. The content is sealed under the
-- field key like any secret column, bound to attachment.data and the
-- attachment's id; name, type, size and SHA-256 (hex, of the plaintext)
-- stay readable for listing. A tombstone drops the content.
CREATE TABLE attachment (
	id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
	owner_kind TEXT NOT NULL, -- 'credential' | 'site' | 'entity' | 'contact'
	owner_id TEXT NOT NULL,
	name TEXT NOT NULL, media_type TEXT NOT NULL, size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	data BLOB -- sealed; NULL once deleted
) STRICT;
CREATE INDEX attachment_owner ON attachment(owner_kind, owner_id);
