-- Emergency (应急处突, src/emergency/, docs/EMERGENCY.md). Seed 004: "依托各镇派出所、村(社区)
-- 警务室及群防群治队伍组建网格巡逻队,定期组织开展网格巡逻队处突集结演练、巡查"; seed 003: "完善
-- 疫情防控应急预案,把疫情防控预警分析、物质储备、人员组织、作战协同等各项工作落实到日常管理当中".
-- Plans per node and hazard with the four parts the seed names (one active per node and
-- hazard); teams with their members' stays; patrols and drills calling teams, with the
-- attendance of their members (by the code shown at the site, or marked by the organiser);
-- supplies with their movements; alerts calling teams, their recipients and responses.

CREATE TABLE emergency_plans (
  id              @ID@,
  region_code     TEXT NOT NULL REFERENCES regions(code),
  region_path     TEXT NOT NULL,
  hazard          TEXT NOT NULL CHECK (hazard IN ('flood', 'typhoon', 'fire', 'earthquake', 'epidemic',
                                                  'public_security', 'geological', 'hazardous_chemicals', 'other')),
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  warning         TEXT NOT NULL DEFAULT '' CHECK (length(warning) <= 8000),       -- 预警分析
  supplies        TEXT NOT NULL DEFAULT '' CHECK (length(supplies) <= 8000),      -- 物资储备
  organisation    TEXT NOT NULL DEFAULT '' CHECK (length(organisation) <= 8000),  -- 人员组织
  coordination    TEXT NOT NULL DEFAULT '' CHECK (length(coordination) <= 8000),  -- 作战协同
  attachments     TEXT NOT NULL DEFAULT '[]',
  status          TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
  reviewed_on     TEXT,  -- YYYY-MM-DD
  activated_at    BIGINT,
  retired_at      BIGINT,
  retired_reason  TEXT NOT NULL DEFAULT '',
  author_id       BIGINT NOT NULL REFERENCES users(id),
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  CHECK (status <> 'active' OR activated_at IS NOT NULL),
  CHECK (status <> 'retired' OR retired_at IS NOT NULL)
);
-- @postgres
ALTER TABLE emergency_plans ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX emergency_plans_scope ON emergency_plans (region_path, id);
-- One active plan per node and hazard: activating another retires it first (same transaction).
CREATE UNIQUE INDEX emergency_plans_active ON emergency_plans (region_code, hazard) WHERE status = 'active';

CREATE TABLE emergency_teams (
  id           @ID@,
  region_code  TEXT NOT NULL REFERENCES regions(code),
  region_path  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('patrol', 'rescue', 'medical', 'volunteer', 'militia')),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (region_code, name)
);
-- @postgres
ALTER TABLE emergency_teams ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX emergency_teams_scope ON emergency_teams (region_path, id);

-- One stay of a member on a team (since, until the day they left, with the reason); the
-- phone sealed, a masked copy for display and a blind index for duplicates.
CREATE TABLE emergency_members (
  id            @ID@,
  team_id       BIGINT NOT NULL REFERENCES emergency_teams(id),
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  phone_sealed  @BLOB@,
  phone_masked  TEXT NOT NULL DEFAULT '',
  phone_index   TEXT NOT NULL DEFAULT '',
  user_id       BIGINT REFERENCES users(id),
  role          TEXT NOT NULL CHECK (role IN ('leader', 'member')),
  since         TEXT NOT NULL,  -- YYYY-MM-DD
  until         TEXT,           -- YYYY-MM-DD: the day they left (no longer a member from then on)
  left_reason   TEXT NOT NULL DEFAULT '',
  joined_at     BIGINT NOT NULL,
  left_at       BIGINT,
  CHECK (until IS NULL OR until >= since),
  CHECK ((until IS NULL) = (left_at IS NULL))
);
CREATE INDEX emergency_members_team ON emergency_members (team_id, id);
CREATE INDEX emergency_members_user ON emergency_members (user_id, team_id);
CREATE UNIQUE INDEX emergency_members_current_user ON emergency_members (team_id, user_id)
  WHERE until IS NULL AND user_id IS NOT NULL;
