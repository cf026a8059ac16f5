-- Deliberation (议事协商, src/deliberation/, docs/DELIBERATION.md): councils at county,
-- town, community and grid level with members by group (the "1+7+X" bodies of seed 001),
-- and topics through the six steps of seed 001 (收集议题、确定议题、议前调研、协商议事、
-- 公开公示、研究落实), each step with its own records: supports, research notes and
-- surveys, meetings with their participants, ballots (the register of who may vote, and
-- counters per option, so that a secret ballot keeps no link between a voter and a
-- choice), objections during publicity, and implementation tasks.

CREATE TABLE councils (
  id           @ID@,
  region_code  TEXT NOT NULL REFERENCES regions(code),
  region_path  TEXT NOT NULL,
  level        TEXT NOT NULL CHECK (level IN ('county', 'town', 'community', 'grid')),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description  TEXT NOT NULL DEFAULT '',
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (region_code, name)
);
-- @postgres
ALTER TABLE councils ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX councils_scope ON councils (region_path, id);

-- One stay of a member on a council; leaving ends it with its reason.
CREATE TABLE council_members (
  id           @ID@,
  council_id   BIGINT NOT NULL REFERENCES councils(id),
  grp          TEXT NOT NULL CHECK (grp IN ('party_branch', 'residents_committee', 'supervisory_committee',
                                            'property_company', 'owners_committee', 'co_building_unit',
                                            'residents_rep', 'party_member_rep', 'deputy', 'social_organisation',
                                            'stakeholder')),
  post         TEXT NOT NULL CHECK (post IN ('convenor', 'secretary', 'member')),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  unit         TEXT NOT NULL DEFAULT '',
  user_id      BIGINT REFERENCES users(id),
  person_id    BIGINT REFERENCES persons(id),
  joined_at    BIGINT NOT NULL,
  left_at      BIGINT,
  left_reason  TEXT NOT NULL DEFAULT '',
  CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE INDEX council_members_council ON council_members (council_id, id);
CREATE INDEX council_members_user ON council_members (user_id);
CREATE UNIQUE INDEX council_members_current_user ON council_members (council_id, user_id)
  WHERE left_at IS NULL AND user_id IS NOT NULL;

CREATE TABLE topics (
  id               @ID@,
  council_id       BIGINT NOT NULL REFERENCES councils(id),
  region_code      TEXT NOT NULL REFERENCES regions(code),  -- the place it concerns: the council's node or below
  region_path      TEXT NOT NULL,
  title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description      TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  source           TEXT NOT NULL CHECK (source IN ('resident', 'worker', 'unit', 'council', 'event', 'visit')),
  source_ref       TEXT NOT NULL DEFAULT '',  -- event:<id> or visit:<id>
  unit_name        TEXT NOT NULL DEFAULT '',  -- a unit's proposal: the unit
  proposer_id      BIGINT NOT NULL REFERENCES users(id),
  status           TEXT NOT NULL CHECK (status IN ('proposed', 'researching', 'deliberating', 'publicizing',
                                                   'implementing', 'done', 'declined', 'merged', 'withdrawn',
                                                   'rejected')),
  merged_into      BIGINT REFERENCES topics(id),
  supporters       INTEGER NOT NULL DEFAULT 0 CHECK (supporters >= 0),
  decision         TEXT NOT NULL DEFAULT '',
  publicity_from   BIGINT,
  publicity_until  BIGINT,
  objections_open  INTEGER NOT NULL DEFAULT 0 CHECK (objections_open >= 0),
  feedback         TEXT NOT NULL DEFAULT '',
  accepted_at      BIGINT,
  closed_at        BIGINT,
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  CHECK (status <> 'merged' OR merged_into IS NOT NULL),
  CHECK (status NOT IN ('publicizing', 'implementing', 'done') OR (publicity_until IS NOT NULL AND decision <> '')),
  CHECK (publicity_until IS NULL OR publicity_until > publicity_from)
);
-- @postgres
ALTER TABLE topics ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX topics_scope ON topics (region_path, id);
CREATE INDEX topics_council ON topics (council_id, id);
CREATE UNIQUE INDEX topics_source ON topics (source_ref) WHERE source_ref <> '';

CREATE TABLE topic_supports (
  topic_id  BIGINT NOT NULL REFERENCES topics(id),
  user_id   BIGINT NOT NULL REFERENCES users(id),
  at        BIGINT NOT NULL,
  PRIMARY KEY (topic_id, user_id)
);

-- Every step and stage record of a topic, in order (the topic's timeline).
CREATE TABLE topic_timeline (
  id           @ID@,
  topic_id     BIGINT NOT NULL REFERENCES topics(id),
  action       TEXT NOT NULL,
  from_status  TEXT NOT NULL,
  to_status    TEXT NOT NULL,
  actor_id     BIGINT,
  comment      TEXT NOT NULL DEFAULT '',
  detail       TEXT NOT NULL DEFAULT '{}',
  at           BIGINT NOT NULL
);
CREATE INDEX topic_timeline_topic ON topic_timeline (topic_id, id);

-- 议前调研: notes, documents, records of visits and interviews.
CREATE TABLE topic_notes (
  id           @ID@,
  topic_id     BIGINT NOT NULL REFERENCES topics(id),
  kind         TEXT NOT NULL CHECK (kind IN ('note', 'document', 'visit', 'interview')),
  body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
  attachments  TEXT NOT NULL DEFAULT '[]',
  author_id    BIGINT NOT NULL REFERENCES users(id),
  at           BIGINT NOT NULL
);
CREATE INDEX topic_notes_topic ON topic_notes (topic_id, id);

-- A survey of residents during research: questions (single or multiple choice, free text)
-- as JSON; one response per account.
CREATE TABLE surveys (
  id          @ID@,
  topic_id    BIGINT NOT NULL REFERENCES topics(id),
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  questions   TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  responses   INTEGER NOT NULL DEFAULT 0 CHECK (responses >= 0),
  closes_at   BIGINT,
  created_by  BIGINT NOT NULL REFERENCES users(id),
  created_at  BIGINT NOT NULL,
  closed_at   BIGINT,
  CHECK (status <> 'closed' OR closed_at IS NOT NULL)
);
CREATE INDEX surveys_topic ON surveys (topic_id, id);

CREATE TABLE survey_responses (
  id         @ID@,
  survey_id  BIGINT NOT NULL REFERENCES surveys(id),
  user_id    BIGINT NOT NULL REFERENCES users(id),
  answers    TEXT NOT NULL,
  at         BIGINT NOT NULL,
  UNIQUE (survey_id, user_id)
);

-- 协商议事: a meeting of a topic, its participants by group and who attended, its record.
CREATE TABLE meetings (
  id          @ID@,
  topic_id    BIGINT NOT NULL REFERENCES topics(id),
  council_id  BIGINT NOT NULL REFERENCES councils(id),
  kind        TEXT NOT NULL CHECK (kind IN ('residents_representatives', 'building_chiefs', 'backbone', 'council',
                                            'hearing', 'open_forum', 'other')),
  level       TEXT NOT NULL CHECK (level IN ('county', 'town', 'community', 'grid')),
  region_path TEXT NOT NULL,
  starts_at   BIGINT NOT NULL,
  place       TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  options     TEXT NOT NULL DEFAULT '[]',  -- the proposals put to the meeting
  status      TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  record      TEXT NOT NULL DEFAULT '',
  attended    INTEGER NOT NULL DEFAULT 0 CHECK (attended >= 0),
  held_at     BIGINT,
  created_by  BIGINT NOT NULL REFERENCES users(id),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  CHECK (status <> 'held' OR (held_at IS NOT NULL AND record <> ''))
);
-- @postgres
ALTER TABLE meetings ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX meetings_topic ON meetings (topic_id, id);
CREATE INDEX meetings_scope ON meetings (region_path, starts_at);

CREATE TABLE meeting_participants (
  id          @ID@,
  meeting_id  BIGINT NOT NULL REFERENCES meetings(id),
  member_id   BIGINT REFERENCES council_members(id),
  grp         TEXT NOT NULL,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  unit        TEXT NOT NULL DEFAULT '',
  user_id     BIGINT REFERENCES users(id),
  present     INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1))
);
CREATE INDEX meeting_participants_meeting ON meeting_participants (meeting_id, id);
CREATE UNIQUE INDEX meeting_participants_member ON meeting_participants (meeting_id, member_id)
  WHERE member_id IS NOT NULL;

