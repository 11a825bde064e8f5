package io.gigaslack.gigawork;

import io.gigaslack.giga.GigaApiException;
import io.gigaslack.runs.StartTries;
import java.time.Duration;

/** Giga's errors in plain words for the person in Slack, with what they can do about it. One place. */
public final class GigaErrorWords {
    /** Longest error code of Giga's quoted; a longer one is not a code worth showing a person. */
    private static final int MAX_CODE_CHARS = 40;

    /**
     * Why a run of a workspace without a Giga account of its own cannot start (never connected, or its key was
     * removed): what the card says, and what to do.
     */
    public static final String NO_ACCOUNT = "This workspace has not connected a Giga account: an admin can connect one"
            + " in the app's Home tab.";

    private GigaErrorWords() {}

    /**
     * What Giga answered, as a clause the card puts a time after ("Giga answered 503 Service Unavailable at 14:02"):
     * the status and its name, what a 429 means, an error page described rather than quoted, or that no answer came.
     */
    public static String answer(GigaApiException e) {
        if (e.status() == 0) {
            return switch (e.code()) {
                case GigaApiException.TIMEOUT -> "Giga did not answer in time";
                case GigaApiException.INTERRUPTED -> "The app was stopped while it waited for Giga";
                default -> e.outcomeUnknown() ? "The connection to Giga broke before it answered"
                        : "Giga could not be reached";
            };
        }
        String status = e.status() + statusName(e.status());
        if (e.errorPage()) {
            return "Giga's address answered " + status + " with an error page (from a proxy in front of Giga, not"
                    + " from Giga itself)";
        }
        if (e.isRateLimited()) {
            return "Giga answered " + status + " (the app sent more requests than Giga takes from it in a minute)";
        }
        if (e.isConcurrencyLimited()) {
            return "Giga answered " + status + " (the plan's limit of computers running at once is reached)";
        }
        String code = e.code();
        boolean telling = code != null && !code.equals(GigaApiException.defaultCode(e.status()))
                && !code.startsWith(GigaApiException.HTTP_PREFIX) && code.length() <= MAX_CODE_CHARS
                && code.matches("[A-Z0-9_]+");
        return "Giga answered " + status + (telling ? " (" + code + ")" : "");
    }

    /**
     * Why a start ended after Giga turned away every allowed request: how many, over how long, what Giga answered the
     * last time, and that the app has stopped trying (it does not try again by itself).
     */
    public static String gaveUp(StartTries tries, Duration over, boolean retryButton) {
        String span = over.toSeconds() < 60 ? "under a minute" : Math.round(over.toSeconds() / 60.0) + " min";
        String last = tries.answer() == null ? "" : " The last time, " + lowerFirst(tries.answer()) + ".";
        return "The app tried " + tries.requests() + " times in " + span + " to start the computer and has"
                + " stopped trying." + last + (retryButton ? " Press Retry to try again in a few minutes."
                        : " Start it again in a few minutes.");
    }

    public static String explain(GigaApiException e) {
        String code = e.code() == null ? "" : e.code();
        switch (code) {
            case GigaApiException.INSUFFICIENT_CREDITS:
                return "Giga says the account does not have enough credits for this. Ask an admin to top up"
                        + " the Giga balance (Giga dashboard → Billing), then press Retry.";
            case GigaApiException.CONCURRENCY_LIMIT_EXCEEDED:
                return "The Giga plan's limit of computers running at once is reached. Stop a run you no longer"
                        + " need (`/giga list`), or wait for one to finish, then press Retry.";
            case GigaApiException.PLAN_LIMIT_EXCEEDED:
                return "The Giga plan does not allow this (for example this many hours or this platform)."
                        + " Try fewer hours or another platform, or ask an admin to upgrade the plan.";
            case GigaApiException.UNSUPPORTED_PLATFORM:
                return "Giga does not offer this platform. Pick another one with `--platform`.";
            case GigaApiException.INVALID_FIELD:
            case GigaApiException.INVALID_REQUEST:
                return "Giga refused the request as invalid" + (e.hint() == null ? "" : " (" + redact(e.hint()) + ")") + ".";
            case GigaApiException.UNAUTHORIZED:
            case GigaApiException.INVALID_API_KEY:
            case GigaApiException.FORBIDDEN:
                return "Giga refused the app's API key. An admin needs to check GIGA_API_KEY.";
            case GigaApiException.RESOURCE_NOT_FOUND:
                return "Giga no longer knows this computer; it may have been deleted.";
            case GigaApiException.RATE_LIMITED:
                return "Giga is taking no more requests from the app for now (too many in the last minute)."
                        + " Try again in a minute.";
            case GigaApiException.SANDBOX_FAILED:
                return "Giga could not prepare the computer (sandbox failed)" + requestId(e) + ". Press Retry.";
            default:
                return "Giga did not answer as expected (" + (code.isEmpty() ? "HTTP " + e.status() : code) + ")"
                        + requestId(e) + ". Press Retry in a moment.";
        }
    }

    /** Removes URL tokens (a callback URL echoed back by Giga carries one) from text about to be shown or logged. */
    public static String redact(String text) {
        return text == null ? null : text.replaceAll("(?i)(token=)[^&\\s\"']+", "$1…");
    }

    /** The name of an HTTP status, after a space; empty for one without a common name. */
    static String statusName(int status) {
        return switch (status) {
            case 408 -> " Request Timeout";
            case 429 -> " Too Many Requests";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
    }

    private static String lowerFirst(String clause) {
        // "Giga answered …" stays as it is; "The app was stopped …" reads on after "The last time, ".
        return clause.startsWith("The ") ? "t" + clause.substring(1) : clause;
    }

    private static String requestId(GigaApiException e) {
        return e.requestId() == null ? "" : ", request id " + e.requestId();
    }
}