CREATE UNIQUE INDEX emergency_members_current_phone ON emergency_members (team_id, phone_index)
  WHERE until IS NULL AND phone_index <> '';
CREATE UNIQUE INDEX emergency_members_current_leader ON emergency_members (team_id)
  WHERE until IS NULL AND role = 'leader';

-- A patrol (巡查) or a drill (处突集结演练) calling teams; when held, its attendance figures
-- (members of the called teams at the time, who attended) and, for a drill, the minutes
-- from the start to the last arrival counted (集结用时).
CREATE TABLE emergency_activities (
  id                @ID@,
  region_code       TEXT NOT NULL REFERENCES regions(code),
  region_path       TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('patrol', 'drill')),
  plan_id           BIGINT REFERENCES emergency_plans(id),
  title             TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  place             TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
  starts_at         BIGINT NOT NULL,
  ends_at           BIGINT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  organiser_id      BIGINT NOT NULL REFERENCES users(id),
  code_key          @BLOB@ NOT NULL,
  summary           TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 4000),
  findings          TEXT NOT NULL DEFAULT '' CHECK (length(findings) <= 4000),
  cancel_reason     TEXT NOT NULL DEFAULT '',
  expected          INTEGER CHECK (expected IS NULL OR expected >= 0),
  attended          INTEGER CHECK (attended IS NULL OR attended >= 0),
  assembly_minutes  INTEGER CHECK (assembly_minutes IS NULL OR assembly_minutes >= 0),
  held_at           BIGINT,
  cancelled_at      BIGINT,
  version           INTEGER NOT NULL DEFAULT 1,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  CHECK (ends_at > starts_at),
  CHECK (status <> 'held' OR (expected IS NOT NULL AND attended IS NOT NULL AND attended <= expected
                              AND held_at IS NOT NULL AND summary <> '')),
  CHECK (kind = 'drill' OR assembly_minutes IS NULL)
);
-- @postgres
ALTER TABLE emergency_activities ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX emergency_activities_scope ON emergency_activities (region_path, id);
CREATE INDEX emergency_activities_held ON emergency_activities (status, starts_at);

CREATE TABLE emergency_activity_teams (
  activity_id  BIGINT NOT NULL REFERENCES emergency_activities(id),
  team_id      BIGINT NOT NULL REFERENCES emergency_teams(id),
  PRIMARY KEY (activity_id, team_id)
);
CREATE INDEX emergency_activity_teams_team ON emergency_activity_teams (team_id, activity_id);

-- Who attended: once per member stay (by the code at the site, or marked by the organiser
-- from the roster), with the time they arrived when known.
CREATE TABLE emergency_attendance (
  activity_id  BIGINT NOT NULL REFERENCES emergency_activities(id),
  member_id    BIGINT NOT NULL REFERENCES emergency_members(id),
  arrived_at   BIGINT,
  via          TEXT NOT NULL CHECK (via IN ('code', 'organiser')),
  marked_by    BIGINT REFERENCES users(id),
  at           BIGINT NOT NULL,
  PRIMARY KEY (activity_id, member_id)
);

-- 物资储备: a stock at a node, never below zero, with its movements.
CREATE TABLE emergency_supplies (
  id            @ID@,
  region_code   TEXT NOT NULL REFERENCES regions(code),
  region_path   TEXT NOT NULL,
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  category      TEXT NOT NULL CHECK (category IN ('flood_control', 'fire', 'medical', 'food_water', 'lighting',
                                                  'communication', 'shelter', 'other')),
  quantity      BIGINT NOT NULL CHECK (quantity >= 0),
  unit          TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 10),
  location      TEXT NOT NULL DEFAULT '' CHECK (length(location) <= 200),
  keeper_name   TEXT NOT NULL DEFAULT '' CHECK (length(keeper_name) <= 50),
  min_quantity  BIGINT NOT NULL DEFAULT 0 CHECK (min_quantity >= 0),
  expires_on    TEXT,  -- YYYY-MM-DD
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  UNIQUE (region_code, name, location)
);
-- @postgres
ALTER TABLE emergency_supplies ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX emergency_supplies_scope ON emergency_supplies (region_path, id);

