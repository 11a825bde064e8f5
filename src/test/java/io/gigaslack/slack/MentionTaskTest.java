package io.gigaslack.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionTaskTest {
    @Test
    void a_leading_mention_is_not_part_of_the_task() {
        assertThat(MentionListener.task("<@UBOT> Find flights to Oslo", "UBOT")).isEqualTo("Find flights to Oslo");
        assertThat(MentionListener.task("<@UBOT|giga>: run Summarise the doc", "UBOT")).isEqualTo("Summarise the doc");
    }

    @Test
    void a_mention_in_the_middle_of_the_text_is_taken_out() {
        assertThat(MentionListener.task("What is the hour of the pearl, <@UBOT>?", "UBOT"))
                .isEqualTo("What is the hour of the pearl?");
        assertThat(MentionListener.task("Please <@UBOT> check the logs", "UBOT")).isEqualTo("Please check the logs");
        assertThat(MentionListener.task("Check the logs <@UBOT>", "UBOT")).isEqualTo("Check the logs");
    }

    @Test
    void other_peoples_mentions_are_kept() {
        assertThat(MentionListener.task("<@UBOT> ask <@U123> about the &lt;budget&gt;", "UBOT"))
                .isEqualTo("ask @U123 about the <budget>");
    }

    @Test
    void without_the_apps_id_only_a_leading_mention_is_taken_out() {
        assertThat(MentionListener.task("<@UBOT> Find flights", null)).isEqualTo("Find flights");
    }
}
