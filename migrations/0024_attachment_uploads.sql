-- Every uploader of a file (the same bytes sent by several people are stored once): each of
-- them may use it in a record and see it, besides those who may see a record using it.
CREATE TABLE attachment_uploads (
  hash        TEXT NOT NULL REFERENCES attachments(hash),
  user_id     BIGINT NOT NULL,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (hash, user_id)
) @WITHOUT_ROWID@;
INSERT INTO attachment_uploads (hash, user_id, created_at)
  SELECT hash, created_by, created_at FROM attachments WHERE created_by IS NOT NULL;
