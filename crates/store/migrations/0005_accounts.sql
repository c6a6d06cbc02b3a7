-- Accounts: second factors, recovery codes, sign-in throttling, sessions with idle timeout and
-- second-factor state, API tokens. All of these are credentials or operational state: they live
-- outside the journal, are never replayed and never exported. The journal records the facts that
-- need accounting for (user.second_factor_enrolled, user.second_factor_reset), projected into
-- users.second_factor.
ALTER TABLE users ADD COLUMN second_factor BIGINT NOT NULL DEFAULT 0;
--;
-- A user's TOTP secret, sealed under the master key. confirmed is 0 while enrolment is pending;
-- last_step is the last time step accepted, so a code can never be used twice.
CREATE TABLE second_factors (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    sealed_secret TEXT NOT NULL,
    confirmed BIGINT NOT NULL,
    last_step BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
--;
-- One-time recovery codes, stored as SHA-256 digests; a used code is deleted.
CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id),
    digest TEXT NOT NULL,
    PRIMARY KEY (user_id, digest)
);
--;
-- Failed sign-ins that were evaluated, one row each, by throttle key: "account:" or "ip:"
-- followed by the SHA-256 of the normalised email or the client address (never the clear value).
-- at is Unix seconds. Kept 24 hours.
CREATE TABLE sign_in_failures (
    throttle_key TEXT NOT NULL,
    at BIGINT NOT NULL
);
--;
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (throttle_key, at);
--;
CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at);
--;
-- Sessions gain a public id (to list and end them without showing tokens), the time of last use
-- (idle timeout, Unix seconds) and whether the sign-in passed a second factor. Existing sessions
-- are dropped: everyone signs in again after the upgrade.
DROP TABLE sessions;
--;
CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen BIGINT NOT NULL,
    second_factor BIGINT NOT NULL
);
--;
CREATE INDEX sessions_by_user ON sessions (user_id);
--;
-- API tokens: a name, the permissions they may use (comma-separated), an expiry. Stored as digests.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_digest TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
--;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
