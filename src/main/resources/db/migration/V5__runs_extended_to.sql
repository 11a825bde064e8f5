-- How far people extended a computer by pressing Extend, past the hours they asked for (epoch ms, or NULL): the
-- app keeps the computer until the later of the two, extending Giga's 15-minute sandbox ahead of time.
-- Runs H2 (default mode) and PostgreSQL alike.
ALTER TABLE runs ADD COLUMN extended_to BIGINT;
