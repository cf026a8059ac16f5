-- Grid teams (网格小组, src/teams/, docs/TEAMS.md): each grid's and community's team by
-- post ("三长三员一民警", seed 001; 专职/专业/兼职网格员 and 单元长, seed 003; 片长 and 邻长,
-- seed 002), each entry with its history (since, until, why); residents' calls to their
-- grid team (在线呼叫, seed 003) with who they reached and how long the answer took; the
-- households in a team member's care (包户, seed 002) with the visits made to them and a
-- monthly rollup per carer, so that coverage reads a few rows whatever the county's size.

CREATE TABLE team_members (
  id              @ID@,
  region_code     TEXT NOT NULL REFERENCES regions(code),  -- a grid or a community
  region_path     TEXT NOT NULL,
  level           TEXT NOT NULL CHECK (level IN ('grid', 'community')),
  post            TEXT NOT NULL CHECK (post IN ('grid_chief', 'full_time', 'professional', 'part_time',
                                                'building_head', 'unit_head', 'neighbour_head', 'area_head',
                                                'police', 'legal_adviser', 'health_worker', 'urban_management',
                                                'market_regulator', 'party_member', 'volunteer')),
  name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  phone_sealed    @BLOB@,                          -- core/crypto
  phone_index     TEXT,                            -- blind index: the same name and phone twice
  phone_masked    TEXT NOT NULL DEFAULT '',
  phone_public    INTEGER NOT NULL DEFAULT 0 CHECK (phone_public IN (0, 1)),  -- a published work phone
  photo           TEXT,                            -- attachment hash (owner kind team_member)
  responsibility  TEXT NOT NULL DEFAULT '' CHECK (length(responsibility) <= 200),  -- 分工: "1-3栋"
  user_id         BIGINT REFERENCES users(id),     -- the account that answers calls, visits
  person_id       BIGINT REFERENCES persons(id),
  on_duty         INTEGER NOT NULL DEFAULT 0 CHECK (on_duty IN (0, 1)),  -- 值班: calls reach them first
  sort            INTEGER NOT NULL DEFAULT 0,
  since           TEXT NOT NULL,                   -- YYYY-MM-DD
  until           TEXT,                            -- ended on
  end_reason      TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL CHECK (status IN ('active', 'ended')),
  in_care         INTEGER NOT NULL DEFAULT 0 CHECK (in_care >= 0),  -- active care assignments
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  CHECK (status = 'ended' OR until IS NULL),
  CHECK (status = 'active' OR until IS NOT NULL),
  CHECK (phone_public = 0 OR phone_sealed IS NOT NULL)
);
-- @postgres
ALTER TABLE team_members ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX team_members_scope ON team_members (region_path, id);
-- A node's team in board order ("my grid team": one read for the grid and its community).
CREATE INDEX team_members_card ON team_members (region_code, sort, id) WHERE status = 'active';
CREATE INDEX team_members_user ON team_members (user_id) WHERE status = 'active' AND user_id IS NOT NULL;
-- One active entry per node, post and account, person, or name and phone.
CREATE UNIQUE INDEX team_members_one_account ON team_members (region_code, post, user_id)
  WHERE status = 'active' AND user_id IS NOT NULL;
CREATE UNIQUE INDEX team_members_one_person ON team_members (region_code, post, person_id)
  WHERE status = 'active' AND person_id IS NOT NULL;
CREATE UNIQUE INDEX team_members_one_phone ON team_members (region_code, post, name, phone_index)
  WHERE status = 'active' AND phone_index IS NOT NULL;

-- A resident's call to their grid team: the accounts it reached, when and by whom it was
-- answered (response_ms: the 在线响应 time), closed.
CREATE TABLE team_calls (
  id           @ID@,
  region_code  TEXT NOT NULL REFERENCES regions(code),  -- the caller's grid
  region_path  TEXT NOT NULL,
  caller_id    BIGINT NOT NULL REFERENCES users(id),
  kind         TEXT NOT NULL CHECK (kind IN ('help', 'report', 'consult')),
  message      TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 500),
  status       TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
  recipients   INTEGER NOT NULL CHECK (recipients >= 0),
  created_at   BIGINT NOT NULL,
  answered_at  BIGINT,
  answered_by  BIGINT REFERENCES users(id),
  response_ms  BIGINT CHECK (response_ms IS NULL OR response_ms >= 0),
  answer_note  TEXT NOT NULL DEFAULT '' CHECK (length(answer_note) <= 500),
  closed_at    BIGINT,
  closed_by    BIGINT REFERENCES users(id),
  CHECK (answered_at IS NULL OR response_ms IS NOT NULL),
  CHECK (status <> 'closed' OR closed_at IS NOT NULL)
);
-- @postgres
ALTER TABLE team_calls ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX team_calls_scope ON team_calls (region_path, id);
CREATE INDEX team_calls_period ON team_calls (region_path, created_at);
CREATE INDEX team_calls_caller ON team_calls (caller_id, id);

CREATE TABLE team_call_recipients (
  call_id  BIGINT NOT NULL REFERENCES team_calls(id),
  user_id  BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (call_id, user_id)
);
CREATE INDEX team_call_recipients_user ON team_call_recipients (user_id, call_id);

