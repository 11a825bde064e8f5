package io.gigaslack.callback;

import io.gigaslack.service.RunJob.CallbackHint;
import io.gigaslack.service.RunService;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.http.HttpCall;
import io.gigaslack.http.Route;
import io.gigaslack.runs.CallbackTokens;
import io.gigaslack.runs.Run;
import io.gigaslack.store.RunRepository;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /giga/callback/{runId}?token=…}: Giga's webhook. Giga documents no payload and no
 * signature, so the per-run token in the URL is the authentication and the body is only a hint:
 * the endpoint checks size, JSON and token, records a refresh job and answers 202 at once; the job
 * re-reads Giga and acts on what Giga says. Repeats and reordering are harmless.
 */
public final class CallbackEndpoint implements Route {
    private static final Logger log = LoggerFactory.getLogger(CallbackEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final String PREFIX = "/giga/callback/";

    private final RunRepository runs;
    private final RunService requests;
    private final Consumer<String> outcomes;

    /** {@code outcomes} is told accepted, rejected_token, malformed or too_large for each delivery (metrics). */
    public CallbackEndpoint(RunRepository runs, RunService requests, Consumer<String> outcomes) {
        this.runs = runs;
        this.requests = requests;
        this.outcomes = outcomes;
    }

    @Override
    public void handle(HttpCall call) throws Exception {
        String runId = call.path().substring(PREFIX.length());
        byte[] body;
        try {
            body = call.body(MAX_BODY_BYTES);
        } catch (HttpCall.BodyTooLargeException e) {
            outcomes.accept("too_large");
            throw e;
        }
        JsonNode json;
        try {
            json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            outcomes.accept("malformed");
            call.respond(400, "text/plain; charset=utf-8", "malformed JSON\n");
            return;
        }
        if (json == null || !json.isObject()) {
            outcomes.accept("malformed");
            call.respond(400, "text/plain; charset=utf-8", "expected a JSON object\n");
            return;
        }
        Optional<Run> run = runId.isEmpty() || runId.length() > 64 ? Optional.empty() : runs.findById(runId);
        // Same answer for an unknown run and a wrong token, so the endpoint tells a prober nothing.
        if (run.isEmpty() || !CallbackTokens.matches(call.query("token"), run.get().callbackTokenHash())) {
            log.warn("refused a callback for run {}: unknown run or wrong token", printable(runId));
            outcomes.accept("rejected_token");
            call.respond(404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        outcomes.accept("accepted");
        requests.callbackReceived(runId, hint(json));
        call.respond(202, "application/json", "{\"ok\":true}");
    }

    /** A caller-supplied id made safe for one log line. */
    private static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return t.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    /** Completed, failed or none, read leniently from fields such as event, status, state. */
    static CallbackHint hint(JsonNode body) {
        for (String field : List.of("event", "status", "state", "type", "runStatus")) {
            JsonNode v = body.get(field);
            if (v == null || !v.isTextual()) {
                continue;
            }
            String s = v.asText().toLowerCase(Locale.ROOT);
            if (s.contains("complete") || s.contains("succeed") || s.equals("success") || s.endsWith(".done")) {
                return CallbackHint.COMPLETED;
            }
            if (s.contains("fail") || s.contains("error") || s.contains("crash")) {
                return CallbackHint.FAILED;
            }
        }
        return CallbackHint.NONE;
    }
}
