-- The departments' counters by place as well (docs/COCKPIT.md "Departments"): a county
-- bureau serves many towns, and a town's cockpit shows how it served that town, not the
-- county. One row per department, community (the event's node: its path down to the
-- community, as event_rollup's node_path) and civil day (grain 1) or month (grain 2); a
-- node's figures sum the rows of the communities under it. Kept in the event's
-- transaction by src/events/rollup_units.cpp.
DROP TABLE event_department_rollup;
CREATE TABLE event_department_rollup (
  grain            INTEGER NOT NULL CHECK (grain IN (1, 2)),
  period           INTEGER NOT NULL,
  department_id    BIGINT NOT NULL,
  node_path        TEXT NOT NULL,
  total            BIGINT NOT NULL DEFAULT 0,
  closed           BIGINT NOT NULL DEFAULT 0,
  closed_on_time   BIGINT NOT NULL DEFAULT 0,
  closed_same_day  BIGINT NOT NULL DEFAULT 0,
  closed_rated     BIGINT NOT NULL DEFAULT 0,
  closed_satisfied BIGINT NOT NULL DEFAULT 0,
  red_open         BIGINT NOT NULL DEFAULT 0,
  reworked         BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, department_id, node_path)
);
-- @postgres
ALTER TABLE event_department_rollup ALTER COLUMN node_path TYPE TEXT COLLATE "C";
-- @end

-- Rebuilt from the events at the next start (events/rollup.cpp ensure_built).
DELETE FROM event_rollup_state;
