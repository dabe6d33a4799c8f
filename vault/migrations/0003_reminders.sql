-- Snoozed and done reminders (keyed by the reminder's stable key), and
-- small settings such as lead times and provincial review windows.
CREATE TABLE reminder_state (
	key TEXT PRIMARY KEY,
	snoozed_until TEXT NOT NULL,  -- 'YYYY-MM-DD' or ''
	done INTEGER NOT NULL DEFAULT 0,
	done_on TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE setting (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
) STRICT;
