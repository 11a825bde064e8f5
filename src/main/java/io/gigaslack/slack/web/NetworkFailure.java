package io.gigaslack.slack.web;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says in one line, with what to check, why Slack's host could not be talked to: its name does not resolve, it
 * refused the connection, it did not answer in time, TLS failed. For start-up messages, which must name the problem
 * rather than show a stack trace.
 */
public final class NetworkFailure {
    private NetworkFailure() {}

    /** "host" or "host:port" of {@code url} (the port only when the URL gives one). */
    public static String hostOf(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                return url;
            }
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** Why talking to {@code host} failed with {@code failure} (or one of its causes), and what to check. */
    public static String describe(Throwable failure, String host) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "cannot resolve Slack's host " + host + ": check DNS / network";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                // OkHttp wraps the socket's "Connection refused" in a ConnectException of its own.
                String why = innermost(t);
                return (why.toLowerCase(Locale.ROOT).contains("refused")
                        ? "connection to Slack's host " + host + " refused"
                        : "cannot connect to Slack's host " + host + " (" + why + ")")
                        + ": check the network, firewall or proxy";
            }
            if (t instanceof InterruptedIOException) {
                // SocketTimeoutException, and OkHttp's call timeout ("timeout").
                return "no answer from Slack's host " + host + " in time: check the network, firewall or proxy";
            }
            if (t instanceof SSLException) {
                return "TLS with Slack's host " + host + " failed (" + message(t) + "): check for a proxy that"
                        + " intercepts TLS, or the JVM's trusted certificates";
            }
        }
        return "cannot reach Slack's host " + host + " (" + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + message(failure)) + ")";
    }

    /** The message of the deepest cause that has one. */
    private static String innermost(Throwable t) {
        String found = message(t);
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null) {
                found = message(c);
            }
        }
        return found;
    }

    /** The message on one line. */
    private static String message(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("[\\r\\n]+", " ").strip();
    }
}
