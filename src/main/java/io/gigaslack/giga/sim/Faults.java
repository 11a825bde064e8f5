package io.gigaslack.giga.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fault injection for a running {@link GigaSimulator}; thread-safe, rules can be added at any time.
 *
 * <p>HTTP faults are matched by method ({@code "*"} = any) and a path regex matched against the whole path
 * (no query string); the first rule with uses left wins:
 * <pre>{@code
 * faults.on("POST", "/api/deployments/start").times(2).respond(500, "SANDBOX_FAILED");
 * faults.on("*", "/api/.*").retryAfter(Duration.ofSeconds(2)).respond(429, "RATE_LIMITED");
 * faults.on("POST", "/api/deployments/start").stallAfterAction(Duration.ofSeconds(5));
 * }</pre>
 * Callback faults apply to the next callbacks, optionally only those of one event:
 * {@code faults.dropCallbacks("run.completed", 1)}.
 */
public final class Faults {

    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final List<CallbackFault> callbackFaults = new CopyOnWriteArrayList<>();

    /** Starts a rule for requests with this method ({@code "*"} for any) and whole-path regex. */
    public Match on(String method, String pathRegex) {
        return new Match(Objects.requireNonNull(method), Objects.requireNonNull(pathRegex));
    }

    /** Drops the next {@code times} callbacks of any event. */
    public CallbackFault dropCallbacks(int times) {
        return dropCallbacks(null, times);
    }

    public CallbackFault dropCallbacks(String event, int times) {
        return addCallbackFault(new CallbackFault(event, CallbackFault.Kind.DROP, times, Duration.ZERO));
    }

    /** Delivers each of the next {@code times} callbacks twice, the two copies concurrently. */
    public CallbackFault duplicateCallbacks(int times) {
        return duplicateCallbacks(null, times);
    }

    public CallbackFault duplicateCallbacks(String event, int times) {
        return addCallbackFault(new CallbackFault(event, CallbackFault.Kind.DUPLICATE, times, Duration.ZERO));
    }

    /** Holds back the next callback of this event (null = any) and sends it right after the one that follows it. */
    public CallbackFault holdBackCallback(String event) {
        return addCallbackFault(new CallbackFault(event, CallbackFault.Kind.HOLD_BACK, 1, Duration.ZERO));
    }

    /** Delays each of the next {@code times} callbacks by {@code delay}. */
    public CallbackFault delayCallbacks(int times, Duration delay) {
        return delayCallbacks(null, times, delay);
    }

    public CallbackFault delayCallbacks(String event, int times, Duration delay) {
        return addCallbackFault(new CallbackFault(event, CallbackFault.Kind.DELAY, times, delay));
    }

    /** Removes every HTTP and callback fault. */
    public void clear() {
        rules.clear();
        callbackFaults.clear();
    }

    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    Optional<FaultRule> match(String method, String path) {
        for (FaultRule rule : rules) {
            if (rule.tryConsume(method, path)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    Optional<CallbackFault> matchCallback(String event) {
        for (CallbackFault fault : callbackFaults) {
            if (fault.tryConsume(event)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    private CallbackFault addCallbackFault(CallbackFault fault) {
        callbackFaults.add(fault);
        return fault;
    }

    private FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    /** A rule being built: set {@link #times(int)} and headers, then pick what happens. */
    public final class Match {
        private final String method;
        private final String pathRegex;
        private int times = 1;
        private Integer retryAfterSeconds;
        private Integer rateLimitRemaining;

        private Match(String method, String pathRegex) {
            this.method = method;
            this.pathRegex = pathRegex;
        }

        /** How many matching requests the rule applies to (default 1). */
        public Match times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be >= 1");
            }
            this.times = n;
            return this;
        }

        /** Adds {@code Retry-After: seconds} to error responses. */
        public Match retryAfter(Duration retryAfter) {
            this.retryAfterSeconds = Math.toIntExact(retryAfter.toSeconds());
            return this;
        }

        /** Adds {@code X-RateLimit-Remaining} to error responses. */
        public Match rateLimitRemaining(int remaining) {
            this.rateLimitRemaining = remaining;
            return this;
        }

        /** Answers {@code status} with the error envelope and {@code code}; nothing is done. */
        public FaultRule respond(int status, String code) {
            return add(new FaultRule(method, pathRegex, times, FaultRule.Kind.ERROR, status, code, Duration.ZERO,
                    retryAfterSeconds, rateLimitRemaining));
        }

        /** 429 RATE_LIMITED with Retry-After and {@code X-RateLimit-Remaining: 0}. */
        public FaultRule rateLimited(Duration retryAfter) {
            retryAfter(retryAfter);
            if (rateLimitRemaining == null) {
                rateLimitRemaining = 0;
            }
            return respond(429, "RATE_LIMITED");
        }

        /** Answers {@code status} with an HTML page (not JSON), like a proxy's 502. */
        public FaultRule html(int status) {
            return add(new FaultRule(method, pathRegex, times, FaultRule.Kind.HTML, status, null, Duration.ZERO,
                    retryAfterSeconds, rateLimitRemaining));
        }

        /** Waits, then handles the request normally. */
        public FaultRule delay(Duration delay) {
            return add(new FaultRule(method, pathRegex, times, FaultRule.Kind.DELAY, 0, null, delay, null, null));
        }

        /** Performs the action at once, but sends the response only after {@code stall}. */
        public FaultRule stallAfterAction(Duration stall) {
            return add(new FaultRule(method, pathRegex, times, FaultRule.Kind.STALL_AFTER_ACTION, 0, null, stall,
                    null, null));
        }

        /** Closes the connection without an answer; nothing is done. */
        public FaultRule dropConnection() {
            return add(new FaultRule(method, pathRegex, times, FaultRule.Kind.DROP, 0, null, Duration.ZERO, null,
                    null));
        }

        /** Performs the action, then closes the connection without an answer. */
        public FaultRule dropAfterAction() {
            return add(new FaultRule(method, pathRegex, times, FaultRule.Kind.DROP_AFTER_ACTION, 0, null,
                    Duration.ZERO, null, null));
        }
    }
}