-- A community's visit intervals per class of household and whether visits answer the
-- 六提六知 checklist (seed 001); a community without a row uses 7, 14 and 30 days, no checklist.
CREATE TABLE care_settings (
  community_code  TEXT PRIMARY KEY REFERENCES regions(code),
  key_days        INTEGER NOT NULL CHECK (key_days BETWEEN 1 AND 366),
  care_days       INTEGER NOT NULL CHECK (care_days BETWEEN 1 AND 366),
  ordinary_days   INTEGER NOT NULL CHECK (ordinary_days BETWEEN 1 AND 366),
  checklist       INTEGER NOT NULL CHECK (checklist IN (0, 1)),
  version         INTEGER NOT NULL DEFAULT 1,
  updated_by      BIGINT REFERENCES users(id),
  updated_at      BIGINT NOT NULL
);

-- A household in a team member's care (包户/联系户): its class, the interval between
-- visits, when it was last visited and when it is due.
CREATE TABLE care_assignments (
  id               @ID@,
  household_id     BIGINT NOT NULL REFERENCES households(id),
  member_id        BIGINT NOT NULL REFERENCES team_members(id),
  region_code      TEXT NOT NULL,   -- the household's place
  region_path      TEXT NOT NULL,
  member_path      TEXT NOT NULL,   -- the member's node (the household lies within it)
  community_path   TEXT NOT NULL,   -- the member's community (the due-day counters)
  address          TEXT NOT NULL DEFAULT '',
  klass            TEXT NOT NULL CHECK (klass IN ('key', 'care', 'ordinary')),
  persons          INTEGER NOT NULL DEFAULT 0 CHECK (persons >= 0),
  interval_days    INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 366),
  status           TEXT NOT NULL CHECK (status IN ('active', 'ended')),
  started_at       BIGINT NOT NULL,
  started_by       BIGINT REFERENCES users(id),
  ended_at         BIGINT,
  end_reason       TEXT NOT NULL DEFAULT '',
  last_visited_at  BIGINT,
  due_at           BIGINT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  CHECK (status = 'active' OR ended_at IS NOT NULL)
);
-- @postgres
ALTER TABLE care_assignments ALTER COLUMN region_path TYPE TEXT COLLATE "C";
ALTER TABLE care_assignments ALTER COLUMN member_path TYPE TEXT COLLATE "C";
ALTER TABLE care_assignments ALTER COLUMN community_path TYPE TEXT COLLATE "C";
-- @end
CREATE UNIQUE INDEX care_assignments_one ON care_assignments (household_id, member_id) WHERE status = 'active';
-- A carer's worklist by due date, and their overdue count.
CREATE INDEX care_assignments_member ON care_assignments (member_id, due_at, id) WHERE status = 'active';
CREATE INDEX care_assignments_scope ON care_assignments (region_path, id);
-- Totals of a grid's carers (larger regions read care_due).
CREATE INDEX care_assignments_carers ON care_assignments (member_path, due_at) WHERE status = 'active';

CREATE TABLE care_visits (
  id             @ID@,
  assignment_id  BIGINT NOT NULL REFERENCES care_assignments(id),
  member_id      BIGINT NOT NULL REFERENCES team_members(id),
  household_id   BIGINT NOT NULL REFERENCES households(id),
  carer_id       BIGINT REFERENCES users(id),  -- who recorded it
  region_path    TEXT NOT NULL,
  member_path    TEXT NOT NULL,
  month          TEXT NOT NULL CHECK (length(month) = 7),  -- YYYY-MM of visited_at (calendar zone)
  visited_at     BIGINT NOT NULL,
  persons        INTEGER NOT NULL CHECK (persons >= 0),   -- living there then: 人次
  visit_id       BIGINT REFERENCES visits(id),            -- the registry's record of it
  findings       TEXT NOT NULL CHECK (length(findings) BETWEEN 1 AND 2000),
  checklist      TEXT NOT NULL DEFAULT '{}',              -- 六提六知 answers, JSON
  created_at     BIGINT NOT NULL
);
-- @postgres
ALTER TABLE care_visits ALTER COLUMN region_path TYPE TEXT COLLATE "C";
ALTER TABLE care_visits ALTER COLUMN member_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX care_visits_assignment ON care_visits (assignment_id, id);
CREATE INDEX care_visits_member ON care_visits (member_id, visited_at);
CREATE INDEX care_visits_scope ON care_visits (region_path, visited_at);

-- Which households a carer visited in a month (the first visit of each counts it once).
CREATE TABLE care_marks (
  member_id     BIGINT NOT NULL,
  household_id  BIGINT NOT NULL,
  month         TEXT NOT NULL,
  PRIMARY KEY (member_id, household_id, month)
) @WITHOUT_ROWID@;

-- Per carer and month: visits (户次), persons (人次), distinct households visited; added to
-- in the visit's transaction (Tx::add_later).
CREATE TABLE care_rollup (
  month        TEXT NOT NULL,
  member_path  TEXT NOT NULL,
  member_id    BIGINT NOT NULL,
  visits       INTEGER NOT NULL DEFAULT 0,
  persons      INTEGER NOT NULL DEFAULT 0,
  households   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, member_path, member_id)
) @WITHOUT_ROWID@;
-- @postgres
ALTER TABLE care_rollup ALTER COLUMN member_path TYPE TEXT COLLATE "C";
-- @end

-- Active assignments per community of their carers and civil day they fall due (days since
-- 1970-01-01): households in care and those overdue under a node are a sum of these rows.
CREATE TABLE care_due (
  community_path  TEXT NOT NULL,
  due_day         BIGINT NOT NULL,
  n               INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (community_path, due_day)
) @WITHOUT_ROWID@;
-- @postgres
ALTER TABLE care_due ALTER COLUMN community_path TYPE TEXT COLLATE "C";
-- @end
