package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.chart.UsageChart;
import io.gigaslack.slack.SlackSignatureVerifier;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Usage at a glance through the real endpoint, on the simulator and a clock the test moves: runs on several days of
 * March 2026, then {@code /giga usage} by a person (their own runs) and by an admin (everyone's), each answered with
 * exact numbers and followed by the chart as a PNG in the caller's DM with the app; the App Home of an admin with the
 * summary and Giga's balance, warning when it is low; and the low-balance DM, once per fall, also across a restart.
 */
class UsageEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "UA9";

    private TestApp t;
    private SettableClock clock;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private void start(Instant at, Map<String, String> env) {
        clock = new SettableClock(at);
        Map<String, String> settings = new HashMap<>(env);
        settings.putIfAbsent("GIGA_ADMIN_USERS", ADMIN);
        t = TestApp.startWith(slack -> { }, sim -> sim.sandboxLifetime(Duration.ofHours(4))
                .provisionDelay(Duration.ofMinutes(1)).autoTick(false), settings, clock);
    }

    @Test
    void usage_answers_a_person_with_their_runs_and_an_admin_with_everyones_and_sends_each_a_chart() throws Exception {
        start(Instant.parse("2026-03-02T09:00:00Z"), Map.of());
        // 2 March: 30 minutes at 20 credits an hour = 10 credits.
        desktop("U1", "C1", "giga-standard", Duration.ofMinutes(30));
        at("2026-03-03T16:00:00Z");
        // 3 March: 45 minutes at 40 an hour = 30 credits.
        String pro = desktop("U2", "C2", "giga-pro", Duration.ofMinutes(45));
        at("2026-03-05T08:00:00Z");
        // 5 March: a platform whose rate is unknown: not counted.
        desktop("U1", "C2", "linux-toolkit-standard", Duration.ofMinutes(30));
        at("2026-03-05T14:00:00Z");
        // Still going: 18 minutes at 10 an hour = 3 credits used so far, the 41 minutes left of its hour held (7).
        desktop("U1", "C1", "giga-mini", null);
        at("2026-03-05T14:19:00Z");

        HttpResponse<String> own = command("U2", "C1", "usage");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(texts(own.body())).containsExactly(
                "*Your Giga usage, March 2026 (UTC)*\n*30 credits* used by 1 run.",
                "*By channel*\n• <#C2>: 30 credits, 1 run",
                "*The runs behind them*, most credits first\n• `" + pro + "` in <#C2>, 3 Mar: 30 credits",
                ":bar_chart: A chart of your credits per day over the last 30 days is on its way to your direct"
                        + " messages with the app.");

        HttpResponse<String> everyone = command(ADMIN, "C1", "usage");
        List<String> lines = texts(everyone.body());
        assertThat(lines.get(0)).isEqualTo("*Giga usage in this workspace, March 2026 (UTC)*\n*43 credits* used by 4"
                + " runs, and 7 more held by 1 run still going.");
        assertThat(lines.get(1)).isEqualTo("*By person*\n• <@U2>: 30 credits, 1 run\n• <@U1>: 13 credits, 3 runs");
        assertThat(lines.get(2)).isEqualTo("*By channel*\n• <#C2>: 30 credits, 2 runs\n• <#C1>: 13 credits, 2 runs");
        assertThat(lines.get(3)).startsWith("*The runs behind them*, most credits first\n• `" + pro
                + "` by <@U2> in <#C2>, 3 Mar: 30 credits\n").contains(", 5 Mar: 3 credits so far, still going")
                .contains(", 5 Mar: not counted (rate unknown)");
        assertThat(lines).contains("1 run on a platform whose rate is unknown is not counted.");

        t.awaitIdle();
        for (String user : List.of("U2", ADMIN)) {
            String dm = FakeSlack.directMessage(user);
            assertThat(t.slack.calls("conversations.open")).anySatisfy(c -> assertThat(c.param("users")).isEqualTo(user));
            List<FakeSlack.FileShare> shares = t.slack.topLevelFileShares(dm);
            assertThat(shares).as("the chart in %s's DM", user).hasSize(1);
            byte[] png = t.slack.uploads().get(shares.get(0).fileIds().get(0));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("a readable PNG").isNotNull();
            assertThat(image.getWidth()).isEqualTo(UsageChart.WIDTH);
            assertThat(image.getHeight()).isEqualTo(UsageChart.HEIGHT);
        }
        assertThat(t.slack.calls("files.completeUploadExternal")).extracting(c -> c.param("files"))
                .anySatisfy(f -> assertThat(f).contains("Your Giga credits per day, last 30 days to 5 Mar (UTC)"))
                .anySatisfy(f -> assertThat(f).contains("Giga credits per day in this workspace, last 30 days to 5 Mar"));
        assertThat(t.slack.calls("files.completeUploadExternal")).extracting(c -> c.param("channel_id"))
                .containsExactlyInAnyOrder(FakeSlack.directMessage("U2"), FakeSlack.directMessage(ADMIN));
    }

    @Test
    void an_admins_app_home_shows_the_usage_and_the_balance_and_warns_when_it_is_low() throws Exception {
        start(Instant.parse("2026-03-02T09:00:00Z"), Map.of("GIGA_LOW_BALANCE_CREDITS", "100"));
        desktop("U1", "C1", "giga-standard", Duration.ofMinutes(30));
        tick(Duration.ofMinutes(5)); // the first balance check (a minute after start) has run

        assertThat(home(ADMIN, "Ev-home-a")).contains("*Usage in this workspace, March 2026 (UTC)*\\n*10 credits*"
                + " used by 1 run.").contains("• <@U1>: 10 credits, 1 run").contains("• <#C1>: 10 credits, 1 run")
                .contains("*Giga's balance:* 175 credits (150 plan credits left, 25 prepaid), read ")
                .contains("Admins are warned below 100 credits (GIGA_LOW_BALANCE_CREDITS).");
        assertThat(home("U1", "Ev-home-u")).as("not an admin").doesNotContain("Usage in this workspace")
                .doesNotContain("balance");

        t.giga.balance(new BigDecimal("62.5"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));

        assertThat(home(ADMIN, "Ev-home-b")).contains(":warning: *Giga's balance is 62.5 credits* (62.5 plan credits"
                + " left, 0 prepaid), *below the warning level of 100 credits* (GIGA_LOW_BALANCE_CREDITS), read ");
    }

    @Test
    void the_admins_get_one_direct_message_per_fall_of_the_balance_across_restarts() throws Exception {
        start(Instant.parse("2026-03-02T09:00:00Z"), Map.of("GIGA_LOW_BALANCE_CREDITS", "100",
                "GIGA_ADMIN_USERS", "UA9,UA8"));
        tick(Duration.ofMinutes(1));
        assertThat(t.giga.count("GET", "/api/billing")).as("one read a minute after start").isEqualTo(1);
        assertThat(warnings("UA9")).isEmpty();

        t.giga.balance(new BigDecimal("60"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));
        assertThat(warnings("UA9")).containsExactly(":warning: Giga's balance is down to *60 credits*, below the"
                + " warning level of 100 credits (GIGA_LOW_BALANCE_CREDITS), as read <!date^"
                + clock.instant().getEpochSecond() + "^{date_short_pretty} at {time}|2026-03-02 09:06 UTC>. When it"
                + " runs out, Giga refuses to start computers: top it up in the Giga dashboard (Billing). I will tell"
                + " you again only after it has been back at 100 credits or more and falls again.");
        assertThat(warnings("UA8")).hasSize(1);

        tick(Duration.ofMinutes(5));
        t.restart();
        tick(Duration.ofMinutes(5));
        tick(Duration.ofMinutes(5));
        assertThat(t.giga.count("GET", "/api/billing")).as("read every 5 minutes, restart or not").isEqualTo(5);
        assertThat(warnings("UA9")).as("still below: told once").hasSize(1);
        assertThat(warnings("UA8")).hasSize(1);

        t.giga.balance(new BigDecimal("150"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));
        t.giga.balance(new BigDecimal("20"), BigDecimal.ZERO);
        tick(Duration.ofMinutes(5));
        assertThat(warnings("UA9")).as("a new fall").hasSize(2);
        assertThat(warnings("UA9").get(1)).startsWith(":warning: Giga's balance is down to *20 credits*, below");
        assertThat(warnings("UA8")).hasSize(2);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A desktop run of {@code user} in {@code channel}, ready a minute later, stopped by its owner after {@code runs}. */
    private String desktop(String user, String channel, String platform, Duration runs) throws Exception {
        HttpResponse<String> ack = command(user, channel, "desktop --platform " + platform + " --hours 1");
        String id = TestApp.runId(ack);
        t.awaitIdle();
        tick(Duration.ofMinutes(1));
        if (runs != null) {
            tick(runs);
            assertThat(command(user, channel, "stop " + id).body()).contains("Stopping");
            t.awaitIdle();
        }
        return id;
    }

    /** Moves the clock to {@code at} (later), as time passing with nobody doing anything. */
    private void at(String at) {
        tick(Duration.between(clock.instant(), Instant.parse(at)));
    }

    /** Moves the clock on; the simulator and the reconciler catch up, and the app finishes what fell due. */
    private void tick(Duration d) {
        clock.advance(d);
        t.giga.tick();
        t.app.testHooks().reconciler().cycle();
        t.awaitIdle();
    }

    /** A {@code /giga} command signed at the app's (moved) clock, as Slack would sign it then. */
    private HttpResponse<String> command(String user, String channel, String text) {
        byte[] body = SlackRequests.form(SlackRequests.slashCommand("T1", user, channel, text, t.slack.responseUrl()))
                .getBytes(StandardCharsets.UTF_8);
        return t.post("/slack/events", body, "application/x-www-form-urlencoded", signed(body));
    }

    /** The App Home {@code user} is shown when they open it: the view published for them. */
    private String home(String user, String eventId) {
        int before = t.slack.calls("views.publish").size();
        String body = "{\"token\":\"legacy\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"type\":\"event_callback\","
                + "\"event_id\":\"" + eventId + "\",\"event_time\":1700000000,\"event\":{\"type\":\"app_home_opened\","
                + "\"user\":\"" + user + "\",\"channel\":\"D1\",\"tab\":\"home\",\"event_ts\":\"1.1\"}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(t.post("/slack/events", bytes, "application/json", signed(bytes)).statusCode()).isEqualTo(200);
        t.await("the Home of " + user, Duration.ofSeconds(10), () -> t.slack.calls("views.publish").size() > before);
        FakeSlack.Call publish = t.slack.calls("views.publish").get(before);
        assertThat(publish.param("user_id")).isEqualTo(user);
        return publish.param("view");
    }

    private Map<String, String> signed(byte[] body) {
        String ts = String.valueOf(clock.instant().getEpochSecond());
        return Map.of(SlackSignatureVerifier.TIMESTAMP_HEADER, ts,
                SlackSignatureVerifier.SIGNATURE_HEADER, SlackSignatureVerifier.sign(TestApp.SIGNING_SECRET, ts, body));
    }

    /** The texts of the low-balance messages posted in {@code user}'s DM with the app, oldest first. */
    private List<String> warnings(String user) {
        return t.slack.rootMessages(FakeSlack.directMessage(user)).stream()
                .map(m -> blockTexts(m.blocks()).get(0)).toList();
    }

    /** Every block text of a message or response, in order. */
    private static List<String> texts(String messageJson) throws Exception {
        return blockTexts(JSON.readTree(messageJson).get("blocks").toString());
    }

    private static List<String> blockTexts(String blocksJson) {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode b : JSON.readTree(blocksJson)) {
                if (b.has("text")) {
                    out.add(b.get("text").get("text").asText());
                }
                b.path("elements").forEach(e -> {
                    if (e.has("text") && e.get("text").isTextual()) {
                        out.add(e.get("text").asText());
                    }
                });
                b.path("fields").forEach(f -> out.add(f.get("text").asText()));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
