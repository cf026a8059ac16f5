-- Territory: the region tree country/province/city/county -> town -> community -> grid -> unit -> building.
-- path holds the codes of every ancestor and the node itself: '/44/4404/440404/440404104/'.
CREATE TABLE regions (
  code        TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 24),
  parent_code TEXT REFERENCES regions(code),
  level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'town', 'community',
                                             'grid', 'unit', 'building')),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  path        TEXT NOT NULL,
  depth       INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 12),
  geometry    TEXT,
  min_lng     DOUBLE PRECISION,
  min_lat     DOUBLE PRECISION,
  max_lng     DOUBLE PRECISION,
  max_lat     DOUBLE PRECISION,
  source      TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('division', 'manual', 'demo')),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  CHECK ((parent_code IS NULL) = (depth = 1))
) @WITHOUT_ROWID@;
-- @postgres
ALTER TABLE regions ALTER COLUMN code TYPE TEXT COLLATE "C";
ALTER TABLE regions ALTER COLUMN parent_code TYPE TEXT COLLATE "C";
ALTER TABLE regions ALTER COLUMN path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX regions_parent ON regions (parent_code, code);
CREATE INDEX regions_path ON regions (path);
-- Only regions with a boundary (grids for the point index): buildings never touch it.
CREATE INDEX regions_level ON regions (level, code) WHERE geometry IS NOT NULL;
