-- Event counters at every level of the territory (issue 23; docs/EVENTS.md "Statistics").
-- Before, a row was kept per community only, so a town's or a county's figures summed
-- the rows of every community under it, and reading them walked every community's rows
-- of the period: 100,000 index entries for a town's year of categories. Now an event
-- counts in the row of its node (its community, or the node above it it was filed at)
-- and in the row of every ancestor, so a node's figures for a month are one row, and its
-- children's are the rows keyed by it as parent.
--
-- event_rollup: one row per subtree node (node_path), keyed by its parent (parent_path:
-- "/" for a province), for the events created under it on a civil day (grain 1) or in a
-- month (grain 2). A node's totals are its row under its parent; its children's are the
-- rows whose parent it is, contiguous in the key (grain, parent_path, period).
DROP TABLE event_rollup;
CREATE TABLE event_rollup (
  grain            INTEGER NOT NULL CHECK (grain IN (1, 2)),
  parent_path      TEXT NOT NULL,
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
  closed_same_day  BIGINT NOT NULL DEFAULT 0,  -- closed on the civil day it was reported
  PRIMARY KEY (grain, parent_path, period, node_path)
);

-- Events by top-level category under each node above community level (a community's
-- figures are computed from its events), keyed by the node.
DROP TABLE event_rollup_category;
CREATE TABLE event_rollup_category (
  grain      INTEGER NOT NULL CHECK (grain IN (1, 2)),
  node_path  TEXT NOT NULL,
  period     INTEGER NOT NULL,
  category   TEXT NOT NULL,
  total      BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, node_path, period, category)
);
-- @postgres
ALTER TABLE event_rollup ALTER COLUMN node_path TYPE TEXT COLLATE "C";
ALTER TABLE event_rollup ALTER COLUMN parent_path TYPE TEXT COLLATE "C";
ALTER TABLE event_rollup_category ALTER COLUMN node_path TYPE TEXT COLLATE "C";
-- @end

-- Rebuilt from the events at the next start (events/rollup.cpp ensure_built).
DELETE FROM event_rollup_state;
