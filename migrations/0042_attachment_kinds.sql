-- Attachments of the grid teams' roster photos (team_member, 0038), of the co-building
-- projects' progress (cobuild_project, 0039) and of emergency plans (emergency_plan, 0040).
-- SQLite rebuilds the table to widen the CHECK, as 0036 did.
-- @sqlite
CREATE TABLE attachment_links_new (
  hash        TEXT NOT NULL REFERENCES attachments(hash),
  owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('event', 'visit', 'order', 'wish', 'case', 'service_item',
                                                  'topic_note', 'topic_task', 'notice', 'team_member',
                                                  'cobuild_project', 'emergency_plan')),
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
  CHECK (owner_kind IN ('event', 'visit', 'order', 'wish', 'case', 'service_item', 'topic_note', 'topic_task',
                        'notice', 'team_member', 'cobuild_project', 'emergency_plan'));
-- @end
