-- An assessor's unfinished assessment form, one per user and area. Operational, not a fact: it is
-- not journaled, and it is deleted when the assessment is submitted.
CREATE TABLE assessment_drafts (
    user_id TEXT NOT NULL REFERENCES users (id),
    pcode TEXT NOT NULL REFERENCES areas (pcode),
    body TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, pcode)
)
