-- Break-glass grants: a user opened a case outside their organisation with a justification,
-- until expires_at. organisation_id is the case's organisation, whose DPO is told.
CREATE TABLE break_glass (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    case_id TEXT NOT NULL REFERENCES cases (id),
    organisation_id TEXT NOT NULL,
    justification TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
--;
CREATE INDEX break_glass_by_user_case ON break_glass (user_id, case_id, expires_at);
--;
CREATE INDEX break_glass_by_organisation ON break_glass (organisation_id, opened_at);
