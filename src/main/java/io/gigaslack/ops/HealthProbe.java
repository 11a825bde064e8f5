package io.gigaslack.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * The container health check: {@code java -cp /app/giga-slack.jar io.gigaslack.ops.HealthProbe} GETs
 * {@code http://127.0.0.1:${PORT:-3000}/healthz} and exits 0 on HTTP 200, 1 otherwise (no answer within a
 * second, another status, a bad {@code PORT}), so the image needs no curl. Uses only the JDK: it starts fast
 * and does not initialise logging. An optional argument replaces the URL.
 */
public final class HealthProbe {

    /** Connect and read timeout each. */
    public static final Duration TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_PORT = 3000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("PORT")));
    }

    /**
     * Everything {@link #main} does but exit: the exit code for {@code args} and the value of {@code PORT}.
     * Prints one line to stderr when unhealthy.
     */
    static int run(String[] args, String portEnv) {
        URI uri;
        try {
            uri = args.length > 0 ? URI.create(args[0]) : healthUrl(portEnv);
        } catch (IllegalArgumentException e) {
            System.err.println("unhealthy: " + e.getMessage());
            return 1;
        }
        return probe(uri, TIMEOUT);
    }

    /** {@code http://127.0.0.1:<port>/healthz}; {@code portEnv} null or blank means {@value #DEFAULT_PORT}. */
    static URI healthUrl(String portEnv) {
        int port = DEFAULT_PORT;
        if (portEnv != null && !portEnv.isBlank()) {
            try {
                port = Integer.parseInt(portEnv.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("PORT is not a port number: " + portEnv);
            }
        }
        return URI.create("http://127.0.0.1:" + port + "/healthz");
    }

    /** 0 if a GET of {@code uri} answers 200 within {@code timeout} (connect and read each), else 1. */
    public static int probe(URI uri, Duration timeout) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("Connection", "close");
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readNBytes(4096);
                }
            }
            if (status == 200) {
                return 0;
            }
            System.err.println("unhealthy: " + uri + " answered HTTP " + status);
            return 1;
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            System.err.println("unhealthy: " + uri + ": " + e);
            return 1;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
