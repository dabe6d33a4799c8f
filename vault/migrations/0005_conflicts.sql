-- Conflicts of the shared-vault merge: a field changed on both sides to
-- different values keeps the newer value in the record and the other one
-- here, with who and when, until someone resolves it. Values of sealed
-- columns are sealed here too (columns kept and other, record id = the
-- conflict's id; sealed = 1).
CREATE TABLE conflict (
	id TEXT PRIMARY KEY, created_at TEXT NOT NULL,
	tbl TEXT NOT NULL, record_id TEXT NOT NULL, col TEXT NOT NULL,
	kept ANY, kept_by TEXT NOT NULL, kept_at TEXT NOT NULL,
	other ANY, other_by TEXT NOT NULL, other_at TEXT NOT NULL,
	sealed INTEGER NOT NULL DEFAULT 0,
	resolved INTEGER NOT NULL DEFAULT 0, resolved_at TEXT NOT NULL DEFAULT '', resolved_by TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX conflict_record ON conflict(tbl, record_id);
