-- Full-text search of event descriptions and addresses that works for Chinese (no word
-- segmentation needed): trigrams. SQLite: an FTS5 trigram index kept by triggers;
-- PostgreSQL: pg_trgm GIN indexes (the extension is trusted: a database owner may create it).
-- Queries shorter than three characters cannot use trigrams and fall back to a scan
-- within the other filters.
-- @sqlite
CREATE VIRTUAL TABLE events_fts USING fts5(description, address, content='events', content_rowid='id',
                                           tokenize='trigram');
CREATE TRIGGER events_fts_insert AFTER INSERT ON events
BEGIN
  INSERT INTO events_fts (rowid, description, address) VALUES (new.id, new.description, new.address);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF description, address ON events
BEGIN
  INSERT INTO events_fts (events_fts, rowid, description, address) VALUES ('delete', old.id, old.description, old.address);
  INSERT INTO events_fts (rowid, description, address) VALUES (new.id, new.description, new.address);
END;
-- @postgres
-- Two servers (or test schemas) migrating one fresh database at once may both try to
-- create the extension: the loser's unique violation means it exists, which is the aim.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
EXCEPTION WHEN unique_violation OR duplicate_object THEN
  NULL;
END
$$;
CREATE INDEX events_description_trgm ON events USING gin (description public.gin_trgm_ops);
CREATE INDEX events_address_trgm ON events USING gin (address public.gin_trgm_ops);
-- @end
