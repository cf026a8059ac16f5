-- Attachments (photos, videos, documents): stored once by content hash under the data
-- directory; links record which record uses which file, for access checks.
CREATE TABLE attachments (
  hash        TEXT PRIMARY KEY CHECK (length(hash) = 64),
  media_type  TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf',
                                                  'video/mp4')),
  size        BIGINT NOT NULL CHECK (size > 0),
  created_by  BIGINT,
  created_at  BIGINT NOT NULL
) @WITHOUT_ROWID@;

CREATE TABLE attachment_links (
  hash        TEXT NOT NULL REFERENCES attachments(hash),
  owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('event')),
  owner_id    BIGINT NOT NULL,
  PRIMARY KEY (hash, owner_kind, owner_id)
) @WITHOUT_ROWID@;
CREATE INDEX attachment_links_owner ON attachment_links (owner_kind, owner_id);
