-- Homeward schema, version 1. The same text runs on SQLite and PostgreSQL: only TEXT and BIGINT
-- columns, no engine-specific syntax. Statements are separated by lines holding only "--;".

-- The journal: append-only, hash-chained. Every write is here first.
CREATE TABLE journal (
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
CREATE INDEX journal_by_subject ON journal (subject, seq);
--;
-- Signed checkpoints: "the journal up to seq ends in hash", signed by the node key.
CREATE TABLE checkpoints (
    seq BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
--;
-- Projections: rebuilt exactly by replaying the journal.
CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL
);
--;
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    roles TEXT NOT NULL
);
--;
CREATE TABLE areas (
    pcode TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent TEXT REFERENCES areas (pcode)
);
--;
CREATE INDEX areas_by_parent ON areas (parent, pcode);
--;
CREATE TABLE households (
    id TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    registered_at TEXT NOT NULL
);
--;
CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households (id),
    position BIGINT NOT NULL,
    relationship TEXT NOT NULL,
    sex TEXT NOT NULL,
    age_band TEXT NOT NULL,
    nationality TEXT,
    languages TEXT NOT NULL,
    sealed TEXT,
    erased_at TEXT
);
--;
CREATE INDEX persons_by_household ON persons (household_id, position);
--;
CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    number BIGINT NOT NULL UNIQUE,
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    household_id TEXT NOT NULL REFERENCES households (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    host_country TEXT NOT NULL,
    origin_country TEXT NOT NULL,
    destination_area TEXT NOT NULL REFERENCES areas (pcode),
    assigned_to TEXT REFERENCES users (id),
    opened_at TEXT NOT NULL,
    opened_seq BIGINT NOT NULL
);
--;
CREATE INDEX cases_by_organisation ON cases (organisation_id, opened_seq);
--;
CREATE INDEX cases_by_opened ON cases (opened_seq);
--;
-- Operational tables: not projections, never replayed, never exported with the journal.
-- Wrapped per-person data keys; deleting a row is crypto-shredding.
CREATE TABLE person_keys (
    person_id TEXT PRIMARY KEY,
    wrapped TEXT NOT NULL
);
--;
CREATE TABLE credentials (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    password_hash TEXT NOT NULL
);
--;
CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
