package io.gigaslack.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.AgentProgress;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code run_progress} table: what the app has seen of an agent's steps (written by the Giga side when it reads
 * the session) and what it has shown of them in Slack (written by the Slack side after each call Slack accepted), one
 * row per run. The two sides write different columns, so neither undoes the other's write.
 */
public final class ProgressRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COLUMNS = List.of("run_id", "steps", "shown", "answer_shown", "updated_at");

    /** Where the progress message is: streamed, or one message edited in place. */
    public enum Mode {
        STREAM("stream"), MESSAGE("message");

        private final String stored;

        Mode(String stored) {
            this.stored = stored;
        }

        static Mode of(String s) {
            for (Mode m : values()) {
                if (m.stored.equals(s)) {
                    return m;
                }
            }
            return null;
        }
    }

    /**
     * A run's row.
     *
     * @param seen the steps as last read (merged)
     * @param shown how far each step was when last shown in Slack
     * @param answerShown whether the message was finished with the answer
     * @param messageTs the progress message's ts, or null before it exists
     * @param mode how it is shown, or null before it exists
     * @param sessionStatus the agent session status last set, or null
     */
    public record Row(AgentProgress seen, Map<String, AgentProgress.State> shown, boolean answerShown,
            String messageTs, String messageChannel, Mode mode, String sessionStatus) {
        public static final Row EMPTY = new Row(AgentProgress.NONE, Map.of(), false, null, null, null, null);

        public Row {
            shown = Map.copyOf(shown);
        }
    }

    private final Jdbc jdbc;

    public ProgressRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The run's row, or {@link Row#EMPTY} when nothing was recorded yet. */
    public Row find(String runId) {
        return jdbc.queryOne("SELECT steps, shown, answer_shown, message_ts, message_channel, mode, session_status "
                + "FROM run_progress WHERE run_id = ?", rs -> new Row(decodeSteps(rs.getString(1)),
                decodeShown(rs.getString(2)), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                Mode.of(rs.getString(6)), rs.getString(7)), runId).orElse(Row.EMPTY);
    }

    /**
     * Merges a read of the agent's steps into what was seen, in the caller's transaction (the row locked meanwhile);
     * true when that changed anything.
     */
    public boolean recordSeen(Tx tx, String runId, List<AgentProgress.Step> read, Instant now) {
        ensureRow(tx, runId, now);
        AgentProgress before = tx.queryOne("SELECT steps FROM run_progress WHERE run_id = ? FOR UPDATE",
                rs -> decodeSteps(rs.getString(1)), runId).orElse(AgentProgress.NONE);
        AgentProgress after = before.merged(read);
        if (after.equals(before)) {
            return false;
        }
        tx.update("UPDATE run_progress SET steps = ?, updated_at = ? WHERE run_id = ?", encodeSteps(after), now,
                runId);
        return true;
    }

    /**
     * Records a follow-up sent to the agent as a step of its progress (in the caller's transaction), and opens the
     * progress again if it was finished with the agent's answer: what the agent does next is shown after it.
     */
    public void recordFollowUp(Tx tx, String runId, AgentProgress.Step followUp, Instant now) {
        recordSeen(tx, runId, List.of(followUp), now);
        tx.update("UPDATE run_progress SET answer_shown = FALSE, updated_at = ? WHERE run_id = ?", now, runId);
    }

    /** Records what Slack now shows: how far each step, whether the answer, and where the message is. */
    public void recordShown(String runId, Map<String, AgentProgress.State> shown, boolean answerShown,
            String messageTs, String messageChannel, Mode mode, Instant now) {
        jdbc.useTransaction(tx -> {
            ensureRow(tx, runId, now);
            tx.update("UPDATE run_progress SET shown = ?, answer_shown = ?, message_ts = ?, message_channel = ?, "
                    + "mode = ?, updated_at = ? WHERE run_id = ?", encodeShown(shown), answerShown, messageTs,
                    messageChannel, mode == null ? null : mode.stored, now, runId);
        });
    }

    /** Records the agent session status last set for the run. */
    public void recordSessionStatus(String runId, String status, Instant now) {
        jdbc.useTransaction(tx -> {
            ensureRow(tx, runId, now);
            tx.update("UPDATE run_progress SET session_status = ?, updated_at = ? WHERE run_id = ?", status, now,
                    runId);
        });
    }

    private static void ensureRow(Tx tx, String runId, Instant now) {
        Dialect dialect = tx.dialect();
        String sql = dialect.insertIfAbsent("run_progress", COLUMNS, "run_id");
        try {
            tx.withSavepoint(() -> tx.updateRaw(sql, runId, "[]", "{}", false, now));
        } catch (SQLException e) {
            if (!dialect.isLostInsertRace(e)) {
                throw new StoreException("Storing the progress of run " + runId + " failed: " + e.getMessage(), e);
            }
        }
    }

    static String encodeSteps(AgentProgress progress) {
        ArrayNode a = JSON.createArrayNode();
        for (AgentProgress.Step s : progress.steps()) {
            ObjectNode o = a.addObject().put("k", s.key()).put("t", s.title()).put("s", s.state().name());
            if (s.detail() != null) {
                o.put("d", s.detail());
            }
        }
        return a.toString();
    }

    static AgentProgress decodeSteps(String json) {
        List<AgentProgress.Step> steps = new ArrayList<>();
        for (JsonNode o : read(json)) {
            try {
                steps.add(new AgentProgress.Step(o.path("k").asText(), o.path("t").asText(""),
                        AgentProgress.State.valueOf(o.path("s").asText()), o.hasNonNull("d") ? o.get("d").asText() : null));
            } catch (IllegalArgumentException e) {
                // a state this version does not know: leave the step out rather than fail the run's progress
            }
        }
        return new AgentProgress(steps);
    }

    private static String encodeShown(Map<String, AgentProgress.State> shown) {
        ObjectNode o = JSON.createObjectNode();
        shown.forEach((k, v) -> o.put(k, v.name()));
        return o.toString();
    }

    private static Map<String, AgentProgress.State> decodeShown(String json) {
        Map<String, AgentProgress.State> out = new LinkedHashMap<>();
        read(json).fields().forEachRemaining(e -> {
            try {
                out.put(e.getKey(), AgentProgress.State.valueOf(e.getValue().asText()));
            } catch (IllegalArgumentException ignored) {
                // unknown state: shown as nothing, so it is shown again
            }
        });
        return out;
    }

    private static JsonNode read(String json) {
        try {
            JsonNode n = json == null ? null : JSON.readTree(json);
            return n == null ? JSON.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}
