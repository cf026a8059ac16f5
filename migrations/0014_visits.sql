-- Household visits (入户走访): planned and recorded visits by grid workers, with what was
-- found, photos and where; an event raised from a visit keeps its id here. Households keep
-- the time of their last visit for the "not visited for N days" worklist.
CREATE TABLE visits (
  id            @ID@,
  household_id  BIGINT NOT NULL REFERENCES households(id),
  region_code   TEXT NOT NULL,
  region_path   TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
  planned_on    TEXT,    -- YYYY-MM-DD
  visited_at    BIGINT,  -- when done
  visitor_id    BIGINT,
  visitor_name  TEXT NOT NULL DEFAULT '',
  purpose       TEXT NOT NULL DEFAULT '',
  findings      TEXT NOT NULL DEFAULT '',
  photos        TEXT NOT NULL DEFAULT '[]',
  lat           DOUBLE PRECISION,
  lng           DOUBLE PRECISION,
  event_id      BIGINT,  -- the event raised from the visit (events module)
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  CHECK ((status = 'done') = (visited_at IS NOT NULL))
);
-- @postgres
ALTER TABLE visits ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX visits_household ON visits (household_id, id);
CREATE INDEX visits_region ON visits (region_path, visited_at);
CREATE INDEX visits_planned ON visits (status, planned_on);

ALTER TABLE households ADD COLUMN last_visited_at BIGINT;
CREATE INDEX households_last_visit ON households (region_path, last_visited_at);
