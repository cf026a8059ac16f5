-- The dispute ledger (矛盾纠纷排查台账): disputes found in a place, their parties (linked to
-- registry persons where known; phones sealed), risk and its changes, mediation sessions
-- with their record and agreement, the outcome, and follow-up visits.
CREATE TABLE disputes (
  id              @ID@,
  region_code     TEXT NOT NULL REFERENCES regions(code),
  region_path     TEXT NOT NULL,
  type            TEXT NOT NULL CHECK (type IN ('neighbour', 'family', 'marriage', 'labour', 'property', 'land',
                                                'contract', 'damages', 'other')),
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description     TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  place           TEXT NOT NULL DEFAULT '',
  risk            TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  source          TEXT NOT NULL CHECK (source IN ('visit', 'event', 'police', 'window', 'petition', 'self')),
  source_ref      TEXT NOT NULL DEFAULT '',  -- the event's or visit's id
  status          TEXT NOT NULL CHECK (status IN ('open', 'mediating', 'settled', 'failed', 'referred')),
  referred_to     TEXT CHECK (referred_to IN ('court', 'arbitration', 'police', 'petition_office', 'other')),
  outcome_detail  TEXT NOT NULL DEFAULT '',
  mediator_id     BIGINT,
  found_on        TEXT NOT NULL,  -- YYYY-MM-DD
  closed_on       TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  created_by      BIGINT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  CHECK ((status = 'referred') = (referred_to IS NOT NULL)),
  CHECK ((status IN ('settled', 'failed', 'referred')) = (closed_on IS NOT NULL))
);
-- @postgres
ALTER TABLE disputes ALTER COLUMN region_path TYPE TEXT COLLATE "C";
-- @end
CREATE INDEX disputes_region ON disputes (region_path, id);
CREATE INDEX disputes_found ON disputes (found_on);

CREATE TABLE dispute_parties (
  id            @ID@,
  dispute_id    BIGINT NOT NULL REFERENCES disputes(id),
  role          TEXT NOT NULL CHECK (role IN ('applicant', 'respondent', 'other')),
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  person_id     BIGINT,  -- a registry person, when known
  phone_sealed  @BLOB@,
  phone_masked  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dispute_parties_dispute ON dispute_parties (dispute_id);
CREATE INDEX dispute_parties_person ON dispute_parties (person_id);

CREATE TABLE dispute_risk_changes (
  id          @ID@,
  dispute_id  BIGINT NOT NULL REFERENCES disputes(id),
  from_risk   TEXT NOT NULL,
  to_risk     TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  changed_by  BIGINT,
  changed_at  BIGINT NOT NULL
);
CREATE INDEX dispute_risk_changes_dispute ON dispute_risk_changes (dispute_id);

CREATE TABLE mediation_sessions (
  id             @ID@,
  dispute_id     BIGINT NOT NULL REFERENCES disputes(id),
  held_on        TEXT NOT NULL,
  mediator_id    BIGINT,
  mediator_name  TEXT NOT NULL,
  participants   TEXT NOT NULL DEFAULT '',
  record         TEXT NOT NULL CHECK (length(record) BETWEEN 1 AND 10000),
  agreement      TEXT NOT NULL DEFAULT '',
  result         TEXT NOT NULL CHECK (result IN ('continue', 'agreement', 'failed')),
  created_at     BIGINT NOT NULL
);
CREATE INDEX mediation_sessions_dispute ON mediation_sessions (dispute_id, id);

CREATE TABLE dispute_followups (
  id          @ID@,
  dispute_id  BIGINT NOT NULL REFERENCES disputes(id),
  visited_on  TEXT NOT NULL,
  note        TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  stable      INTEGER NOT NULL CHECK (stable IN (0, 1)),  -- the agreement holds
  created_by  BIGINT,
  created_at  BIGINT NOT NULL
);
CREATE INDEX dispute_followups_dispute ON dispute_followups (dispute_id, id);
