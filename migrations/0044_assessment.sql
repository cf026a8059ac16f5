-- Assessment (考核, src/assessment/, docs/ASSESSMENT.md): schemes per post (grid worker, grid
-- chief/片长, 邻长, department, grid, community) with weighted indicators computed from the
-- other modules' records (seed 002: "每季度对片长进行考核评比"; 003: "网格员日常管理和考核制度…
-- 奖惩机制"; 001: "先锋指数考评卡"); runs of a scheme for a month or a quarter keeping, per
-- subject, every indicator's raw value (the frozen data), its points, manual points with
-- their reasons, the total and the rank; commendations of a frozen run's subjects. A run is
-- frozen once reviewed; a recomputation after that is a new version, the old one kept.

CREATE TABLE assessment_schemes (
  id           @ID@,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  post         TEXT NOT NULL CHECK (post IN ('grid_worker', 'grid_chief', 'neighbour_chief', 'department', 'grid',
                                             'community')),
  region_code  TEXT NOT NULL REFERENCES regions(code),  -- the territory it applies to
  region_path  TEXT NOT NULL,
  period_kind  TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter')),
  status       TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
  copied_from  BIGINT REFERENCES assessment_schemes(id),  -- an active scheme is retired and copied
  version      INTEGER NOT NULL DEFAULT 1,
  created_by   BIGINT REFERENCES users(id),
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  activated_at BIGINT,
  retired_at   BIGINT,
  CHECK (status = 'draft' OR activated_at IS NOT NULL),
  CHECK ((status = 'retired') = (retired_at IS NOT NULL))
);
-- @postgres
ALTER TABLE assessment_schemes ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX assessment_schemes_scope ON assessment_schemes (region_path, id);

-- A scheme's indicators in order: the catalogue's key, its weight (the weights of an active
-- scheme sum to 100), the value worth the full weight, which way is better, and the largest
-- multiple of the weight it may earn.
CREATE TABLE assessment_indicators (
  scheme_id  BIGINT NOT NULL REFERENCES assessment_schemes(id),
  ord        INTEGER NOT NULL CHECK (ord >= 0),
  indicator  TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 40),  -- the catalogue's key
  weight     DOUBLE PRECISION NOT NULL CHECK (weight > 0 AND weight <= 100),
  target     DOUBLE PRECISION NOT NULL CHECK (target > 0),
  direction  TEXT NOT NULL CHECK (direction IN ('higher_better', 'lower_better')),
  cap        DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (cap >= 1 AND cap <= 10),
  PRIMARY KEY (scheme_id, ord)
);
CREATE UNIQUE INDEX assessment_indicators_key ON assessment_indicators (scheme_id, indicator);

-- A scheme computed for a period ("2026-11", "2026-Q4"): version 1, 2, ... of that period,
-- its indicators as they were (JSON), draft until frozen.
CREATE TABLE assessment_runs (
  id            @ID@,
  scheme_id     BIGINT NOT NULL REFERENCES assessment_schemes(id),
  period        TEXT NOT NULL CHECK (length(period) = 7),
  period_kind   TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter')),
  version       INTEGER NOT NULL CHECK (version >= 1),
  status        TEXT NOT NULL CHECK (status IN ('draft', 'frozen')),
  post          TEXT NOT NULL CHECK (post IN ('grid_worker', 'grid_chief', 'neighbour_chief', 'department', 'grid',
                                              'community')),
  region_code   TEXT NOT NULL,
  region_path   TEXT NOT NULL,
  indicators    TEXT NOT NULL,                 -- the scheme's indicators when computed, JSON array
  subjects      INTEGER NOT NULL DEFAULT 0 CHECK (subjects >= 0),
  computations  INTEGER NOT NULL DEFAULT 1 CHECK (computations >= 1),  -- a draft may be recomputed
  computed_at   BIGINT NOT NULL,
  computed_by   BIGINT REFERENCES users(id),
  compute_ms    BIGINT NOT NULL DEFAULT 0,
  frozen_at     BIGINT,
  frozen_by     BIGINT REFERENCES users(id),
  created_at    BIGINT NOT NULL,
  UNIQUE (scheme_id, period, version),
  CHECK ((status = 'frozen') = (frozen_at IS NOT NULL))
);
-- @postgres
ALTER TABLE assessment_runs ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX assessment_runs_scope ON assessment_runs (region_path, id);
CREATE INDEX assessment_runs_period ON assessment_runs (period, status);

-- A subject's result in a run: an account (a worker), a department, a grid or a community;
-- each indicator's raw value and points (JSON objects by key: the data the run was computed
-- from), the points computed, the manual points (the sum of its adjustments), the total and
-- the rank (1 = best; equal totals share a rank).
CREATE TABLE assessment_results (
  run_id         BIGINT NOT NULL REFERENCES assessment_runs(id),
  subject_key    TEXT NOT NULL CHECK (length(subject_key) BETWEEN 1 AND 24),
  subject_kind   TEXT NOT NULL CHECK (subject_kind IN ('account', 'department', 'region')),
  subject_name   TEXT NOT NULL DEFAULT '',
  region_code    TEXT NOT NULL DEFAULT '',     -- where the subject works or is
  raw_values     TEXT NOT NULL,
  points_detail  TEXT NOT NULL,
  computed       DOUBLE PRECISION NOT NULL,
  manual         DOUBLE PRECISION NOT NULL DEFAULT 0,
  total          DOUBLE PRECISION NOT NULL,
  rank_no        INTEGER NOT NULL CHECK (rank_no >= 1),
  PRIMARY KEY (run_id, subject_key)
);
CREATE INDEX assessment_results_rank ON assessment_results (run_id, rank_no, subject_key);
-- A worker's own card: their rows across runs.
CREATE INDEX assessment_results_subject ON assessment_results (subject_kind, subject_key, run_id);

-- 加减分: manual points on a subject of a draft run, always with the reason and who gave them.
CREATE TABLE assessment_adjustments (
  id           @ID@,
  run_id       BIGINT NOT NULL REFERENCES assessment_runs(id),
  subject_key  TEXT NOT NULL,
  points       DOUBLE PRECISION NOT NULL CHECK (points <> 0 AND points BETWEEN -100 AND 100),
  reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by   BIGINT REFERENCES users(id),
  created_at   BIGINT NOT NULL
);
CREATE INDEX assessment_adjustments_run ON assessment_adjustments (run_id, id);

-- 表彰: a title given to a subject of a frozen run, with the reason.
CREATE TABLE assessment_commendations (
  id           @ID@,
  run_id       BIGINT NOT NULL REFERENCES assessment_runs(id),
  subject_key  TEXT NOT NULL,
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by   BIGINT REFERENCES users(id),
  created_at   BIGINT NOT NULL
);
CREATE INDEX assessment_commendations_run ON assessment_commendations (run_id, id);
