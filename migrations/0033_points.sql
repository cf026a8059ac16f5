-- Points (积分, src/points/, docs/POINTS.md): the list of deeds that earn points (积分项目
-- 清单) per earner type, holders (an account, a registry person, a household), the
-- append-only ledger with each entry's cause, balances derived from it, totals for
-- rankings and figures, and the rewards shop (积分礼遇清单, 积分超市) with redemptions a
-- clerk verifies once by their code. Seed 003: "设置积分项目清单和积分礼遇清单，明确积分规则和
-- 兑换流程…对网格员和居民予以差异化积分激励".

CREATE TABLE point_rules (
  id           @ID@,
  region_code  TEXT NOT NULL REFERENCES regions(code),  -- the node whose list it is (applies below it)
  region_path  TEXT NOT NULL,
  earner_type  TEXT NOT NULL CHECK (earner_type IN ('resident', 'household', 'grid_worker', 'party_member')),
  deed         TEXT NOT NULL CHECK (deed IN ('volunteer_hour', 'report_closed', 'self_handled', 'wish_fulfilled',
                                             'order_completed', 'visit_done', 'meeting_attended', 'manual')),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  points       INTEGER NOT NULL CHECK (points BETWEEN 1 AND 1000),  -- per deed, or per hour of volunteering
  cap_day      INTEGER CHECK (cap_day IS NULL OR cap_day BETWEEN 1 AND 100000),
  cap_month    INTEGER CHECK (cap_month IS NULL OR cap_month BETWEEN 1 AND 1000000),
  valid_from   TEXT NOT NULL,  -- YYYY-MM-DD
  valid_to     TEXT,           -- YYYY-MM-DD, inclusive; NULL: open
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version      INTEGER NOT NULL DEFAULT 1,
  created_by   BIGINT,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK (cap_month IS NULL OR cap_day IS NULL OR cap_month >= cap_day)
);
-- @postgres
ALTER TABLE point_rules ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX point_rules_deed ON point_rules (deed, earner_type, region_path);

-- Who holds points: an account (residents, party members, grid workers who log in), a
-- registry person (a volunteer or resident without an account), a household (家庭积分).
-- The earner type and the place are fixed when the holder is first credited.
CREATE TABLE point_holders (
  id           @ID@,
  kind         TEXT NOT NULL CHECK (kind IN ('user', 'person', 'household')),
  ref_id       BIGINT NOT NULL,
  name         TEXT NOT NULL DEFAULT '',
  region_code  TEXT NOT NULL REFERENCES regions(code),
  region_path  TEXT NOT NULL,
  earner_type  TEXT NOT NULL CHECK (earner_type IN ('resident', 'household', 'grid_worker', 'party_member')),
  created_at   BIGINT NOT NULL,
  UNIQUE (kind, ref_id)
);
-- @postgres
ALTER TABLE point_holders ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX point_holders_scope ON point_holders (region_path, id);

-- A holder's balance, derived from the ledger (the sum of its entries' points), kept so a
-- redemption can take points with one guarded UPDATE; checked against the ledger by
-- GET /points/check. It never goes negative.
CREATE TABLE point_balances (
  holder_id   BIGINT PRIMARY KEY REFERENCES point_holders(id),
  balance     BIGINT NOT NULL CHECK (balance >= 0),
  earned      BIGINT NOT NULL DEFAULT 0,  -- deeds and positive corrections
  spent       BIGINT NOT NULL DEFAULT 0,  -- redemptions net of refunds
  entries     BIGINT NOT NULL DEFAULT 0,
  updated_at  BIGINT NOT NULL
);

