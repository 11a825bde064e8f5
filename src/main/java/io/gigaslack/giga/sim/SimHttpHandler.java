package io.gigaslack.giga.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's HTTP front: records the request (with the key it presented), applies HTTP faults, checks the API
 * key and that key's rate limit, hands the request to the {@link ApiRoutes} of the key's account and writes the answer
 * (possibly later, or never).
 */
final class SimHttpHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(SimHttpHandler.class);

    /** The routes of each account, by its key; the first also serves the public blob and upload URLs. */
    private final Map<String, ApiRoutes> routes;
    private final ApiRoutes publicRoutes;
    private final Faults faults;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Consumer<RecordedRequest> recorder;
    private final String fallbackBaseUrl;

    SimHttpHandler(Map<String, ApiRoutes> routes, Faults faults, RateLimiter rateLimiter, Clock clock,
                   ScheduledExecutorService scheduler, Consumer<RecordedRequest> recorder, String fallbackBaseUrl) {
        this.routes = Map.copyOf(routes);
        this.publicRoutes = routes.values().iterator().next();
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
        this.scheduler = scheduler;
        this.recorder = recorder;
        this.fallbackBaseUrl = fallbackBaseUrl;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getHttpURI().getDecodedPath();
        String rawQuery = request.getHttpURI().getQuery();
        byte[] body = Request.asInputStream(request).readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (!name.equals("authorization")) {
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(field.getValue());
            }
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        recorder.accept(new RecordedRequest(clock.instant(), method, path, rawQuery == null ? "" : rawQuery,
                new String(body, StandardCharsets.UTF_8), Map.copyOf(headers), presentedKey(authorization)));

        Map<String, String> query = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        fields.forEach(f -> query.put(f.getName(), f.getValue()));
        String host = request.getHeaders().get(HttpHeader.HOST);
        String baseUrl = host == null ? fallbackBaseUrl : "http://" + host;
        String requestId = UUID.randomUUID().toString();
        Exchange exchange = new Exchange(method, path, query, body, baseUrl, authorization, requestId);

        FaultRule fault = faults.match(method, path).orElse(null);
        if (fault == null) {
            write(response, callback, process(exchange), requestId);
            return true;
        }
        LOG.debug("fault {} on {} {}", fault.kind(), method, path);
        long delayMillis = fault.delay().toMillis();
        switch (fault.kind()) {
            case ERROR:
                write(response, callback, faultError(fault, requestId), requestId);
                break;
            case HTML:
                write(response, callback, SimResponse.html(fault.status()), requestId);
                break;
            case DELAY:
                scheduler.schedule(() -> write(response, callback, process(exchange), requestId), delayMillis,
                        TimeUnit.MILLISECONDS);
                break;
            case STALL_AFTER_ACTION: {
                SimResponse answer = process(exchange);
                scheduler.schedule(() -> write(response, callback, answer, requestId), delayMillis,
                        TimeUnit.MILLISECONDS);
                break;
            }
            case DROP_AFTER_ACTION:
                process(exchange);
                drop(request, callback);
                break;
            default:
                drop(request, callback);
                break;
        }
        return true;
    }

    private record Exchange(String method, String path, Map<String, String> query, byte[] body, String baseUrl,
                            String authorization, String requestId) {
    }

    private SimResponse process(Exchange x) {
        try {
            RateLimiter.Decision decision = null;
            ApiRoutes account = publicRoutes;
            if (!ApiRoutes.isPublic(x.path)) {
                String key = checkAuth(x.authorization);
                account = routes.get(key);
                if (rateLimiter.enabled()) {
                    decision = rateLimiter.acquire(key);
                    if (!decision.allowed()) {
                        return SimResponse.error(429, "RATE_LIMITED",
                                "Too many requests: " + rateLimiter.perMinute() + " per minute per key",
                                "Retry after the Retry-After seconds", x.requestId)
                                .withHeader("Retry-After", Long.toString(decision.retryAfterSeconds()))
                                .withHeader("X-RateLimit-Remaining", "0");
                    }
                }
            }
            SimResponse answer = account.handle(x.method, x.path, x.query, x.body, x.baseUrl);
            if (decision != null) {
                answer.withHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
            }
            return answer;
        } catch (ApiException e) {
            return SimResponse.error(e.status, e.code, e.getMessage(), e.hint, x.requestId);
        } catch (RuntimeException e) {
            LOG.warn("giga-sim internal error on {} {}", x.method, x.path, e);
            return SimResponse.error(500, "INTERNAL_ERROR", "Internal error in the simulator: " + e, null,
                    x.requestId);
        }
    }

    /** The accepted key the request presented; 401 otherwise. */
    private String checkAuth(String authorization) {
        String key = presentedKey(authorization);
        if (key == null) {
            throw new ApiException(401, "UNAUTHORIZED", "Missing or invalid authorization token",
                    "Send Authorization: Bearer giga_sk_...");
        }
        if (!routes.containsKey(key)) {
            throw new ApiException(401, "INVALID_API_KEY", "Invalid or revoked API key", null);
        }
        return key;
    }

    private static String presentedKey(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static SimResponse faultError(FaultRule fault, String requestId) {
        SimResponse r = SimResponse.error(fault.status(), fault.code(), "Simulated fault: " + fault.code(), null,
                requestId);
        if (fault.retryAfterSeconds() != null) {
            r.withHeader("Retry-After", Integer.toString(fault.retryAfterSeconds()));
        }
        if (fault.rateLimitRemaining() != null) {
            r.withHeader("X-RateLimit-Remaining", Integer.toString(fault.rateLimitRemaining()));
        }
        return r;
    }

    private static void write(Response response, Callback callback, SimResponse answer, String requestId) {
        try {
            response.setStatus(answer.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            response.getHeaders().put("X-Request-Id", requestId);
            answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    private static void drop(Request request, Callback callback) {
        // Close first: completing the exchange then writes nothing to the closed socket (and logs nothing).
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.succeeded();
    }
}
