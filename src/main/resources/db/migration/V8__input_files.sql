-- Files people gave a run's agent from Slack (io.gigaslack.runs.InputFile): one row per file, in the order they were
-- attached to a message (batch 'start' for the request that started the run, another name per follow-up), and how
-- far each got on its way to the computer's Desktop. Only names, sizes and ids: the bytes are never stored here.
-- Times are epoch milliseconds. Runs on H2 (default mode) and PostgreSQL alike.
CREATE TABLE input_files (
    run_id         VARCHAR(64)   NOT NULL,
    batch          VARCHAR(64)   NOT NULL,
    position       INTEGER       NOT NULL,
    slack_file_id  VARCHAR(64)   NOT NULL,
    slack_name     VARCHAR(400),
    desktop_name   VARCHAR(400),
    size_bytes     BIGINT        NOT NULL,
    mime_type      VARCHAR(255),
    state          VARCHAR(16)   NOT NULL,
    reason         VARCHAR(1000),
    storage_path   VARCHAR(2000),
    giga_file_id   VARCHAR(200),
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL,
    PRIMARY KEY (run_id, batch, position)
);
