-- Idempotency-Key: the first answer to a write with a given key, per caller, replayed to
-- every retry of the same request. Stored in the same transaction as the write it answers.
CREATE TABLE idempotency_keys (
  caller       TEXT NOT NULL,  -- 'user:<id>', 'apikey:<id>' or 'anonymous'
  idem_key     TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 200),
  request_hash TEXT NOT NULL,  -- BLAKE2b of method, path and body
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  PRIMARY KEY (caller, idem_key)
) @WITHOUT_ROWID@;
CREATE INDEX idempotency_created ON idempotency_keys (created_at);
