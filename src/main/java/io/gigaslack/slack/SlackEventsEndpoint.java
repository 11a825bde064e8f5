package io.gigaslack.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import io.gigaslack.http.HttpCall;
import io.gigaslack.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.gigaslack.store.StoreException;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * {@code POST /slack/events}: commands, interactivity and events. Refuses bodies over 1 MiB (413)
 * before reading them whole, checks Slack's signature over the raw bytes (401), then hands the
 * request, decoded as UTF-8 whatever the platform charset, to Bolt.
 */
public final class SlackEventsEndpoint implements Route {
    private static final Logger log = LoggerFactory.getLogger(SlackEventsEndpoint.class);
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final App app;
    private final SlackSignatureVerifier verifier;
    private final SlackRequestParser parser;
    private final BiConsumer<String, Duration> ackTimes;

    /** {@code ackTimes} is told each acknowledged request's kind and how long it took (metrics). */
    public SlackEventsEndpoint(App app, SlackSignatureVerifier verifier,
            BiConsumer<String, Duration> ackTimes) {
        this.app = app;
        this.verifier = verifier;
        this.parser = new SlackRequestParser(app.config());
        this.ackTimes = ackTimes;
    }

    @Override
    public void handle(HttpCall call) throws Exception {
        long started = System.nanoTime();
        byte[] body = call.body(MAX_BODY_BYTES);
        SlackSignatureVerifier.Outcome outcome = verifier.verify(call.header(SlackSignatureVerifier.TIMESTAMP_HEADER),
                call.header(SlackSignatureVerifier.SIGNATURE_HEADER), body);
        if (outcome != SlackSignatureVerifier.Outcome.VALID) {
            log.warn("refused a Slack request from {}: {}", call.remoteAddress(), outcome.description());
            call.respond(401, "text/plain; charset=utf-8", "invalid request signature\n");
            return;
        }
        Map<String, List<String>> headers = new HashMap<>(call.headers());
        Request<?> request;
        try {
            request = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(call.path())
                    .queryString(call.queryParameters())
                    .headers(new RequestHeaders(headers))
                    .requestBody(new String(body, StandardCharsets.UTF_8))
                    .remoteAddress(call.remoteAddress())
                    .build());
        } catch (RuntimeException e) {
            // A signed but malformed payload (Bolt's parser throws on odd JSON): refuse it plainly.
            log.warn("refused a malformed Slack request: {}", e.getClass().getSimpleName());
            request = null;
        }
        if (request == null) {
            call.respond(400, "text/plain; charset=utf-8", "unrecognised Slack request\n");
            return;
        }
        Response response;
        try {
            response = app.run(request);
        } catch (StoreException e) {
            log.error("database unavailable while handling a Slack request: {}", e.toString());
            call.respond(503, "text/plain; charset=utf-8", "temporarily unavailable\n");
            return;
        } catch (Exception e) {
            // A payload missing a field our listeners read: no effect, and no 500 for Slack to show.
            log.warn("refused a Slack request that could not be handled: {}", e.toString());
            call.respond(400, "text/plain; charset=utf-8", "could not handle this request\n");
            return;
        }
        ackTimes.accept(kind(request), Duration.ofNanos(System.nanoTime() - started));
        Map<String, String> out = new HashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    out.put(k, v.get(0));
                }
            });
        }
        String responseBody = response.getBody() == null ? "" : response.getBody();
        call.respond(response.getStatusCode() == null ? 200 : response.getStatusCode(),
                response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType(),
                responseBody.getBytes(StandardCharsets.UTF_8), out);
    }

    /** The metrics label for a request: command, action, view_submission, shortcut, event or other. */
    static String kind(Request<?> request) {
        switch (request.getRequestType()) {
            case Command:
                return "command";
            case BlockAction:
            case AttachmentAction:
            case DialogSubmission:
            case BlockSuggestion:
                return "action";
            case ViewSubmission:
            case ViewClosed:
                return "view_submission";
            case MessageShortcut:
            case GlobalShortcut:
                return "shortcut";
            case Event:
                return "event";
            default:
                return "other";
        }
    }
}
