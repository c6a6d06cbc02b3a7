-- Users can be deactivated: they keep their place in the journal but can no longer sign in.
ALTER TABLE users ADD COLUMN active BIGINT NOT NULL DEFAULT 1
