package io.gigaslack.vnc;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What may be said about a VNC URL in messages and logs. Stream URLs carry their credentials in the query string,
 * and perhaps in the path or user info, so only scheme, host and port are ever shown, and exceptions from the JDK
 * (whose messages may quote the URL) are kept as causes only when none of those parts appears in them.
 */
final class SafeUrl {
    private SafeUrl() {
    }

    /** {@code scheme://host:port}, nothing else. */
    static String describe(URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost();
        return uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** {@code cause} if no message in its chain mentions a secret part of {@code uri}, else null. */
    static Throwable safeCause(Throwable cause, URI uri) {
        return mentionsSecret(cause, uri) ? null : cause;
    }

    /** "ConnectException: Connection refused", without the message when it would reveal a secret. */
    static String summary(Throwable cause, URI uri) {
        String name = cause.getClass().getSimpleName();
        String message = cause.getMessage();
        if (message == null || message.isBlank() || mentionsSecret(cause, uri)) {
            return name;
        }
        // Our own IOExceptions say everything in their message; the JDK's need their class to make sense.
        return cause.getClass() == IOException.class ? ServerText.clean(message) : name + ": " + ServerText.clean(message);
    }

    private static boolean mentionsSecret(Throwable cause, URI uri) {
        List<String> secrets = secrets(uri);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = cause; t != null && seen.add(t); t = t.getCause()) {
            if (mentions(t, secrets)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (mentions(s, secrets)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mentions(Throwable t, List<String> secrets) {
        String text = String.valueOf(t.getMessage());
        return secrets.stream().anyMatch(text::contains);
    }

    private static List<String> secrets(URI uri) {
        List<String> secrets = new ArrayList<>();
        for (String part : new String[] {uri.getRawQuery(), uri.getQuery(), uri.getRawUserInfo(), uri.getUserInfo(),
                uri.getRawFragment(), uri.getFragment()}) {
            if (part != null && !part.isEmpty()) {
                secrets.add(part);
            }
        }
        for (String path : new String[] {uri.getRawPath(), uri.getPath()}) {
            if (path != null && path.length() > 1) {
                secrets.add(path);
            }
        }
        return secrets;
    }
}
