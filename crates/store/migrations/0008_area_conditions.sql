-- Return-area conditions: assessments (immutable; corrections reference what they correct), the
-- current computed status per area, and every change of status. All projections of events.
CREATE TABLE area_assessments (
    id TEXT PRIMARY KEY,
    pcode TEXT NOT NULL REFERENCES areas (pcode),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    submitted_by TEXT NOT NULL,
    assessed_on TEXT NOT NULL,
    source_type TEXT NOT NULL,
    criteria_version TEXT NOT NULL,
    corrects TEXT,
    findings TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    seq BIGINT NOT NULL
);
--;
CREATE INDEX area_assessments_by_area ON area_assessments (pcode, assessed_on, seq);
--;
CREATE TABLE area_status (
    pcode TEXT PRIMARY KEY REFERENCES areas (pcode),
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    evidence_on TEXT,
    criteria_version TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_seq BIGINT NOT NULL
);
--;
CREATE TABLE area_status_changes (
    seq BIGINT PRIMARY KEY,
    pcode TEXT NOT NULL REFERENCES areas (pcode),
    status TEXT NOT NULL,
    previous TEXT,
    reason TEXT NOT NULL,
    evidence_on TEXT,
    criteria_version TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
--;
CREATE INDEX area_status_changes_by_area ON area_status_changes (pcode, seq)
