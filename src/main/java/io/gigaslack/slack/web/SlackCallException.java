package io.gigaslack.slack.web;

import java.time.Duration;
import java.util.Set;

/**
 * A Slack Web API call that did not succeed: an HTTP failure, a rate limit, or an {@code ok:false}
 * answer with Slack's error code (e.g. {@code not_in_channel}).
 */
public final class SlackCallException extends RuntimeException {
    private static final Set<String> RETRYABLE_ERRORS = Set.of(
            "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");
    private static final Set<String> MAYBE_DONE_ERRORS = Set.of("internal_error", "fatal_error");

    private final String method;
    private final String error;
    private final int httpStatus;
    private final Duration retryAfter;

    public SlackCallException(String method, String error, int httpStatus, Duration retryAfter, Throwable cause) {
        super(method + " failed: " + error + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : ""), cause);
        this.method = method;
        this.error = error;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public String method() {
        return method;
    }

    /** Slack's error code, or a description of the transport failure. */
    public String error() {
        return error;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** From a 429's {@code Retry-After}, else null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether trying again later can help: rate limits, 5xx, network errors. */
    public boolean retryable() {
        return !notInstalled()
                && (httpStatus == 429 || httpStatus >= 500 || httpStatus == 0 || RETRYABLE_ERRORS.contains(error));
    }

    /**
     * Whether Slack may have carried the call out although it did not say so: no answer arrived (a network error or
     * timeout), or Slack answered 5xx / {@code internal_error}, after which its docs allow that part of the operation
     * succeeded. A 429 or any other {@code ok:false} answer means nothing was done.
     */
    public boolean outcomeUnknown() {
        return !notInstalled() && (httpStatus == 0 || httpStatus >= 500 || MAYBE_DONE_ERRORS.contains(error));
    }

    /** The error of a call for a workspace the app is not installed in (there is no token to send it with). */
    public static final String NOT_INSTALLED = "app_not_installed";

    /**
     * No call was made: the app has no bot token for {@code teamId} (never installed there, or removed). Not
     * retryable: nothing will ever reach that workspace again unless it installs the app anew.
     */
    public static SlackCallException notInstalled(String teamId) {
        return new SlackCallException("(workspace " + teamId + ")", NOT_INSTALLED, 0, null, null);
    }

    /** Whether the app has no token for the workspace (see {@link #notInstalled(String)}). */
    public boolean notInstalled() {
        return NOT_INSTALLED.equals(error);
    }

    public boolean notInChannel() {
        return "not_in_channel".equals(error) || "channel_not_found".equals(error);
    }
}
