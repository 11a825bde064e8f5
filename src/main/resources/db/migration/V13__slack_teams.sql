-- The Slack workspaces (teams) the app has heard from, and the Enterprise Grid org each belongs to (NULL outside
-- Grid). An org-wide install is stored under its enterprise id alone, so a team of that org is found through this
-- table: a job that posts for a run of team T looks up T's org here, then the org's bot token. Written once per team,
-- by whichever replica first sees a request from it (insert-if-absent); read on every token look-up (cached).
-- Runs H2 (default mode) and PostgreSQL alike.
CREATE TABLE slack_teams (
    team_id VARCHAR(32) PRIMARY KEY,
    enterprise_id VARCHAR(32),
    first_seen BIGINT NOT NULL,
    -- When the app was removed from the team (app_uninstalled / tokens_revoked); NULL while installed. Its runs,
    -- audit and usage are deleted GIGA_RETENTION_DAYS after this; installing again clears it.
    left_at BIGINT
);
CREATE INDEX slack_teams_left_idx ON slack_teams (left_at);
CREATE INDEX slack_teams_enterprise_idx ON slack_teams (enterprise_id);
