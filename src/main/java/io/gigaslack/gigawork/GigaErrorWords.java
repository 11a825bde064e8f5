package io.gigaslack.gigawork;

import io.gigaslack.giga.GigaApiException;

/** Giga's errors in plain words for the person in Slack, with what they can do about it. One place. */
public final class GigaErrorWords {
    private GigaErrorWords() {}

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
                return "Giga is busy with too many requests right now; the app will keep trying.";
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

    private static String requestId(GigaApiException e) {
        return e.requestId() == null ? "" : ", request id " + e.requestId();
    }
}
