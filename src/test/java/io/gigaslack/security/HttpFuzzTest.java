package io.gigaslack.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of random and mutated requests at the callback endpoint and the interactivity
 * endpoint of a running app: no exception escapes, no 5xx, and nothing is started, stopped or posted.
 */
class HttpFuzzTest {
    private static final String OWNER = "UOWNERQZX";
    private static TestApp t;
    private static String runId;
    private static int slackCallsBefore;
    private static int gigaWritesBefore;
    private static java.util.List<String> writesBefore = java.util.List.of();

    @BeforeContainer
    static void start() {
        t = TestApp.start(Map.of());
        // The run belongs to a user id that no mutation below can produce (its letters are not in the
        // mutation alphabet), so no fuzzed click can be a legitimate one from the owner.
        Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("team_id", "T1");
        f.put("channel_id", "C1");
        f.put("user_id", OWNER);
        f.put("command", "/giga");
        f.put("text", "run Fuzz target that saves out.txt");
        f.put("trigger_id", "1.2.3");
        HttpResponse<String> ack = t.slackForm(f);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(r_[a-z0-9]+)`").matcher(ack.body());
        m.find();
        runId = m.group(1);
        t.await("run finished and thread complete", Duration.ofSeconds(30), () -> {
            t.app.testHooks().reconciler().cycle();
            return t.slack.uploads().size() == 1;
        });
        t.awaitIdle(); // the last card edit has landed
        // Also what is queued for later (a card edit paced a moment after the one before): it is the run's own, not
        // the fuzzing's, and must not land while fuzzing is counted.
        t.await("nothing left for Slack", Duration.ofSeconds(30), () -> {
            t.awaitIdle();
            return pendingSlackJobs() == 0;
        });
        slackCallsBefore = slackWrites();
        writesBefore = slackWriteCalls();
        gigaWritesBefore = gigaWrites();
    }

    @AfterContainer
    static void stop() {
        try {
            assertThat(slackWrites()).as("Slack messages posted or changed by fuzzing: %s",
                    slackWriteCalls().subList(writesBefore.size(), slackWriteCalls().size())).isEqualTo(slackCallsBefore);
            assertThat(gigaWrites()).as("Giga writes caused by fuzzing").isEqualTo(gigaWritesBefore);
        } finally {
            t.close();
        }
    }

    /** Calls that post or change something visible to the channel (reads and private replies aside). */
    private static int slackWrites() {
        return slackWriteCalls().size();
    }

    private static java.util.List<String> slackWriteCalls() {
        return t.slack.calls().stream().filter(c -> isWrite(c.method()) && !toOnePerson(c.param("channel")))
                .map(c -> {
                    String text = String.valueOf(c.param("text"));
                    return c.method() + " to " + c.param("channel") + ": " + text.substring(0, Math.min(80, text.length()));
                })
                .toList();
    }

    /**
     * A post anywhere but a channel (C…, G…): a reply in the DM of the one who clicked, as a click without a channel
     * or response URL (the App Home's) is answered, to whatever user id the payload carried. Nobody else sees it.
     */
    private static boolean toOnePerson(String channel) {
        return channel != null && !channel.startsWith("C") && !channel.startsWith("G");
    }

    private static boolean isWrite(String m) {
        // files.info only reads what someone shared; the other files.* calls upload.
        return m.startsWith("chat.postMessage") || m.startsWith("chat.update")
                || (m.startsWith("files.") && !m.equals("files.info")) || m.startsWith("conversations.join");
    }

    /** Jobs for Slack not yet done, whenever they are due. */
    private static long pendingSlackJobs() {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(t.databaseUrl, "", "");
                java.sql.ResultSet rs = c.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM jobs WHERE queue = 'slack' AND done = FALSE")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int gigaWrites() {
        return t.giga.countMatching("POST", "/api/.*");
    }

    @Property(tries = 1500)
    void callbacks_with_random_bodies_tokens_and_ids_never_fail_or_act(
            @ForAll("callbackPaths") String path, @ForAll("bodies") String body) {
        HttpResponse<String> r = t.post(path, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        assertThat(r.statusCode()).isBetween(400, 499);
    }

    @Property(tries = 1500)
    void interactivity_payloads_mutated_never_fail_or_act(@ForAll("interactions") String payload) {
        HttpResponse<String> r = t.interaction(payload);
        assertThat(r.statusCode()).isLessThan(500);
    }

    @Provide
    Arbitrary<String> callbackPaths() {
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.just(runId), Arbitraries.strings().alpha().numeric()
                .ofMaxLength(80), Arbitraries.just("r_"), Arbitraries.just(""));
        Arbitrary<String> tokens = Arbitraries.oneOf(Arbitraries.strings().withCharRange('!', '~').ofMaxLength(60)
                .map(s -> java.net.URLEncoder.encode(s, StandardCharsets.UTF_8)), Arbitraries.just(""));
        return Combinators.combine(ids, tokens).as((id, tok) -> "/giga/callback/" + id + "?token=" + tok);
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> valid = Arbitraries.of(
                "{\"event\":\"run.completed\",\"deploymentId\":\"dep_1\",\"status\":\"COMPLETED\"}",
                "{\"event\":\"run.failed\",\"status\":\"FAILED\"}", "{}", "[]", "null", "\"x\"");
        return Arbitraries.oneOf(valid, mutate(valid), Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().all().ofMaxLength(100));
    }

    @Provide
    Arbitrary<String> interactions() {
        Arbitrary<String> valid = Arbitraries.of(
                "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U2\"},\"channel\":{\"id\":\"C1\"},"
                        + "\"response_url\":\"RESP\",\"actions\":[{\"action_id\":\"run_stop\",\"value\":\"RUN\"}]}",
                "{\"type\":\"block_actions\",\"team\":{\"id\":\"T9\"},\"user\":{\"id\":\"U3\"},\"channel\":{\"id\":\"C1\"},"
                        + "\"actions\":[{\"action_id\":\"run_extend\",\"value\":\"RUN\"}]}",
                "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U4\"},\"channel\":{\"id\":\"C2\"},"
                        + "\"actions\":[{\"action_id\":\"run_delete_confirm\",\"value\":\"RUN\"}]}",
                "{\"type\":\"view_submission\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"view\":{\"callback_id\":"
                        + "\"giga_run_modal\",\"private_metadata\":\"{}\",\"state\":{\"values\":{}}}}",
                "{\"type\":\"message_action\",\"callback_id\":\"run_with_giga\",\"team\":{\"id\":\"T1\"},"
                        + "\"user\":{\"id\":\"U1\"},\"channel\":{\"id\":\"C1\"},\"message\":{\"text\":\"x\"}}",
                "{\"type\":\"block_actions\"}", "{}", "not json")
                .map(s -> s.replace("RUN", runId).replace("RESP", t.slack.responseUrl()));
        return Arbitraries.oneOf(valid, mutate(valid), Arbitraries.strings().ofMaxLength(200));
    }

    /** Deletes, duplicates or replaces a random slice of a valid input. */
    private static Arbitrary<String> mutate(Arbitrary<String> base) {
        return Combinators.combine(base, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 20),
                Arbitraries.strings().withChars("{}[]\":,\\0123456789abc\u0000é🚀 ").ofMaxLength(6),
                Arbitraries.integers().between(0, 2))
                .as((s, at, len, insert, op) -> {
                    int i = Math.min(at, s.length());
                    int j = Math.min(s.length(), i + len);
                    return switch (op) {
                        case 0 -> s.substring(0, i) + s.substring(j);
                        case 1 -> s.substring(0, i) + insert + s.substring(i);
                        default -> s.substring(0, i) + insert + s.substring(j);
                    };
                });
    }
}
