-- SQLite: a new household's address enters the FTS5 index with the transaction's other
-- deferred inserts (one multi-row INSERT at commit), not from a trigger. FTS5 flushes its
-- pending terms at every statement savepoint, so the trigger wrote one index segment per
-- household (as 0010 found for events): 10 % of the writer's time in a 1M-person import.
-- Edits and deletions of households are few and keep their triggers. PostgreSQL's pg_trgm
-- index needs none of this.
-- @sqlite
DROP TRIGGER households_fts_insert;
-- @end
