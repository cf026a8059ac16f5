-- Photos of household visits are attachments too: a link's owner may be a visit. SQLite
-- cannot alter a CHECK, so its table is rebuilt (nothing refers to it).
-- @sqlite
CREATE TABLE attachment_links_new (
  hash        TEXT NOT NULL REFERENCES attachments(hash),
  owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('event', 'visit')),
  owner_id    BIGINT NOT NULL,
  PRIMARY KEY (hash, owner_kind, owner_id)
) WITHOUT ROWID;
INSERT INTO attachment_links_new SELECT hash, owner_kind, owner_id FROM attachment_links;
DROP TABLE attachment_links;
ALTER TABLE attachment_links_new RENAME TO attachment_links;
CREATE INDEX attachment_links_owner ON attachment_links (owner_kind, owner_id);
-- @postgres
ALTER TABLE attachment_links DROP CONSTRAINT attachment_links_owner_kind_check;
ALTER TABLE attachment_links ADD CONSTRAINT attachment_links_owner_kind_check CHECK (owner_kind IN ('event', 'visit'));
-- @end
