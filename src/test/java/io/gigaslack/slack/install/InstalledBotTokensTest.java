package io.gigaslack.slack.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.store.Database;
import io.gigaslack.store.SecretBox;
import io.gigaslack.store.SlackInstallation;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A workspace's bot token with token rotation: used as stored while it is far from expiry, refreshed once through
 * {@code oauth.v2.access} when it expires within ten minutes, and left as it is when the refresh fails or another
 * replica is doing it. On a real H2 database, against the fake Slack.
 */
class InstalledBotTokensTest {
    private static final String CLIENT_ID = "1111.2222";
    private static final String CLIENT_SECRET = "client-secret";
    private final SettableClock clock = new SettableClock();
    private final OkHttpClient http = new OkHttpClient();
    private FakeSlack slack;
    private Database db;
    private SlackInstallations installations;
    private InstalledBotTokens tokens;

    @BeforeEach
    void setUp() {
        slack = new FakeSlack().oauthApp(CLIENT_ID, CLIENT_SECRET);
        slack.useClock(clock);
        db = TestDatabases.h2();
        installations = new SlackInstallations(db.jdbc(),
                SecretBox.of(new byte[32], null, new SecureRandom()));
        tokens = new InstalledBotTokens(installations,
                new SlackOAuthClient(slack.apiUrl(), http, CLIENT_ID, CLIENT_SECRET), clock, Duration.ofSeconds(40));
    }

    @AfterEach
    void tearDown() {
        db.close();
        slack.close();
        http.dispatcher().executorService().shutdown();
    }

    /** Installs TROT with rotation through the fake Slack's oauth.v2.access, as the redirect endpoint would. */
    private String install() {
        String code = slack.approve(FakeSlack.Grant.workspace("TROT").withRotation(Duration.ofHours(12)), null);
        var r = new SlackOAuthClient(slack.apiUrl(), http, CLIENT_ID, CLIENT_SECRET).exchange(code, null);
        assertThat(r.isOk()).isTrue();
        Instant now = clock.instant();
        installations.save(new SlackInstallation("TROT", null, null, "TROT", "Team TROT", false, "A1", r.getBotUserId(),
                "BTROT", r.getScope(), new SlackInstallation.Token(r.getAccessToken(), r.getRefreshToken(),
                        now.plusSeconds(r.getExpiresIn())), "UADMIN", null, null, now, now));
        return r.getAccessToken();
    }

    @Test
    void a_token_far_from_expiry_is_used_as_stored_without_asking_slack() {
        String first = install();
        clock.advance(Duration.ofHours(11).plusMinutes(49));

        assertThat(tokens.botToken(null, "TROT")).contains(first);
        assertThat(slack.refreshes()).isEmpty();
    }

    @Test
    void a_token_expiring_within_ten_minutes_is_refreshed_once_and_the_new_one_kept() {
        String first = install();
        clock.advance(Duration.ofHours(11).plusMinutes(51));

        Optional<String> refreshed = tokens.botToken(null, "TROT");

        assertThat(refreshed).contains(slack.botToken("TROT")).isNotEqualTo(Optional.of(first));
        assertThat(slack.refreshes()).hasSize(1);
        SlackInstallation stored = installations.byWorkspace("TROT").orElseThrow();
        assertThat(stored.bot().value()).isEqualTo(refreshed.get());
        assertThat(stored.bot().refreshToken()).isEqualTo(slack.refreshToken("TROT"));
        assertThat(stored.bot().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(tokens.botToken(null, "TROT")).isEqualTo(refreshed);
        assertThat(slack.refreshes()).hasSize(1);
    }

    @Test
    void many_requests_needing_a_refresh_at_once_refresh_once_and_each_gets_a_token_slack_accepts() throws Exception {
        String first = install();
        clock.advance(Duration.ofHours(11).plusMinutes(55));
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<String> got = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return tokens.botToken(null, "TROT");
                }));
            }
            go.countDown();
            for (Future<Optional<String>> f : results) {
                got.add(f.get(30, TimeUnit.SECONDS).orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(slack.refreshes()).hasSize(1);
        assertThat(got).allSatisfy(token -> assertThat(token).isIn(first, slack.botToken("TROT")));
        assertThat(installations.byWorkspace("TROT").orElseThrow().bot().value()).isEqualTo(slack.botToken("TROT"));
    }

    @Test
    void while_another_replica_refreshes_the_token_it_has_is_used_as_slack_still_accepts_it() {
        String first = install();
        clock.advance(Duration.ofHours(11).plusMinutes(55));
        Instant expires = installations.byWorkspace("TROT").orElseThrow().bot().expiresAt();
        assertThat(installations.claimBotRefresh("TROT", expires, clock.instant(), clock.instant().plusSeconds(40)))
                .isTrue();

        assertThat(tokens.botToken(null, "TROT")).contains(first);
        assertThat(slack.refreshes()).isEmpty();
    }

    @Test
    void an_expired_token_waits_for_the_other_replicas_refresh_and_takes_its_token() throws Exception {
        install();
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        SlackInstallation before = installations.byWorkspace("TROT").orElseThrow();
        Instant expires = before.bot().expiresAt();
        assertThat(installations.claimBotRefresh("TROT", expires, clock.instant(), clock.instant().plusSeconds(40)))
                .isTrue();
        SlackInstallation.Token theirs = new SlackInstallation.Token("xoxe.xoxb-from-the-other-replica",
                "xoxe-1-theirs", clock.instant().plus(Duration.ofHours(12)));
        Thread other = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            installations.storeRefreshedBot("TROT", expires, theirs, clock.instant());
        });
        other.start();

        assertThat(tokens.botToken(null, "TROT")).contains("xoxe.xoxb-from-the-other-replica");
        other.join();
        assertThat(slack.refreshes()).isEmpty();
    }

    @Test
    void a_refresh_slack_refuses_keeps_the_token_and_the_next_request_tries_again() {
        String first = install();
        clock.advance(Duration.ofHours(11).plusMinutes(55));
        slack.errorNext("oauth.v2.access", 1, "internal_error");

        assertThat(tokens.botToken(null, "TROT")).contains(first);
        assertThat(installations.byWorkspace("TROT").orElseThrow().bot().value()).isEqualTo(first);

        assertThat(tokens.botToken(null, "TROT")).contains(slack.botToken("TROT")).isNotEqualTo(Optional.of(first));
        assertThat(slack.refreshes()).hasSize(2);
    }

    @Test
    void a_workspace_without_an_installation_has_no_token() {
        assertThat(tokens.botToken(null, "TNONE")).isEmpty();
        assertThat(tokens.botToken("ENONE", "TNONE")).isEmpty();
    }
}
