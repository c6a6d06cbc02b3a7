-- The return lifecycle (issue #5): records the safeguard engine reads, and every transition with
-- the rule-set version that allowed it. All projections of journal events.
CREATE TABLE case_records (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    person_id TEXT REFERENCES persons (id),
    kind TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data TEXT NOT NULL,
    note TEXT,
    note_key TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    open BIGINT NOT NULL,
    -- A screening that flags the child domain: it opens the best-interests procedure for the
    -- person until a best-interests record exists (METHODS.md section 3).
    child_flag BIGINT NOT NULL DEFAULT 0,
    resolved_at TEXT,
    resolved_by TEXT,
    resolved_by_record TEXT,
    resolution_note TEXT,
    resolution_note_key TEXT
);
--;
CREATE INDEX case_records_by_case ON case_records (case_id, seq);
--;
CREATE INDEX case_records_open ON case_records (open, kind, case_id);
--;
CREATE INDEX case_records_child_flag ON case_records (child_flag, case_id);
--;
CREATE TABLE case_transitions (
    seq BIGINT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    step TEXT NOT NULL,
    reason TEXT,
    rules_version TEXT NOT NULL,
    findings TEXT NOT NULL
);
--;
CREATE INDEX case_transitions_by_case ON case_transitions (case_id, seq);
--;
-- The state a suspended case left (the only one it may resume to).
ALTER TABLE cases ADD COLUMN suspended_from TEXT
--;
-- Who put the case forward for approval: four eyes keeps them from approving it.
ALTER TABLE cases ADD COLUMN prepared_by TEXT
--;
ALTER TABLE consents ADD COLUMN role TEXT NOT NULL DEFAULT 'own'
--;
ALTER TABLE consents ADD COLUMN information_sheet TEXT
--;
-- Journal position, ordering a consent against a counselling session of the same day.
ALTER TABLE consents ADD COLUMN seq BIGINT NOT NULL DEFAULT 0
--;
-- Journal position of the withdrawal: a withdrawal since the latest counselling stops consents
-- given after it from counting until the household is counselled again.
ALTER TABLE consents ADD COLUMN withdrawn_seq BIGINT
--;
-- Work lists find the cases waiting at a step of the road.
CREATE INDEX cases_by_state ON cases (organisation_id, state)
