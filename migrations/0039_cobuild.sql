-- Co-building (src/cobuild/, docs/COBUILD.md): the units of the party-building alliance
-- (共建单位, 党建联盟成员: "党建联盟成员目前已发展至23家", seed 002) serving a community or
-- a town, with their contacts (phones sealed, a masked copy for display) and a log of what
-- changed; and three of seed 004's four lists ("四项清单(资源清单、需求清单、项目清单、
-- 个性清单)"): resources a unit, a party member or the community offers, needs collected
-- from residents (by hand, or raised once from a visit, a service order or a wish) and
-- matched to a resource or a project, and projects (民生微实事) with the units taking part
-- and dated progress. The fourth list, party members' pledges, is the party module's.

CREATE TABLE cobuild_units (
  id           @ID@,
  region_code  TEXT NOT NULL REFERENCES regions(code),  -- the node it serves: a community or a town
  region_path  TEXT NOT NULL,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind         TEXT NOT NULL CHECK (kind IN ('government', 'state_enterprise', 'enterprise', 'school', 'hospital',
                                             'social_org', 'property', 'other')),
  credit_code  TEXT NOT NULL DEFAULT '' CHECK (credit_code = '' OR length(credit_code) = 18),
  address      TEXT NOT NULL DEFAULT '',
  description  TEXT NOT NULL DEFAULT '',
  alliance     INTEGER NOT NULL DEFAULT 0 CHECK (alliance IN (0, 1)),  -- a member of the 党建联盟
  joined_on    TEXT,                                                    -- YYYY-MM-DD, into the alliance
  area         TEXT NOT NULL DEFAULT '',                                -- 包街/包片: what it takes care of
  status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
  left_on      TEXT,
  left_reason  TEXT NOT NULL DEFAULT '',
  created_by   BIGINT NOT NULL REFERENCES users(id),
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  CHECK (status = 'active' OR (left_on IS NOT NULL AND left_reason <> ''))
);
-- @postgres
ALTER TABLE cobuild_units ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX cobuild_units_scope ON cobuild_units (region_path, id);
CREATE UNIQUE INDEX cobuild_units_name ON cobuild_units (region_code, name) WHERE status = 'active';
CREATE UNIQUE INDEX cobuild_units_code ON cobuild_units (region_code, credit_code)
  WHERE status = 'active' AND credit_code <> '';

-- What happened to a unit, in order (its history: kept after it leaves).
CREATE TABLE cobuild_unit_log (
  id        @ID@,
  unit_id   BIGINT NOT NULL REFERENCES cobuild_units(id),
  action    TEXT NOT NULL CHECK (action IN ('create', 'update', 'leave', 'contact_add', 'contact_remove')),
  detail    TEXT NOT NULL DEFAULT '{}',  -- never personal values
  actor_id  BIGINT,
  at        BIGINT NOT NULL
);
CREATE INDEX cobuild_unit_log_unit ON cobuild_unit_log (unit_id, id);

-- A unit's contacts (联络人); removing one ends it, with the reason.
CREATE TABLE cobuild_contacts (
  id              @ID@,
  unit_id         BIGINT NOT NULL REFERENCES cobuild_units(id),
  name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  post            TEXT NOT NULL DEFAULT '',
  phone_sealed    @BLOB@,
  phone_masked    TEXT NOT NULL DEFAULT '',
  phone_index     TEXT NOT NULL DEFAULT '',  -- keyed blind index of the phone (duplicates within a unit)
  user_id         BIGINT REFERENCES users(id),
  added_by        BIGINT,
  added_at        BIGINT NOT NULL,
  removed_at      BIGINT,
  removed_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cobuild_contacts_unit ON cobuild_contacts (unit_id, id);
CREATE INDEX cobuild_contacts_user ON cobuild_contacts (user_id);
CREATE UNIQUE INDEX cobuild_contacts_current_user ON cobuild_contacts (unit_id, user_id)
  WHERE removed_at IS NULL AND user_id IS NOT NULL;
CREATE UNIQUE INDEX cobuild_contacts_current_phone ON cobuild_contacts (unit_id, phone_index)
  WHERE removed_at IS NULL AND phone_index <> '';

-- 资源清单: what a unit, a party member or the community offers at a node.
CREATE TABLE cobuild_resources (
  id             @ID@,
  region_code    TEXT NOT NULL REFERENCES regions(code),
  region_path    TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('room', 'equipment', 'service', 'funding', 'volunteers', 'other')),
  title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description    TEXT NOT NULL DEFAULT '',
  unit_id        BIGINT REFERENCES cobuild_units(id),  -- the unit that offers it, or
  provider_name  TEXT NOT NULL DEFAULT '',             -- who else does (a party member, the community)
  quantity       BIGINT CHECK (quantity IS NULL OR quantity >= 0),
  quantity_unit  TEXT NOT NULL DEFAULT '',
  available      INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  contact_name   TEXT NOT NULL DEFAULT '',
  phone_sealed   @BLOB@,
  phone_masked   TEXT NOT NULL DEFAULT '',
  created_by     BIGINT NOT NULL REFERENCES users(id),
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  CHECK (unit_id IS NOT NULL OR provider_name <> '')
);
-- @postgres
ALTER TABLE cobuild_resources ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX cobuild_resources_scope ON cobuild_resources (region_path, id);
CREATE INDEX cobuild_resources_unit ON cobuild_resources (unit_id, id);

