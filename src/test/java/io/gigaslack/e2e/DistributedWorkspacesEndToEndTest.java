package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.sim.RecordedRequest;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.Installs;
import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app installed in two workspaces and one Enterprise Grid org, through the real endpoint: each connects its own
 * Giga key in the App Home's form (checked with Giga first), runs in each go out with that workspace's bot token and
 * Giga key (and X-Client-Id), a click, a form or a callback forged across workspaces touches nothing, and uninstalling
 * one stops its computer and deletes its tokens and key while the others go on.
 */
class DistributedWorkspacesEndToEndTest {
    private static final String KEY_A = "giga_sk_" + "a".repeat(32);
    private static final String KEY_B = "giga_sk_" + "b".repeat(32);
    private static final String KEY_ORG = "giga_sk_" + "c".repeat(32);

    private TestApp t;

    @BeforeEach
    void start() {
        t = TestApp.startWith(Installs.oauthApp().andThen(slack -> slack
                        .member("UTAAAADMIN", FakeSlack.Trait.ADMIN).member("UTBBBADMIN", FakeSlack.Trait.ADMIN)
                        .member("WEORGADMIN", FakeSlack.Trait.ADMIN)),
                sim -> sim.apiKeys(List.of(KEY_A, KEY_B, KEY_ORG)).agentDuration(Duration.ofSeconds(120)),
                Installs.env(Map.of()), null);
        Installs.installed(t, FakeSlack.Grant.workspace("TAAA"));
        Installs.installed(t, FakeSlack.Grant.workspace("TBBB"));
        Installs.installed(t, FakeSlack.Grant.orgWide("EORG"));
    }

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    /** {@code /giga …} from {@code user} in team {@code team}'s channel C{team} (of org EORG for TORG…). */
    private HttpResponse<String> command(String team, String user, String text) {
        boolean org = team.startsWith("TORG");
        return t.slackForm(Installs.command(org ? "EORG" : null, org, team, user, "C" + team, text,
                t.slack.responseUrl()));
    }

    /** The Connect Giga form submitted by {@code user} of {@code team} with {@code key}. */
    private HttpResponse<String> connect(String team, String user, String key) {
        boolean org = team.startsWith("TORG");
        return t.interaction("{\"type\":\"view_submission\",\"team\":{\"id\":\"" + team + "\",\"domain\":\"d\"},"
                + (org ? "\"enterprise\":{\"id\":\"EORG\",\"name\":\"Org EORG\"},\"is_enterprise_install\":true," : "")
                + "\"user\":{\"id\":\"" + user + "\",\"team_id\":\"" + team + "\"},\"api_app_id\":\"A1\","
                + "\"trigger_id\":\"1.2.3\",\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":"
                + "\"giga_connect_modal\",\"team_id\":\"" + team + "\",\"state\":{\"values\":{\"giga_key\":"
                + "{\"giga_key_input\":{\"type\":\"plain_text_input\",\"value\":\"" + key + "\"}}}}}}");
    }

    private String runningRun(String team, String key) {
        String id = TestApp.runId(command(team, "U" + team + "1", "run --hours 2 Work for " + team));
        t.await("the computer of " + team + " runs", Duration.ofSeconds(30), () -> t.giga.deployments(key).size() == 1
                && "running".equals(t.giga.deployments(key).get(0).status()));
        return id;
    }

    private void connectAll() {
        assertThat(connect("TAAA", "UTAAAADMIN", KEY_A).body()).doesNotContain("errors");
        assertThat(connect("TBBB", "UTBBBADMIN", KEY_B).body()).doesNotContain("errors");
        assertThat(connect("TORG1", "WEORGADMIN", KEY_ORG).body()).doesNotContain("errors");
    }

    @Test
    void a_workspace_without_a_giga_key_is_told_whom_to_ask_and_nothing_reaches_giga() {
        HttpResponse<String> ack = command("TAAA", "UTAAA1", "run Find the pricing");

        assertThat(ack.body()).contains("has not connected a Giga account")
                .contains("Ask a workspace admin or owner");
        assertThat(t.giga.requests().stream().filter(RecordedRequest::isApi)).isEmpty();
    }

