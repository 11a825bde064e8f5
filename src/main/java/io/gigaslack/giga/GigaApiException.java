package io.gigaslack.giga;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A failed Giga call: an error response, an unreadable response, or a network fault.
 *
 * <p>{@link #status()} is the HTTP status, 0 when no response came. {@link #retryable()} follows the API's
 * error table (429 and 5xx yes, other 4xx no) plus network faults and timeouts. {@link #outcomeUnknown()} is
 * true when the request may have reached the server and done its work although no success came back (a
 * timeout or broken connection after sending, or a 5xx): repeating a create then risks a duplicate.
 * Nothing here ever contains the API key.
 */
public final class GigaApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    // Documented error codes (API reference §1).
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String INVALID_FIELD = "INVALID_FIELD";
    public static final String UNSUPPORTED_PLATFORM = "UNSUPPORTED_PLATFORM";
    public static final String UNAUTHORIZED = "UNAUTHORIZED";
    public static final String INVALID_API_KEY = "INVALID_API_KEY";
    public static final String INSUFFICIENT_CREDITS = "INSUFFICIENT_CREDITS";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String PLAN_LIMIT_EXCEEDED = "PLAN_LIMIT_EXCEEDED";
    public static final String RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String CONCURRENCY_LIMIT_EXCEEDED = "CONCURRENCY_LIMIT_EXCEEDED";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String SANDBOX_FAILED = "SANDBOX_FAILED";

    // Client-side codes.
    /** Connection refused/reset, DNS failure, broken stream: no usable response. */
    public static final String NETWORK_ERROR = "NETWORK_ERROR";
    /** Connect, read or call timeout. */
    public static final String TIMEOUT = "TIMEOUT";
    /** A 502 whose body was not the API's JSON error envelope (typically a proxy page). */
    public static final String BAD_GATEWAY = "BAD_GATEWAY";
    /** A 503 whose body was not the API's JSON error envelope. */
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    /** A 504 whose body was not the API's JSON error envelope. */
    public static final String GATEWAY_TIMEOUT = "GATEWAY_TIMEOUT";
    /** Prefix of the code of any other status without an error code: {@code HTTP_418}. */
    public static final String HTTP_PREFIX = "HTTP_";
    /** A 2xx whose body could not be understood (not JSON, or a required field missing). */
    public static final String INVALID_RESPONSE = "INVALID_RESPONSE";
    /** A 2xx body saying {@code "success": false} without an error code. */
    public static final String REQUEST_FAILED = "REQUEST_FAILED";
    /** A presigned download larger than the caller's cap. */
    public static final String RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";
    /** The calling thread was interrupted while waiting for a permit, a retry or the response. */
    public static final String INTERRUPTED = "INTERRUPTED";

    private static final Pattern KEY_PATTERN = Pattern.compile("giga_sk_[A-Za-z0-9_\\-]+");

    private final int status;
    private final String code;
    private final String detail;
    private final String hint;
    private final String requestId;
    private final Duration retryAfter;
    private final boolean outcomeUnknown;
    private final boolean errorPage;

    /**
     * @param status         HTTP status, 0 when no response came
     * @param code           error code (one of the constants, or what the server sent)
     * @param detail         human-readable message
     * @param hint           the server's hint, nullable
     * @param requestId      the server's request id, nullable
     * @param retryAfter     the server's {@code Retry-After}, nullable
     * @param outcomeUnknown true if the server may have done the work
     * @param cause          nullable
     */
    public GigaApiException(int status, String code, String detail, String hint, String requestId,
            Duration retryAfter, boolean outcomeUnknown, Throwable cause) {
        this(status, code, detail, hint, requestId, retryAfter, outcomeUnknown, false, cause);
    }

    /**
     * As the other constructor, with {@code errorPage}: the error response's body was something other than Giga's
     * JSON (an HTML page, typically from a proxy or load balancer in front of Giga).
     */
    public GigaApiException(int status, String code, String detail, String hint, String requestId,
            Duration retryAfter, boolean outcomeUnknown, boolean errorPage, Throwable cause) {
        super(scrub(detail), cause);
        this.errorPage = errorPage;
        this.status = status;
        this.code = code == null || code.isBlank() ? HTTP_PREFIX + status : scrub(code);
        this.detail = scrub(detail);
        this.hint = scrub(hint);
        this.requestId = scrub(requestId);
        this.retryAfter = retryAfter;
        this.outcomeUnknown = outcomeUnknown;
    }

    /** HTTP status, 0 for network errors and timeouts. */
    public int status() {
        return status;
    }

    /** Error code: a documented code such as {@link #RATE_LIMITED}, or a client-side one. */
    public String code() {
        return code;
    }

    /** The message alone (without code, status, hint or request id). */
    public String detail() {
        return detail;
    }

    /** The server's hint (e.g. the invalid field), or null. */
    public String hint() {
        return hint;
    }

    /** The server's request id (keep it for support), or null. */
    public String requestId() {
        return requestId;
    }

    /** The server's {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** True if the request may have been carried out although no success response was seen. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    /**
     * True when the error response carried a body that was not Giga's JSON (an HTML error page, typically from a
     * proxy or load balancer in front of Giga): its status is the proxy's, and its body is no use to a person.
     */
    public boolean errorPage() {
        return errorPage;
    }

    /** Whether trying again later may succeed: 408, 429, 5xx, network errors and timeouts. */
    public boolean retryable() {
        if (status == 0) {
            return NETWORK_ERROR.equals(code) || TIMEOUT.equals(code);
        }
        return status == 408 || status == 429 || (status >= 500 && status <= 599);
    }

    /** 429 {@code RATE_LIMITED}: the per-key request budget is exhausted. */
    public boolean isRateLimited() {
        return status == 429 && RATE_LIMITED.equals(code);
    }

    /** 429 {@code CONCURRENCY_LIMIT_EXCEEDED}: the plan's concurrent-agent cap is reached. */
    public boolean isConcurrencyLimited() {
        return CONCURRENCY_LIMIT_EXCEEDED.equals(code);
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        sb.append(code);
        if (status != 0) {
            sb.append(" (HTTP ").append(status).append(')');
        }
        sb.append(": ").append(detail);
        if (hint != null) {
            sb.append(" [hint: ").append(hint).append(']');
        }
        if (requestId != null) {
            sb.append(" [requestId: ").append(requestId).append(']');
        }
        if (retryAfter != null) {
            sb.append(" [retryAfter: ").append(retryAfter.toSeconds()).append("s]");
        }
        if (outcomeUnknown) {
            sb.append(" [outcome unknown]");
        }
        return sb.toString();
    }

    /**
     * The code of an error response without Giga's error envelope, which says no more than its status:
     * {@link #BAD_GATEWAY}, {@link #SERVICE_UNAVAILABLE}, {@link #GATEWAY_TIMEOUT} or {@code HTTP_<status>}.
     */
    public static String defaultCode(int status) {
        return switch (status) {
            case 502 -> BAD_GATEWAY;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> GATEWAY_TIMEOUT;
            default -> HTTP_PREFIX + status;
        };
    }

    /** Replaces anything shaped like a Giga secret key. */
    static String scrub(String text) {
        if (text == null) {
            return null;
        }
        return KEY_PATTERN.matcher(text).replaceAll("giga_sk_***");
    }
}
