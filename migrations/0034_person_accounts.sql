-- A resident's account linked to their registry person (实名认证): by the community's
-- staff, or by the resident who gives their name and ID number. It lets the registry say
-- who an account is: the person, their household, where they live. Deliberation's ballots
-- use it to let residents and households vote online (docs/DELIBERATION.md, "Electorates").
CREATE TABLE person_accounts (
  person_id   BIGINT PRIMARY KEY REFERENCES persons(id),
  user_id     BIGINT NOT NULL UNIQUE REFERENCES users(id),
  method      TEXT NOT NULL CHECK (method IN ('staff', 'self')),
  linked_by   BIGINT REFERENCES users(id),
  linked_at   BIGINT NOT NULL
);

-- Failed self-claims, so that an account cannot try ID numbers without end (five a day).
CREATE TABLE person_claim_failures (
  id       @ID@,
  user_id  BIGINT NOT NULL REFERENCES users(id),
  at       BIGINT NOT NULL
);
CREATE INDEX person_claim_failures_user ON person_claim_failures (user_id, at);
