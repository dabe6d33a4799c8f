-- A running hash over the audit log: each line's chain is the hash of the
-- chain before it and the line itself, set once when a save first writes
-- the line (vault/auditchain.go). Two copies of a vault whose lines agree
-- up to some line have the same chain there, so a merge finds where their
-- logs part without reading every line. Lines from before are chained by
-- the first save that sees them.
ALTER TABLE audit ADD COLUMN chain BLOB;

-- Still append-only: the one change allowed is setting a line's chain once.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (OLD.chain IS NULL AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor
	AND NEW.action IS OLD.action AND NEW.record IS OLD.record AND NEW.summary IS OLD.summary
	AND NEW.host IS OLD.host)
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
