-- Grid first (网格吹哨、社区报到; seed 002: residents report "直接向片长反映…由片长直接办理", seed 004:
-- "辖区网格立即办"; src/events, docs/EVENTS.md "Grid first"): where a community turns it on, a
-- resident's report waits first at its grid (status at_grid) for the grid's chief to solve
-- it on the spot or pass it up; the community's dispatcher sees it only then, or when the
-- grid's deadline passes. Whistles summon co-building units besides departments; the 告知
-- step records that a reporter without an account was told the outcome.

-- The new state. SQLite: the CHECK in the schema's text, in either form (the IN list a
-- fresh database has until the start-up rewrite, or its OR form), as 0036 does.
-- @sqlite
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'status IN (''reported'',', 'status IN (''at_grid'', ''reported'',')
  WHERE type = 'table' AND name = 'events' AND instr(sql, 'at_grid') = 0;
UPDATE sqlite_master SET sql = replace(sql, 'status = ''reported'' OR', 'status = ''at_grid'' OR status = ''reported'' OR')
  WHERE type = 'table' AND name = 'events' AND instr(sql, 'at_grid') = 0;
PRAGMA writable_schema = OFF;
-- @postgres
ALTER TABLE events DROP CONSTRAINT events_status_check;
ALTER TABLE events ADD CONSTRAINT events_status_check
  CHECK (status IN ('at_grid', 'reported', 'accepted', 'dispatched', 'handling', 'handled', 'closed', 'rejected',
                    'merged', 'withdrawn'));
-- @end

-- Per community: whether residents' reports go to the grid first, and for how many working
-- hours before they pass to the community by themselves.
CREATE TABLE grid_first_settings (
  community_code TEXT PRIMARY KEY REFERENCES regions(code),
  enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  grid_hours     INTEGER NOT NULL CHECK (grid_hours BETWEEN 1 AND 72),
  version        INTEGER NOT NULL DEFAULT 1,
  updated_by     BIGINT,
  updated_at     BIGINT NOT NULL
);

-- Who blew the whistle through a report (吹哨上报: "群众、党员、片长吹哨"): resident, party_member.
ALTER TABLE event_extras ADD COLUMN whistle_by TEXT NOT NULL DEFAULT ''
  CHECK (whistle_by IN ('', 'resident', 'party_member'));

-- A whistle summons a department or a co-building unit (共建单位, the cobuild module's).
-- SQLite cannot drop NOT NULL in place: the table is rebuilt with its rows.
-- @sqlite
CREATE TABLE event_whistles_new (
  id            @ID@,
  event_id      BIGINT NOT NULL REFERENCES events(id),
  department_id BIGINT REFERENCES departments(id),
  unit_id       BIGINT,
  unit_name     TEXT NOT NULL DEFAULT '',
  summoned_at   BIGINT NOT NULL,
  summoned_by   BIGINT,
  summoned_as   TEXT NOT NULL DEFAULT 'dispatcher' CHECK (summoned_as IN ('dispatcher', 'grid')),
  due_at        BIGINT NOT NULL,
  reported_at   BIGINT,
  reported_by   BIGINT,
  response      TEXT,
  CHECK ((department_id IS NULL) <> (unit_id IS NULL))
);
INSERT INTO event_whistles_new (id, event_id, department_id, summoned_at, summoned_by, due_at, reported_at,
                                reported_by, response)
  SELECT id, event_id, department_id, summoned_at, summoned_by, due_at, reported_at, reported_by, response
  FROM event_whistles;
DROP TABLE event_whistles;
ALTER TABLE event_whistles_new RENAME TO event_whistles;
CREATE INDEX event_whistles_event ON event_whistles (event_id, id);
CREATE INDEX event_whistles_department ON event_whistles (department_id, reported_at);
-- @postgres
ALTER TABLE event_whistles ALTER COLUMN department_id DROP NOT NULL;
ALTER TABLE event_whistles ADD COLUMN unit_id BIGINT;
ALTER TABLE event_whistles ADD COLUMN unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE event_whistles ADD COLUMN summoned_as TEXT NOT NULL DEFAULT 'dispatcher'
  CHECK (summoned_as IN ('dispatcher', 'grid'));
ALTER TABLE event_whistles ADD CONSTRAINT event_whistles_one_party CHECK ((department_id IS NULL) <> (unit_id IS NULL));
-- @end
CREATE INDEX event_whistles_unit ON event_whistles (unit_id, summoned_at);

-- 告知: a named person told a reporter without an account the outcome, and how (seed 002:
-- "由邻长联系群众告知办结情况"). Once per closing.
CREATE TABLE event_informs (
  id            @ID@,
  event_id      BIGINT NOT NULL REFERENCES events(id),
  closed_at     BIGINT NOT NULL,  -- the closing it reports (a reopened event is told again)
  informed_at   BIGINT NOT NULL,
  informed_by   BIGINT NOT NULL REFERENCES users(id),
  informer_name TEXT NOT NULL CHECK (length(informer_name) BETWEEN 1 AND 50),
  method        TEXT NOT NULL CHECK (method IN ('phone', 'visit', 'sms', 'wechat', 'letter')),
  note          TEXT NOT NULL DEFAULT '',
  UNIQUE (event_id, closed_at)
);

-- The grid-first figures per grid and civil day (the day the report reached the grid):
-- received at the grid, solved there, passed up by the grid, passed up by the deadline.
CREATE TABLE grid_first_daily (
  grid_path  TEXT NOT NULL,
  civil_day  INTEGER NOT NULL,
  received   INTEGER NOT NULL DEFAULT 0,
  solved     INTEGER NOT NULL DEFAULT 0,
  passed_up  INTEGER NOT NULL DEFAULT 0,
  timed_out  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (grid_path, civil_day)
);
-- @postgres
ALTER TABLE grid_first_daily ALTER COLUMN grid_path TYPE TEXT COLLATE "C";
-- @end

-- The contact of a co-building unit (共建单位联络人) is a grantable role: they report in on
-- their unit's whistles. SQLite rebuilds the table to widen the CHECK, as 0035 did.
-- @sqlite
CREATE TABLE grants_new (
  id          @ID@,
  user_id     BIGINT NOT NULL REFERENCES users(id),
  role        TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'dispatcher', 'handler', 'grid_chief',
                                            'grid_worker', 'mediator', 'volunteer', 'resident',
                                            'party_member', 'window_clerk', 'shop_clerk', 'secretary',
                                            'unit_contact')),
  region_code TEXT REFERENCES regions(code),
  created_at  BIGINT NOT NULL,
  created_by  BIGINT,
  UNIQUE (user_id, role, region_code)
);
INSERT INTO grants_new (id, user_id, role, region_code, created_at, created_by)
  SELECT id, user_id, role, region_code, created_at, created_by FROM grants;
DROP TABLE grants;
ALTER TABLE grants_new RENAME TO grants;
CREATE INDEX grants_region ON grants (region_code);
-- @postgres
ALTER TABLE grants DROP CONSTRAINT grants_role_check;
ALTER TABLE grants ADD CONSTRAINT grants_role_check
  CHECK (role IN ('admin', 'leader', 'dispatcher', 'handler', 'grid_chief', 'grid_worker', 'mediator', 'volunteer',
                  'resident', 'party_member', 'window_clerk', 'shop_clerk', 'secretary', 'unit_contact'));
-- @end
