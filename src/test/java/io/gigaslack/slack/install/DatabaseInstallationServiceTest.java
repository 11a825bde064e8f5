package io.gigaslack.slack.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.model.builtin.DefaultInstaller;
import io.gigaslack.store.Database;
import io.gigaslack.store.GigaKeys;
import io.gigaslack.store.SecretBox;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.store.WorkspaceSecrets;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.security.SecureRandom;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bolt's view of our installations: its model in and out, Grid's rules, what Bolt's deletions remove. */
class DatabaseInstallationServiceTest {
    private final SettableClock clock = new SettableClock();
    private Database db;
    private SlackInstallations installations;
    private GigaKeys accounts;
    private DatabaseInstallationService service;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        SecretBox box = SecretBox.of(new byte[32], null, new SecureRandom());
        installations = new SlackInstallations(db.jdbc(), box);
        accounts = new GigaKeys(db.jdbc(), box);
        // Slack is never asked here: no token is near its expiry.
        InstalledBotTokens tokens = new InstalledBotTokens(installations,
                new SlackOAuthClient("http://127.0.0.1:9/api/", new OkHttpClient(), "id", "secret"), clock,
                Duration.ofSeconds(40));
        service = new DatabaseInstallationService(installations, tokens, new WorkspaceSecrets(db.jdbc()), clock,
                "https://giga.example.com/slack/install");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static Installer installer(String enterprise, String team, boolean orgWide, String userToken) {
        return DefaultInstaller.builder().appId("A1").enterpriseId(enterprise).teamId(team)
                .teamName(team == null ? null : "Team " + team).enterpriseName(enterprise == null ? null : "Org")
                .isEnterpriseInstall(orgWide).botUserId("UBOT").botId("B1").botScope("chat:write")
                .botAccessToken("xoxe.xoxb-" + (orgWide ? enterprise : team)).botRefreshToken("xoxe-1-refresh")
                .botTokenExpiresAt(clock0().plus(Duration.ofHours(12)).toEpochMilli())
                .installerUserId("UADMIN").installerUserAccessToken(userToken).installerUserScope("search:read")
                .installedAt(clock0().toEpochMilli()).build();
    }

    private static java.time.Instant clock0() {
        return SettableClock.DEFAULT_START;
    }

    @Test
    void bolt_is_handed_a_usable_bot_token_and_never_a_refresh_token() {
        service.saveInstallerAndBot(installer(null, "T1", false, null));

        Bot bot = service.findBot(null, "T1");

        assertThat(bot.getBotAccessToken()).isEqualTo("xoxe.xoxb-T1");
        assertThat(bot.getBotRefreshToken()).as("Bolt's own rotator must not start").isNull();
        assertThat(bot.getBotId()).isEqualTo("B1");
        assertThat(installations.byWorkspace("T1").orElseThrow().bot().refreshToken()).isEqualTo("xoxe-1-refresh");
    }

    @Test
    void an_org_wide_install_is_found_for_any_workspace_of_the_org() {
        service.saveInstallerAndBot(installer("E1", null, true, null));

        assertThat(service.findBot("E1", "T7").getBotAccessToken()).isEqualTo("xoxe.xoxb-E1");
        assertThat(service.findBot("E1", "T7").getIsEnterpriseInstall()).isTrue();
        assertThat(service.findBot(null, "T7")).isNull();
    }

    @Test
    void the_installer_is_found_only_for_the_person_who_installed() {
        service.saveInstallerAndBot(installer(null, "T1", false, "xoxp-admin"));

        assertThat(service.findInstaller(null, "T1", "UADMIN").getInstallerUserAccessToken()).isEqualTo("xoxp-admin");
        assertThat(service.findInstaller(null, "T1", "USOMEONE")).isNull();
        service.deleteInstaller(service.findInstaller(null, "T1", "UADMIN"));
        assertThat(service.findInstaller(null, "T1", "UADMIN")).isNull();
        assertThat(service.findBot(null, "T1")).as("the bot stays").isNotNull();
    }

    @Test
    void delete_all_for_a_workspace_of_an_org_wide_install_removes_the_orgs_tokens_and_giga_key_only() {
        service.saveInstallerAndBot(installer("E1", null, true, null));
        service.saveInstallerAndBot(installer(null, "T2", false, null));
        accounts.connect("E1", "giga_sk_live_org_1234", "UADMIN", clock.instant());
        accounts.connect("T2", "giga_sk_live_two_5678", "UADMIN", clock.instant());

        service.deleteAll("E1", "T7");

        assertThat(service.findBot("E1", "T7")).isNull();
        assertThat(accounts.apiKey("E1")).isEmpty();
        assertThat(service.findBot(null, "T2")).isNotNull();
        assertThat(accounts.apiKey("T2")).contains("giga_sk_live_two_5678");
    }

    @Test
    void delete_bot_removes_the_installation_and_keeps_the_giga_key() {
        service.saveInstallerAndBot(installer(null, "T1", false, null));
        accounts.connect("T1", "giga_sk_live_one_1234", "UADMIN", clock.instant());

        service.deleteBot(service.findBot(null, "T1"));

        assertThat(service.findBot(null, "T1")).isNull();
        assertThat(accounts.apiKey("T1")).isPresent();
    }

    @Test
    void a_request_from_a_workspace_without_an_installation_is_told_where_to_install() {
        assertThat(service.getInstallationGuideText(null, "T9", "U1"))
                .endsWith("A workspace admin can install it at https://giga.example.com/slack/install");
    }
}
