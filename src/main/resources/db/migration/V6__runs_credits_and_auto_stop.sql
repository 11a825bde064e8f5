-- What a run's computer costs and how long it is kept after its agent has finished.
--   credits_per_hour: the platform's rate when the run was started (NULL for rows written before this version, and
--     -1 when the rate is not known): credit budgets and /giga usage count with the rate of the day the run started.
--   auto_stop_at: when the app stops the computer because its agent finished a grace period ago (epoch ms), or NULL.
--   kept_by: who pressed "Keep running" (the computer then stays until the planned end), or NULL.
-- Runs H2 (default mode) and PostgreSQL alike.
ALTER TABLE runs ADD COLUMN credits_per_hour INTEGER;
ALTER TABLE runs ADD COLUMN auto_stop_at BIGINT;
ALTER TABLE runs ADD COLUMN kept_by VARCHAR(32);
-- The credit budgets and /giga usage read a workspace's runs since a day or a month.
CREATE INDEX runs_team_created_idx ON runs (team_id, created_at);
