-- Data-subject requests (access, correction, erasure, restriction, objection) with their
-- deadlines. A projection of the subject_request.* events: codes and dates only, no free text.
-- status: open | extended | completed | refused. outcome: the completion outcome code or the
-- refusal reason code. exported_at: when an export was produced for the request (access).
CREATE TABLE subject_requests (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    person_id TEXT NOT NULL REFERENCES persons (id),
    kind TEXT NOT NULL,
    received_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL,
    extension_reason TEXT,
    outcome TEXT,
    handled_by TEXT NOT NULL REFERENCES users (id),
    logged_at TEXT NOT NULL,
    exported_at TEXT,
    closed_at TEXT
);
--;
CREATE INDEX subject_requests_by_organisation ON subject_requests (organisation_id, deadline);
--;
CREATE INDEX subject_requests_by_person ON subject_requests (person_id, logged_at);
