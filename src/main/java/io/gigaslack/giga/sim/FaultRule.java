package io.gigaslack.giga.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One installed HTTP fault: applies to the next {@link #remaining()} requests whose method and path match.
 * Created through {@link Faults#on(String, String)}.
 */
public final class FaultRule {

    /** What happens to a matching request. */
    public enum Kind {
        /** Answer with {@code status} and the error envelope carrying {@code code}, without doing anything. */
        ERROR,
        /** Answer with {@code status} and a non-JSON HTML page, as a proxy would. */
        HTML,
        /** Wait {@code delay}, then handle the request normally. */
        DELAY,
        /** Handle the request (the action really happens), then hold the response back for {@code delay}. */
        STALL_AFTER_ACTION,
        /** Close the connection without answering; nothing happens. */
        DROP,
        /** Handle the request (the action really happens), then close the connection without answering. */
        DROP_AFTER_ACTION
    }

    private final String method;
    private final Pattern path;
    private final Kind kind;
    private final int status;
    private final String code;
    private final Duration delay;
    private final Integer retryAfterSeconds;
    private final Integer rateLimitRemaining;
    private final AtomicInteger remaining;
    private final AtomicInteger hits = new AtomicInteger();

    FaultRule(String method, String pathRegex, int times, Kind kind, int status, String code, Duration delay,
              Integer retryAfterSeconds, Integer rateLimitRemaining) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = Pattern.compile(pathRegex);
        this.remaining = new AtomicInteger(times);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.delay = delay;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rateLimitRemaining = rateLimitRemaining;
    }

    /** Consumes one use if this rule matches the request and has uses left. */
    boolean tryConsume(String requestMethod, String requestPath) {
        if (!("*".equals(method) || method.equalsIgnoreCase(requestMethod)) || !path.matcher(requestPath).matches()) {
            return false;
        }
        int left = remaining.getAndUpdate(n -> n > 0 ? n - 1 : n);
        if (left <= 0) {
            return false;
        }
        hits.incrementAndGet();
        return true;
    }

    public String method() { return method; }
    public String pathRegex() { return path.pattern(); }
    public Kind kind() { return kind; }
    public int status() { return status; }
    public String code() { return code; }
    public Duration delay() { return delay; }
    public Integer retryAfterSeconds() { return retryAfterSeconds; }
    public Integer rateLimitRemaining() { return rateLimitRemaining; }
    /** Uses left. */
    public int remaining() { return remaining.get(); }
    /** Requests this rule has been applied to. */
    public int hits() { return hits.get(); }

    @Override
    public String toString() {
        return kind + " " + method + " " + path.pattern() + " (" + remaining + " left)";
    }
}
