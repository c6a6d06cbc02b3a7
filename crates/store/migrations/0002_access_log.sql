-- The access log: every read of personal data, hash-chained like the journal but kept apart
-- from it, so that reads never mix with the facts that state is built from. It names who read,
-- what, when and why; never the personal data itself.
CREATE TABLE access_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    organisation TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
--;
-- Which persons each access concerned, so a person's access history is one indexed query.
CREATE TABLE access_log_persons (
    person_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (person_id, seq)
);
