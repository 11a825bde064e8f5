-- What a job has done so far that a later attempt must know, e.g. the id of a file uploaded to Slack but perhaps not
-- yet shared, so that a job taken over after a crash looks for that share instead of sharing the file twice.
-- Runs H2 (default mode) and PostgreSQL alike.
ALTER TABLE jobs ADD COLUMN progress VARCHAR(200);
