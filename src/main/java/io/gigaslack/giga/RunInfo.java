package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Result of {@code GET /api/sessions/{threadId}/runs/{runId}}.
 *
 * @param id          run id
 * @param status      open string, see {@link AgentRunStatus}; nullable
 * @param isCompleted the server's terminal flag (false when absent)
 * @param isErrored   the server's error flag (false when absent)
 * @param metadata    {@code sandboxId, vncUrl, sandboxStatus}; an empty object if absent
 */
public record RunInfo(String id, String status, boolean isCompleted, boolean isErrored, JsonNode metadata) {

    /** True once the run does nothing more: the server's flags or a terminal status. */
    public boolean isFinished() {
        return isCompleted || isErrored || AgentRunStatus.isTerminal(status);
    }

    public Optional<String> sandboxId() {
        return Optional.ofNullable(Json.text(metadata, "sandboxId"));
    }

    public Optional<String> vncUrl() {
        return Optional.ofNullable(Json.text(metadata, "vncUrl"));
    }

    /** See {@link SandboxStatus}. */
    public Optional<String> sandboxStatus() {
        return Optional.ofNullable(Json.text(metadata, "sandboxStatus"));
    }

    static RunInfo fromJson(JsonNode node, String requestedRunId) {
        JsonNode run = Json.member(node, "run");
        String id = Json.text(run, "id", "runId");
        return new RunInfo(id == null ? requestedRunId : id, Json.text(run, "status"),
                Boolean.TRUE.equals(Json.bool(run, "isCompleted")), Boolean.TRUE.equals(Json.bool(run, "isErrored")),
                Json.objectOrEmpty(run, "metadata"));
    }
}
