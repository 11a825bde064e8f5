package io.gigaslack.gigawork;

import com.fasterxml.jackson.databind.JsonNode;
import io.gigaslack.giga.Deployment;
import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.AgentRunStatus;
import io.gigaslack.giga.SessionThread;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.Signal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * What Giga's answers say about a run, as domain signals: the one reading of a deployment and of an agent's session,
 * shared by the Giga jobs and the reconciler (so neither calls the other).
 */
final class GigaReads {
    private GigaReads() {}

    /** What a Giga deployment says about the computer, as a signal. */
    static Signal.ComputerObserved observation(Deployment d) {
        Instant expires = null;
        JsonNode meta = d.metadata();
        if (meta != null) {
            for (String key : List.of("expiresAt", "sandboxExpiresAt", "expires_at")) {
                JsonNode v = meta.get(key);
                if (v != null && v.isTextual()) {
                    try {
                        expires = Instant.parse(v.asText());
                        break;
                    } catch (DateTimeParseException ignored) {
                        // not a timestamp we understand; keep what we knew
                    }
                }
            }
        }
        return new Signal.ComputerObserved(ComputerState.fromGigaStatus(d.status()), d.sandboxId().orElse(null),
                d.vncUrl().orElse(null), expires);
    }

    /**
     * The agent's outcome from its session, if the session says the run ended. A retryable Giga error is thrown (the
     * caller decides whether to retry); any other leaves the outcome unknown.
     */
    static Optional<Signal.AgentFinished> readSession(GigaClient giga, Run run) {
        return readSession(giga, run, ProgressReader.OFF);
    }

    /** As {@link #readSession(GigaClient, Run)}; what the session says of the agent's steps goes to {@code progress}. */
    static Optional<Signal.AgentFinished> readSession(GigaClient giga, Run run, ProgressReader progress) {
        if (run.threadId() == null) {
            return Optional.empty();
        }
        SessionThread thread;
        try {
            thread = giga.getSession(run.threadId());
        } catch (GigaApiException e) {
            if (e.retryable()) {
                throw e;
            }
            return Optional.empty();
        }
        progress.seen(run, thread);
        String answer = thread.finalAnswer().orElse(null);
        return thread.runStatus().flatMap(status -> AgentRunStatus.ending(status).map(ending ->
                ending == AgentRunStatus.Ending.SUCCEEDED
                        ? new Signal.AgentFinished(true, answer, null)
                        : new Signal.AgentFinished(false, answer,
                                "The agent's run ended as " + AgentRunStatus.normalize(status) + ".")));
    }
}
