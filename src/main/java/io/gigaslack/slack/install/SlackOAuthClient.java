package io.gigaslack.slack.install;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import com.slack.api.util.http.SlackHttpClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * The Web API calls of installing and token rotation: {@code oauth.v2.access} (a code for tokens, a refresh token for
 * a new token) and {@code auth.test} (the bot's id), at the configured Web API base ({@code SLACK_API_URL}).
 *
 * <p>Its SDK instance has none of the SDK's response listeners: with {@code com.slack.api} at DEBUG the SDK's detailed
 * logging prints request and response bodies, the OAuth code among them, and of an {@code oauth.v2.access} answer it
 * hides only the first access token and the first refresh token, so the installer's user token would reach the log
 * too (SecretsNeverLeakTest turns that logging on).
 */
final class SlackOAuthClient {
    private final MethodsClient methods;
    private final String clientId;
    private final String clientSecret;

    SlackOAuthClient(String apiUrl, OkHttpClient http, String clientId, String clientSecret) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl);
        config.setHttpClientResponseHandlers(new ArrayList<>());
        config.setPrettyResponseLoggingEnabled(false);
        config.setFailOnUnknownProperties(false);
        config.setStatsEnabled(false);
        config.getSCIM2Config().setStatsEnabled(false);
        config.getSCIM2Config().getMetricsDatastore().setStatsEnabled(false);
        this.methods = Slack.getInstance(config, new SlackHttpClient(http)).methods();
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    }

    /** {@code oauth.v2.access} with the code Slack gave the redirect; the client id and secret go as Basic auth. */
    OAuthV2AccessResponse exchange(String code, String redirectUri) {
        return call("oauth.v2.access", () -> methods.oauthV2Access(r -> r.clientId(clientId).clientSecret(clientSecret)
                .code(code).redirectUri(redirectUri)));
    }

    /** {@code oauth.v2.access} with {@code grant_type=refresh_token}: a new access token and refresh token. */
    OAuthV2AccessResponse refresh(String refreshToken) {
        return call("oauth.v2.access", () -> methods.oauthV2Access(r -> r.clientId(clientId).clientSecret(clientSecret)
                .grantType("refresh_token").refreshToken(refreshToken)));
    }

    /** {@code auth.test} with {@code token}. */
    AuthTestResponse authTest(String token) {
        return call("auth.test", () -> methods.authTest(r -> r.token(token)));
    }

    private interface Call<T> {
        T run() throws IOException, SlackApiException;
    }

    private static <T> T call(String method, Call<T> call) {
        try {
            return call.run();
        } catch (SlackApiException e) {
            throw new OAuthCallException(method + " answered HTTP " + e.getResponse().code());
        } catch (IOException e) {
            throw new OAuthCallException(method + " could not reach Slack (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Slack could not be asked, or answered with an HTTP error; the message says which (never a token). */
    static final class OAuthCallException extends RuntimeException {
        OAuthCallException(String message) {
            super(message);
        }
    }
}
