-- Registry imports: a CSV file (kept under the data dir, converted to UTF-8) checked row by
-- row, then applied in chunks by a background worker; the state survives a restart (a job
-- left running is run again: applying is an upsert by ID number, so nothing doubles).
CREATE TABLE registry_imports (
  id           @ID@,
  kind         TEXT NOT NULL CHECK (kind IN ('persons')),
  status       TEXT NOT NULL CHECK (status IN ('queued', 'checking', 'applying', 'rejected', 'checked', 'done',
                                                'failed')),
  dry_run      INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  filename     TEXT NOT NULL DEFAULT '',
  encoding     TEXT NOT NULL,
  file_path    TEXT NOT NULL,
  rows_total   BIGINT NOT NULL DEFAULT 0,
  rows_done    BIGINT NOT NULL DEFAULT 0,
  inserted     BIGINT NOT NULL DEFAULT 0,
  updated      BIGINT NOT NULL DEFAULT 0,
  unchanged    BIGINT NOT NULL DEFAULT 0,
  error_count  BIGINT NOT NULL DEFAULT 0,
  errors       TEXT NOT NULL DEFAULT '[]',  -- the first 10,000 row errors, JSON
  message      TEXT NOT NULL DEFAULT '',
  created_by   BIGINT,
  scope        TEXT NOT NULL,  -- the importer's write scope (region paths, JSON), checked per row
  created_at   BIGINT NOT NULL,
  finished_at  BIGINT
);
CREATE INDEX households_address ON households (region_code, address, room);
