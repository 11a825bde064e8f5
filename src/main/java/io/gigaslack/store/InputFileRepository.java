package io.gigaslack.store;

import io.gigaslack.runs.InputFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The files people gave runs' agents ({@link InputFile}), by run, batch (one message) and position. A row is written
 * when the request is recorded and updated by the job that moves the file; the bytes are never stored.
 */
public final class InputFileRepository {
    private static final String COLUMNS = "run_id, batch, position, slack_file_id, slack_name, desktop_name, size_bytes,"
            + " mime_type, state, reason, storage_path, giga_file_id";
    static final int MAX_NAME = 400;
    static final int MAX_REASON = 1000;

    private final Jdbc jdbc;

    public InputFileRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a file in the caller's transaction. */
    public void insert(Tx tx, InputFile f, Instant now) {
        tx.update("INSERT INTO input_files (" + COLUMNS + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?)", f.runId(), f.batch(), f.position(), f.slackFileId(), cut(f.slackName(), MAX_NAME),
                cut(f.desktopName(), MAX_NAME), f.size(), cut(f.mimeType(), 255), f.state(), cut(f.reason(), MAX_REASON),
                f.storagePath(), f.gigaFileId(), now, now);
    }

    /** Writes what is known about the file now (all but its key and Slack's facts). */
    public void update(InputFile f, Instant now) {
        jdbc.useTransaction(tx -> update(tx, f, now));
    }

    public void update(Tx tx, InputFile f, Instant now) {
        int n = tx.update("UPDATE input_files SET desktop_name = ?, size_bytes = ?, mime_type = ?, state = ?, reason = ?,"
                + " storage_path = ?, giga_file_id = ?, updated_at = ? WHERE run_id = ? AND batch = ? AND position = ?",
                cut(f.desktopName(), MAX_NAME), f.size(), cut(f.mimeType(), 255), f.state(), cut(f.reason(), MAX_REASON),
                f.storagePath(), f.gigaFileId(), now, f.runId(), f.batch(), f.position());
        if (n != 1) {
            throw new StoreException("no input file " + f.runId() + "/" + f.batch() + "/" + f.position());
        }
    }

    public Optional<InputFile> find(String runId, String batch, int position) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM input_files WHERE run_id = ? AND batch = ? AND position = ?",
                InputFileRepository::map, runId, batch, position);
    }

    /** The files of one message, in the order they were attached. */
    public List<InputFile> batch(String runId, String batch) {
        return jdbc.query("SELECT " + COLUMNS + " FROM input_files WHERE run_id = ? AND batch = ? ORDER BY position",
                InputFileRepository::map, runId, batch);
    }

    public List<InputFile> batch(Tx tx, String runId, String batch) {
        return tx.query("SELECT " + COLUMNS + " FROM input_files WHERE run_id = ? AND batch = ? ORDER BY position",
                InputFileRepository::map, runId, batch);
    }

    /** Every file of a run, batch by batch (in the order the batches were recorded), each in attachment order. */
    public List<InputFile> ofRun(String runId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM input_files WHERE run_id = ? ORDER BY created_at, batch, position",
                InputFileRepository::map, runId);
    }

    private static InputFile map(ResultSet rs) throws SQLException {
        return new InputFile(rs.getString("run_id"), rs.getString("batch"), rs.getInt("position"),
                rs.getString("slack_file_id"), rs.getString("slack_name"), rs.getString("desktop_name"),
                rs.getLong("size_bytes"), rs.getString("mime_type"), InputFile.State.valueOf(rs.getString("state")),
                rs.getString("reason"), rs.getString("storage_path"), rs.getString("giga_file_id"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
