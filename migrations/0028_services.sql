-- The service desk (PRODUCT.md module 4; src/services/, docs/SERVICES.md): the catalogue of
-- service items per town and community, a community's list admitted item by item through a
-- recorded approval (社区事项准入), and "three orders" (居民点单、社区派单、党员接单).
-- Every row carries the region path it belongs to, for scope.

-- A service item (服务事项). Items of a town are handled at its windows (level town);
-- items a town devolves to its communities (level community) enter a community's list only
-- through an approved admission below.
CREATE TABLE service_items (
  id               @ID@,
  region_code      TEXT NOT NULL REFERENCES regions(code),  -- the town (street) that keeps it
  region_path      TEXT NOT NULL,
  level            TEXT NOT NULL CHECK (level IN ('town', 'community')),
  -- 依法履职 (duties by law), 协助 (assisting higher levels), 下沉 (devolved), 便民 (convenience)
  kind             TEXT NOT NULL CHECK (kind IN ('duty', 'assist', 'devolved', 'convenience')),
  name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description      TEXT NOT NULL DEFAULT '',
  materials        TEXT NOT NULL DEFAULT '[]',  -- JSON [{name, required, form: attachment sha256 or null}]
  time_limit_days  INTEGER NOT NULL CHECK (time_limit_days BETWEEN 0 AND 365),  -- working days; 0 即办
  on_behalf        INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1)),      -- 帮代办
  door_to_door     INTEGER NOT NULL DEFAULT 0 CHECK (door_to_door IN (0, 1)),   -- 上门服务
  off_hours        INTEGER NOT NULL DEFAULT 0 CHECK (off_hours IN (0, 1)),      -- 错时服务
  orderable        INTEGER NOT NULL DEFAULT 0 CHECK (orderable IN (0, 1)),      -- residents may order it
  window_name      TEXT NOT NULL DEFAULT '',  -- the window or office that takes it
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  UNIQUE (region_code, name)
);
-- @postgres
ALTER TABLE service_items ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX service_items_region ON service_items (region_path, id);

-- An item on a community's list (准入): requested by the community, decided by the town.
-- One row per (item, community); a new request after a refusal or a removal moves the same
-- row, and service_timeline keeps every step.
CREATE TABLE service_admissions (
  id              @ID@,
  item_id         BIGINT NOT NULL REFERENCES service_items(id),
  community_code  TEXT NOT NULL REFERENCES regions(code),
  community_path  TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'removed')),
  basis           TEXT NOT NULL DEFAULT '',  -- why the community should take it (依据)
  ready           INTEGER NOT NULL DEFAULT 0 CHECK (ready IN (0, 1)),  -- the community can handle it now
  requested_by    BIGINT,
  requested_at    BIGINT NOT NULL,
  decided_by      BIGINT,
  decided_at      BIGINT,
  decision_note   TEXT NOT NULL DEFAULT '',
  version         INTEGER NOT NULL DEFAULT 1,
  UNIQUE (item_id, community_code)
);
-- @postgres
ALTER TABLE service_admissions ALTER COLUMN community_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX service_admissions_community ON service_admissions (community_path, id);

-- An order (点单): a resident (or a property company, or staff for someone without a
-- phone) orders a service from the catalogue or in free text; the community dispatches it
-- to a named taker or opens it to be taken; one transition table (src/services/order_flow.cpp).
CREATE TABLE service_orders (
  id              @ID@,
  region_code     TEXT NOT NULL REFERENCES regions(code),  -- where the service is wanted (a grid or community)
  region_path     TEXT NOT NULL,
  community_path  TEXT NOT NULL,  -- the community that dispatches it
  item_id         BIGINT REFERENCES service_items(id),
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  detail          TEXT NOT NULL DEFAULT '',
  requester_kind  TEXT NOT NULL CHECK (requester_kind IN ('resident', 'property', 'staff')),
  requester_id    BIGINT NOT NULL,
  contact_name    TEXT NOT NULL DEFAULT '',
  phone_sealed    @BLOB@,
  phone_masked    TEXT NOT NULL DEFAULT '',
  address         TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL CHECK (status IN ('ordered', 'open', 'assigned', 'taken', 'done', 'confirmed',
                                                  'declined', 'cancelled')),
  taker_id        BIGINT,
  due_at          BIGINT NOT NULL,
  taken_at        BIGINT,
  done_at         BIGINT,
  closed_at       BIGINT,
  rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
  returns         INTEGER NOT NULL DEFAULT 0,
  reminded_at     BIGINT,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  CHECK (status NOT IN ('assigned', 'taken', 'done', 'confirmed') OR taker_id IS NOT NULL)
);
-- @postgres
ALTER TABLE service_orders ALTER COLUMN region_path TYPE TEXT COLLATE "C";
ALTER TABLE service_orders ALTER COLUMN community_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX service_orders_scope ON service_orders (region_path, id);
CREATE INDEX service_orders_status ON service_orders (status, region_path, id);
CREATE INDEX service_orders_taker ON service_orders (taker_id, status, id);
CREATE INDEX service_orders_requester ON service_orders (requester_id, id);

