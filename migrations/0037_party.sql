-- Party organisations and members (党组织与党员, src/party/, docs/PARTY.md): the levels of
-- seed 004's organisation system mapped onto territory nodes (社区党工委 at a town or
-- community, 社区党委 and 党总支 at a community, 网格党支部 and 楼栋党小组 at a grid), each
-- under its parent; members' stays in an organisation (regular: the organisational
-- relationship is here; in_service: 在职党员双报到, reporting to the community where they
-- live), ended with a reason and, for a transfer, chained to the next stay; and the
-- members' public pledges (亮身份、亮责任、亮服务).

CREATE TABLE party_orgs (
  id                @ID@,
  name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level             TEXT NOT NULL CHECK (level IN ('working_committee', 'committee', 'general_branch', 'branch',
                                                   'group')),
  region_code       TEXT NOT NULL REFERENCES regions(code),
  region_path       TEXT NOT NULL,
  parent_id         BIGINT REFERENCES party_orgs(id),
  building_id       BIGINT REFERENCES buildings(id),  -- a 楼栋党小组's building, in its grid
  building_name     TEXT NOT NULL DEFAULT '',
  secretary_name    TEXT NOT NULL DEFAULT '',
  founded_on        TEXT,                              -- YYYY-MM-DD
  status            TEXT NOT NULL CHECK (status IN ('active', 'dissolved')),
  dissolved_reason  TEXT NOT NULL DEFAULT '',
  dissolved_at      BIGINT,
  version           INTEGER NOT NULL DEFAULT 1,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  CHECK ((status = 'dissolved') = (dissolved_at IS NOT NULL AND dissolved_reason <> '')),
  CHECK (building_id IS NULL OR level = 'group')
);
-- @postgres
ALTER TABLE party_orgs ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX party_orgs_scope ON party_orgs (region_path, id);
CREATE INDEX party_orgs_code ON party_orgs (region_code);
CREATE INDEX party_orgs_parent ON party_orgs (parent_id);
CREATE UNIQUE INDEX party_orgs_active_name ON party_orgs (region_code, name) WHERE status = 'active';

-- One stay of a member in an organisation; leaving ends it (left_on, leave_reason), a
-- transfer ends it and opens the next (transferred_to / transferred_from). region_path is
-- the organisation's, for scope. A member without a registry person (an in-service member
-- living elsewhere) has a name and a sealed phone; phone_index is its keyed blind index.
CREATE TABLE party_members (
  id                @ID@,
  org_id            BIGINT NOT NULL REFERENCES party_orgs(id),
  region_path       TEXT NOT NULL,
  person_id         BIGINT REFERENCES persons(id),
  user_id           BIGINT REFERENCES users(id),
  name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  kind              TEXT NOT NULL CHECK (kind IN ('regular', 'in_service')),
  post              TEXT NOT NULL CHECK (post IN ('secretary', 'deputy_secretary', 'committee_member', 'group_leader',
                                                  'member')),
  home_unit         TEXT NOT NULL DEFAULT '',
  home_org_name     TEXT NOT NULL DEFAULT '',
  phone_sealed      @BLOB@,
  phone_index       TEXT,
  phone_masked      TEXT NOT NULL DEFAULT '',
  joined_party_on   TEXT,
  joined_on         TEXT NOT NULL,
  left_on           TEXT,
  leave_reason      TEXT CHECK (leave_reason IN ('transferred', 'moved_away', 'deceased', 'other')),
  leave_note        TEXT NOT NULL DEFAULT '',
  transferred_from  BIGINT REFERENCES party_members(id),
  transferred_to    BIGINT REFERENCES party_members(id),
  version           INTEGER NOT NULL DEFAULT 1,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  CHECK (kind = 'in_service' OR person_id IS NOT NULL),
  CHECK (kind = 'regular' OR home_unit <> ''),
  CHECK (person_id IS NOT NULL OR phone_index IS NOT NULL),
  CHECK ((left_on IS NULL) = (leave_reason IS NULL)),
  CHECK (left_on IS NULL OR left_on >= joined_on),
  CHECK (joined_party_on IS NULL OR joined_party_on <= joined_on),
  CHECK (transferred_to IS NULL OR leave_reason = 'transferred')
);
-- @postgres
ALTER TABLE party_members ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX party_members_scope ON party_members (region_path, id);
CREATE INDEX party_members_org ON party_members (org_id, id);
CREATE INDEX party_members_person ON party_members (person_id);
CREATE INDEX party_members_user ON party_members (user_id);
-- At most one current regular membership per person anywhere; one current in-service
-- report per person (or per phone, without a person) per organisation.
CREATE UNIQUE INDEX party_members_one_regular ON party_members (person_id)
  WHERE kind = 'regular' AND left_on IS NULL;
CREATE UNIQUE INDEX party_members_one_report ON party_members (org_id, person_id)
  WHERE kind = 'in_service' AND left_on IS NULL AND person_id IS NOT NULL;
CREATE UNIQUE INDEX party_members_one_report_phone ON party_members (org_id, phone_index)
  WHERE kind = 'in_service' AND left_on IS NULL AND person_id IS NULL;

-- A member's public pledge (个性清单): 亮身份 (identity), 亮责任 (responsibility), 亮服务
-- (service); fulfilled with a note, or withdrawn. region_path is the member's organisation's.
CREATE TABLE party_pledges (
  id          @ID@,
  member_id   BIGINT NOT NULL REFERENCES party_members(id),
  region_path TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('identity', 'responsibility', 'service')),
  content     TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 500),
  status      TEXT NOT NULL CHECK (status IN ('active', 'fulfilled', 'withdrawn')),
  note        TEXT NOT NULL DEFAULT '',
  created_by  BIGINT REFERENCES users(id),
  closed_by   BIGINT REFERENCES users(id),
  closed_at   BIGINT,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  CHECK ((status = 'active') = (closed_at IS NULL)),
  CHECK (status <> 'fulfilled' OR note <> '')
);
-- @postgres
ALTER TABLE party_pledges ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX party_pledges_scope ON party_pledges (region_path, id);
CREATE INDEX party_pledges_member ON party_pledges (member_id, id);
CREATE INDEX party_pledges_made ON party_pledges (region_path, created_at);
CREATE INDEX party_pledges_closed ON party_pledges (region_path, closed_at);
