-- Enrolment links and known devices: credentials, outside the journal like sessions (never
-- replayed, exported or compared by audit verify). The journal records the accountable facts
-- (user.enrolment_link_issued, user.password_set), never a token.
--
-- A one-time enrolment link: an administrator issues it for a new user (or to reset a forgotten
-- password); the user opens it to choose their password. Stored only as the SHA-256 digest of
-- its token; expires_at is Unix seconds; a link is deleted when used, when a newer one is issued
-- for the user, and when the user is deactivated.
CREATE TABLE enrolment_links (
    token_digest TEXT PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- Wrong second-factor codes typed with this link; past a few it is no longer honoured.
    failures BIGINT NOT NULL
);
--;
-- A device (browser or API client) that signed in as the user before: the sign-in throttle still
-- evaluates its attempts while someone else exhausts the account's budget. Stored only as the
-- SHA-256 digest of the token it holds; expires_at is Unix seconds.
CREATE TABLE known_devices (
    token_digest TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
--;
CREATE INDEX known_devices_by_user ON known_devices (user_id);
