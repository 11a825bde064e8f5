package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.FakeSlack.Trait;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestApp;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The low-balance warning reaches every admin, through the real app on the simulator and a clock the test moves: the
 * configured admin ({@code GIGA_ADMIN_USERS}) and the workspace's admins and owners, found over two pages of
 * {@code users.list} (not its deactivated members nor its bots), one direct message each per fall of the balance, also
 * when the app restarts in the middle of finding them.
 */
class LowBalanceWarningEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIGURED = "UA9";
    /** A workspace admin listed on the first page of {@code users.list}. */
    private static final String ADMIN = "UA7";
    /** The primary owner, on the second page. */
    private static final String OWNER = "UA6";
    private static final String DEACTIVATED_ADMIN = "UX1";
    private static final String BOT = "UB1";

    private TestApp t;
    private SettableClock clock;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    /**
     * Starts the app warning below 100 credits, {@link #CONFIGURED} its configured admin, in a workspace of 230
     * members: more than one page of 200. The configured admin is a workspace admin too.
     */
    private void start(Consumer<FakeSlack> more) {
        clock = new SettableClock(Instant.parse("2026-03-02T09:00:00Z"));
        t = TestApp.startWith(slack -> {
            slack.member(CONFIGURED, Trait.ADMIN);
            for (int i = 0; i < 220; i++) {
                slack.member(String.format("U%04d", i));
                if (i == 50) {
                    slack.member(ADMIN, Trait.ADMIN);
                }
            }
            slack.member(DEACTIVATED_ADMIN, Trait.ADMIN, Trait.DELETED).member(BOT, Trait.ADMIN, Trait.BOT)
                    .member(OWNER, Trait.OWNER, Trait.PRIMARY_OWNER).member("U9999");
            more.accept(slack);
        }, sim -> sim.autoTick(false), Map.of("GIGA_LOW_BALANCE_CREDITS", "100", "GIGA_ADMIN_USERS", CONFIGURED),
                clock);
        tick(Duration.ofMinutes(1)); // the first balance check: 175 credits, nothing to say
        assertThat(t.giga.count("GET", "/api/billing")).isEqualTo(1);
    }

    @Test
    void a_fall_dms_the_configured_admin_and_the_workspaces_admins_and_owners_from_every_page_once_each() {
        start(slack -> { });

        t.giga.balance(new BigDecimal("60"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));

        String expected = ":warning: Giga's balance is down to *60 credits*, below the warning level of 100 credits"
                + " (GIGA_LOW_BALANCE_CREDITS), as read <!date^" + clock.instant().getEpochSecond()
                + "^{date_short_pretty} at {time}|2026-03-02 09:06 UTC>. When it runs out, Giga refuses to start"
                + " computers: top it up in the Giga dashboard (Billing). I will tell you again only after it has been"
                + " back at 100 credits or more and falls again.";
        for (String admin : List.of(CONFIGURED, ADMIN, OWNER)) {
            assertThat(warnings(admin)).as("%s's DM", admin).containsExactly(expected);
        }
        assertThat(warnings(DEACTIVATED_ADMIN)).as("deactivated").isEmpty();
        assertThat(warnings(BOT)).as("a bot").isEmpty();
        assertThat(warnings("U0001")).as("a member").isEmpty();
        assertThat(t.slack.calls("users.list")).as("two pages of 200").hasSize(2)
                .allSatisfy(c -> assertThat(c.param("limit")).isEqualTo("200"));

        tick(Duration.ofMinutes(5));
        tick(Duration.ofMinutes(5));
        assertThat(warnings(CONFIGURED)).as("still below: told once").hasSize(1);
        assertThat(warnings(ADMIN)).hasSize(1);
        assertThat(warnings(OWNER)).hasSize(1);
        assertThat(t.slack.calls("users.list")).as("not listed again").hasSize(2);
    }

    @Test
    void a_restart_in_the_middle_of_finding_the_admins_sends_no_one_two_warnings_and_skips_no_one() {
        // Slack refuses the second page for 30 seconds (Tier 2), and the app is restarted meanwhile.
        start(slack -> slack.failNextWhen("users.list", p -> p.get("cursor") != null, 1, 429, 30));

        t.giga.balance(new BigDecimal("60"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));
        assertThat(warnings(CONFIGURED)).hasSize(1);
        assertThat(warnings(ADMIN)).as("found on the first page").hasSize(1);
        assertThat(warnings(OWNER)).as("on the page Slack refused").isEmpty();

        t.restart();
        tick(Duration.ofSeconds(30));

        assertThat(warnings(CONFIGURED)).hasSize(1);
        assertThat(warnings(ADMIN)).hasSize(1);
        assertThat(warnings(OWNER)).hasSize(1);
        assertThat(t.slack.calls("users.list")).extracting(c -> c.param("cursor") == null ? "first" : "second")
                .as("the list goes on at the refused page").containsExactly("first", "second", "second");
    }

    @Test
    void a_new_fall_after_the_balance_was_back_up_dms_every_admin_again() {
        start(slack -> { });
        t.giga.balance(new BigDecimal("60"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));

        t.giga.balance(new BigDecimal("150"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));
        t.giga.balance(new BigDecimal("20"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));

        for (String admin : List.of(CONFIGURED, ADMIN, OWNER)) {
            assertThat(warnings(admin)).as("%s's DM", admin).hasSize(2);
            assertThat(warnings(admin).get(1)).startsWith(":warning: Giga's balance is down to *20 credits*, below");
        }
        assertThat(warnings(DEACTIVATED_ADMIN)).isEmpty();
        assertThat(t.slack.calls("users.list")).as("listed again for the new fall").hasSize(4);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Moves the clock on; the simulator and the reconciler catch up, and the app finishes what fell due. */
    private void tick(Duration d) {
        clock.advance(d);
        t.giga.tick();
        t.app.testHooks().reconciler().cycle();
        t.awaitIdle();
    }

    /** The texts of the messages posted in {@code user}'s DM with the app, oldest first. */
    private List<String> warnings(String user) {
        return t.slack.rootMessages(FakeSlack.directMessage(user)).stream().map(m -> firstText(m.blocks())).toList();
    }

    private static String firstText(String blocksJson) {
        try {
            for (JsonNode b : JSON.readTree(blocksJson)) {
                if (b.has("text")) {
                    return b.get("text").get("text").asText();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "";
    }
}
