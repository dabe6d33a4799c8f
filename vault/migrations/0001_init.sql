-- Vault bookkeeping: settings and secrets wrapped under the master key
-- (the field key), and the append-only audit log.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
) STRICT;

CREATE TABLE audit (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	at      TEXT NOT NULL,  -- RFC 3339, UTC
	actor   TEXT NOT NULL,  -- label of the key slot in use
	action  TEXT NOT NULL,
	record  TEXT NOT NULL,  -- record UUID or ''
	summary TEXT NOT NULL   -- never a secret value
) STRICT;

-- The audit log is append-only: refuse edits and deletes at the database.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
