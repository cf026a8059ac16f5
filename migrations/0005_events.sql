-- Events and appeals (事件/诉求): categories with their deadlines, departments and their
-- handlers, events with their current stage, the immutable timeline, whistles (吹哨) with
-- report-ins (报到). States are the ones of src/events/transitions.cpp (docs/EVENTS.md).
CREATE TABLE event_categories (
  code                 TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 8),
  parent_code          TEXT REFERENCES event_categories(code),
  name_zh              TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 50),
  name_en              TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  department_kind      TEXT NOT NULL DEFAULT '',  -- default handling department kind; '' = dispatcher decides
  priority             TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent', 'critical')),
  self_handle          INTEGER NOT NULL DEFAULT 0 CHECK (self_handle IN (0, 1)),
  accept_hours         INTEGER NOT NULL DEFAULT 2 CHECK (accept_hours BETWEEN 1 AND 720),
  sign_hours           INTEGER NOT NULL DEFAULT 2 CHECK (sign_hours BETWEEN 1 AND 720),
  handle_days_normal   INTEGER NOT NULL DEFAULT 5 CHECK (handle_days_normal BETWEEN 1 AND 365),
  handle_days_urgent   INTEGER NOT NULL DEFAULT 2 CHECK (handle_days_urgent BETWEEN 1 AND 365),
  handle_days_critical INTEGER NOT NULL DEFAULT 1 CHECK (handle_days_critical BETWEEN 1 AND 365),
  verify_days          INTEGER NOT NULL DEFAULT 1 CHECK (verify_days BETWEEN 1 AND 30),
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort                 INTEGER NOT NULL DEFAULT 0,
  version              INTEGER NOT NULL DEFAULT 1,
  updated_at           BIGINT NOT NULL
);
CREATE INDEX event_categories_parent ON event_categories (parent_code, sort);

CREATE TABLE departments (
  id          @ID@,
  region_code TEXT NOT NULL REFERENCES regions(code),  -- the node it serves: a town, a county
  region_path TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  UNIQUE (region_code, name)
);
CREATE INDEX departments_region ON departments (region_code, kind);

