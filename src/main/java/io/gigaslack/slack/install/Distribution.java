package io.gigaslack.slack.install;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import io.gigaslack.http.Route;
import io.gigaslack.store.OAuthStates;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.store.WorkspaceSecrets;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Distributed mode as one piece: the app installs into any workspace or Enterprise Grid org through Slack's OAuth v2
 * flow ({@code GET /slack/install}, then Slack's redirect to the redirect URL), keeps each installation in the
 * database, and Bolt finds each request's bot token there ({@link #configure}, {@link #attach}). The rest of the
 * front-end asks {@link #botTokens()} for a workspace's token.
 */
public final class Distribution {
    public static final String INSTALL_PATH = "/slack/install";
    /** The redirect path when the redirect URL is derived from the public URL. */
    public static final String REDIRECT_PATH = "/slack/oauth_redirect";

    /**
     * The OAuth settings.
     *
     * @param scopes the bot scopes asked for, comma-separated (the manifest's)
     * @param redirectUrl where Slack sends the browser back: one of the app's redirect URLs in its Slack settings
     * @param apiUrl the Web API base ({@code SLACK_API_URL})
     * @param timeout how long one Web API call may take
     */
    public record Settings(String clientId, String clientSecret, String scopes, String redirectUrl, String apiUrl,
            Duration timeout) {
        public Settings {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(scopes, "scopes");
            Objects.requireNonNull(redirectUrl, "redirectUrl");
        }

        /** The install page's URL: the redirect URL's origin and {@link #INSTALL_PATH}. */
        public String installUrl() {
            return installUrlOf(redirectUrl);
        }

        /** The install page's URL for the redirect URL {@code redirectUrl}. */
        public static String installUrlOf(String redirectUrl) {
            URI u = URI.create(redirectUrl);
            return u.getScheme() + "://" + u.getRawAuthority() + INSTALL_PATH;
        }

        /** The path the redirect comes back to. */
        public String redirectPath() {
            String p = URI.create(redirectUrl).getRawPath();
            return p == null || p.isEmpty() ? "/" : p;
        }

        @Override
        public String toString() {
            return "Settings[client " + clientId + ", scopes " + scopes + ", redirect " + redirectUrl + "]";
        }
    }

    private final Settings settings;
    private final InstalledBotTokens tokens;
    private final DatabaseInstallationService installationService;
    private final DatabaseOAuthStateService stateService;
    private final Map<String, Route> routes;

    private Distribution(Settings settings, InstalledBotTokens tokens, DatabaseInstallationService installationService,
            DatabaseOAuthStateService stateService, Map<String, Route> routes) {
        this.settings = settings;
        this.tokens = tokens;
        this.installationService = installationService;
        this.stateService = stateService;
        this.routes = routes;
    }

    /** Everything distributed mode needs, over the given tables; {@code http} is the process's one client. */
    public static Distribution create(Settings settings, SlackInstallations installations, OAuthStates states,
            WorkspaceSecrets secrets, OkHttpClient http, Clock clock, SecureRandom random) {
        SlackOAuthClient oauth = new SlackOAuthClient(settings.apiUrl(), http, settings.clientId(),
                settings.clientSecret());
        // A refresh holds its claim for longer than its call to Slack may take.
        InstalledBotTokens tokens = new InstalledBotTokens(installations, oauth, clock,
                settings.timeout().plusSeconds(10));
        DatabaseInstallationService installationService = new DatabaseInstallationService(installations, tokens,
                secrets, clock, settings.installUrl());
        DatabaseOAuthStateService stateService = new DatabaseOAuthStateService(states, clock, random);
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("GET " + INSTALL_PATH, new InstallEndpoint(stateService, settings));
        routes.put("GET " + settings.redirectPath(),
                new RedirectEndpoint(stateService, oauth, installationService, settings, clock));
        return new Distribution(settings, tokens, installationService, stateService, Map.copyOf(routes));
    }

    /** Each workspace's bot token, refreshed when it expires soon. */
    public BotTokens botTokens() {
        return tokens;
    }

    /** {@code GET /slack/install} and {@code GET} of the redirect path, to serve beside {@code POST /slack/events}. */
    public Map<String, Route> routes() {
        return routes;
    }

    /**
     * Bolt's configuration for a distributed app: the client id and secret (so that Bolt authorizes each request with
     * the installation of its workspace), the scopes and redirect URL, and the {@code auth.test} of each token
     * remembered for a while rather than asked on every request. No single-team token.
     */
    public AppConfig.AppConfigBuilder configure(AppConfig.AppConfigBuilder b) {
        return b.singleTeamBotToken(null)
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                .scope(settings.scopes())
                .userScope("")
                .redirectUri(settings.redirectUrl())
                .authTestCacheEnabled(true);
    }

    /**
     * Gives Bolt's app our installation and state stores. Its own OAuth endpoints stay off ({@link #routes()} serve
     * the flow, with the state used up atomically and our clock).
     */
    public void attach(App app) {
        app.service(installationService);
        app.service(stateService);
        app.asOAuthApp(false);
    }
}