-- Projects (项目清单, 民生微实事): money in integer cents.
CREATE TABLE cobuild_projects (
  id             @ID@,
  region_code    TEXT NOT NULL REFERENCES regions(code),
  region_path    TEXT NOT NULL,
  title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description    TEXT NOT NULL DEFAULT '',
  budget_cents   BIGINT NOT NULL DEFAULT 0 CHECK (budget_cents >= 0),
  spent_cents    BIGINT NOT NULL DEFAULT 0 CHECK (spent_cents >= 0),
  owner_name     TEXT NOT NULL DEFAULT '',
  owner_unit_id  BIGINT REFERENCES cobuild_units(id),
  status         TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  due_on         TEXT,
  started_on     TEXT,
  done_on        TEXT,
  cancel_reason  TEXT NOT NULL DEFAULT '',
  created_by     BIGINT NOT NULL REFERENCES users(id),
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  CHECK (status <> 'done' OR (done_on IS NOT NULL AND progress = 100)),
  CHECK (status <> 'cancelled' OR cancel_reason <> '')
);
-- @postgres
ALTER TABLE cobuild_projects ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX cobuild_projects_scope ON cobuild_projects (region_path, id);
CREATE INDEX cobuild_projects_created ON cobuild_projects (created_at);

-- The units taking part in a project, as its lead or a partner.
CREATE TABLE cobuild_project_units (
  project_id  BIGINT NOT NULL REFERENCES cobuild_projects(id),
  unit_id     BIGINT NOT NULL REFERENCES cobuild_units(id),
  role        TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
  added_at    BIGINT NOT NULL,
  PRIMARY KEY (project_id, unit_id)
);
CREATE INDEX cobuild_project_units_unit ON cobuild_project_units (unit_id, project_id);

-- A project's dated progress: percent, the total spent as of then, a note, photos.
CREATE TABLE cobuild_project_updates (
  id           @ID@,
  project_id   BIGINT NOT NULL REFERENCES cobuild_projects(id),
  progress     INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  spent_cents  BIGINT CHECK (spent_cents IS NULL OR spent_cents >= 0),
  note         TEXT NOT NULL DEFAULT '',
  photos       TEXT NOT NULL DEFAULT '[]',
  on_day       TEXT NOT NULL,  -- YYYY-MM-DD
  by_id        BIGINT NOT NULL REFERENCES users(id),
  at           BIGINT NOT NULL
);
CREATE INDEX cobuild_project_updates_project ON cobuild_project_updates (project_id, id);

-- 需求清单: a need at a node, matched to a resource or a project, met or closed.
CREATE TABLE cobuild_needs (
  id             @ID@,
  region_code    TEXT NOT NULL REFERENCES regions(code),
  region_path    TEXT NOT NULL,
  title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description    TEXT NOT NULL DEFAULT '',
  source         TEXT NOT NULL CHECK (source IN ('manual', 'visit', 'order', 'wish')),
  source_id      BIGINT,  -- the visit, order or wish it was raised from
  collected_by   BIGINT NOT NULL REFERENCES users(id),
  collected_at   BIGINT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('open', 'matched', 'met', 'closed')),
  resource_id    BIGINT REFERENCES cobuild_resources(id),
  project_id     BIGINT REFERENCES cobuild_projects(id),
  matched_by     BIGINT,
  matched_at     BIGINT,
  match_note     TEXT NOT NULL DEFAULT '',
  met_at         BIGINT,
  met_note       TEXT NOT NULL DEFAULT '',
  closed_at      BIGINT,
  closed_reason  TEXT NOT NULL DEFAULT '',
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  CHECK ((source = 'manual') = (source_id IS NULL)),
  CHECK (resource_id IS NULL OR project_id IS NULL),
  CHECK (status NOT IN ('matched', 'met') OR resource_id IS NOT NULL OR project_id IS NOT NULL),
  CHECK (status <> 'met' OR met_at IS NOT NULL),
  CHECK (status <> 'closed' OR closed_reason <> '')
);
-- @postgres
ALTER TABLE cobuild_needs ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX cobuild_needs_scope ON cobuild_needs (region_path, id);
CREATE INDEX cobuild_needs_created ON cobuild_needs (created_at);
CREATE INDEX cobuild_needs_project ON cobuild_needs (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX cobuild_needs_resource ON cobuild_needs (resource_id) WHERE resource_id IS NOT NULL;
CREATE UNIQUE INDEX cobuild_needs_source ON cobuild_needs (source, source_id) WHERE source_id IS NOT NULL;
