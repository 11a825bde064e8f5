package io.gigaslack.slack.web;

import java.util.Set;

/**
 * What Slack said about a token when asked at start-up ({@code auth.test} for the bot token,
 * {@code apps.connections.open} for the app-level one): accepted, refused with Slack's error code, or not known
 * because Slack could not be reached (or answered with something that says nothing about the token).
 */
public sealed interface TokenCheck permits TokenCheck.Valid, TokenCheck.Refused, TokenCheck.Unreachable {

    /**
     * Slack's error codes that mean the token itself is no good: wrong or mistyped ({@code invalid_auth},
     * {@code not_authed}), of the wrong kind ({@code not_allowed_token_type}), no longer valid
     * ({@code account_inactive}, {@code token_revoked}, {@code token_expired}), or, for an app-level token, without
     * the {@code connections:write} scope ({@code missing_scope}).
     */
    Set<String> REFUSING_ERRORS = Set.of("invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive",
            "token_revoked", "token_expired", "missing_scope");

    /** Slack accepted the token; for the bot token, with the workspace's and the bot user's ids (else null). */
    record Valid(String teamId, String userId) implements TokenCheck {}

    /** Slack refused the token with {@code error}, one of {@link #REFUSING_ERRORS}. */
    record Refused(String error) implements TokenCheck {}

    /** Nothing is known about the token: {@code reason} says in a few words why (no newline, no stack trace). */
    record Unreachable(String reason) implements TokenCheck {}
}
