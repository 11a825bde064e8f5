-- What the app has seen of each agent's progress and what it has shown of it in the run's thread, so a restart
-- resumes the progress message (or starts a fresh one) without showing a step twice, and the agent session's status
-- is set once per change.
--   steps: the agent's steps as last read from Giga, merged (JSON: [{"k","t","s","d"}]; a step never goes back).
--   shown: how far each step was when last shown in Slack (JSON: {"key": "STATE"}).
--   answer_shown: the agent's answer (or why it failed) was shown and the message finished.
--   message_ts / message_channel: the progress message; mode: 'stream' (chat.startStream) or 'message' (one
--     message edited in place, where streaming is refused).
--   session_status: the agent session status last set with agents.sessions.setStatus ('unavailable' when Slack
--     refused sessions for this run).
-- Runs H2 (default mode) and PostgreSQL alike.
CREATE TABLE run_progress (
    run_id          VARCHAR(64) PRIMARY KEY,
    steps           VARCHAR     NOT NULL,
    shown           VARCHAR     NOT NULL,
    answer_shown    BOOLEAN     NOT NULL,
    message_ts      VARCHAR(32),
    message_channel VARCHAR(32),
    mode            VARCHAR(16),
    session_status  VARCHAR(16),
    updated_at      BIGINT      NOT NULL
);