-- A ballot (表决): its electorate (copied into ballot_voters when it opens), secret or open,
-- quorum and threshold; counted and frozen by the server when closed.
CREATE TABLE ballots (
  id                  @ID@,
  topic_id            BIGINT NOT NULL REFERENCES topics(id),
  meeting_id          BIGINT REFERENCES meetings(id),
  question            TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
  kind                TEXT NOT NULL CHECK (kind IN ('approve', 'choose')),  -- 同意/不同意, or one of several options
  options             TEXT NOT NULL,
  electorate          TEXT NOT NULL CHECK (electorate IN ('council', 'residents', 'households')),
  electorate_code     TEXT NOT NULL REFERENCES regions(code),
  region_path         TEXT NOT NULL,
  secret              INTEGER NOT NULL CHECK (secret IN (0, 1)),
  quorum              TEXT NOT NULL CHECK (quorum IN ('none', 'more_than_half', 'two_thirds')),
  threshold           TEXT NOT NULL CHECK (threshold IN ('majority', 'two_thirds')),
  base                TEXT NOT NULL CHECK (base IN ('present', 'eligible')),
  status              TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  eligible            INTEGER NOT NULL CHECK (eligible >= 0),
  cast_online         INTEGER NOT NULL DEFAULT 0 CHECK (cast_online >= 0),
  cast_paper          INTEGER NOT NULL DEFAULT 0 CHECK (cast_paper >= 0),
  closes_at           BIGINT,
  result              TEXT NOT NULL DEFAULT '',
  outcome             TEXT CHECK (outcome IN ('passed', 'failed', 'no_quorum')),
  winner              INTEGER,
  opened_by           BIGINT NOT NULL REFERENCES users(id),
  opened_at           BIGINT NOT NULL,
  closed_by           BIGINT REFERENCES users(id),
  closed_at           BIGINT,
  version             INTEGER NOT NULL DEFAULT 1,
  CHECK (cast_online + cast_paper <= eligible),
  CHECK ((status = 'closed') = (outcome IS NOT NULL AND closed_at IS NOT NULL AND result <> ''))
);
-- @postgres
ALTER TABLE ballots ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX ballots_topic ON ballots (topic_id, id);
CREATE INDEX ballots_scope ON ballots (region_path, id);

