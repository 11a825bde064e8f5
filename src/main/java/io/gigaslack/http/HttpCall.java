package io.gigaslack.http;

import java.util.List;
import java.util.Map;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request as the app's endpoints see it, independent of Jetty. The body is read lazily
 * and with a size cap, so an oversized request is refused before it is held in memory.
 */
public interface HttpCall {
    String method();

    String path();

    /** First value of a query parameter, or null. */
    String query(String name);

    Map<String, List<String>> queryParameters();

    /** First value of a header (case-insensitive), or null. */
    String header(String name);

    Map<String, List<String>> headers();

    String remoteAddress();

    /**
     * The raw body, at most {@code maxBytes}; throws {@link BodyTooLargeException} beyond that
     * (the declared Content-Length is checked before anything is read).
     */
    byte[] body(int maxBytes) throws IOException;

    void respond(int status, String contentType, byte[] body, Map<String, String> headers);

    default void respond(int status, String contentType, String body) {
        respond(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Thrown by {@link #body(int)} when a body is over the endpoint's limit. */
    final class BodyTooLargeException extends IOException {
        public BodyTooLargeException(int limit) {
            super("request body over " + limit + " bytes");
        }
    }
}
