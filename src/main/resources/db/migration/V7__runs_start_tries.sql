-- A start that Giga turns away for now (5xx, 429, an error page, no answer) is tried again a bounded number of
-- times: how many start requests were sent for the run (counted before each is sent, so a restart cannot reset the
-- count), what Giga answered the last time (plain words for the card), when, and when the next try is (epoch ms).
-- Runs H2 (default mode) and PostgreSQL alike.
ALTER TABLE runs ADD COLUMN start_requests INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE runs ADD COLUMN start_answer VARCHAR(500);
ALTER TABLE runs ADD COLUMN start_answered_at BIGINT;
ALTER TABLE runs ADD COLUMN start_next_try_at BIGINT;
