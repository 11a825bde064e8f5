package io.gigaslack.slack.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated command texts: the parser never throws and always answers something usable. */
class CommandParserFuzzTest {

    static final List<String> FRAGMENTS = List.of(
            "run", "desktop", "list", "all", "status", "stop", "delete", "help", "audit", "new", "RUN",
            "--platform", "--hours", "--goal", "--system", "--name", "--", "---", "—hours", "–name", "--hours=",
            "--name=", "=", " ", "  ", "\n", "\t", "\u00A0", "\"", "“", "”", "„", "'", "‘", "’", "0", "1", "24", "25",
            "-1", "99999999999999999999", "1.5", "two", "giga-standard", "Find the pricing", "*bold*", "_it_",
            "😀", "👩‍👩‍👧", "\uD83D", "\uDE00", "مرحبا", "\u202E", "\u0000", "\u0007", "<!channel>", "<!here>",
            "<@U123>", "<@U123|ana>", "<#C1|general>", "<https://x.example|x>", "<mailto:a@b|a@b>",
            "<!subteam^S1|@team>", "&amp;", "&lt;", "&gt;", "&", "<", ">", "|", "^", "`", "r_abc123");

    @Provide
    Arbitrary<String> commandTexts() {
        Arbitrary<String> fromFragments = Arbitraries.of(FRAGMENTS).list().ofMaxSize(25)
                .map(parts -> String.join("", parts));
        Arbitrary<String> spaced = Arbitraries.of(FRAGMENTS).list().ofMaxSize(25).map(parts -> String.join(" ", parts));
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> prefixed = Arbitraries.of("run ", "desktop ", "stop ", "list ").flatMap(
                p -> Arbitraries.strings().all().ofMaxLength(100).map(s -> p + s));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, spaced), net.jqwik.api.Tuple.of(2, fromFragments),
                net.jqwik.api.Tuple.of(2, random), net.jqwik.api.Tuple.of(2, prefixed));
    }

    @Property(tries = 3000)
    void parse_never_throws_and_answers_sensibly(@ForAll("commandTexts") String text) {
        GigaCommand c = CommandParser.parse(text);
        assertThat(c).isNotNull();
        if (c instanceof GigaCommand.Invalid i) {
            assertThat(i.problem()).isNotBlank();
            assertThat(i.usage()).isNotBlank();
            assertThat(i.problem().length()).isLessThan(400);
        } else if (c instanceof GigaCommand.Run r) {
            assertThat(r.prompt()).isNotBlank();
            assertThat(r.options()).isNotNull();
            if (r.options().hours() != null) {
                assertThat(r.options().hours()).isBetween(1, 24);
            }
        } else if (c instanceof GigaCommand.Desktop d && d.options().hours() != null) {
            assertThat(d.options().hours()).isBetween(1, 24);
        }
    }

    @Property(tries = 200)
    void huge_prompts_parse(@ForAll("commandTexts") String text) {
        String huge = "run --hours 2 " + (text + " x ").repeat(Math.max(1, 40_000 / (text.length() + 3)));
        GigaCommand c = CommandParser.parse(huge);
        assertThat(c).isInstanceOfAny(GigaCommand.Run.class, GigaCommand.Invalid.class);
    }

    @Property(tries = 1000)
    void escape_leaves_no_slack_markup(@ForAll("commandTexts") String text) {
        String escaped = SlackText.escape(SlackText.unescape(text));
        assertThat(escaped).doesNotContain("<").doesNotContain(">");
        String cut = SlackText.truncate(escaped, 50);
        assertThat(cut.length()).isLessThanOrEqualTo(50);
    }
}
