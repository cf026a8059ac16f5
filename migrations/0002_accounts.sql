-- Accounts: users, role grants on territory nodes, login sessions (tokens stored hashed).
CREATE TABLE users (
  id                  @ID@,
  username            TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 64),
  display_name        TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  password_hash       TEXT NOT NULL,
  disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins       INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until        BIGINT,
  password_changed_at BIGINT NOT NULL,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE grants (
  id          @ID@,
  user_id     BIGINT NOT NULL REFERENCES users(id),
  role        TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'dispatcher', 'handler', 'grid_chief',
                                            'grid_worker', 'mediator', 'volunteer', 'resident')),
  region_code TEXT REFERENCES regions(code),  -- NULL: the whole system (administrators)
  created_at  BIGINT NOT NULL,
  created_by  BIGINT,
  UNIQUE (user_id, role, region_code)
);
CREATE INDEX grants_region ON grants (region_code);

CREATE TABLE sessions (
  id          @ID@,
  token_hash  TEXT NOT NULL UNIQUE,
  user_id     BIGINT NOT NULL REFERENCES users(id),
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  revoked_at  BIGINT,
  ip          TEXT NOT NULL DEFAULT '',
  user_agent  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
