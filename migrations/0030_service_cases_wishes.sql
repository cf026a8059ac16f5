-- Window cases (办件) and micro-wishes (微心愿) of the service desk (src/services/,
-- docs/SERVICES.md). Every row carries the region path it belongs to, for scope; personal
-- data (ID numbers, phones) is sealed, with a masked copy for display.

-- A case at a window: an item handled for an applicant (a person, or a business with its
-- credit code), at once (即办), accepted with a deadline (承诺件) or on someone's behalf
-- (帮代办, with the person who carried it); or, at the "办不成事" window, an appeal that
-- could not be done elsewhere, coordinated with departments through a whistle on an event
-- of source 'window' (event_id) until it closes with the solution.
CREATE TABLE service_cases (
  id               @ID@,
  region_code      TEXT NOT NULL REFERENCES regions(code),  -- the town or community whose window took it
  region_path      TEXT NOT NULL,
  desk             TEXT NOT NULL CHECK (desk IN ('window', 'hard')),
  item_id          BIGINT REFERENCES service_items(id),
  mode             TEXT NOT NULL CHECK (mode IN ('at_once', 'deadline', 'on_behalf', 'coordinated')),
  carrier          TEXT NOT NULL DEFAULT '',  -- 帮代办: who carried it
  applicant_kind   TEXT NOT NULL CHECK (applicant_kind IN ('person', 'business')),
  applicant_name   TEXT NOT NULL CHECK (length(applicant_name) BETWEEN 1 AND 100),
  id_sealed        @BLOB@,
  id_masked        TEXT NOT NULL DEFAULT '',
  phone_sealed     @BLOB@,
  phone_masked     TEXT NOT NULL DEFAULT '',
  credit_code      TEXT NOT NULL DEFAULT '',  -- 统一社会信用代码 of a business (public by law)
  summary          TEXT NOT NULL DEFAULT '',
  materials        TEXT NOT NULL DEFAULT '[]',  -- JSON: the names of the materials checked
  grid_code        TEXT REFERENCES regions(code),  -- hard cases: where the matter lies
  address          TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL CHECK (status IN ('accepted', 'done', 'refused', 'coordinating', 'solved')),
  clerk_id         BIGINT NOT NULL,
  coordinator_id   BIGINT,
  event_id         BIGINT,  -- hard cases: the event departments are whistled on
  outcome          TEXT NOT NULL DEFAULT '',
  rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
  due_at           BIGINT NOT NULL,
  closed_at        BIGINT,
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  CHECK (desk = 'hard' OR item_id IS NOT NULL),
  CHECK ((desk = 'hard') = (mode = 'coordinated')),
  CHECK (mode <> 'on_behalf' OR length(carrier) > 0),
  CHECK (applicant_kind <> 'business' OR length(credit_code) = 18),
  CHECK (status NOT IN ('done', 'refused', 'solved') OR closed_at IS NOT NULL)
);
-- @postgres
ALTER TABLE service_cases ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX service_cases_scope ON service_cases (region_path, id);
CREATE INDEX service_cases_status ON service_cases (status, region_path, id);
CREATE INDEX service_cases_created ON service_cases (created_at);

-- A micro-wish (微心愿): "具体、即时、易落实" (seed 001), posted by a resident or collected
-- for one by a grid worker (visit, phone, a collection box); reviewed, published to a
-- territory subtree with the wisher masked, claimed by a party member, a party
-- organisation or a unit (a claim not fulfilled by claim_due_at returns to published),
-- fulfilled with a photo and confirmed by the wisher.
CREATE TABLE service_wishes (
  id               @ID@,
  region_code      TEXT NOT NULL REFERENCES regions(code),  -- where the wisher lives (grid or community)
  region_path      TEXT NOT NULL,
  publish_path     TEXT NOT NULL DEFAULT '',  -- the subtree it is published to
  channel          TEXT NOT NULL CHECK (channel IN ('self', 'visit', 'phone', 'box')),
  wisher_id        BIGINT,  -- the resident's account when posted by them
  collector_id     BIGINT,  -- the grid worker who collected it
  wisher_name      TEXT NOT NULL CHECK (length(wisher_name) BETWEEN 1 AND 50),
  phone_sealed     @BLOB@,
  phone_masked     TEXT NOT NULL DEFAULT '',
  title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  detail           TEXT NOT NULL DEFAULT '',
  status           TEXT NOT NULL CHECK (status IN ('submitted', 'published', 'claimed', 'fulfilled', 'confirmed',
                                                   'declined', 'withdrawn')),
  claimer_kind     TEXT CHECK (claimer_kind IN ('member', 'organisation', 'unit')),
  claimer_id       BIGINT,  -- the account that claimed it (a member, or staff recording an organisation's claim)
  claimer_name     TEXT NOT NULL DEFAULT '',
  claimed_at       BIGINT,
  claim_due_at     BIGINT,
  fulfilled_at     BIGINT,
  confirmed_at     BIGINT,
  claims           INTEGER NOT NULL DEFAULT 0,  -- how many times it was claimed (lapsed claims included)
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  CHECK (status NOT IN ('claimed', 'fulfilled', 'confirmed') OR (claimer_id IS NOT NULL AND claimer_kind IS NOT NULL)),
  CHECK (status NOT IN ('published', 'claimed', 'fulfilled', 'confirmed') OR length(publish_path) > 0)
);
-- @postgres
ALTER TABLE service_wishes ALTER COLUMN region_path TYPE TEXT COLLATE "C";
ALTER TABLE service_wishes ALTER COLUMN publish_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX service_wishes_scope ON service_wishes (region_path, id);
CREATE INDEX service_wishes_publish ON service_wishes (status, publish_path, id);
CREATE INDEX service_wishes_wisher ON service_wishes (wisher_id, id);
CREATE INDEX service_wishes_claimer ON service_wishes (claimer_id, status, id);
CREATE INDEX service_wishes_claim_due ON service_wishes (claim_due_at) WHERE status = 'claimed';
