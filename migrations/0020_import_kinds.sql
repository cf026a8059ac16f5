-- Imports of households, buildings and businesses beside persons: the kind's CHECK widens.
-- SQLite cannot alter a CHECK, so its table is rebuilt (nothing refers to it).
-- @sqlite
CREATE TABLE registry_imports_new (
  id           @ID@,
  kind         TEXT NOT NULL CHECK (kind IN ('persons', 'households', 'buildings', 'businesses')),
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
  errors       TEXT NOT NULL DEFAULT '[]',
  message      TEXT NOT NULL DEFAULT '',
  created_by   BIGINT,
  scope        TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  finished_at  BIGINT
);
INSERT INTO registry_imports_new SELECT * FROM registry_imports;
DROP TABLE registry_imports;
ALTER TABLE registry_imports_new RENAME TO registry_imports;
-- @postgres
ALTER TABLE registry_imports DROP CONSTRAINT registry_imports_kind_check;
ALTER TABLE registry_imports ADD CONSTRAINT registry_imports_kind_check
  CHECK (kind IN ('persons', 'households', 'buildings', 'businesses'));
-- @end
-- Businesses are matched by place and name when they have no credit code.
CREATE INDEX businesses_place_name ON businesses (region_code, name);
