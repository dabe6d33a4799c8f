-- Two dates the reminders need to warn before a filing is lost: when the
-- 接入商 product that carries a site's access (server, CDN, host) expires,
-- and when a responsible person's ID card expires. Empty = not known.
ALTER TABLE site ADD COLUMN product_expiry TEXT NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN id_expiry TEXT NOT NULL DEFAULT '';
