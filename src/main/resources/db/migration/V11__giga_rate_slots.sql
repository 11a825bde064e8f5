-- Giga's request limit per API key (60 in any 60 seconds), one budget for every replica using the key: a sliding-window
-- log kept as a ring of slots, one row per request the window may hold.
--   giga_rate_keys: one row per key. key_id is a SHA-256 of the key, never the key itself. slots: how many rows the
--     ring has (0 .. slots-1; it grows when GIGA_REQUESTS_PER_MINUTE is raised). paused_until: no request before this
--     (epoch ms), after Giga answered 429 with a Retry-After. Every permit locks this row (SELECT ... FOR UPDATE), so
--     the replicas hand out a key's permits one at a time.
--   giga_rate_slots: used_at is when the slot last let a request go (epoch ms; 0 = never). A slot is free again a
--     window and a margin after that, so no window of 60 seconds ever holds more requests than the ring has slots.
-- Runs H2 (default mode) and PostgreSQL alike.
CREATE TABLE giga_rate_keys (
    key_id       VARCHAR(64) PRIMARY KEY,
    slots        INT         NOT NULL,
    paused_until BIGINT      NOT NULL
);

CREATE TABLE giga_rate_slots (
    key_id  VARCHAR(64) NOT NULL,
    slot    INT         NOT NULL,
    used_at BIGINT      NOT NULL,
    PRIMARY KEY (key_id, slot)
);

-- The oldest slots of a key first: a permit reads only as many rows as it must find free.
CREATE INDEX giga_rate_slots_oldest ON giga_rate_slots (key_id, used_at, slot);
