-- Volunteers (志愿服务, src/volunteers/, docs/VOLUNTEERS.md): stations per territory node
-- (志愿服务站: "统筹人员、阵地、活动资源", seed 000), registered volunteers (registry
-- persons, linked to an account when they log in), teams with a leader and members whose
-- joining and leaving are history, activities with sign-up (a waiting list past capacity),
-- check-in and check-out by a code the organiser shows at the place, and the minutes the
-- organiser certifies (each later correction kept with its reason).

CREATE TABLE volunteer_stations (
  id           @ID@,
  region_code  TEXT NOT NULL REFERENCES regions(code),
  region_path  TEXT NOT NULL,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  address      TEXT NOT NULL DEFAULT '',
  lat          DOUBLE PRECISION,
  lng          DOUBLE PRECISION,
  resources    TEXT NOT NULL DEFAULT '',  -- 阵地、设施: rooms, equipment, what it lends
  contact      TEXT NOT NULL DEFAULT '',  -- who keeps it (a public duty phone, not personal data)
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (region_code, name),
  CHECK ((lat IS NULL) = (lng IS NULL))
);
-- @postgres
ALTER TABLE volunteer_stations ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX volunteer_stations_scope ON volunteer_stations (region_path, id);

-- A registered volunteer (志愿者注册): a registry person, with the account they log in
-- with once linked; skills as a JSON array of names.
CREATE TABLE volunteers (
  id            @ID@,
  person_id     BIGINT NOT NULL UNIQUE REFERENCES persons(id),
  user_id       BIGINT UNIQUE REFERENCES users(id),
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  region_code   TEXT NOT NULL REFERENCES regions(code),  -- where the person lives
  region_path   TEXT NOT NULL,
  skills        TEXT NOT NULL DEFAULT '[]',
  status        TEXT NOT NULL CHECK (status IN ('active', 'left')),
  minutes       BIGINT NOT NULL DEFAULT 0 CHECK (minutes >= 0),  -- certified service time, all activities
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
-- @postgres
ALTER TABLE volunteers ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX volunteers_scope ON volunteers (region_path, id);
CREATE INDEX volunteers_minutes ON volunteers (minutes DESC, id);

CREATE TABLE volunteer_teams (
  id           @ID@,
  station_id   BIGINT NOT NULL REFERENCES volunteer_stations(id),
  region_code  TEXT NOT NULL REFERENCES regions(code),
  region_path  TEXT NOT NULL,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  purpose      TEXT NOT NULL DEFAULT '',  -- 服务领域: elderly care, tutoring, patrol ...
  leader_id    BIGINT REFERENCES volunteers(id),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (station_id, name)
);
-- @postgres
ALTER TABLE volunteer_teams ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX volunteer_teams_scope ON volunteer_teams (region_path, id);

-- One stay of a volunteer in a team: leaving ends it (with the reason), joining again
-- starts another.
CREATE TABLE volunteer_memberships (
  id            @ID@,
  team_id       BIGINT NOT NULL REFERENCES volunteer_teams(id),
  volunteer_id  BIGINT NOT NULL REFERENCES volunteers(id),
  joined_at     BIGINT NOT NULL,
  left_at       BIGINT,
  left_reason   TEXT NOT NULL DEFAULT '',
  CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE UNIQUE INDEX volunteer_memberships_current ON volunteer_memberships (team_id, volunteer_id) WHERE left_at IS NULL;
CREATE INDEX volunteer_memberships_volunteer ON volunteer_memberships (volunteer_id, id);

-- An activity: its time, its place (a point and the radius within which check-in counts),
-- its capacity and the skills it needs; the organiser (an account) shows a code that
-- changes every minute, derived from code_key, valid only around the activity's time.
CREATE TABLE volunteer_activities (
  id            @ID@,
  station_id    BIGINT NOT NULL REFERENCES volunteer_stations(id),
  team_id       BIGINT REFERENCES volunteer_teams(id),
  region_code   TEXT NOT NULL REFERENCES regions(code),
  region_path   TEXT NOT NULL,
  title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  detail        TEXT NOT NULL DEFAULT '',
  place         TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  lat           DOUBLE PRECISION NOT NULL,
  lng           DOUBLE PRECISION NOT NULL,
  radius_m      INTEGER NOT NULL CHECK (radius_m BETWEEN 50 AND 5000),
  starts_at     BIGINT NOT NULL,
  ends_at       BIGINT NOT NULL,
  capacity      INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  skills        TEXT NOT NULL DEFAULT '[]',
  status        TEXT NOT NULL CHECK (status IN ('open', 'cancelled', 'certified')),
  organiser_id  BIGINT NOT NULL REFERENCES users(id),
  code_key      @BLOB@ NOT NULL,
  signed        INTEGER NOT NULL DEFAULT 0 CHECK (signed >= 0),  -- sign-ups holding a place
  waiting       INTEGER NOT NULL DEFAULT 0 CHECK (waiting >= 0),
  minutes       BIGINT NOT NULL DEFAULT 0 CHECK (minutes >= 0),  -- certified, all participants
  participants  INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),  -- certified with minutes > 0
  certified_at  BIGINT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  CHECK (ends_at > starts_at),
  CHECK (signed <= capacity),
  CHECK (status <> 'certified' OR certified_at IS NOT NULL)
);
-- @postgres
ALTER TABLE volunteer_activities ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX volunteer_activities_scope ON volunteer_activities (region_path, starts_at);
CREATE INDEX volunteer_activities_when ON volunteer_activities (starts_at, id);

-- A volunteer's place in an activity: signed (holding a place) or waiting (in order of
-- sign-up), cancelled; checked in and out by the code; the minutes certified.
CREATE TABLE volunteer_signups (
  id              @ID@,
  activity_id     BIGINT NOT NULL REFERENCES volunteer_activities(id),
  volunteer_id    BIGINT NOT NULL REFERENCES volunteers(id),
  status          TEXT NOT NULL CHECK (status IN ('signed', 'waiting', 'cancelled')),
  signed_up_at    BIGINT NOT NULL,
  checked_in_at   BIGINT,
  checked_out_at  BIGINT,
  minutes         INTEGER CHECK (minutes BETWEEN 0 AND 1440),  -- certified
  version         INTEGER NOT NULL DEFAULT 1,
  updated_at      BIGINT NOT NULL,
  UNIQUE (activity_id, volunteer_id),
  CHECK (checked_out_at IS NULL OR (checked_in_at IS NOT NULL AND checked_out_at >= checked_in_at)),
  CHECK (minutes IS NULL OR status = 'signed')
);
CREATE INDEX volunteer_signups_volunteer ON volunteer_signups (volunteer_id, id);
CREATE INDEX volunteer_signups_queue ON volunteer_signups (activity_id, status, signed_up_at);

-- Every certification and correction of a participant's minutes: who, when, from, to, why.
CREATE TABLE volunteer_hour_records (
  id            @ID@,
  signup_id     BIGINT NOT NULL REFERENCES volunteer_signups(id),
  from_minutes  INTEGER,
  to_minutes    INTEGER NOT NULL CHECK (to_minutes BETWEEN 0 AND 1440),
  reason        TEXT NOT NULL DEFAULT '',
  actor_id      BIGINT,
  at            BIGINT NOT NULL,
  CHECK (from_minutes IS NULL OR length(reason) > 0)
);
CREATE INDEX volunteer_hour_records_signup ON volunteer_hour_records (signup_id, id);
