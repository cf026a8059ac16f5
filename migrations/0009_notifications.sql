-- Notifications: a per-user inbox, and an outbox of webhook deliveries (SMS / WeChat
-- gateways) written in the same transaction as the action that caused them, delivered at
-- least once by a worker that survives restarts (its state is these rows).
CREATE TABLE notifications (
  id        @ID@,
  user_id   BIGINT NOT NULL REFERENCES users(id),
  at        BIGINT NOT NULL,
  kind      TEXT NOT NULL,
  event_id  BIGINT,
  title_zh  TEXT NOT NULL,
  title_en  TEXT NOT NULL,
  read_at   BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);

CREATE TABLE outbox (
  id            @ID@,
  topic         TEXT NOT NULL,
  payload       TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_at       BIGINT NOT NULL,
  delivered_at  BIGINT,
  last_error    TEXT
);
CREATE INDEX outbox_due ON outbox (delivered_at, next_at);
