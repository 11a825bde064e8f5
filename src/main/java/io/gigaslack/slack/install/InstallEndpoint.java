package io.gigaslack.slack.install;

import io.gigaslack.http.HttpCall;
import io.gigaslack.http.Route;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /slack/install}: the "Add to Slack" page. Each visit issues a fresh state (stored, valid for
 * {@link DatabaseOAuthStateService#TTL}), sets it as a cookie of this browser, and links to Slack's authorize page
 * with it, the client id, the bot scopes and the redirect URL.
 */
final class InstallEndpoint implements Route {
    /** Slack's authorize page for OAuth v2 (not under the Web API base). */
    static final String AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize";

    private final DatabaseOAuthStateService states;
    private final Distribution.Settings settings;

    InstallEndpoint(DatabaseOAuthStateService states, Distribution.Settings settings) {
        this.states = states;
        this.settings = settings;
    }

    @Override
    public void handle(HttpCall call) {
        String state = states.issue();
        String url = AUTHORIZE_URL + "?client_id=" + encode(settings.clientId()) + "&scope=" + encode(settings.scopes())
                + "&user_scope=&state=" + encode(state) + "&redirect_uri=" + encode(settings.redirectUrl());
        call.respond(200, "text/html; charset=utf-8", InstallPages.addToSlack(url).getBytes(StandardCharsets.UTF_8),
                Map.of("Set-Cookie", StateCookie.set(state, settings.redirectUrl()),
                        "Cache-Control", "no-store",
                        "Content-Security-Policy", InstallPages.CSP));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