-- The ledger: append-only. A deed's entries are keyed by (holder, deed, deed_ref, seq): the
-- first award is seq 0; a revised deed (volunteer minutes corrected) adds seq 1, 2 ... with
-- the difference, so a deed retried, re-run or replayed after a crash is counted once.
CREATE TABLE point_entries (
  id             @ID@,
  holder_id      BIGINT NOT NULL REFERENCES point_holders(id),
  cause          TEXT NOT NULL CHECK (cause IN ('deed', 'redemption', 'refund', 'correction', 'expiry')),
  points         BIGINT NOT NULL CHECK (points BETWEEN -10000000 AND 10000000),
  balance_after  BIGINT NOT NULL CHECK (balance_after >= 0),
  rule_id        BIGINT REFERENCES point_rules(id),
  deed           TEXT,
  deed_ref       TEXT,
  seq            INTEGER NOT NULL DEFAULT 0,
  quantity       BIGINT NOT NULL DEFAULT 1,  -- deeds, or minutes of volunteering
  redemption_id  BIGINT,
  reason         TEXT NOT NULL DEFAULT '',
  region_path    TEXT NOT NULL,  -- where the deed was done (the holder's place otherwise)
  actor_id       BIGINT,
  at             BIGINT NOT NULL,
  CHECK (cause <> 'deed' OR (deed IS NOT NULL AND deed_ref IS NOT NULL)),
  CHECK (cause <> 'correction' OR length(reason) > 0),
  CHECK (cause NOT IN ('redemption', 'refund') OR redemption_id IS NOT NULL)
);
CREATE UNIQUE INDEX point_entries_deed ON point_entries (holder_id, deed, deed_ref, seq) WHERE deed_ref IS NOT NULL;
CREATE INDEX point_entries_holder ON point_entries (holder_id, id);

-- Points earned per holder, node and period, for rankings: one row per (an ancestor of the
-- holder's place at community, town, county or grid level; 'YYYY-MM', 'YYYY' or 'all';
-- earner type; holder), added to as entries are written.
CREATE TABLE point_totals (
  node_code    TEXT NOT NULL,
  period       TEXT NOT NULL,
  earner_type  TEXT NOT NULL,
  holder_id    BIGINT NOT NULL,
  earned       BIGINT NOT NULL,
  PRIMARY KEY (node_code, period, earner_type, holder_id)
) @WITHOUT_ROWID@;
CREATE INDEX point_totals_rank ON point_totals (node_code, period, earner_type, earned DESC, holder_id);

-- Figures per node (province down to grid, where the deed was done), day and cause or deed.
CREATE TABLE point_day_totals (
  node_code  TEXT NOT NULL,
  day        TEXT NOT NULL,  -- YYYY-MM-DD, Beijing time
  kind       TEXT NOT NULL,  -- a deed, or redemption, refund, correction, expiry
  points     BIGINT NOT NULL,
  entries    BIGINT NOT NULL,
  PRIMARY KEY (node_code, day, kind)
) @WITHOUT_ROWID@;

-- 积分礼遇清单: what points buy at a community's shop, with its supplier (the community
-- itself, or a co-building unit). stock_added counts every unit ever put in, so the stock
-- is checked: stock = stock_added - redemptions not cancelled.
CREATE TABLE point_rewards (
  id             @ID@,
  region_code    TEXT NOT NULL REFERENCES regions(code),
  region_path    TEXT NOT NULL,
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  detail         TEXT NOT NULL DEFAULT '',
  price          INTEGER NOT NULL CHECK (price BETWEEN 1 AND 1000000),
  stock          INTEGER NOT NULL CHECK (stock >= 0),
  stock_added    INTEGER NOT NULL CHECK (stock_added >= stock),
  supplier_kind  TEXT NOT NULL CHECK (supplier_kind IN ('community', 'unit')),
  supplier_name  TEXT NOT NULL CHECK (length(supplier_name) BETWEEN 1 AND 100),
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
-- @postgres
ALTER TABLE point_rewards ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX point_rewards_scope ON point_rewards (region_path, id);

-- A redemption: points taken and one unit of stock, with a code the shop's clerk verifies
-- once when handing the reward over; cancelled before that, both come back.
CREATE TABLE point_redemptions (
  id            @ID@,
  reward_id     BIGINT NOT NULL REFERENCES point_rewards(id),
  holder_id     BIGINT NOT NULL REFERENCES point_holders(id),
  region_path   TEXT NOT NULL,  -- the shop's
  points        INTEGER NOT NULL CHECK (points > 0),
  code          TEXT NOT NULL UNIQUE CHECK (length(code) = 10),
  status        TEXT NOT NULL CHECK (status IN ('issued', 'verified', 'cancelled')),
  redeemed_by   BIGINT,  -- the account that redeemed (the holder, or a clerk for them)
  verified_by   BIGINT,
  created_at    BIGINT NOT NULL,
  closed_at     BIGINT,
  version       INTEGER NOT NULL DEFAULT 1,
  CHECK (status = 'issued' OR closed_at IS NOT NULL)
);
-- @postgres
ALTER TABLE point_redemptions ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX point_redemptions_holder ON point_redemptions (holder_id, id);
CREATE INDEX point_redemptions_scope ON point_redemptions (region_path, id);

-- The rewards shop's clerk (积分超市管理员) is a grantable role. SQLite rebuilds the table
-- to widen the CHECK, as 0028 did.
-- @sqlite
CREATE TABLE grants_new (
  id          @ID@,
  user_id     BIGINT NOT NULL REFERENCES users(id),
  role        TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'dispatcher', 'handler', 'grid_chief',
                                            'grid_worker', 'mediator', 'volunteer', 'resident',
                                            'party_member', 'window_clerk', 'shop_clerk')),
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
                  'resident', 'party_member', 'window_clerk', 'shop_clerk'));
-- @end
