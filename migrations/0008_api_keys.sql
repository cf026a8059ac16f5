-- API keys for machine clients (Open311 GeoReport v2): the key itself is shown once and
-- stored only as its BLAKE2b hash.
CREATE TABLE api_keys (
  id          @ID@,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  key_hash    TEXT NOT NULL UNIQUE,
  created_by  BIGINT,
  created_at  BIGINT NOT NULL,
  revoked_at  BIGINT
);
