package io.gigaslack.slack;

import java.util.Optional;

/**
 * Socket Mode could not be started: Slack refused the app-level token (with its error code, e.g.
 * {@code invalid_auth}), or the connection failed, with a message that says how (the host does not resolve, refused
 * the connection, did not answer).
 */
public final class SocketModeException extends RuntimeException {
    private final String refusedError;

    private SocketModeException(String message, String refusedError) {
        super(message);
        this.refusedError = refusedError;
    }

    static SocketModeException refused(String error) {
        return new SocketModeException("Slack refused the app-level token (" + error + ")", error);
    }

    static SocketModeException failed(String why) {
        return new SocketModeException("Socket Mode could not connect: " + why, null);
    }

    /** Slack's error code when it refused the app-level token; empty when the connection failed. */
    public Optional<String> refusedError() {
        return Optional.ofNullable(refusedError);
    }
}
