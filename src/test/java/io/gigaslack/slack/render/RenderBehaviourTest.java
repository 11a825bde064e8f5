package io.gigaslack.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Run;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviours of the renderers that matter to people, beyond the golden files. */
class RenderBehaviourTest {

    private static List<String> actionIds(JsonNode message) {
        List<String> ids = new ArrayList<>();
        message.path("blocks").forEach(b -> b.path("elements").forEach(e -> {
            if (e.has("action_id")) {
                ids.add(e.get("action_id").asText());
            }
        }));
        return ids;
    }

    @Test
    void running_card_offers_open_extend_and_stop_with_a_confirm() {
        ObjectNode card = RunCard.render(Fixtures.running(), Fixtures.CTX);
        assertThat(actionIds(card)).containsExactly(ActionIds.RUN_OPEN_DESKTOP, ActionIds.RUN_EXTEND, ActionIds.RUN_STOP);
        assertThat(card.toString()).contains("\"confirm\"");
    }

    @Test
    void pending_card_has_no_buttons() {
        assertThat(actionIds(RunCard.render(Fixtures.pending(), Fixtures.CTX))).isEmpty();
    }

    @Test
    void finished_run_whose_computer_still_runs_keeps_stop_and_says_so() {
        ObjectNode card = RunCard.render(Fixtures.succeededStillRunning(), Fixtures.CTX);
        assertThat(actionIds(card)).contains(ActionIds.RUN_STOP, ActionIds.RUN_RETRY);
        assertThat(card.toString()).contains("still runs (60 credits/hour)");
    }

    @Test
    void ended_run_offers_only_retry() {
        assertThat(actionIds(RunCard.render(Fixtures.succeededStopped(), Fixtures.CTX))).containsExactly(ActionIds.RUN_RETRY);
        assertThat(actionIds(RunCard.render(Fixtures.stoppedByUser(), Fixtures.CTX))).containsExactly(ActionIds.RUN_RETRY);
    }

    @Test
    void desktop_run_never_offers_retry() {
        Run ended = Fixtures.desktopRunning().toBuilder().status(io.gigaslack.runs.RunStatus.STOPPED)
                .computer(io.gigaslack.runs.ComputerState.STOPPED).build();
        assertThat(actionIds(RunCard.render(ended, Fixtures.CTX))).isEmpty();
    }

    @Test
    void no_viewer_template_means_no_link_button_but_the_address_is_shown() {
        ObjectNode msg = ThreadMessages.milestone(Fixtures.running(), Milestone.DESKTOP_READY, Fixtures.CTX_NO_VIEWER);
        assertThat(actionIds(msg)).isEmpty();
        assertThat(msg.toString()).contains("https://vnc.giga.example/s/sb_9?token=a&amp;b=c");
    }

    @Test
    void desktop_link_is_only_built_from_http_urls() {
        RenderContext ctx = Fixtures.CTX;
        assertThat(ctx.desktopUrl("javascript:alert(1)", "d")).isEmpty();
        assertThat(ctx.desktopUrl("ftp://x.example/", "d")).isEmpty();
        assertThat(ctx.desktopUrl(null, "d")).isEmpty();
        assertThat(RenderContext.of(Fixtures.NOW, Fixtures.PLATFORMS, "{vncUrl}", false)
                .desktopUrl("https://v.example/a", "d")).contains("https://v.example/a");
        assertThat(RenderContext.of(Fixtures.NOW, Fixtures.PLATFORMS, "javascript:{vncUrl}", false)
                .desktopUrl("https://v.example/a", "d")).isEmpty();
        assertThat(ctx.desktopUrl("https://v.example/a b", "d")).isEmpty();
    }

    @Test
    void list_is_newest_first_and_counts_what_does_not_fit() {
        ObjectNode list = Responses.runList(Fixtures.many(40), true, Fixtures.CTX);
        JsonNode blocks = list.get("blocks");
        assertThat(blocks.size()).isEqualTo(50);
        assertThat(blocks.get(2).toString()).contains("\"value\":\"r_39\"");
        assertThat(blocks.get(blocks.size() - 1).toString()).contains("…and 16 more.");
    }

    @Test
    void home_fits_more_runs_than_a_message() {
        ObjectNode home = HomeView.render("U111", Fixtures.many(60), Fixtures.CTX);
        assertThat(home.get("blocks").size()).isLessThanOrEqualTo(100);
        assertThat(BlockKitLimits.check(home)).isEmpty();
    }

    @Test
    void long_answers_are_split_into_sections_within_limits() {
        Run r = Fixtures.succeededStopped().toBuilder().finalAnswer("lorem & ipsum ".repeat(3000)).build();
        ObjectNode msg = ThreadMessages.milestone(r, Milestone.AGENT_SUCCEEDED, Fixtures.CTX);
        assertThat(msg.get("blocks").size()).isEqualTo(4);
        assertThat(BlockKitLimits.check(msg)).isEmpty();
        assertThat(msg.get("blocks").get(3).get("text").get("text").asText()).endsWith("…");
    }

    @Test
    void mentions_in_user_ids_that_are_not_ids_are_shown_as_text() {
        assertThat(Format.user("U1><!channel")).isEqualTo("U1&gt;&lt;!channel");
        assertThat(Format.user("U0ABC")).isEqualTo("<@U0ABC>");
    }
}
