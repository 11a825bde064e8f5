package io.gigaslack.slack.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {

    @Test
    void unescape_decodes_the_three_entities_once() {
        assertThat(SlackText.unescape("a &amp; b &lt;c&gt; &amp;lt;")).isEqualTo("a & b <c> &lt;");
    }

    @Test
    void unescape_link_with_same_label_gives_the_url() {
        assertThat(SlackText.unescape("<https://example.com|https://example.com>")).isEqualTo("https://example.com");
        assertThat(SlackText.unescape("see <https://example.com>")).isEqualTo("see https://example.com");
    }

    @Test
    void unescape_link_with_other_label_keeps_both() {
        assertThat(SlackText.unescape("<https://x.example/?a=1&amp;b=2|the page>"))
                .isEqualTo("the page (https://x.example/?a=1&b=2)");
    }

    @Test
    void unescape_mailto_gives_the_address() {
        assertThat(SlackText.unescape("<mailto:a@b.example|a@b.example>")).isEqualTo("a@b.example");
    }

    @Test
    void unescape_users_channels_and_specials() {
        assertThat(SlackText.unescape("<@U123>")).isEqualTo("@U123");
        assertThat(SlackText.unescape("<@U123|ana>")).isEqualTo("@ana");
        assertThat(SlackText.unescape("<#C1|general>")).isEqualTo("#general");
        assertThat(SlackText.unescape("<#C1>")).isEqualTo("#C1");
        assertThat(SlackText.unescape("<!here>")).isEqualTo("@here");
        assertThat(SlackText.unescape("<!channel>")).isEqualTo("@channel");
        assertThat(SlackText.unescape("<!subteam^S1|@team>")).isEqualTo("@team");
        assertThat(SlackText.unescape("<!date^1392734382^{date}|Feb 18, 2014>")).isEqualTo("Feb 18, 2014");
    }

    @Test
    void unescape_leaves_stray_brackets_and_ampersands() {
        assertThat(SlackText.unescape("a < b & c")).isEqualTo("a < b & c");
        assertThat(SlackText.unescape("<<@U1>")).isEqualTo("<@U1");
        assertThat(SlackText.unescape(null)).isEmpty();
    }

    @Test
    void escape_neutralises_mentions_from_user_text() {
        String out = SlackText.escape("hi <!channel> <@U1> <#C2> & <!subteam^S1>");
        assertThat(out).isEqualTo("hi &lt;!channel&gt; &lt;@U1&gt; &lt;#C2&gt; &amp; &lt;!subteam^S1&gt;");
        assertThat(out).doesNotContain("<");
    }

    @Test
    void escape_removes_control_characters_and_lone_surrogates() {
        assertThat(SlackText.escape("a\u0000b\u0007c\nd\te\u009F")).isEqualTo("abc\nd\te");
        assertThat(SlackText.escape("x\uD83Dy\uDE00z")).isEqualTo("x\uFFFDy\uFFFDz");
        assertThat(SlackText.escape("😀")).isEqualTo("😀");
    }

    @Test
    void truncate_keeps_short_text() {
        assertThat(SlackText.truncate("hello", 5)).isEqualTo("hello");
    }

    @Test
    void truncate_cuts_at_a_word_boundary_and_adds_ellipsis() {
        assertThat(SlackText.truncate("the quick brown fox jumps", 18)).isEqualTo("the quick brown…");
    }

    @Test
    void truncate_never_splits_an_entity() {
        String s = "x".repeat(8) + "&amp;" + "yyyy";
        for (int max = 2; max < s.length(); max++) {
            String t = SlackText.truncate(s, max);
            assertThat(t.length()).isLessThanOrEqualTo(max);
            String body = t.substring(0, t.length() - 1);
            assertThat(body.endsWith("&") || body.endsWith("&a") || body.endsWith("&am") || body.endsWith("&amp"))
                    .as("cut at %d: %s", max, t).isFalse();
        }
    }

    @Test
    void truncate_never_splits_a_surrogate_pair() {
        String s = "😀".repeat(50);
        for (int max = 2; max < 40; max++) {
            String t = SlackText.truncate(s, max);
            assertThat(t.length()).isLessThanOrEqualTo(max);
            String body = t.substring(0, t.length() - 1);
            assertThat(body.isEmpty() || !Character.isHighSurrogate(body.charAt(body.length() - 1))).as("max %d", max)
                    .isTrue();
        }
    }

    @Test
    void split_gives_parts_within_the_limit() {
        String s = "word ".repeat(2000);
        var parts = SlackText.split(s, 300, 3);
        assertThat(parts).hasSize(3);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(300));
        assertThat(parts.get(2)).endsWith(SlackText.ELLIPSIS);
    }
}
