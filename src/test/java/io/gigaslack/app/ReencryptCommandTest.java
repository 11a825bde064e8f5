package io.gigaslack.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.store.Database;
import io.gigaslack.store.GigaKeys;
import io.gigaslack.store.SecretBox;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.Installs;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar giga-slack.jar reencrypt}: after installs under one key, every stored secret moves to a new key;
 * a second run moves nothing; the app then starts with the new key alone and still serves every workspace.
 */
class ReencryptCommandTest {
    private TestApp t;
    private GigaSlackApp again;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void installUnderTheFirstKey() {
        t = Installs.start(Map.of());
        Installs.installed(t, FakeSlack.Grant.workspace("TONE").withUserToken().withRotation(Duration.ofHours(12)));
        Installs.installed(t, FakeSlack.Grant.orgWide("ETWO"));
        try (Database db = Database.open(t.databaseUrl, "", "")) {
            new GigaKeys(db.jdbc(), box(Installs.ENCRYPTION_KEY)).connect("TONE", "giga_sk_live_one_0123456789",
                    "UTONEADMIN", Instant.now());
        }
        t.stopApp();
    }

    @AfterEach
    void stop() {
        if (again != null) {
            again.close();
        }
        t.giga.close();
        t.slack.close();
    }

    private static SecretBox box(String key) {
        return SecretBox.of(SecretBox.decodeKey(key), null, new SecureRandom());
    }

    private int reencrypt(Map<String, String> keys, String... args) {
        out.reset();
        err.reset();
        Map<String, String> env = new HashMap<>(keys);
        env.put("DATABASE_URL", t.databaseUrl);
        return Main.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void every_stored_secret_moves_to_the_new_key_and_the_old_key_is_then_not_needed() throws Exception {
        Map<String, String> rotating = Map.of("GIGA_SLACK_ENCRYPTION_KEY", Installs.NEW_ENCRYPTION_KEY,
                "GIGA_SLACK_OLD_ENCRYPTION_KEY", Installs.ENCRYPTION_KEY);

        assertThat(reencrypt(rotating, "reencrypt", "--batch", "1")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        // Both bot tokens; TONE's refresh token, user token, user refresh token and Giga key.
        assertThat(output()).contains("moving every stored secret to key "
                        + SecretBox.keyId(SecretBox.decodeKey(Installs.NEW_ENCRYPTION_KEY)))
                .contains("slack_installations.bot_token_enc: 2 re-encrypted, 0 already under the new key")
                .contains("giga_accounts.api_key_enc: 1 re-encrypted")
                .contains("reencrypt: 6 re-encrypted, 0 already under the new key, 0 unreadable")
                .contains("GIGA_SLACK_OLD_ENCRYPTION_KEY is no longer needed");

        assertThat(reencrypt(rotating, "reencrypt")).isZero();
        assertThat(output()).contains("reencrypt: 0 re-encrypted, 6 already under the new key, 0 unreadable");

        try (Database db = Database.open(t.databaseUrl, "", "")) {
            SecretBox newOnly = box(Installs.NEW_ENCRYPTION_KEY);
            assertThat(new SlackInstallations(db.jdbc(), newOnly).byWorkspace("TONE").orElseThrow().installerUser()
                    .value()).isEqualTo(t.slack.userToken("TONE"));
            assertThat(new GigaKeys(db.jdbc(), newOnly).apiKey("TONE")).contains("giga_sk_live_one_0123456789");
        }
        // The app with the new key alone serves both workspaces with their own tokens.
        int port = TestApp.freePort();
        Map<String, String> env = new HashMap<>(TestApp.env(t.slack, t.giga, port, t.databaseUrl));
        env.putAll(Installs.env(Map.of("GIGA_SLACK_ENCRYPTION_KEY", Installs.NEW_ENCRYPTION_KEY)));
        again = GigaSlackApp.start(ConfigLoader.load(List.of(), env));
        t.slack.clear();
        assertThat(help(port, null, "TONE").statusCode()).isEqualTo(200);
        assertThat(help(port, "ETWO", "TSOME").statusCode()).isEqualTo(200);
        assertThat(t.slack.calls("auth.test")).extracting(FakeSlack.Call::token)
                .containsExactlyInAnyOrder(t.slack.botToken("TONE"), t.slack.botToken("ETWO"));
    }

    @Test
    void values_under_a_key_it_was_not_given_are_named_and_left_as_they_are() {
        assertThat(reencrypt(Map.of("GIGA_SLACK_ENCRYPTION_KEY", Installs.NEW_ENCRYPTION_KEY), "reencrypt"))
                .isEqualTo(1);

        assertThat(output()).contains("reencrypt: 0 re-encrypted, 0 already under the new key, 6 unreadable");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("a stored secret at slack_installations.bot_token_enc/ETWO was encrypted with key "
                        + SecretBox.keyId(SecretBox.decodeKey(Installs.ENCRYPTION_KEY)))
                .contains("set GIGA_SLACK_OLD_ENCRYPTION_KEY to the key they were stored with and run reencrypt"
                        + " again");
        try (Database db = Database.open(t.databaseUrl, "", "")) {
            assertThat(new GigaKeys(db.jdbc(), box(Installs.ENCRYPTION_KEY)).apiKey("TONE"))
                    .contains("giga_sk_live_one_0123456789");
        }
    }

    @Test
    void without_the_new_key_it_says_what_to_set() {
        assertThat(reencrypt(Map.of(), "reencrypt")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("reencrypt needs GIGA_SLACK_ENCRYPTION_KEY");
    }

    @Test
    void a_malformed_key_is_refused_without_quoting_it() {
        assertThat(reencrypt(Map.of("GIGA_SLACK_ENCRYPTION_KEY", Installs.NEW_ENCRYPTION_KEY,
                "GIGA_SLACK_OLD_ENCRYPTION_KEY", "oops-not-a-key"), "reencrypt")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("reencrypt: GIGA_SLACK_OLD_ENCRYPTION_KEY is not base64").doesNotContain("oops-not-a-key");
    }

    private HttpResponse<String> help(int port, String enterprise, String team) throws Exception {
        byte[] body = SlackRequests.form(Installs.command(enterprise, enterprise != null, team, "U" + team,
                "C" + team, "help", t.slack.responseUrl())).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SlackRequests.signatureHeaders(TestApp.SIGNING_SECRET, body).forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
