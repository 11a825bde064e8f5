package io.gigaslack.slack.install;

import com.slack.api.bolt.model.builtin.DefaultInstaller;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import io.gigaslack.http.HttpCall;
import io.gigaslack.http.Route;
import io.gigaslack.store.StoreException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /slack/oauth_redirect} (the path of the redirect URL): where Slack sends the browser back after someone
 * approved (or cancelled) the install. In order: the state must be this browser's (its cookie) and is used up at once,
 * whatever follows, so a state that was used, is unknown or has expired is refused, and of two redirects with one state
 * only one goes on; then the code is exchanged for tokens ({@code oauth.v2.access}, with the same redirect URL), the
 * bot's id is read ({@code auth.test}), and the installation is stored, its tokens encrypted. The browser gets a plain
 * page saying what happened; the log says it without any token or code.
 */
final class RedirectEndpoint implements Route {
    private static final Logger log = LoggerFactory.getLogger(RedirectEndpoint.class);

    private final DatabaseOAuthStateService states;
    private final SlackOAuthClient oauth;
    private final DatabaseInstallationService installations;
    private final Distribution.Settings settings;
    private final Clock clock;

    RedirectEndpoint(DatabaseOAuthStateService states, SlackOAuthClient oauth,
            DatabaseInstallationService installations, Distribution.Settings settings, Clock clock) {
        this.states = states;
        this.oauth = oauth;
        this.installations = installations;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void handle(HttpCall call) {
        String state = call.query("state");
        String error = plain(call.query("error"));
        if (state == null || state.isEmpty()) {
            refuse(call, 400, "no state", "This link is not a complete answer from Slack. Start from the install page.");
            return;
        }
        boolean sameBrowser = StateCookie.matches(StateCookie.read(call.header("Cookie")), state);
        boolean fresh;
        try {
            // Used up before anything else, also when it is refused below: every state is good for one answer only.
            fresh = states.consumeIfValid(state);
        } catch (StoreException e) {
            log.error("database unavailable during an install: {}", e.toString());
            refuse(call, 503, "database unavailable", "The app could not record the installation just now. Try again"
                    + " in a minute.");
            return;
        }
        if (error != null && !error.isEmpty()) {
            refuse(call, 200, "Slack said " + error, error.equals("access_denied")
                    ? "The installation was cancelled." : "Slack did not complete the installation (" + error + ").");
            return;
        }
        if (!sameBrowser) {
            refuse(call, 403, "state not of this browser", "This install was started in another browser, or too long"
                    + " ago. Start again in this browser.");
            return;
        }
        if (!fresh) {
            refuse(call, 403, "state used, unknown or expired", "This install link was already used or has expired"
                    + " (it is good for " + DatabaseOAuthStateService.TTL.toMinutes() + " minutes, once).");
            return;
        }
        String code = call.query("code");
        if (code == null || code.isEmpty()) {
            refuse(call, 400, "no code", "Slack's answer had no code. Start the installation again.");
            return;
        }
        OAuthV2AccessResponse r;
        try {
            r = oauth.exchange(code, settings.redirectUrl());
        } catch (SlackOAuthClient.OAuthCallException e) {
            refuse(call, 502, e.getMessage(), "Slack could not be reached to complete the installation. Try again.");
            return;
        }
        if (!r.isOk()) {
            refuse(call, 400, "oauth.v2.access: " + r.getError(), "Slack refused to complete the installation ("
                    + r.getError() + "). Start it again.");
            return;
        }
        if (r.getAccessToken() == null || r.getBotUserId() == null) {
            refuse(call, 400, "no bot token in oauth.v2.access", "Slack gave no bot token: the app must be installed"
                    + " with its bot scopes.");
            return;
        }
        DefaultInstaller installer = installer(r, clock.instant());
        try {
            installations.saveInstallerAndBot(installer);
        } catch (StoreException e) {
            log.error("could not store an installation: {}", e.toString());
            refuse(call, 503, "database unavailable", "The app could not record the installation just now. Start it"
                    + " again in a minute.");
            return;
        }
        boolean org = r.isEnterpriseInstall();
        String where = org ? nameOr(installer.getEnterpriseName(), "your organization") + " (every workspace of the"
                + " organization)" : nameOr(installer.getTeamName(), "your workspace");
        log.info("installed in {} {} ({}), enterprise {}, by {}{}", org ? "organization" : "workspace",
                org ? installer.getEnterpriseId() : installer.getTeamId(), installer.getTeamName(),
                installer.getEnterpriseId(), installer.getInstallerUserId(),
                installer.getBotRefreshToken() != null ? ", with token rotation" : "");
        String openSlack = "https://slack.com/app_redirect?app=" + encode(r.getAppId()) + "&team="
                + encode(org ? installer.getEnterpriseId() : installer.getTeamId());
        respond(call, 200, InstallPages.installed(where, openSlack));
    }

    /** Bolt's installer from Slack's answer, with times on our clock and the bot's id from {@code auth.test}. */
    private DefaultInstaller installer(OAuthV2AccessResponse r, Instant now) {
        DefaultInstaller.DefaultInstallerBuilder b = DefaultInstaller.builder()
                .appId(r.getAppId())
                .enterpriseId(r.getEnterprise() == null ? null : r.getEnterprise().getId())
                .enterpriseName(r.getEnterprise() == null ? null : r.getEnterprise().getName())
                .teamId(r.getTeam() == null ? null : r.getTeam().getId())
                .teamName(r.getTeam() == null ? null : r.getTeam().getName())
                .isEnterpriseInstall(r.isEnterpriseInstall())
                .tokenType(r.getTokenType())
                .scope(r.getScope())
                .botScope(r.getScope())
                .botUserId(r.getBotUserId())
                .botAccessToken(r.getAccessToken())
                .botRefreshToken(r.getRefreshToken())
                .botTokenExpiresAt(r.getExpiresIn() == null ? null : now.plusSeconds(r.getExpiresIn()).toEpochMilli())
                .installedAt(now.toEpochMilli());
        if (r.getAuthedUser() != null) {
            var u = r.getAuthedUser();
            b.installerUserId(u.getId())
                    .installerUserScope(u.getScope())
                    .installerUserAccessToken(u.getAccessToken())
                    .installerUserRefreshToken(u.getRefreshToken())
                    .installerUserTokenExpiresAt(u.getExpiresIn() == null ? null
                            : now.plusSeconds(u.getExpiresIn()).toEpochMilli());
        }
        try {
            AuthTestResponse auth = oauth.authTest(r.getAccessToken());
            if (auth.isOk()) {
                b.botId(auth.getBotId());
                if (r.isEnterpriseInstall()) {
                    b.enterpriseUrl(auth.getUrl());
                }
            } else {
                log.warn("auth.test with the new bot token failed ({}); the bot's id stays unknown", auth.getError());
            }
        } catch (SlackOAuthClient.OAuthCallException e) {
            log.warn("auth.test with the new bot token failed ({}); the bot's id stays unknown", e.getMessage());
        }
        return b.build();
    }

    private void refuse(HttpCall call, int status, String reason, String words) {
        log.warn("refused an install redirect from {}: {}", call.remoteAddress(), reason);
        respond(call, status, InstallPages.notInstalled(words, settings.installUrl()));
    }

    private void respond(HttpCall call, int status, String html) {
        call.respond(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of(
                "Set-Cookie", StateCookie.clear(settings.redirectUrl()),
                "Cache-Control", "no-store",
                "Content-Security-Policy", InstallPages.CSP));
    }

    /** A query value as it may go into a log line and a page: letters, digits, {@code _.-} only, at most 64. */
    private static String plain(String s) {
        if (s == null) {
            return null;
        }
        String p = s.replaceAll("[^A-Za-z0-9_.-]", "?");
        return p.length() > 64 ? p.substring(0, 64) : p;
    }

    private static String nameOr(String name, String otherwise) {
        return name == null || name.isBlank() ? otherwise : name;
    }

    private static String encode(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
