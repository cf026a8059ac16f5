-- Event statistics as additive counters (a materialised aggregate), so the statistics of
-- a county over a year read thousands of rows instead of millions of events. One row per
-- community (or the handling node above it when an event has no grid) and civil day
-- (grain 1, period = days since 1970-01-01) or month (grain 2, period = year * 12 +
-- month - 1), by the event's creation time in the calendar's zone. The events module
-- adds each event's contribution when it is created and the difference when it changes,
-- in the same transaction (src/events/rollup.cpp); closed_* count closed events only.
CREATE TABLE event_rollup (
  grain            INTEGER NOT NULL CHECK (grain IN (1, 2)),
  period           INTEGER NOT NULL,
  node_path        TEXT NOT NULL,
  total            BIGINT NOT NULL DEFAULT 0,
  reported         BIGINT NOT NULL DEFAULT 0,
  accepted         BIGINT NOT NULL DEFAULT 0,
  dispatched       BIGINT NOT NULL DEFAULT 0,
  handling         BIGINT NOT NULL DEFAULT 0,
  handled          BIGINT NOT NULL DEFAULT 0,
  closed           BIGINT NOT NULL DEFAULT 0,
  rejected         BIGINT NOT NULL DEFAULT 0,
  merged           BIGINT NOT NULL DEFAULT 0,
  withdrawn        BIGINT NOT NULL DEFAULT 0,
  src_resident     BIGINT NOT NULL DEFAULT 0,
  src_patrol       BIGINT NOT NULL DEFAULT 0,
  src_hotline      BIGINT NOT NULL DEFAULT 0,
  src_window       BIGINT NOT NULL DEFAULT 0,
  src_visit        BIGINT NOT NULL DEFAULT 0,
  src_open311      BIGINT NOT NULL DEFAULT 0,
  src_complaint    BIGINT NOT NULL DEFAULT 0,
  closed_on_time   BIGINT NOT NULL DEFAULT 0,
  closed_ms        BIGINT NOT NULL DEFAULT 0,  -- sum of closed_at - created_at
  closed_rated     BIGINT NOT NULL DEFAULT 0,
  closed_satisfied BIGINT NOT NULL DEFAULT 0,  -- satisfied or basically satisfied
  closed_grid      BIGINT NOT NULL DEFAULT 0,  -- solved at each level
  closed_community BIGINT NOT NULL DEFAULT 0,
  closed_street    BIGINT NOT NULL DEFAULT 0,
  closed_county    BIGINT NOT NULL DEFAULT 0,
  red_open         BIGINT NOT NULL DEFAULT 0,  -- open and overdue
  PRIMARY KEY (grain, period, node_path)
);

-- Events by top-level category, same keys.
CREATE TABLE event_rollup_category (
  grain      INTEGER NOT NULL CHECK (grain IN (1, 2)),
  period     INTEGER NOT NULL,
  node_path  TEXT NOT NULL,
  category   TEXT NOT NULL,
  total      BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, node_path, category)
);
-- @postgres
ALTER TABLE event_rollup ALTER COLUMN node_path TYPE TEXT COLLATE "C";
ALTER TABLE event_rollup_category ALTER COLUMN node_path TYPE TEXT COLLATE "C";
-- @end

-- The zone the counters were built in; no row (a new install, or events that predate
-- this migration) or another zone makes the server rebuild them from the events at start.
CREATE TABLE event_rollup_state (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  utc_offset_minutes INTEGER NOT NULL,
  built_at           BIGINT NOT NULL
);
