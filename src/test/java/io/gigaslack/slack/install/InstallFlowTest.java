package io.gigaslack.slack.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.store.Database;
import io.gigaslack.store.SecretBox;
import io.gigaslack.store.SlackInstallation;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.Installs;
import io.gigaslack.testing.PlainTextScan;
import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Installing the distributed app through {@code /slack/install} and {@code /slack/oauth_redirect} on a real Jetty,
 * with the fake Slack answering {@code oauth.v2.access} as Slack documents it: two workspaces and an Enterprise Grid
 * org, each of whose requests Bolt then authorizes with that workspace's own token.
 */
class InstallFlowTest {
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private Database database() {
        return Database.open(t.databaseUrl, "", "");
    }

    private static SecretBox box() {
        return SecretBox.of(SecretBox.decodeKey(Installs.ENCRYPTION_KEY), null, new SecureRandom());
    }

    private HttpResponse<String> command(String enterprise, boolean orgWide, String team, String text) {
        return t.slackForm(Installs.command(enterprise, orgWide, team, "U" + team + "1", "C" + team, text,
                t.slack.responseUrl()));
    }

    @Test
    void the_install_page_links_to_slacks_authorize_page_with_a_fresh_state_and_sets_it_as_a_cookie() {
        t = Installs.start(Map.of());

        Installs.Started first = Installs.begin(t.baseUrl());
        Installs.Started second = Installs.begin(t.baseUrl());

        assertThat(first.page().body()).contains("Add to Slack")
                .contains("client_id=" + Installs.CLIENT_ID)
                .contains("scope=app_mentions%3Aread%2Cassistant%3Awrite%2C")
                .contains("redirect_uri=" + java.net.URLEncoder.encode(t.baseUrl() + "/slack/oauth_redirect",
                        java.nio.charset.StandardCharsets.UTF_8));
        assertThat(first.state()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(second.state());
        assertThat(first.cookie()).isEqualTo("slack-app-oauth-state=" + first.state());
        assertThat(first.page().headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly").contains("SameSite=Lax").contains("Max-Age=600");
        assertThat(first.page().headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void two_workspaces_and_a_grid_org_install_and_each_ones_requests_are_authorized_with_its_own_token() {
        t = Installs.start(Map.of());

        Installs.installed(t, FakeSlack.Grant.workspace("TAAA"));
        Installs.installed(t, FakeSlack.Grant.workspace("TBBB").withUserToken());
        HttpResponse<String> org = Installs.install(t.baseUrl(), t.slack, FakeSlack.Grant.orgWide("EORG"));
        assertThat(org.statusCode()).isEqualTo(200);
        assertThat(org.body()).contains("Giga is installed in Org EORG (every workspace of the organization)");

        try (Database db = database()) {
            SlackInstallations rows = new SlackInstallations(db.jdbc(), box());
            assertThat(rows.workspaces()).containsExactlyInAnyOrder("TAAA", "TBBB", "EORG");
            SlackInstallation b = rows.byWorkspace("TBBB").orElseThrow();
            assertThat(b.bot().value()).isEqualTo(t.slack.botToken("TBBB"));
            assertThat(b.botId()).isEqualTo("BTBBB");
            assertThat(b.botUserId()).isEqualTo("UBOTTBBB");
            assertThat(b.teamName()).isEqualTo("Team TBBB");
            assertThat(b.installerUserId()).isEqualTo("UTBBBADMIN");
            assertThat(b.installerUser().value()).isEqualTo(t.slack.userToken("TBBB"));
            assertThat(b.bot().rotates()).isFalse();
            SlackInstallation o = rows.byWorkspace("EORG").orElseThrow();
            assertThat(o.enterpriseInstall()).isTrue();
            assertThat(o.teamId()).isNull();
            assertThat(o.enterpriseName()).isEqualTo("Org EORG");
        }

        t.slack.clear();
        assertThat(command(null, false, "TAAA", "help").statusCode()).isEqualTo(200);
        assertThat(command(null, false, "TBBB", "help").statusCode()).isEqualTo(200);
        // Two workspaces of the org, each answered with the org's token.
        assertThat(command("EORG", true, "TORG1", "help").statusCode()).isEqualTo(200);
        assertThat(command("EORG", true, "TORG2", "help").statusCode()).isEqualTo(200);

        assertThat(t.slack.calls("auth.test").stream().map(FakeSlack.Call::token).distinct())
                .containsExactlyInAnyOrder(t.slack.botToken("TAAA"), t.slack.botToken("TBBB"),
                        t.slack.botToken("EORG"));
    }

    @Test
    void a_request_from_a_workspace_without_an_installation_is_told_how_to_install() {
        t = Installs.start(Map.of());
        Installs.installed(t, FakeSlack.Grant.workspace("TAAA"));

        assertThat(command(null, false, "TZZZ", "help").statusCode()).isEqualTo(200);

        t.await("the install hint", java.time.Duration.ofSeconds(10), () -> !t.slack.responses().isEmpty());
        assertThat(t.slack.responses()).singleElement().asString()
                .contains("Giga is not installed in this workspace (or was uninstalled). A workspace admin can install"
                        + " it at " + t.baseUrl() + "/slack/install");
    }

    @Test
    void the_database_holds_no_token_in_plain_text_in_any_column_of_any_table() {
        t = Installs.start(Map.of());
        Installs.installed(t, FakeSlack.Grant.workspace("TAAA").withUserToken()
                .withRotation(java.time.Duration.ofHours(12)));
        Installs.installed(t, FakeSlack.Grant.orgWide("EORG").withUserToken());
        Installs.installed(t, FakeSlack.Grant.workspace("TBBB").inOrg("EOTHER"));

        List<String> secrets = new ArrayList<>(t.slack.issuedSecrets());
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(6);
        secrets.add(Installs.CLIENT_SECRET);
        secrets.add(Installs.ENCRYPTION_KEY);
        try (Database db = database()) {
            new io.gigaslack.store.GigaKeys(db.jdbc(), box()).connect("TAAA", "giga_sk_live_plain_0123456789",
                    "UTAAAADMIN", java.time.Instant.now());
            secrets.add("giga_sk_live_plain_0123456789");
            assertThat(PlainTextScan.tables(db)).contains("slack_installations", "giga_accounts", "runs", "jobs");
            assertThat(PlainTextScan.find(db, secrets)).isEmpty();
        }
    }
}
