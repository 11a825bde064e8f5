package io.gigaslack.vnc;

/**
 * Why a frame could not be taken. The message is safe to log and to show: it names the server only by scheme, host
 * and port (never a path, query string or user info) and carries server-supplied text only after stripping control
 * characters.
 */
public final class VncException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that answer differently (e.g. "wrong password" vs "unreachable"). */
    public enum Kind {
        /** The URL's scheme is not ws, wss, vnc or tcp, or the URL is malformed. */
        UNSUPPORTED_URL,
        /** Could not connect, the WebSocket handshake was refused, or the connection broke or closed early. */
        CONNECTION,
        /** The whole grab did not finish within its timeout. */
        TIMEOUT,
        /** The server is not an RFB server, or sent something this client refuses (sizes, encodings, messages). */
        PROTOCOL,
        /** The server offers no security type this client can use (or needs a password none was given for). */
        UNSUPPORTED_SECURITY,
        /** The server refused the connection at the security step (wrong password, too many clients, ...). */
        AUTHENTICATION_FAILED,
        /** The grabbing thread was interrupted; its interrupt flag is set again. */
        INTERRUPTED
    }

    private final Kind kind;

    VncException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    VncException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