CREATE TABLE department_members (
  department_id BIGINT NOT NULL REFERENCES departments(id),
  user_id       BIGINT NOT NULL REFERENCES users(id),
  created_at    BIGINT NOT NULL,
  PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_members_user ON department_members (user_id);

CREATE TABLE events (
  id                  @ID@,
  tracking_code       TEXT NOT NULL UNIQUE,
  source              TEXT NOT NULL CHECK (source IN ('resident', 'patrol', 'hotline', 'window', 'visit',
                                                      'open311', 'complaint')),
  category_code       TEXT NOT NULL REFERENCES event_categories(code),
  priority            TEXT NOT NULL CHECK (priority IN ('normal', 'urgent', 'critical')),
  status              TEXT NOT NULL CHECK (status IN ('reported', 'accepted', 'dispatched', 'handling', 'handled',
                                                      'closed', 'rejected', 'merged', 'withdrawn')),
  level               TEXT NOT NULL CHECK (level IN ('community', 'street', 'county')),
  handling_code       TEXT NOT NULL REFERENCES regions(code),  -- the dispatching node of the level
  handling_path       TEXT NOT NULL,
  grid_code           TEXT REFERENCES regions(code),
  region_path         TEXT NOT NULL,  -- the grid's path, or the handling node's when no grid is known
  lat                 DOUBLE PRECISION,
  lng                 DOUBLE PRECISION,
  address             TEXT NOT NULL DEFAULT '',
  description         TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  photos              TEXT NOT NULL DEFAULT '[]',  -- attachment hashes, JSON array
  reporter_id         BIGINT,
  reporter_name       TEXT NOT NULL DEFAULT '',
  contact_enc         @BLOB@,  -- the reporter's phone, sealed (core/crypto)
  contact_masked      TEXT NOT NULL DEFAULT '',
  department_id       BIGINT REFERENCES departments(id),
  handler_id          BIGINT,
  stage_started_at    BIGINT NOT NULL,
  warn_at             BIGINT,  -- 80 % of the current stage's working time
  due_at              BIGINT,  -- the current stage's deadline
  sla                 TEXT NOT NULL DEFAULT 'ok' CHECK (sla IN ('ok', 'yellow', 'red', 'none')),
  handle_due_at       BIGINT,  -- the handling deadline set at dispatch (extensions move it)
  extension_days      INTEGER,  -- a pending extension request
  extension_reason    TEXT,
  ever_overdue        INTEGER NOT NULL DEFAULT 0 CHECK (ever_overdue IN (0, 1)),
  rework_count        INTEGER NOT NULL DEFAULT 0,
  reopen_count        INTEGER NOT NULL DEFAULT 0,
  escalation_count    INTEGER NOT NULL DEFAULT 0,
  supervised          INTEGER NOT NULL DEFAULT 0 CHECK (supervised IN (0, 1)),
  merged_into         BIGINT REFERENCES events(id),
  accepted_at         BIGINT,
  dispatched_at       BIGINT,
  handled_at          BIGINT,
  closed_at           BIGINT,
  solved_level        TEXT CHECK (solved_level IN ('grid', 'community', 'street', 'county')),
  on_time             INTEGER CHECK (on_time IN (0, 1)),
  rating              TEXT CHECK (rating IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
  rating_comment      TEXT,
  rated_at            BIGINT,
  version             INTEGER NOT NULL DEFAULT 1,
  created_by          BIGINT,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  CHECK ((status = 'merged') = (merged_into IS NOT NULL))
);
-- @postgres
ALTER TABLE events ALTER COLUMN region_path TYPE TEXT COLLATE "C";
ALTER TABLE events ALTER COLUMN handling_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX events_region ON events (region_path, id);
CREATE INDEX events_handling ON events (handling_path, status, id);
CREATE INDEX events_status_due ON events (status, due_at);
CREATE INDEX events_department ON events (department_id, status, id);
CREATE INDEX events_reporter ON events (reporter_id, id);
CREATE INDEX events_created ON events (created_at);
CREATE INDEX events_category ON events (category_code, created_at);

CREATE TABLE event_timeline (
  id          @ID@,
  event_id    BIGINT NOT NULL REFERENCES events(id),
  at          BIGINT NOT NULL,
  actor_id    BIGINT,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  comment     TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT '{}',
  photos      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX event_timeline_event ON event_timeline (event_id, id);

CREATE TABLE event_whistles (
  id            @ID@,
  event_id      BIGINT NOT NULL REFERENCES events(id),
  department_id BIGINT NOT NULL REFERENCES departments(id),
  summoned_at   BIGINT NOT NULL,
  summoned_by   BIGINT,
  due_at        BIGINT NOT NULL,
  reported_at   BIGINT,
  reported_by   BIGINT,
  response      TEXT
);
CREATE INDEX event_whistles_event ON event_whistles (event_id, id);
CREATE INDEX event_whistles_department ON event_whistles (department_id, reported_at);

-- @sqlite
CREATE TRIGGER event_timeline_no_update BEFORE UPDATE ON event_timeline
BEGIN
  SELECT RAISE(ABORT, 'event_timeline is append-only');
END;
CREATE TRIGGER event_timeline_no_delete BEFORE DELETE ON event_timeline
BEGIN
  SELECT RAISE(ABORT, 'event_timeline is append-only');
END;
-- @postgres
CREATE FUNCTION event_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'event_timeline is append-only';
END;
$$;
CREATE TRIGGER event_timeline_no_update BEFORE UPDATE OR DELETE ON event_timeline
  FOR EACH ROW EXECUTE FUNCTION event_timeline_append_only();
CREATE TRIGGER event_timeline_no_truncate BEFORE TRUNCATE ON event_timeline
  FOR EACH STATEMENT EXECUTE FUNCTION event_timeline_append_only();
-- @end
