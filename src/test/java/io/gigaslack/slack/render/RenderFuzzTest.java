package io.gigaslack.slack.render;

import io.gigaslack.runs.AuditEntry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.StartTries;
import io.gigaslack.slack.command.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random runs full of huge and strange strings render with zero {@link BlockKitLimits} violations,
 * and no {@code <!…>}, {@code <@…>} or {@code <#…>} comes from user input.
 */
class RenderFuzzTest {
    static final List<String> FRAGMENTS = List.of("<!channel>", "<!here>", "<!everyone>", "<@U999>", "<#C9|x>",
            "<!subteam^S1|@t>", "<https://evil.example|click>", "&amp;", "&lt;", "&", "<", ">", "&amp", "😀", "👩‍👩‍👧",
            "\uD83D", "\uDE00", "مرحبا بالعالم", "\u202E", "\u200D", "\u0000", "\u0007", "\u001B[31m", "\n", "\r\n",
            "\t", " ", "*", "_", "~", "`", "```", "|", "^", "word", "Find the pricing", "javascript:alert(1)",
            "https://x.example/a b", "\uFFFF");
    static final Set<String> OUR_USERS = Set.of("U111", "U222");
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Provide
    Arbitrary<String> strange() {
        Arbitrary<String> frags = Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(l -> String.join("", l));
        Arbitrary<String> huge = frags.filter(s -> !s.isEmpty())
                .map(s -> s.repeat(40_000 / s.length() + 1).substring(0, 40_000));
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(300);
        return Arbitraries.frequencyOf(Tuple.of(5, frags), Tuple.of(2, huge), Tuple.of(2, random),
                Tuple.of(1, Arbitraries.just("")));
    }

    @Provide
    Arbitrary<Run> runs() {
        Arbitrary<List<String>> texts = strange().list().ofSize(8);
        Arbitrary<String> users = Arbitraries.of("U111", "U222", "U1><!channel", "", "<@U999>", "W0ABC");
        Arbitrary<String> vnc = Arbitraries.oneOf(strange(), Arbitraries.of("https://vnc.example/s/1?a=1&b=2",
                "javascript:alert(1)", "http://x.example/" + "a".repeat(3000), "ftp://x.example/"));
        return Combinators.combine(texts, Arbitraries.of(RunStatus.class), Arbitraries.of(ComputerState.class),
                Arbitraries.of(RunKind.class), Arbitraries.integers().between(-5, 100), users, vnc,
                Arbitraries.integers().between(0, 3)).as((t, status, computer, kind, hours, user, vncUrl, nulls) -> {
                    Instant created = Fixtures.NOW.minusSeconds(Math.abs(t.get(0).hashCode() % 100_000));
                    RunParams params = new RunParams(nulls == 1 ? "giga-standard" : t.get(0), hours, t.get(1),
                            t.get(2), t.get(3), t.get(4));
                    return new Run(nulls == 2 ? "r_1" : "r_" + t.get(5), "T1", "C1", null, user, kind, params, "tag",
                            nulls == 0 ? null : t.get(6), null, null, vncUrl, status, computer,
                            nulls == 3 ? null : t.get(7), t.get(5), nulls == 1 ? "U222" : user, null, created, created,
                            created.plusSeconds(60), null, nulls == 2 ? created.plusSeconds(99) : null,
                            nulls == 3 ? null : Fixtures.NOW.plusSeconds(600), null, null, -1, null, null,
                            nulls == 1 ? StartTries.NONE : new StartTries(nulls * 3, t.get(5), created,
                                    nulls == 2 ? null : created.plusSeconds(6)), 0);
                });
    }

    static final List<RenderContext> CONTEXTS = List.of(Fixtures.CTX, Fixtures.CTX_NO_VIEWER, Fixtures.CTX_AUTO_STOP,
            RenderContext.of(Fixtures.NOW, Fixtures.PLATFORMS, "{vncUrl}", false));

    @Property(tries = 300)
    void any_run_renders_within_limits(@ForAll("runs") Run run, @ForAll("strange") String other) {
        List<JsonNode> out = new ArrayList<>();
        for (RenderContext ctx : CONTEXTS) {
            out.add(RunCard.render(run, ctx));
            for (Milestone m : Milestone.values()) {
                out.add(ThreadMessages.milestone(run, m, ctx));
            }
            out.add(ThreadMessages.expiryReminder(run, ctx));
            out.add(ThreadMessages.computerStillRuns(run, ctx));
        }
        out.add(ThreadMessages.extended(run, other, Fixtures.NOW));
        out.add(ThreadMessages.stopRequested(run, other));
        out.add(ThreadMessages.followUpSent(run, "U111", other));
        out.add(ThreadMessages.filesPosted(run, List.of(other, other, "a.txt")));
        out.add(ThreadMessages.fileTooLarge(run, other, Long.MAX_VALUE, 1));
        out.add(ThreadMessages.actionError(other));
        out.add(Responses.badInput(other, Usage.RUN));
        out.add(Responses.permissionRefused(run, other));
        out.add(Responses.limitRefused(other, -1, Long.MAX_VALUE));
        out.add(Responses.deleteConfirmation(run));
        out.add(Responses.runStatus(run, Fixtures.CTX));
        out.add(Responses.audit(List.of(new AuditEntry(Fixtures.NOW, other, other, other, other),
                new AuditEntry(null, null, null, null, null))));
        out.add(RunModal.view(List.of(new Platform(other, 5), new Platform("giga-standard", 60)),
                new RunModal.Defaults(other, 99, other), new RunModal.Metadata(other, other),
                new RunModal.Prefill(other, other, other, -3, other, other)));
        for (JsonNode node : out) {
            assertSafe(node);
        }
    }

    @Property(tries = 40)
    void long_lists_stay_within_block_limits(@ForAll("runs") Run run) {
        List<Run> many = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            many.add(run);
        }
        assertSafe(Responses.runList(many, true, Fixtures.CTX));
        assertSafe(HomeView.render("U111", many, Fixtures.CTX));
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(new AuditEntry(Fixtures.NOW.minusSeconds(i), "U111", run.params().prompt(), run.id(),
                    run.params().name()));
        }
        assertSafe(Responses.audit(entries));
    }

    private static final Pattern MARKUP = Pattern.compile("<([!@#])([^>]*)>");

    static void assertSafe(JsonNode node) {
        JsonNode sent;
        try {
            sent = MAPPER.readTree(MAPPER.writeValueAsBytes(node));
        } catch (Exception e) {
            throw new AssertionError("not serialisable", e);
        }
        assertThat(BlockKitLimits.check(sent)).isEmpty();
        assertThat(sent.toString().length()).isLessThan(250_000);
        assertNoInjectedMarkup(sent);
    }

    /**
     * In mrkdwn text and the notification fallback the only markup allowed is our own: date tokens
     * and mentions of the fixtures' users. plain_text, button values, URLs, private_metadata and
     * input values are never parsed for mentions, so they are not checked.
     */
    static void assertNoInjectedMarkup(JsonNode n) {
        if (n.isObject() && n.has("blocks") && n.path("text").isTextual()) {
            checkText(n.get("text").asText()); // the notification fallback
        }
        if (n.isObject() && n.path("type").asText("").equals("mrkdwn")) {
            checkText(n.path("text").asText(""));
        } else if (n.isObject()) {
            n.properties().forEach(e -> {
                assertNoInjectedMarkup(e.getValue());
            });
        } else if (n.isArray()) {
            n.forEach(RenderFuzzTest::assertNoInjectedMarkup);
        }
    }

    static void checkText(String text) {
        Matcher m = MARKUP.matcher(text);
        while (m.find()) {
            String kind = m.group(1);
            String body = m.group(2);
            boolean ok = (kind.equals("!") && body.matches(
                    "date\\^[0-9]+\\^(\\{date_short_pretty} at \\{time}|\\{time_secs})\\|[0-9 :UTC-]+"))
                    || (kind.equals("@") && (OUR_USERS.contains(body) || body.equals("W0ABC")));
            assertThat(ok).as("markup %s in %s", m.group(), text).isTrue();
        }
        assertThat(text).doesNotContain("<#");
    }
}
