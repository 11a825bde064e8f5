-- Distributed mode (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET): the workspaces the app is installed in, the OAuth
-- states of installs under way, and the Giga API key each workspace connected.
--
-- A workspace is named by workspace_id: its team id (T…), or the enterprise id (E…) for an org-wide install on
-- Enterprise Grid, which answers for every workspace of its org. One installation per workspace_id: installing again
-- replaces the row.
--
-- Every secret is kept encrypted (columns *_enc), as text 'v1:<key-id>:<base64 of nonce | ciphertext | tag>' written
-- by io.gigaslack.store.SecretBox (AES-256-GCM under GIGA_SLACK_ENCRYPTION_KEY; <key-id> names the key without
-- revealing it, so a value written under an older key is read with GIGA_SLACK_OLD_ENCRYPTION_KEY until the reencrypt
-- command has moved it). Each value is bound to its table, column and workspace: moved to another row it no longer
-- decrypts. Nothing else here is secret.
--
-- Times are epoch milliseconds. Runs on H2 (default mode) and PostgreSQL alike.
CREATE TABLE slack_installations (
    workspace_id                   VARCHAR(64)   NOT NULL PRIMARY KEY,
    enterprise_id                  VARCHAR(64),
    enterprise_name                VARCHAR(255),
    team_id                        VARCHAR(64),
    team_name                      VARCHAR(255),
    is_enterprise_install          BOOLEAN       NOT NULL,
    app_id                         VARCHAR(64),
    bot_user_id                    VARCHAR(64),
    bot_id                         VARCHAR(64),
    bot_scopes                     VARCHAR(4000),
    bot_token_enc                  VARCHAR(2000) NOT NULL,
    -- Token rotation: a refresh token and the access token's expiry; both NULL when rotation is off.
    bot_refresh_token_enc          VARCHAR(2000),
    bot_token_expires_at           BIGINT,
    -- While a replica refreshes the bot token, until when it holds the refresh (the others keep using the token
    -- they have, which Slack accepts until it expires, and read the new one once it is stored).
    bot_refresh_claimed_until      BIGINT,
    installer_user_id              VARCHAR(64),
    installer_user_scopes          VARCHAR(4000),
    -- The installing person's user token, only when the app asked for user scopes.
    installer_user_token_enc       VARCHAR(2000),
    installer_user_refresh_token_enc VARCHAR(2000),
    installer_user_token_expires_at BIGINT,
    installed_at                   BIGINT        NOT NULL,
    updated_at                     BIGINT        NOT NULL
);
-- Requests name the workspace (team) and its org (enterprise); an org-wide install is found by its enterprise.
CREATE INDEX slack_installations_team_idx ON slack_installations (team_id);
CREATE INDEX slack_installations_enterprise_idx ON slack_installations (enterprise_id);

-- The state of each install started at /slack/install: single use (deleted when the redirect comes back) and valid
-- for a few minutes.
CREATE TABLE slack_oauth_states (
    state       VARCHAR(128) NOT NULL PRIMARY KEY,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);
CREATE INDEX slack_oauth_states_expires_idx ON slack_oauth_states (expires_at);

-- Each workspace's own Giga account: its API key (encrypted, never shown again), the key's last four characters to
-- show admins which key is connected, who connected it and when.
CREATE TABLE giga_accounts (
    workspace_id  VARCHAR(64)   NOT NULL PRIMARY KEY,
    api_key_enc   VARCHAR(2000) NOT NULL,
    key_last4     VARCHAR(8)    NOT NULL,
    connected_by  VARCHAR(64),
    connected_at  BIGINT        NOT NULL
);
