-- Notices and policies (通知公告、政策法规: "政策法规随时知", seed 004; src/notices/,
-- docs/NOTICES.md): published to a territory subtree for a validity period, with
-- attachments (documents, images, audio, video); read receipts per account, counted on
-- the notice; the staff the notice reached when published (its recipients) each with the
-- time they read it, so that "who has not read it yet" is one indexed read.
CREATE TABLE notices (
  id              @ID@,
  region_code     TEXT NOT NULL REFERENCES regions(code),  -- published to this node and everything under it
  region_path     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('notice', 'policy')),
  topic           TEXT NOT NULL DEFAULT '',  -- a policy's field: 社保, 医保, 就业, 住房 ...
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  attachments     TEXT NOT NULL DEFAULT '[]',
  must_read       INTEGER NOT NULL DEFAULT 0 CHECK (must_read IN (0, 1)),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  valid_from      BIGINT,
  valid_until     BIGINT,
  published_at    BIGINT,
  author_id       BIGINT NOT NULL REFERENCES users(id),
  readers         INTEGER NOT NULL DEFAULT 0 CHECK (readers >= 0),     -- accounts that opened it
  recipients      INTEGER NOT NULL DEFAULT 0 CHECK (recipients >= 0),  -- staff it reached when published
  recipients_read INTEGER NOT NULL DEFAULT 0 CHECK (recipients_read >= 0 AND recipients_read <= recipients),
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  CHECK (valid_until IS NULL OR valid_from IS NULL OR valid_until > valid_from),
  CHECK (status = 'draft' OR published_at IS NOT NULL)
);
-- @postgres
ALTER TABLE notices ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX notices_scope ON notices (region_path, id);

CREATE TABLE notice_reads (
  notice_id  BIGINT NOT NULL REFERENCES notices(id),
  user_id    BIGINT NOT NULL REFERENCES users(id),
  read_at    BIGINT NOT NULL,
  PRIMARY KEY (notice_id, user_id)
);

-- The staff a published notice reached (accounts with a staff role on its subtree, or above
-- it on its line), and when each read it.
CREATE TABLE notice_recipients (
  notice_id    BIGINT NOT NULL REFERENCES notices(id),
  user_id      BIGINT NOT NULL REFERENCES users(id),
  region_path  TEXT NOT NULL,  -- where the account works, for read rates per node
  read_at      BIGINT,
  PRIMARY KEY (notice_id, user_id)
);
-- @postgres
ALTER TABLE notice_recipients ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX notice_recipients_user ON notice_recipients (user_id, notice_id);

-- Full-text search of titles and bodies that works for Chinese, as for events (0007) and
-- households (0019): SQLite an FTS5 trigram index kept by triggers, PostgreSQL pg_trgm.
-- @sqlite
CREATE VIRTUAL TABLE notices_fts USING fts5(title, body, content='notices', content_rowid='id', tokenize='trigram');
CREATE TRIGGER notices_fts_insert AFTER INSERT ON notices
BEGIN
  INSERT INTO notices_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER notices_fts_update AFTER UPDATE OF title, body ON notices
BEGIN
  INSERT INTO notices_fts (notices_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO notices_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
-- @postgres
CREATE INDEX notices_text_trgm ON notices USING gin ((title || ' ' || body) public.gin_trgm_ops);
-- @end

-- Attachments of research notes, of implementation tasks (deliberation, 0035) and of
-- notices. SQLite rebuilds the table to widen the CHECK, as 0028 did.
-- @sqlite
CREATE TABLE attachment_links_new (
  hash        TEXT NOT NULL REFERENCES attachments(hash),
  owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('event', 'visit', 'order', 'wish', 'case', 'service_item',
                                                  'topic_note', 'topic_task', 'notice')),
  owner_id    BIGINT NOT NULL,
  PRIMARY KEY (hash, owner_kind, owner_id)
) WITHOUT ROWID;
INSERT INTO attachment_links_new SELECT hash, owner_kind, owner_id FROM attachment_links;
DROP TABLE attachment_links;
ALTER TABLE attachment_links_new RENAME TO attachment_links;
CREATE INDEX attachment_links_owner ON attachment_links (owner_kind, owner_id);
-- @postgres
ALTER TABLE attachment_links DROP CONSTRAINT attachment_links_owner_kind_check;
ALTER TABLE attachment_links ADD CONSTRAINT attachment_links_owner_kind_check
  CHECK (owner_kind IN ('event', 'visit', 'order', 'wish', 'case', 'service_item', 'topic_note', 'topic_task',
                        'notice'));
-- @end

-- Notices carry audio (a grid worker's spoken explanation, seed 003: "以文字、图片、语音、
-- 视频等方式"): M4A and MP3 uploads. SQLite widens the CHECK in the schema's text (the
-- documented way; existing rows conform), into an IN list the start-up rewrite
-- (expand_sqlite_checks) turns into its OR form, which reloads the schema everywhere.
-- @sqlite
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'media_type = ''video/mp4''',
                                       'media_type IN (''video/mp4'', ''audio/mp4'', ''audio/mpeg'')')
  WHERE type = 'table' AND name = 'attachments' AND instr(sql, 'media_type = ''video/mp4''') > 0;
UPDATE sqlite_master SET sql = replace(sql, '''video/mp4'')', '''video/mp4'', ''audio/mp4'', ''audio/mpeg'')')
  WHERE type = 'table' AND name = 'attachments' AND instr(sql, 'audio/mp4') = 0;
PRAGMA writable_schema = OFF;
-- @postgres
ALTER TABLE attachments DROP CONSTRAINT attachments_media_type_check;
ALTER TABLE attachments ADD CONSTRAINT attachments_media_type_check
  CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'video/mp4', 'audio/mp4',
                        'audio/mpeg'));
-- @end
