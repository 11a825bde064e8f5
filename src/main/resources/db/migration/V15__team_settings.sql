-- What a workspace's admins changed in Slack (the App Home's settings form) and the presets of its channels
-- (/giga settings). A row overrides one setting for one workspace, or one preset for one channel; a setting without a
-- row has the environment's value. See io.gigaslack.service.StoredTeamSettings.
--   channel_id: '' for the workspace's own setting, else the channel whose preset it is.
--   setting: the name of the environment variable whose value it replaces (GIGA_MAX_HOURS, GIGA_DEFAULT_PLATFORM, …).
--   setting_value: the value as text, in the form the environment variable takes (giga-standard:20,giga-mini:10; off).
--   updated_by, updated_at: who set it last, and when (epoch ms); the audit log keeps every change.
-- Runs H2 (default mode) and PostgreSQL alike.
CREATE TABLE team_settings (
    team_id       VARCHAR(32)  NOT NULL,
    channel_id    VARCHAR(32)  NOT NULL,
    setting       VARCHAR(64)  NOT NULL,
    setting_value VARCHAR      NOT NULL,
    updated_by    VARCHAR(32),
    updated_at    BIGINT       NOT NULL,
    PRIMARY KEY (team_id, channel_id, setting)
);
-- One row per workspace whose settings were ever changed: each change adds 1 under the row's lock, so two admins
-- saving at once are applied one after the other, and a replica can tell from the number alone that its copy is stale.
CREATE TABLE team_settings_versions (
    team_id VARCHAR(32) PRIMARY KEY,
    version BIGINT      NOT NULL
);
-- Which of its channel's presets a run took (platform, hours, goal, instructions, comma-separated), for its card;
-- NULL or empty when none did.
ALTER TABLE runs ADD COLUMN params_presets VARCHAR(100);
