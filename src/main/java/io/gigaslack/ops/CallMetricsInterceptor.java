package io.gigaslack.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Counts each outgoing call of the shared OkHttp client into the Slack or Giga call counters of
 * {@link Metrics}. Labels are built only from the URL's host and path (never its query) and from a few bytes
 * of the response body read with {@link Response#peekBody}, so the caller still reads the whole body.
 */
final class CallMetricsInterceptor implements Interceptor {

    /** Bytes of a Slack response read to find {@code "ok"}; Slack writes it first. */
    static final long SLACK_PEEK_BYTES = 4096;
    /** Bytes of a Giga error response read to find its error code. */
    static final long GIGA_PEEK_BYTES = 4096;
    /** Templates longer than this many path segments are recorded as {@code other}. */
    static final int MAX_SEGMENTS = 8;

    /** The words of Giga API paths; any other segment is an id and becomes {@code {id}}. */
    static final Set<String> GIGA_PATH_WORDS = Set.of("api", "deployments", "start", "stop", "delete", "files",
            "sync", "pull", "sessions", "runs", "sandbox", "extend", "download", "presign", "record", "billing",
            "plans", "status", "messages", "threads", "upload");

    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Pattern SLACK_METHOD = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");
    private static final Pattern GIGA_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,47}");
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private final Metrics metrics;
    private final HttpUrl slackBase;
    private final HttpUrl gigaBase;

    CallMetricsInterceptor(Metrics metrics, HttpUrl slackBase, HttpUrl gigaBase) {
        this.metrics = metrics;
        this.slackBase = slackBase;
        this.gigaBase = gigaBase;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        Target target = classify(request.method(), url);
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException | RuntimeException e) {
            count(target, "network_error");
            throw e;
        }
        count(target, outcome(target, response));
        return response;
    }

    private void count(Target t, String outcome) {
        if (t.slack) {
            metrics.slackCalls.labelValues(t.label, outcome).inc();
        } else {
            metrics.gigaCalls.labelValues(t.label, outcome).inc();
        }
    }

    /** Which counter a request goes to, and its method or endpoint label. */
    record Target(boolean slack, boolean api, String label) {
    }

    Target classify(String method, HttpUrl url) {
        List<String> slackRest = under(slackBase, url);
        if (slackRest != null) {
            String name = slackRest.isEmpty() ? "" : slackRest.get(0);
            return new Target(true, true, SLACK_METHOD.matcher(name).matches() ? name : "other");
        }
        List<String> gigaRest = under(gigaBase, url);
        if (gigaRest != null) {
            return new Target(false, true, gigaEndpoint(method, gigaRest));
        }
        String host = url.host();
        if (host.equals("slack.com") || host.endsWith(".slack.com")) {
            String name = host.startsWith("hooks.") ? "response_url"
                    : host.startsWith("files.") ? ("GET".equals(method) ? "file_download" : "file_upload") : "other";
            return new Target(true, false, name);
        }
        return new Target(false, false, "presigned");
    }

    /** {@code "GET /api/sessions/{id}/runs/{id}"}: the method and the path below the base with ids replaced. */
    static String gigaEndpoint(String method, List<String> segments) {
        String m = HTTP_METHODS.contains(method) ? method : "OTHER";
        if (segments.size() > MAX_SEGMENTS) {
            return m + " other";
        }
        StringBuilder sb = new StringBuilder(m).append(' ');
        if (segments.isEmpty()) {
            sb.append('/');
        }
        for (String s : segments) {
            sb.append('/').append(GIGA_PATH_WORDS.contains(s) ? s : "{id}");
        }
        return sb.toString();
    }

    /**
     * The path segments of {@code url} below {@code base}, without empty ones; null if {@code url} is not
     * under {@code base} (other scheme, host, port or path).
     */
    static List<String> under(HttpUrl base, HttpUrl url) {
        if (!base.scheme().equals(url.scheme()) || !base.host().equalsIgnoreCase(url.host())
                || base.port() != url.port()) {
            return null;
        }
        List<String> prefix = base.pathSegments().stream().filter(s -> !s.isEmpty()).toList();
        List<String> path = url.pathSegments().stream().filter(s -> !s.isEmpty()).toList();
        if (path.size() < prefix.size() || !path.subList(0, prefix.size()).equals(prefix)) {
            return null;
        }
        return path.subList(prefix.size(), path.size());
    }

    private String outcome(Target t, Response r) {
        int status = r.code();
        if (t.slack) {
            if (status == 429) {
                return "rate_limited";
            }
            if (status >= 500) {
                return "http_5xx";
            }
            if (status >= 400) {
                return "http_4xx";
            }
            if (!t.api) {
                return "ok";
            }
            try {
                Boolean ok = slackOk(r.peekBody(SLACK_PEEK_BYTES).bytes());
                return Boolean.TRUE.equals(ok) ? "ok" : "error";
            } catch (IOException e) {
                return "network_error";
            }
        }
        if (status >= 400 && status < 500 && t.api) {
            String code = null;
            try {
                code = gigaErrorCode(r.peekBody(GIGA_PEEK_BYTES).bytes());
            } catch (IOException e) {
                // no code: fall back to the status below
            }
            if (code != null) {
                return code;
            }
            return status == 429 ? "RATE_LIMITED" : "4xx";
        }
        return (status / 100) + "xx";
    }

    /**
     * The top-level {@code "ok"} of a Slack response, read as a stream so that a body cut off after the peeked
     * bytes still gives its answer; null if absent or not JSON.
     */
    static Boolean slackOk(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) != null && t != JsonToken.END_OBJECT) {
                if (t == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if ("ok".equals(field)) {
                        return value == JsonToken.VALUE_TRUE ? Boolean.TRUE
                                : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                    }
                    p.skipChildren();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code error.code} (or a top-level {@code code}) of a Giga error body, if it looks like a code. */
    static String gigaErrorCode(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                return null;
            }
            JsonNode code = root.path("error").path("code");
            if (!code.isTextual()) {
                code = root.path("code");
            }
            return code.isTextual() && GIGA_CODE.matcher(code.asText()).matches() ? code.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