-- The register: who may vote (a council member, a resident, a household), whether and how
-- they voted. `choice` is kept for open ballots only; a secret ballot's choices are only
-- in ballot_tallies' counters.
CREATE TABLE ballot_voters (
  id         @ID@,
  ballot_id  BIGINT NOT NULL REFERENCES ballots(id),
  kind       TEXT NOT NULL CHECK (kind IN ('member', 'person', 'household')),
  ref_id     BIGINT NOT NULL,
  name       TEXT NOT NULL,
  voted_at   BIGINT,
  channel    TEXT CHECK (channel IN ('online', 'paper')),
  choice     INTEGER,  -- open ballots: the option (-1 abstained); NULL for secret ballots
  cast_by    BIGINT REFERENCES users(id),
  UNIQUE (ballot_id, kind, ref_id),
  CHECK ((voted_at IS NULL) = (channel IS NULL))
);
CREATE INDEX ballot_voters_page ON ballot_voters (ballot_id, id);

CREATE TABLE ballot_tallies (
  ballot_id  BIGINT NOT NULL REFERENCES ballots(id),
  opt        INTEGER NOT NULL,  -- the option's index; -1 abstentions
  votes      INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
  PRIMARY KEY (ballot_id, opt)
);

-- 公开公示: objections raised while the decision is published, and their answers.
CREATE TABLE topic_objections (
  id           @ID@,
  topic_id     BIGINT NOT NULL REFERENCES topics(id),
  user_id      BIGINT NOT NULL REFERENCES users(id),
  body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  at           BIGINT NOT NULL,
  answer       TEXT NOT NULL DEFAULT '',
  answered_by  BIGINT REFERENCES users(id),
  answered_at  BIGINT,
  CHECK ((answered_at IS NULL) = (answer = ''))
);
CREATE INDEX topic_objections_topic ON topic_objections (topic_id, id);

-- 研究落实: tasks with an owner and a deadline, done with a result.
CREATE TABLE topic_tasks (
  id          @ID@,
  topic_id    BIGINT NOT NULL REFERENCES topics(id),
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  owner_name  TEXT NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 100),
  owner_id    BIGINT REFERENCES users(id),
  due_on      TEXT NOT NULL,  -- YYYY-MM-DD
  status      TEXT NOT NULL CHECK (status IN ('open', 'done')),
  result      TEXT NOT NULL DEFAULT '',
  photos      TEXT NOT NULL DEFAULT '[]',
  done_on     TEXT,
  done_by     BIGINT REFERENCES users(id),
  created_by  BIGINT NOT NULL REFERENCES users(id),
  created_at  BIGINT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  CHECK ((status = 'done') = (done_on IS NOT NULL AND result <> ''))
);
CREATE INDEX topic_tasks_topic ON topic_tasks (topic_id, id);
CREATE INDEX topic_tasks_owner ON topic_tasks (owner_id, status);

-- The council's secretary (议事协商秘书) is a grantable role. SQLite rebuilds the table
-- to widen the CHECK, as 0033 did.
-- @sqlite
CREATE TABLE grants_new (
  id          @ID@,
  user_id     BIGINT NOT NULL REFERENCES users(id),
  role        TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'dispatcher', 'handler', 'grid_chief',
                                            'grid_worker', 'mediator', 'volunteer', 'resident',
                                            'party_member', 'window_clerk', 'shop_clerk', 'secretary')),
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
                  'resident', 'party_member', 'window_clerk', 'shop_clerk', 'secretary'));
-- @end
