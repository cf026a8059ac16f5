-- The figures the seeds count (docs/EVENTS.md "Figures"): events closed on the civil day
-- they were reported (当日办结, seed 002), kept with the other counters; and counters per
-- grid and per department, so that a town's or county's hotspot map (events per grid) and a community's
-- figures per grid read a few hundred rows instead of scanning its events.
ALTER TABLE event_rollup ADD COLUMN closed_same_day BIGINT NOT NULL DEFAULT 0;

-- One row per grid (the event's region path when it is below a community) and civil day
-- (grain 1) or month (grain 2), the same periods as event_rollup. Kept in the same
-- transaction as the event row by src/events/rollup.cpp.
CREATE TABLE event_grid_rollup (
  grain            INTEGER NOT NULL CHECK (grain IN (1, 2)),
  period           INTEGER NOT NULL,
  grid_path        TEXT NOT NULL,
  total            BIGINT NOT NULL DEFAULT 0,
  closed           BIGINT NOT NULL DEFAULT 0,
  closed_on_time   BIGINT NOT NULL DEFAULT 0,
  closed_same_day  BIGINT NOT NULL DEFAULT 0,
  closed_rated     BIGINT NOT NULL DEFAULT 0,
  closed_satisfied BIGINT NOT NULL DEFAULT 0,
  red_open         BIGINT NOT NULL DEFAULT 0,
  reworked         BIGINT NOT NULL DEFAULT 0,  -- sent back for rework at least once
  PRIMARY KEY (grain, period, grid_path)
);

-- The same measures per department the event is (or was last) dispatched to, so that the
-- departments' on-time and rework figures of a county's year read a few thousand rows.
CREATE TABLE event_department_rollup (
  grain            INTEGER NOT NULL CHECK (grain IN (1, 2)),
  period           INTEGER NOT NULL,
  department_id    BIGINT NOT NULL,
  total            BIGINT NOT NULL DEFAULT 0,
  closed           BIGINT NOT NULL DEFAULT 0,
  closed_on_time   BIGINT NOT NULL DEFAULT 0,
  closed_same_day  BIGINT NOT NULL DEFAULT 0,
  closed_rated     BIGINT NOT NULL DEFAULT 0,
  closed_satisfied BIGINT NOT NULL DEFAULT 0,
  red_open         BIGINT NOT NULL DEFAULT 0,
  reworked         BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, department_id)
);
-- @postgres
ALTER TABLE event_grid_rollup ALTER COLUMN grid_path TYPE TEXT COLLATE "C";
-- @end

-- The new counters are built from the events at the next start (events/rollup.cpp
-- ensure_built rebuilds when this row is missing).
DELETE FROM event_rollup_state;
