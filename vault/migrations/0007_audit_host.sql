-- The computer each audit line was written on (its host name), so a shared
-- vault's history says where a change came from as well as which way in
-- made it. Lines from before are ''.
ALTER TABLE audit ADD COLUMN host TEXT NOT NULL DEFAULT '';
