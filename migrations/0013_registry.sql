-- The registry (一户一档): buildings in minimal units or grids, households with their
-- housing, persons with sealed ID numbers and phones, membership history (moves in and out
-- are rows, never overwrites) and dated tags. Every row carries the region path of the
-- grid or unit it belongs to, for scope. ID numbers and phones are sealed (core/crypto);
-- *_index are keyed blind indexes for exact search, *_masked what answers show.
CREATE TABLE buildings (
  id          @ID@,
  region_code TEXT NOT NULL REFERENCES regions(code),  -- a grid or a minimal unit
  region_path TEXT NOT NULL,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  address     TEXT NOT NULL DEFAULT '',
  floors      INTEGER CHECK (floors BETWEEN 1 AND 200),
  lat         DOUBLE PRECISION,
  lng         DOUBLE PRECISION,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  UNIQUE (region_code, name)
);

CREATE TABLE persons (
  id                      @ID@,
  name                    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  gender                  TEXT NOT NULL CHECK (gender IN ('male', 'female')),
  birth_date              TEXT NOT NULL,  -- YYYY-MM-DD
  id_sealed               @BLOB@,
  id_index                TEXT UNIQUE,
  id_masked               TEXT NOT NULL DEFAULT '',
  phone_sealed            @BLOB@,
  phone_index             TEXT,
  phone_masked            TEXT NOT NULL DEFAULT '',
  residence_type          TEXT NOT NULL CHECK (residence_type IN ('registered', 'permanent', 'floating')),
  floating_registered_on  TEXT,  -- 流动人口: registration and expiry of the residence permit
  floating_expires_on     TEXT,
  household_id            BIGINT,  -- the current household (household_members has the history)
  region_code             TEXT NOT NULL REFERENCES regions(code),
  region_path             TEXT NOT NULL,
  note                    TEXT NOT NULL DEFAULT '',
  version                 INTEGER NOT NULL DEFAULT 1,
  created_at              BIGINT NOT NULL,
  updated_at              BIGINT NOT NULL,
  CHECK (residence_type = 'floating' OR (floating_registered_on IS NULL AND floating_expires_on IS NULL))
);
-- @postgres
ALTER TABLE persons ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX persons_region ON persons (region_path, id);
CREATE INDEX persons_phone ON persons (phone_index);
CREATE INDEX persons_name ON persons (name);

CREATE TABLE households (
  id            @ID@,
  region_code   TEXT NOT NULL REFERENCES regions(code),
  region_path   TEXT NOT NULL,
  building_id   BIGINT REFERENCES buildings(id),
  address       TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  room          TEXT NOT NULL DEFAULT '',
  housing_type  TEXT NOT NULL CHECK (housing_type IN ('owned', 'rented', 'public', 'other')),
  landlord_id   BIGINT REFERENCES persons(id),  -- a rented home (出租屋): its landlord
  head_id       BIGINT REFERENCES persons(id),
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
-- @postgres
ALTER TABLE households ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX households_region ON households (region_path, id);
CREATE INDEX households_building ON households (building_id);

CREATE TABLE household_members (
  id            @ID@,
  household_id  BIGINT NOT NULL REFERENCES households(id),
  person_id     BIGINT NOT NULL REFERENCES persons(id),
  relation      TEXT NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandparent', 'grandchild',
                                                  'sibling', 'tenant', 'other')),
  moved_in_on   TEXT NOT NULL,
  moved_out_on  TEXT,
  out_reason    TEXT,
  created_by    BIGINT,
  created_at    BIGINT NOT NULL,
  CHECK (moved_out_on IS NULL OR moved_out_on >= moved_in_on)
);
CREATE INDEX household_members_household ON household_members (household_id, id);
-- A person lives in one household at a time.
CREATE UNIQUE INDEX household_members_current ON household_members (person_id) WHERE moved_out_on IS NULL;

CREATE TABLE person_tags (
  id          @ID@,
  person_id   BIGINT NOT NULL REFERENCES persons(id),
  tag         TEXT NOT NULL,
  since       TEXT NOT NULL,  -- YYYY-MM-DD
  until       TEXT,           -- ended on; NULL while it holds
  note        TEXT NOT NULL DEFAULT '',
  created_by  BIGINT,
  created_at  BIGINT NOT NULL,
  CHECK (until IS NULL OR until >= since)
);
CREATE INDEX person_tags_person ON person_tags (person_id, id);
CREATE INDEX person_tags_tag ON person_tags (tag, person_id);

-- Businesses and shops (商业网点).
CREATE TABLE businesses (
  id           @ID@,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  licence_no   TEXT UNIQUE,  -- 统一社会信用代码 (18 characters)
  kind         TEXT NOT NULL DEFAULT '',
  owner_id     BIGINT REFERENCES persons(id),
  region_code  TEXT NOT NULL REFERENCES regions(code),
  region_path  TEXT NOT NULL,
  building_id  BIGINT REFERENCES buildings(id),
  address      TEXT NOT NULL DEFAULT '',
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX businesses_region ON businesses (region_path, id);