CREATE TABLE emergency_supply_movements (
  id         @ID@,
  supply_id  BIGINT NOT NULL REFERENCES emergency_supplies(id),
  direction  TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  quantity   BIGINT NOT NULL CHECK (quantity > 0),
  balance    BIGINT NOT NULL CHECK (balance >= 0),
  reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  actor_id   BIGINT REFERENCES users(id),
  at         BIGINT NOT NULL
);
CREATE INDEX emergency_supply_movements_supply ON emergency_supply_movements (supply_id, id);

-- 预警/集结: an alert to a node calling teams; its recipients (the members with accounts of
-- those teams when it was sent) and every response they gave.
CREATE TABLE emergency_alerts (
  id           @ID@,
  region_code  TEXT NOT NULL REFERENCES regions(code),
  region_path  TEXT NOT NULL,
  level        TEXT NOT NULL CHECK (level IN ('blue', 'yellow', 'orange', 'red')),
  hazard       TEXT NOT NULL CHECK (hazard IN ('flood', 'typhoon', 'fire', 'earthquake', 'epidemic',
                                               'public_security', 'geological', 'hazardous_chemicals', 'other')),
  message      TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 1000),
  status       TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  sender_id    BIGINT NOT NULL REFERENCES users(id),
  sent_at      BIGINT NOT NULL,
  recipients   INTEGER NOT NULL DEFAULT 0 CHECK (recipients >= 0),
  responded    INTEGER NOT NULL DEFAULT 0 CHECK (responded >= 0 AND responded <= recipients),
  closed_at    BIGINT,
  close_note   TEXT NOT NULL DEFAULT '',
  version      INTEGER NOT NULL DEFAULT 1,
  CHECK (status <> 'closed' OR closed_at IS NOT NULL)
);
-- @postgres
ALTER TABLE emergency_alerts ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX emergency_alerts_scope ON emergency_alerts (region_path, id);
CREATE INDEX emergency_alerts_sent ON emergency_alerts (sent_at);

CREATE TABLE emergency_alert_teams (
  alert_id  BIGINT NOT NULL REFERENCES emergency_alerts(id),
  team_id   BIGINT NOT NULL REFERENCES emergency_teams(id),
  PRIMARY KEY (alert_id, team_id)
);
CREATE INDEX emergency_alert_teams_team ON emergency_alert_teams (team_id, alert_id);

CREATE TABLE emergency_alert_recipients (
  alert_id           BIGINT NOT NULL REFERENCES emergency_alerts(id),
  user_id            BIGINT NOT NULL REFERENCES users(id),
  name               TEXT NOT NULL,  -- as on the team's roster
  team_id            BIGINT NOT NULL REFERENCES emergency_teams(id),
  response           TEXT CHECK (response IS NULL OR response IN ('arriving', 'on_site', 'unavailable')),
  note               TEXT NOT NULL DEFAULT '',
  first_response_at  BIGINT,  -- kept: 响应用时 is first_response_at - sent_at
  responded_at       BIGINT,
  PRIMARY KEY (alert_id, user_id),
  CHECK ((response IS NULL) = (first_response_at IS NULL))
);
CREATE INDEX emergency_alert_recipients_user ON emergency_alert_recipients (user_id, alert_id);

CREATE TABLE emergency_alert_responses (
  id        @ID@,
  alert_id  BIGINT NOT NULL REFERENCES emergency_alerts(id),
  user_id   BIGINT NOT NULL REFERENCES users(id),
  response  TEXT NOT NULL CHECK (response IN ('arriving', 'on_site', 'unavailable')),
  note      TEXT NOT NULL DEFAULT '',
  at        BIGINT NOT NULL
);
CREATE INDEX emergency_alert_responses_alert ON emergency_alert_responses (alert_id, id);
