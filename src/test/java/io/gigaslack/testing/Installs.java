package io.gigaslack.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app in distributed mode (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, no SLACK_BOT_TOKEN) and installing it as a
 * person would in a browser: the install page (its state and cookie), Slack's authorize page (the fake Slack's
 * {@link FakeSlack#approve}), and the redirect back with the code, the state and the cookie.
 */
public final class Installs {
    public static final String CLIENT_ID = "1111.2222";
    public static final String CLIENT_SECRET = "test-client-secret-0f1e2d3c4b5a";
    public static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString(key(7));
    public static final String NEW_ENCRYPTION_KEY = Base64.getEncoder().encodeToString(key(8));
    private static final Pattern AUTHORIZE = Pattern.compile("href=\"(https://slack\\.com/oauth/v2/authorize\\?[^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Installs() {}

    static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    /** The settings of distributed mode, over {@link TestApp#env}'s: no bot token, the OAuth app, a key. */
    public static Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", "");
        env.put("SLACK_CLIENT_ID", CLIENT_ID);
        env.put("SLACK_CLIENT_SECRET", CLIENT_SECRET);
        env.put("GIGA_SLACK_ENCRYPTION_KEY", ENCRYPTION_KEY);
        env.putAll(more);
        return env;
    }

    /** The app in distributed mode; the fake Slack knows its client id and secret. */
    public static TestApp start(Map<String, String> more) {
        return start(more, null);
    }

    /** As {@link #start(Map)}, on {@code clock} (a clock the test moves), or on real time when it is null. */
    public static TestApp start(Map<String, String> more, Clock clock) {
        return TestApp.startWith(oauthApp(), sim -> { }, env(more), clock);
    }

    /** Prepares a fake Slack for the app's OAuth credentials. */
    public static Consumer<FakeSlack> oauthApp() {
        return slack -> slack.oauthApp(CLIENT_ID, CLIENT_SECRET);
    }

    /** What the install page gave the browser: the page, the state in its link, the cookie, the redirect URL. */
    public record Started(HttpResponse<String> page, String state, String cookie, String redirectUri) {}

    /** Opens {@code GET /slack/install} at {@code baseUrl}. */
    public static Started begin(String baseUrl) {
        HttpResponse<String> page = get(baseUrl + "/slack/install", Map.of());
        assertThat(page.statusCode()).as("install page").isEqualTo(200);
        Matcher m = AUTHORIZE.matcher(page.body());
        assertThat(m.find()).as("the install page links to Slack's authorize page: " + page.body()).isTrue();
        Map<String, String> query = query(m.group(1).replace("&amp;", "&"));
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new Started(page, query.get("state"), cookie, query.get("redirect_uri"));
    }

    /** Slack's redirect back to the app, in the browser that started (with its cookie). */
    public static HttpResponse<String> redirect(Started s, String query) {
        return get(s.redirectUri() + "?" + query, Map.of("Cookie", s.cookie()));
    }

    /** The whole install of {@code grant} through the app at {@code baseUrl}; the redirect's answer. */
    public static HttpResponse<String> install(String baseUrl, FakeSlack slack, FakeSlack.Grant grant) {
        Started s = begin(baseUrl);
        String code = slack.approve(grant, s.redirectUri());
        return redirect(s, "code=" + code + "&state=" + s.state());
    }

    /** As {@link #install(String, FakeSlack, FakeSlack.Grant)}, asserting that it succeeded. */
    public static void installed(TestApp t, FakeSlack.Grant grant) {
        HttpResponse<String> r = install(t.baseUrl(), t.slack, grant);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("Giga is installed in");
    }

    public static HttpResponse<String> get(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A {@code /giga} command from {@code user} in {@code channel} of team {@code team}, of org {@code enterprise}
     * (or null), where the app has an org-wide install or not.
     */
    public static Map<String, String> command(String enterprise, boolean orgWide, String team, String user,
            String channel, String text, String responseUrl) {
        Map<String, String> f = new LinkedHashMap<>(SlackRequests.slashCommand(team, user, channel, text, responseUrl));
        if (enterprise != null) {
            f.put("enterprise_id", enterprise);
            f.put("enterprise_name", "Org " + enterprise);
        }
        f.put("is_enterprise_install", String.valueOf(orgWide));
        return f;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