    @Test
    void each_workspace_runs_with_its_own_bot_token_and_its_own_giga_key() {
        connectAll();

        runningRun("TAAA", KEY_A);
        runningRun("TBBB", KEY_B);
        runningRun("TORG1", KEY_ORG);

        // Giga: each account's requests carry its key and its workspace's id; none saw another's deployment.
        assertThat(t.giga.apiRequests(KEY_A)).isNotEmpty().allSatisfy(r ->
                assertThat(r.header("X-Client-Id")).isEqualTo("TAAA"));
        assertThat(t.giga.apiRequests(KEY_B)).isNotEmpty().allSatisfy(r ->
                assertThat(r.header("X-Client-Id")).isEqualTo("TBBB"));
        assertThat(t.giga.apiRequests(KEY_ORG)).isNotEmpty().allSatisfy(r ->
                assertThat(r.header("X-Client-Id")).isEqualTo("EORG"));
        // Slack: each card went out with its own workspace's (or org's) bot token.
        t.await("three cards", Duration.ofSeconds(10), () -> t.slack.calls("chat.postMessage").size() >= 3);
        assertThat(t.slack.calls("chat.postMessage")).allSatisfy(c -> assertThat(c.token()).isEqualTo(
                switch (c.params().get("channel")) {
                    case "CTAAA" -> t.slack.botToken("TAAA");
                    case "CTBBB" -> t.slack.botToken("TBBB");
                    default -> t.slack.botToken("EORG");
                }));
        // Both: the key ever appears only as its last four characters.
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT workspace_id, key_last4 FROM giga_accounts ORDER BY workspace_id")) {
            assertThat(rows(rs)).containsExactly("EORG:cccc", "TAAA:aaaa", "TBBB:bbbb");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_key_from_someone_who_is_not_an_admin_or_that_giga_refuses_is_not_kept() {
        assertThat(connect("TAAA", "UTAAA1", KEY_A).body()).contains("\"response_action\":\"errors\"")
                .contains("Only workspace admins and owners");
        assertThat(connect("TAAA", "UTAAAADMIN", "giga_sk_" + "9".repeat(32)).body())
                .contains("Giga did not accept that key");

        assertThat(count("SELECT COUNT(*) FROM giga_accounts")).isZero();
    }

    @Test
    void a_click_forged_from_another_workspace_touches_nothing() {
        connectAll();
        String a = runningRun("TAAA", KEY_A);

        // A member of TBBB presses Stop with TAAA's run id, as if it were a card of theirs.
        String forged = "{\"type\":\"block_actions\",\"team\":{\"id\":\"TBBB\",\"domain\":\"b\"},"
                + "\"user\":{\"id\":\"UTBBBADMIN\",\"team_id\":\"TBBB\"},\"api_app_id\":\"A1\","
                + "\"trigger_id\":\"1.2.3\",\"channel\":{\"id\":\"CTAAA\"},"
                + "\"container\":{\"type\":\"message\",\"channel_id\":\"CTAAA\"},"
                + "\"response_url\":\"" + t.slack.responseUrl() + "\",\"actions\":[{\"action_id\":\"run_stop\","
                + "\"block_id\":\"b\",\"type\":\"button\",\"value\":\"" + a + "\",\"action_ts\":\"1\"}]}";
        assertThat(t.interaction(forged).statusCode()).isEqualTo(200);

        t.await("the refusal", Duration.ofSeconds(10), () -> t.slack.responses().stream()
                .anyMatch(r -> r.toString().contains("does not belong to a run I know")));
        t.awaitIdle();
        assertThat(t.giga.deployments(KEY_A).get(0).status()).isEqualTo("running");
        assertThat(t.giga.countMatching("POST", "/api/deployments/.*/stop")).isZero();
    }

    @Test
    void a_form_forged_from_another_workspace_changes_nothing_there() {
        connectAll();
        // TBBB's admin opens the presets form of their own channel…
        int before = t.slack.calls("views.open").size();
        assertThat(command("TBBB", "UTBBBADMIN", "settings").statusCode()).isEqualTo(200);
        t.await("the presets form", Duration.ofSeconds(10), () -> t.slack.calls("views.open").size() > before);
        String form = t.slack.calls("views.open").get(before).param("view");
        assertThat(form).contains("CTBBB");
        // …and submits it as the presets of TAAA's channel: a 2-hour preset.
        t.interaction(io.gigaslack.testing.ViewSubmissions.of(form.replace("CTBBB", "CTAAA"), "TBBB", "UTBBBADMIN",
                Map.of("preset_giga_default_hours", "2")));
        t.awaitIdle();

        // TAAA's runs in that channel get TAAA's defaults, and TAAA's audit shows no change.
        String id = TestApp.runId(command("TAAA", "UTAAA1", "run Work in my own channel"));
        assertThat(t.giga.deployments(KEY_B)).isEmpty();
        t.await("TAAA's card", Duration.ofSeconds(10), () -> t.rootTs("CTAAA", id) != null);
        String card = t.slack.rootMessages("CTAAA").stream().filter(m -> m.blocks().contains(id)).findFirst()
                .orElseThrow().blocks();
        assertThat(card).doesNotContain("Channel presets").contains("*Hours*\\n1");
        assertThat(command("TAAA", "UTAAAADMIN", "audit").body()).doesNotContain("CTAAA, GIGA_DEFAULT_HOURS");
        // The submission itself was taken, as TBBB's own: whatever a form names, it writes only its workspace's rows.
        assertThat(command("TBBB", "UTBBBADMIN", "audit").body()).contains("CTAAA, GIGA_DEFAULT_HOURS");
    }

    @Test
    void the_requesters_stop_in_one_workspace_stops_that_computer_with_that_workspaces_key() {
        connectAll();
        runningRun("TAAA", KEY_A);
        String b = runningRun("TBBB", KEY_B);

        String press = "{\"type\":\"block_actions\",\"team\":{\"id\":\"TBBB\",\"domain\":\"b\"},"
                + "\"user\":{\"id\":\"UTBBB1\",\"team_id\":\"TBBB\"},\"api_app_id\":\"A1\","
                + "\"trigger_id\":\"1.2.3\",\"channel\":{\"id\":\"CTBBB\"},"
                + "\"container\":{\"type\":\"message\",\"channel_id\":\"CTBBB\"},"
                + "\"response_url\":\"" + t.slack.responseUrl() + "\",\"actions\":[{\"action_id\":\"run_stop\","
                + "\"block_id\":\"b\",\"type\":\"button\",\"value\":\"" + b + "\",\"action_ts\":\"1\"}]}";
        assertThat(t.interaction(press).statusCode()).isEqualTo(200);

        t.await("TBBB's computer stops", Duration.ofSeconds(30),
                () -> !"running".equals(t.giga.deployments(KEY_B).get(0).status()));
        assertThat(t.giga.apiRequests(KEY_B).stream().filter(r -> r.path().endsWith("/stop"))).hasSize(1);
        assertThat(t.giga.apiRequests(KEY_A).stream().filter(r -> r.path().endsWith("/stop"))).isEmpty();
        assertThat(t.giga.deployments(KEY_A).get(0).status()).isEqualTo("running");
    }

    @Test
    void a_callback_with_another_workspaces_run_token_is_refused() {
        connectAll();
        String a = runningRun("TAAA", KEY_A);
        String b = runningRun("TBBB", KEY_B);
        // The callback URL TBBB's run gave Giga, with its real token, aimed at TAAA's run.
        String urlOfB = t.giga.apiRequests(KEY_B).stream().map(RecordedRequest::body)
                .filter(body -> body != null && body.contains("callbackUrl")).findFirst().orElseThrow()
                .replaceAll("(?s).*\"callbackUrl\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertThat(urlOfB).contains("/giga/callback/" + b).contains("token=");
        String token = urlOfB.substring(urlOfB.indexOf("token=") + "token=".length());

        HttpResponse<String> r = t.post("/giga/callback/" + a + "?token=" + token, "{\"status\":\"completed\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json", Map.of());

        assertThat(r.statusCode()).isIn(401, 403, 404);
        // The same token is good for its own run: the refusal is the run's, not a mangled token's.
        HttpResponse<String> own = t.post("/giga/callback/" + b + "?token=" + token, "{\"status\":\"running\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json", Map.of());
        assertThat(own.statusCode()).isBetween(200, 299);
        t.awaitIdle();
        assertThat(t.giga.deployments(KEY_A).get(0).status()).isEqualTo("running");
    }

    @Test
    void uninstalling_one_workspace_stops_its_computer_and_deletes_its_tokens_and_key_and_nothing_else()
            throws Exception {
        connectAll();
        runningRun("TAAA", KEY_A);
        runningRun("TBBB", KEY_B);

        HttpResponse<String> ack = t.signedPost("/slack/events", "{\"token\":\"legacy\",\"team_id\":\"TAAA\","
                + "\"api_app_id\":\"A1\",\"type\":\"event_callback\",\"event_id\":\"Ev-uninstall-A\","
                + "\"event_time\":1700000000,\"event\":{\"type\":\"app_uninstalled\",\"event_ts\":\"1700000001.1\"}}",
                "application/json");
        assertThat(ack.statusCode()).isEqualTo(200);

        t.await("TAAA's computer is stopped", Duration.ofSeconds(30),
                () -> !"running".equals(t.giga.deployments(KEY_A).get(0).status()));
        t.await("TAAA's key is gone", Duration.ofSeconds(30),
                () -> count("SELECT COUNT(*) FROM giga_accounts WHERE workspace_id = 'TAAA'") == 0);
        assertThat(count("SELECT COUNT(*) FROM slack_installations WHERE workspace_id = 'TAAA'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM slack_installations")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM giga_accounts")).isEqualTo(2);
        assertThat(t.giga.deployments(KEY_B).get(0).status()).isEqualTo("running");
        assertThat(count("SELECT COUNT(*) FROM slack_teams WHERE team_id = 'TAAA' AND left_at IS NOT NULL"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM slack_teams WHERE team_id = 'TBBB' AND left_at IS NOT NULL")).isZero();

        // TBBB goes on: a second run there still starts with its own key. Work that read TAAA's key before it was
        // deleted finishes first (CI once saw a read of TAAA's stopping computer, begun before the key went, arrive
        // after the requests were cleared), so that what follows counts only requests made after the key was gone.
        t.awaitIdle();
        t.giga.clearRequests();
        TestApp.runId(command("TBBB", "UTBBB2", "run --hours 1 More work"));
        t.await("TBBB's second computer", Duration.ofSeconds(30), () -> t.giga.deployments(KEY_B).size() == 2);
        assertThat(t.giga.apiRequests(KEY_A)).isEmpty();
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(t.databaseUrl, "", "");
    }

    private int count(String sql) {
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1) + ":" + rs.getString(2));
        }
        return out;
    }
}
