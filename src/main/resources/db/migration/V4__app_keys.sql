-- Keys the app keeps for itself, shared by every replica: e.g. the key that signs personal desktop links. Each is
-- made once, by whichever replica needs it first, and never leaves the database.
-- Runs H2 (default mode) and PostgreSQL alike.
CREATE TABLE app_keys (
    name VARCHAR(64) PRIMARY KEY,
    key_value VARCHAR(128) NOT NULL,
    created_at BIGINT NOT NULL
);
