package io.gigaslack.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.http.HttpCall;
import io.gigaslack.http.Route;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.DesktopPass;
import io.gigaslack.runs.Run;
import io.gigaslack.store.RunRepository;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop viewer, {@code /desktop/{run}}. {@code GET} answers the page, which holds no secret: the personal pass
 * travels in the link's fragment ({@code #…}), which browsers never send to a server, so it is in no request line, no
 * proxy log and no referrer. The page then {@code POST}s the pass to {@code /desktop/{run}/session}; only a valid,
 * unexpired pass for this run, whose computer runs, gets the desktop's address (never logged), in the response body.
 * Every refusal names its reason in plain words and carries no address.
 */
public final class ViewerEndpoint implements Route {
    private static final Logger log = LoggerFactory.getLogger(ViewerEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String PREFIX = "/desktop/";
    static final String SESSION = "/session";
    static final int MAX_BODY_BYTES = 4096;

    private final RunRepository runs;
    private final Supplier<byte[]> key;
    private final NoVnc noVnc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** {@code key} gives the key that signs passes (read once from the database, then kept). */
    public ViewerEndpoint(RunRepository runs, Supplier<byte[]> key, NoVnc noVnc, Clock clock) {
        this.runs = runs;
        this.key = key;
        this.noVnc = noVnc;
        this.clock = clock;
    }

    @Override
    public void handle(HttpCall call) throws Exception {
        String rest = call.path().substring(PREFIX.length());
        boolean session = rest.endsWith(SESSION);
        String runId = session ? rest.substring(0, rest.length() - SESSION.length()) : rest;
        if (!runId.matches("r_[a-z0-9]{1,32}")) {
            call.respond(404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        if (session && call.method().equals("POST")) {
            session(call, runId);
        } else if (!session && call.method().equals("GET")) {
            page(call);
        } else {
            call.respond(405, "text/plain; charset=utf-8", "method not allowed\n");
        }
    }

    private void page(HttpCall call) {
        byte[] nonceBytes = new byte[18];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getEncoder().encodeToString(nonceBytes);
        Map<String, String> headers = new LinkedHashMap<>(privateHeaders());
        headers.put("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "' "
                + noVnc.scriptOrigin() + "; style-src 'nonce-" + nonce + "'; connect-src 'self' ws: wss:; "
                + "img-src data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        call.respond(200, "text/html; charset=utf-8", ViewerHtml.page(noVnc, nonce).getBytes(StandardCharsets.UTF_8),
                headers);
    }

    private void session(HttpCall call, String runId) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(call.body(MAX_BODY_BYTES));
        } catch (HttpCall.BodyTooLargeException e) {
            throw e;
        } catch (Exception e) {
            body = null;
        }
        String token = body == null ? null : body.path("pass").asText(null);
        DesktopPass.Checked checked = DesktopPass.verify(token, key.get(), clock.instant());
        if (checked.verdict() == DesktopPass.Verdict.FORGED || !checked.pass().runId().equals(runId)) {
            log.warn("refused a desktop link for run {}: forged or altered", runId);
            refuse(call, 403, "forged", "This link is not valid",
                    "It was changed, or it was not made by this app. Press Open desktop on the run's card again for"
                            + " a new link of your own.");
            return;
        }
        if (checked.verdict() == DesktopPass.Verdict.EXPIRED) {
            refuse(call, 410, "expired", "This link has expired",
                    "Desktop links last a few minutes. Press Open desktop on the run's card again for a new one.");
            return;
        }
        Optional<Run> found = runs.findById(runId);
        if (found.isEmpty()) {
            refuse(call, 404, "unknown", "This run does not exist any more", "It may have been deleted.");
            return;
        }
        Run run = found.get();
        if (run.computer().hasEnded()) {
            refuse(call, 410, "ended", "The computer is not running any more",
                    "Run " + run.id() + " has ended, so there is no desktop to show.");
            return;
        }
        if (run.computer() != ComputerState.RUNNING || run.vncUrl() == null || run.vncUrl().isBlank()) {
            refuse(call, 409, "not_ready", "The desktop is not ready yet",
                    "The computer is still starting. Try again in a minute.");
            return;
        }
        DesktopPass pass = checked.pass();
        ObjectNode out = JSON.createObjectNode()
                .put("run", run.id())
                .put("name", run.label())
                .put("status", ViewerHtml.statusWords(run))
                .put("viewOnly", pass.mode() == DesktopPass.Mode.VIEW)
                .put("vncUrl", run.vncUrl().strip())
                .put("linkExpiresAt", pass.expiresAt().toString());
        // When the app stops the computer (as the card says), not the end of Giga's 15-minute sandbox, which the app
        // moves on ahead of time.
        out.put("computerStopsAt", run.keepsComputerUntil().toString());
        log.info("desktop of run {} opened by {} ({})", run.id(), pass.userId(),
                pass.mode() == DesktopPass.Mode.VIEW ? "view only" : "control");
        call.respond(200, "application/json", JSON.writeValueAsBytes(out), privateHeaders());
    }

    private void refuse(HttpCall call, int status, String reason, String title, String text) throws Exception {
        ObjectNode out = JSON.createObjectNode().put("refused", reason).put("title", title).put("text", text);
        call.respond(status, "application/json", JSON.writeValueAsBytes(out), privateHeaders());
    }

    /** Nothing of these answers may be cached, framed or sent on as a referrer. */
    static Map<String, String> privateHeaders() {
        return Map.of("Cache-Control", "no-store", "Pragma", "no-cache", "Referrer-Policy", "no-referrer",
                "X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY");
    }
}
