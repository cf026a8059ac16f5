-- SQLite: the FTS5 index is fed in batches by a background indexer instead of a trigger.
-- FTS5 flushes its pending terms to disk at every savepoint, and the group commit runs
-- each write in its own savepoint: a trigger wrote one index segment per event and took
-- half of the writer's time. search_progress remembers the last event indexed; search
-- lags intake by about a second. PostgreSQL's pg_trgm GIN indexes need none of this.
CREATE TABLE search_progress (
  name     TEXT PRIMARY KEY,
  last_id  BIGINT NOT NULL
);
INSERT INTO search_progress (name, last_id) SELECT 'events', COALESCE(MAX(id), 0) FROM events;
-- @sqlite
DROP TRIGGER events_fts_insert;
-- @end
