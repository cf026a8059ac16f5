-- Files kept in the database (core/file_store.h, the default on PostgreSQL so that every
-- node sees every upload): one row per file, its sealed bytes in chunks of 4 MiB at most
-- (a 500 MB import file never travels as one value). A file exists once its row does: the
-- row is written last, in the transaction of the last chunks.
CREATE TABLE stored_files (
  name        TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 400),
  size        BIGINT NOT NULL CHECK (size >= 0),        -- sealed bytes
  chunks      BIGINT NOT NULL CHECK (chunks >= 1),
  created_at  BIGINT NOT NULL
) @WITHOUT_ROWID@;
CREATE TABLE stored_file_chunks (
  name    TEXT NOT NULL,
  seq     BIGINT NOT NULL CHECK (seq >= 0),
  bytes   @BLOB@ NOT NULL,
  PRIMARY KEY (name, seq)
) @WITHOUT_ROWID@;

-- Facts about the deployment every node must agree on (core/deployment.h): the tag of the
-- data key personal data is sealed under (a node started with another key is refused) and,
-- on PostgreSQL, where the files are ('database', or 'directory ' and the id written in the
-- shared directory).
CREATE TABLE deployment (
  key    TEXT PRIMARY KEY CHECK (key IN ('data_key_tag', 'files')),
  value  TEXT NOT NULL
) @WITHOUT_ROWID@;
