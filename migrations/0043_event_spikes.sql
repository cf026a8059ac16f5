-- Spike warnings (事件激增预警; src/events/spikes*.cpp, docs/EVENTS.md "Spike warnings"): a
-- grid's events of one top-level category on one civil day rose beyond the grid's own
-- seasonal baseline. Written by the scan (every 15 minutes on the leading node, or on
-- demand), once per grid, category and day: the UNIQUE key keeps two nodes or two scans
-- from raising it twice, and the first insert is the one that tells the community's
-- leaders. A later scan of the same day raises its figures (a day's count only grows).
CREATE TABLE event_spikes (
  id              @ID@,
  grid_code       TEXT NOT NULL REFERENCES regions(code),
  region_path     TEXT NOT NULL,  -- the grid's path
  category        TEXT NOT NULL CHECK (length(category) = 2),  -- top-level category code
  day             INTEGER NOT NULL,  -- civil day in the calendar's zone, days since 1970-01-01
  count           INTEGER NOT NULL CHECK (count >= 0),  -- events created that day (so far)
  expected        DOUBLE PRECISION NOT NULL,  -- the baseline μ of that day
  p_value         DOUBLE PRECISION NOT NULL,  -- P(X >= count), X ~ Poisson(max(μ, 0.2))
  severity        TEXT NOT NULL CHECK (severity IN ('warn', 'alarm')),
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged')),
  acknowledged_by BIGINT REFERENCES users(id),
  acknowledged_at BIGINT,
  note            TEXT NOT NULL DEFAULT '',
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  UNIQUE (grid_code, category, day)
);
-- @postgres
ALTER TABLE event_spikes ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
-- The list: a scope's spikes, newest first.
CREATE INDEX event_spikes_region ON event_spikes (region_path, id);
