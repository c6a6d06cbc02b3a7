-- Need-to-know: teams, case assignment to a team, sensitivity markers, closure, data-sharing
-- agreements and consent. All projections of journal events.
CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL
);
--;
CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (team_id, user_id)
);
--;
CREATE INDEX team_members_by_user ON team_members (user_id, team_id);
--;
ALTER TABLE cases ADD COLUMN team_id TEXT
--;
-- Comma-separated markers (child_protection, gbv, trafficking); empty when none.
ALTER TABLE cases ADD COLUMN sensitivity TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE cases ADD COLUMN closed_at TEXT
--;
ALTER TABLE cases ADD COLUMN closure_reason TEXT
--;
CREATE INDEX cases_by_assignee ON cases (assigned_to, opened_seq);
--;
CREATE INDEX cases_by_team ON cases (team_id, opened_seq);
--;
CREATE TABLE agreements (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES organisations (id),
    recipient_id TEXT NOT NULL REFERENCES organisations (id),
    purpose TEXT NOT NULL,
    fields TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    concluded_at TEXT NOT NULL,
    revoked_at TEXT
);
--;
CREATE INDEX agreements_by_parties ON agreements (provider_id, recipient_id);
--;
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons (id),
    purpose TEXT NOT NULL,
    party TEXT,
    language TEXT NOT NULL,
    method TEXT NOT NULL,
    interpreter BIGINT NOT NULL,
    given_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    withdrawn_at TEXT
);
--;
CREATE INDEX consents_by_person ON consents (person_id, purpose)
