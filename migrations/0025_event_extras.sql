-- What an Open311 client (and the web form) may send beyond the common fields, kept off the
-- events table (most events have none): the reporter's e-mail (sealed like the phone), a
-- link to a photo the client hosts, and the answers to the category's extra questions.
CREATE TABLE event_extras (
  event_id      BIGINT PRIMARY KEY REFERENCES events(id),
  email_sealed  @BLOB@,
  email_masked  TEXT NOT NULL DEFAULT '',
  media_url     TEXT NOT NULL DEFAULT '' CHECK (length(media_url) <= 2000),
  attributes    TEXT NOT NULL DEFAULT '{}'
);

-- The extra questions a category asks (Open311 service definition attributes), JSON.
ALTER TABLE event_categories ADD COLUMN attributes TEXT NOT NULL DEFAULT '[]';

-- Status changes by time, for Open311's servicerequestupdates.
CREATE INDEX event_timeline_at ON event_timeline (at);
