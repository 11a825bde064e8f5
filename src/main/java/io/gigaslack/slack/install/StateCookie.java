package io.gigaslack.slack.install;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The OAuth state as a cookie of the browser that started the install (Bolt's cookie name), so that the redirect is
 * accepted only in that browser: a link with someone else's state is refused. {@code HttpOnly}, {@code SameSite=Lax}
 * (Slack's redirect back is a top-level navigation, which carries it), and {@code Secure} when the app is served over
 * https.
 */
final class StateCookie {
    static final String NAME = "slack-app-oauth-state";

    private StateCookie() {}

    static String set(String state, String redirectUrl) {
        return NAME + "=" + state + "; Path=/; Max-Age=" + DatabaseOAuthStateService.TTL.toSeconds()
                + "; HttpOnly; SameSite=Lax" + secure(redirectUrl);
    }

    static String clear(String redirectUrl) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + secure(redirectUrl);
    }

    /** The state in a {@code Cookie} header, or null. */
    static String read(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String part : cookieHeader.split(";")) {
            String p = part.strip();
            if (p.startsWith(NAME + "=")) {
                return p.substring(NAME.length() + 1);
            }
        }
        return null;
    }

    /** Whether the cookie's state is the redirect's, compared in constant time. */
    static boolean matches(String cookieState, String queryState) {
        return cookieState != null && queryState != null && MessageDigest.isEqual(
                cookieState.getBytes(StandardCharsets.UTF_8), queryState.getBytes(StandardCharsets.UTF_8));
    }

    private static String secure(String redirectUrl) {
        return redirectUrl != null && redirectUrl.startsWith("https://") ? "; Secure" : "";
    }
}
