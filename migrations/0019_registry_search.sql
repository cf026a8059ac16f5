-- Address search of households that works for Chinese (no word segmentation needed):
-- trigrams, as for events (0007). SQLite: an FTS5 trigram index kept by triggers (the
-- registry's writes are few and small next to event intake); PostgreSQL: a pg_trgm GIN
-- index. Queries shorter than three characters, and narrow scopes (a community or below),
-- are answered by reading the scope instead.
-- @sqlite
CREATE VIRTUAL TABLE households_fts USING fts5(address, content='households', content_rowid='id',
                                               tokenize='trigram');
INSERT INTO households_fts (households_fts) VALUES ('rebuild');
CREATE TRIGGER households_fts_insert AFTER INSERT ON households
BEGIN
  INSERT INTO households_fts (rowid, address) VALUES (new.id, new.address);
END;
CREATE TRIGGER households_fts_update AFTER UPDATE OF address ON households
BEGIN
  INSERT INTO households_fts (households_fts, rowid, address) VALUES ('delete', old.id, old.address);
  INSERT INTO households_fts (rowid, address) VALUES (new.id, new.address);
END;
CREATE TRIGGER households_fts_delete AFTER DELETE ON households
BEGIN
  INSERT INTO households_fts (households_fts, rowid, address) VALUES ('delete', old.id, old.address);
END;
-- @postgres
CREATE INDEX households_address_trgm ON households USING gin (address public.gin_trgm_ops);
-- @end
-- Buildings are exported and listed by place like the other ledgers.
CREATE INDEX buildings_region ON buildings (region_path, id);