-- Every step of an order, an admission, a wish or a case, in order: who, from which state to which, the
-- comment, photos and details.
CREATE TABLE service_timeline (
  id           @ID@,
  record_kind  TEXT NOT NULL CHECK (record_kind IN ('order', 'admission', 'wish', 'case')),
  record_id    BIGINT NOT NULL,
  action       TEXT NOT NULL,
  actor_id     BIGINT,
  actor        TEXT NOT NULL,
  from_status  TEXT NOT NULL DEFAULT '',
  to_status    TEXT NOT NULL,
  comment      TEXT NOT NULL DEFAULT '',
  photos       TEXT NOT NULL DEFAULT '[]',
  detail       TEXT NOT NULL DEFAULT '{}',
  at           BIGINT NOT NULL
);
CREATE INDEX service_timeline_record ON service_timeline (record_kind, record_id, id);

-- Photos of an order's steps (and, later, of wishes and window cases, and items' forms) are
-- attachments: a link's owner may be one of them. SQLite cannot alter a CHECK, so its table
-- is rebuilt (nothing refers to it), as in 0021.
-- @sqlite
CREATE TABLE attachment_links_new (
  hash        TEXT NOT NULL REFERENCES attachments(hash),
  owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('event', 'visit', 'order', 'wish', 'case', 'service_item')),
  owner_id    BIGINT NOT NULL,
  PRIMARY KEY (hash, owner_kind, owner_id)
) WITHOUT ROWID;
INSERT INTO attachment_links_new SELECT hash, owner_kind, owner_id FROM attachment_links;
DROP TABLE attachment_links;
ALTER TABLE attachment_links_new RENAME TO attachment_links;
CREATE INDEX attachment_links_owner ON attachment_links (owner_kind, owner_id);
-- @postgres
ALTER TABLE attachment_links DROP CONSTRAINT attachment_links_owner_kind_check;
ALTER TABLE attachment_links ADD CONSTRAINT attachment_links_owner_kind_check
  CHECK (owner_kind IN ('event', 'visit', 'order', 'wish', 'case', 'service_item'));
-- @end

-- Party members (党员) take orders and, later, claim wishes; window clerks (窗口工作人员)
-- record window cases. Both are grantable roles; SQLite rebuilds the table to widen the
-- CHECK (nothing refers to grants), as 0021 did for attachment links.
-- @sqlite
CREATE TABLE grants_new (
  id          @ID@,
  user_id     BIGINT NOT NULL REFERENCES users(id),
  role        TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'dispatcher', 'handler', 'grid_chief',
                                            'grid_worker', 'mediator', 'volunteer', 'resident',
                                            'party_member', 'window_clerk')),
  region_code TEXT REFERENCES regions(code),
  created_at  BIGINT NOT NULL,
  created_by  BIGINT,
  UNIQUE (user_id, role, region_code)
);
INSERT INTO grants_new (id, user_id, role, region_code, created_at, created_by)
  SELECT id, user_id, role, region_code, created_at, created_by FROM grants;
DROP TABLE grants;
ALTER TABLE grants_new RENAME TO grants;
CREATE INDEX grants_region ON grants (region_code);
-- @postgres
ALTER TABLE grants DROP CONSTRAINT grants_role_check;
ALTER TABLE grants ADD CONSTRAINT grants_role_check
  CHECK (role IN ('admin', 'leader', 'dispatcher', 'handler', 'grid_chief', 'grid_worker', 'mediator', 'volunteer',
                  'resident', 'party_member', 'window_clerk'));
-- @end
