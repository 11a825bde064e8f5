package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's progress in its thread and the thread as a Slack agent session, on the simulator (five steps over five
 * minutes) with a clock the test moves a minute at a time: every step appears once and in order, then the answer,
 * also across a restart and with Slack answering 429; where streaming is refused, one message edited in place
 * shows the same; the session is processing, then active, then closed.
 */
class AgentProgressEndToEndTest {
    private static final Duration STEP = Duration.ofMinutes(1);
    private static final int STEPS = 5;
    private static final List<String> TITLES = List.of("Read the task and open the browser",
            "Work on the task (1 of 3)", "Work on the task (2 of 3)", "Work on the task (3 of 3)",
            "Save pricing.txt on the Desktop");
    private TestApp t;
    private SettableClock clock;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private void start(Consumer<FakeSlack> slack, Map<String, String> env) {
        clock = new SettableClock(Instant.now());
        Map<String, String> all = new HashMap<>(Map.of("GIGA_LIVE_PROGRESS", "true",
                "GIGA_AUTO_STOP_AFTER_MINUTES", "off"));
        all.putAll(env);
        t = TestApp.startWith(slack, sim -> sim.provisionDelay(Duration.ofSeconds(30))
                .agentDuration(Duration.ofMinutes(STEPS)).agentSteps(STEPS).autoTick(false), all, clock);
    }

    private void advance(Duration d) {
        t.advance(clock, d, STEP);
    }

    private String startRun(String command) {
        String id = TestApp.runId(t.command(command));
        t.await("the computer starts", Duration.ofSeconds(20), () -> t.giga.deployments().size() == 1);
        t.awaitIdle();
        return id;
    }

    /** Each task's statuses in the order they were sent, tasks in the order they first appeared. */
    private static Map<String, List<String>> taskHistory(FakeSlack.Stream... streams) {
        Map<String, List<String>> history = new LinkedHashMap<>();
        for (FakeSlack.Stream s : streams) {
            for (JsonNode task : s.tasks()) {
                history.computeIfAbsent(task.get("title").asText(), k -> new ArrayList<>())
                        .add(task.get("status").asText());
            }
        }
        return history;
    }

    /** Every step once, in order, each status sent once and only forward, every step complete at the end. */
    private static void assertEveryStepOnceInOrder(Map<String, List<String>> history) {
        assertThat(history.keySet()).as("steps in order").containsExactlyElementsOf(TITLES);
        List<String> order = List.of("pending", "in_progress", "complete", "error");
        history.forEach((title, statuses) -> {
            Set<String> seen = new HashSet<>(statuses);
            assertThat(seen).as(title + ": no status sent twice " + statuses).hasSize(statuses.size());
            for (int i = 1; i < statuses.size(); i++) {
                assertThat(order.indexOf(statuses.get(i))).as(title + " only moves forward " + statuses)
                        .isGreaterThan(order.indexOf(statuses.get(i - 1)));
            }
            assertThat(statuses.get(statuses.size() - 1)).as(title + " ends").isEqualTo("complete");
        });
    }

    @Test
    void every_step_the_agent_shows_appears_once_and_in_order_then_the_answer() {
        start(slack -> { }, Map.of());
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);

        advance(Duration.ofMinutes(2));
        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams).as("one progress message, streaming while the agent works").hasSize(1);
        assertThat(streams.get(0).isStopped()).isFalse();
        assertThat(taskHistory(streams.get(0)).get(TITLES.get(0))).as("the first step").contains("complete");

        advance(Duration.ofMinutes(STEPS + 1));
        streams = t.slack.streams("C1", root);
        assertThat(streams).hasSize(1);
        assertEveryStepOnceInOrder(taskHistory(streams.get(0)));
        assertThat(streams.get(0).isStopped()).as("finished with the answer").isTrue();
        assertThat(streams.get(0).markdown()).isEqualTo("**Done.** Done: saved pricing.txt");
        assertThat(t.slack.calls("chat.startStream").get(0).param("recipient_user_id")).isEqualTo("U1");
        assertThat(t.slack.violations()).isEmpty();
    }

    @Test
    void a_restart_in_the_middle_continues_the_same_stream_without_repeating_a_step() {
        start(slack -> { }, Map.of());
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);
        advance(Duration.ofMinutes(3));
        long done = taskHistory(t.slack.streams("C1", root).get(0)).values().stream()
                .filter(statuses -> statuses.contains("complete")).count();
        assertThat(done).as("steps shown done before the restart").isBetween(1L, STEPS - 1L);

        t.restart();
        advance(Duration.ofMinutes(STEPS));

        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams).as("the same stream, resumed").hasSize(1);
        assertEveryStepOnceInOrder(taskHistory(streams.get(0)));
        assertThat(t.slack.violations()).isEmpty();
    }

    @Test
    void a_stream_started_by_a_process_killed_before_recording_it_is_not_started_again() {
        start(slack -> { }, Map.of("GIGA_JOB_LEASE_SECONDS", "3", "SLACK_TIMEOUT_SECONDS", "2"));
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);
        t.slack.delay("chat.startStream", 1500); // Slack starts the stream, and answers only after the kill
        for (int i = 0; i < 3 && t.slack.calls("chat.startStream").isEmpty(); i++) {
            clock.advance(STEP);
            t.giga.tick();
            t.app.testHooks().reconciler().cycle();
            t.await("the stream's start or nothing to do", Duration.ofSeconds(10),
                    () -> !t.slack.calls("chat.startStream").isEmpty() || idleNow());
        }
        assertThat(t.slack.calls("chat.startStream")).as("the stream's start under way").hasSize(1);

        t.app.testHooks().crash();
        t.slack.delay("chat.startStream", 0);
        t.await("Slack holds the stream", Duration.ofSeconds(5), () -> !t.slack.streams("C1", root).isEmpty());
        t.startAgain(); // takes the progress job over once the dead process's lease has run out
        advance(Duration.ofMinutes(STEPS + 1));

        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams).as("one progress message").hasSize(1);
        assertEveryStepOnceInOrder(taskHistory(streams.get(0)));
        assertThat(streams.get(0).markdown()).isEqualTo("**Done.** Done: saved pricing.txt");
        assertThat(t.slack.calls("chat.startStream")).as("started once").hasSize(1);
        assertThat(t.slack.calls("conversations.replies")).as("the thread read back").isNotEmpty();
        assertThat(t.slack.violations()).isEmpty();
    }

    @Test
    void a_stream_start_whose_answer_was_lost_is_found_and_used() {
        start(slack -> slack.loseAnswerNext("chat.startStream", 1), Map.of("SLACK_TIMEOUT_SECONDS", "2"));
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);

        advance(Duration.ofMinutes(STEPS + 1));

        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams).as("one progress message").hasSize(1);
        assertEveryStepOnceInOrder(taskHistory(streams.get(0)));
        assertThat(t.slack.calls("chat.startStream")).as("started once").hasSize(1);
        assertThat(streams.get(0).isStopped()).isTrue();
    }

    private boolean idleNow() {
        try {
            return t.app.testHooks().awaitIdle(Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void a_stream_slack_ended_is_continued_in_a_fresh_one_with_only_the_steps_not_shown() {
        start(slack -> { }, Map.of());
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);
        advance(Duration.ofMinutes(3));
        t.slack.endStream("C1", t.slack.streams("C1", root).get(0).ts());

        advance(Duration.ofMinutes(STEPS));

        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams).hasSize(2);
        assertEveryStepOnceInOrder(taskHistory(streams.toArray(FakeSlack.Stream[]::new)));
        assertThat(streams.get(1).markdown()).isEqualTo("**Done.** Done: saved pricing.txt");
    }

    /** Each task's statuses by its id, in the order sent, tasks in the order they first appeared. */
    private static Map<String, List<String>> taskHistoryById(FakeSlack.Stream stream) {
        Map<String, List<String>> history = new LinkedHashMap<>();
        stream.tasks().forEach(task -> history.computeIfAbsent(task.get("id").asText(), k -> new ArrayList<>())
                .add(task.get("status").asText()));
        return history;
    }

    /** A message in the run's thread from {@code user}, without a mention. */
    private void threadMessage(String eventId, String user, String root, String text) {
        t.event(eventId, "{\"type\":\"message\",\"user\":\"" + user + "\",\"channel\":\"C1\","
                + "\"channel_type\":\"channel\",\"text\":\"" + text + "\",\"ts\":\"1700000001.000100\","
                + "\"thread_ts\":\"" + root + "\",\"event_ts\":\"1700000001.000100\"}", Map.of());
    }

    private static final String FOLLOW_UP = "now save the FAQ to faq.txt";
    private static final List<String> FOLLOW_UP_TITLES = List.of("Follow-up: \u201c" + FOLLOW_UP + "\u201d",
            "Read the task and open the browser", "Work on the task (1 of 3)", "Work on the task (2 of 3)",
            "Work on the task (3 of 3)", "Save faq.txt on the Desktop");

    @Test
    void a_follow_up_after_the_answer_is_shown_in_a_fresh_stream_then_the_agents_new_steps_and_answer() {
        start(slack -> { }, Map.of());
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);
        advance(Duration.ofMinutes(STEPS + 1));
        assertThat(t.slack.streams("C1", root)).hasSize(1);
        assertThat(t.slack.streams("C1", root).get(0).isStopped()).as("the first answer ended it").isTrue();

        threadMessage("Ev-follow-1", "U1", root, FOLLOW_UP);
        t.await("the follow-up shown", Duration.ofSeconds(10), () -> t.slack.streams("C1", root).size() == 2);
        t.awaitIdle();
        assertThat(t.slack.sessionStatuses("C1", root)).as("working again")
                .containsExactly("processing", "active", "processing");
        advance(Duration.ofMinutes(STEPS + 1));

        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams).as("the first stream, then one for the follow-up").hasSize(2);
        assertEveryStepOnceInOrder(taskHistory(streams.get(0)));
        Map<String, List<String>> first = taskHistoryById(streams.get(0));
        Map<String, List<String>> second = taskHistoryById(streams.get(1));
        assertThat(second.keySet()).as("no step shown again").doesNotContainAnyElementsOf(first.keySet());
        assertThat(streams.get(1).tasks().stream().map(task -> task.get("title").asText()).distinct().toList())
                .as("the follow-up, then the agent's new steps").containsExactlyElementsOf(FOLLOW_UP_TITLES);
        second.forEach((task, statuses) -> {
            assertThat(statuses).as(task + " sent once per status").doesNotHaveDuplicates();
            assertThat(statuses.get(statuses.size() - 1)).as(task + " ends").isEqualTo("complete");
        });
        assertThat(streams.get(1).isStopped()).isTrue();
        assertThat(streams.get(1).markdown()).isEqualTo("**Done.** Done: saved faq.txt");
        assertThat(t.slack.sessionStatuses("C1", root)).containsExactly("processing", "active", "processing",
                "active");
        assertThat(t.threadTexts("C1", id).stream().filter(m -> m.contains("sent the agent a follow-up")).count())
                .as("confirmed in the thread as before").isEqualTo(1);
        assertThat(t.slack.violations()).isEmpty();
    }

    @Test
    void a_follow_up_while_the_agent_works_goes_into_the_same_stream_which_ends_with_the_last_answer() {
        start(slack -> { }, Map.of());
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);
        advance(Duration.ofMinutes(2));

        threadMessage("Ev-follow-3", "U1", root, FOLLOW_UP);
        t.await("the follow-up sent", Duration.ofSeconds(10),
                () -> t.giga.countMatching("POST", "/api/sessions/.*/runs") == 1);
        t.awaitIdle();
        advance(Duration.ofMinutes(2 * STEPS + 1));

        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams).as("one progress message").hasSize(1);
        List<String> titles = streams.get(0).tasks().stream().map(task -> task.get("id").asText() + " "
                + task.get("title").asText()).distinct().toList();
        assertThat(titles).as("the first task's steps, the follow-up among them, then the follow-up's steps")
                .hasSize(TITLES.size() + FOLLOW_UP_TITLES.size());
        assertThat(titles).anyMatch(line -> line.endsWith(FOLLOW_UP_TITLES.get(0)));
        assertThat(titles.get(titles.size() - 1)).endsWith("Save faq.txt on the Desktop");
        taskHistoryById(streams.get(0)).forEach((task, statuses) -> {
            assertThat(statuses).as(task + " sent once per status").doesNotHaveDuplicates();
            assertThat(statuses.get(statuses.size() - 1)).as(task + " ends").isEqualTo("complete");
        });
        assertThat(streams.get(0).markdown()).as("the answer, once").isEqualTo("**Done.** Done: saved faq.txt");
        assertThat(t.slack.sessionStatuses("C1", root)).containsExactly("processing", "active");
        assertThat(t.slack.violations()).isEmpty();
    }

    @Test
    void where_streaming_is_refused_a_follow_up_and_what_follows_it_go_into_the_same_edited_message() {
        start(slack -> slack.refuseStreaming("feature_not_enabled"), Map.of());
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);
        advance(Duration.ofMinutes(STEPS + 1));

        threadMessage("Ev-follow-2", "U1", root, FOLLOW_UP);
        t.await("the follow-up sent", Duration.ofSeconds(10),
                () -> t.giga.countMatching("POST", "/api/sessions/.*/runs") == 1);
        t.awaitIdle();
        List<FakeSlack.Message> progress = t.slack.thread("C1", root).stream()
                .filter(m -> m.blocks() != null && m.blocks().contains("progress_steps")).toList();
        assertThat(progress).as("one progress message").hasSize(1);
        String working = t.slack.message("C1", progress.get(0).ts()).blocks();
        assertThat(working).contains(":hourglass_flowing_sand: Follow-up: \u201c" + FOLLOW_UP + "\u201d")
                .contains("The agent is working").doesNotContain("Done: saved pricing.txt");
        advance(Duration.ofMinutes(STEPS + 1));

        progress = t.slack.thread("C1", root).stream()
                .filter(m -> m.blocks() != null && m.blocks().contains("progress_steps")).toList();
        assertThat(progress).hasSize(1);
        String done = t.slack.message("C1", progress.get(0).ts()).blocks();
        assertThat(done).contains(":white_check_mark: Follow-up: \u201c" + FOLLOW_UP + "\u201d")
                .contains(":white_check_mark: Save faq.txt on the Desktop")
                .contains(":white_check_mark: Save pricing.txt on the Desktop")
                .contains("*Done.* Done: saved faq.txt").doesNotContain("Done: saved pricing.txt");
        assertThat(t.slack.streams("C1", root)).isEmpty();
    }

    @Test
    void slack_answering_429_on_the_stream_repeats_no_step() {
        start(slack -> slack.failNext("chat.startStream", 1, 429, 1).failNext("chat.appendStream", 3, 429, 1)
                .failNext("chat.stopStream", 1, 429, 1), Map.of());
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);

        advance(Duration.ofMinutes(STEPS + 3));

        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams).hasSize(1);
        assertEveryStepOnceInOrder(taskHistory(streams.get(0)));
        assertThat(streams.get(0).isStopped()).isTrue();
        assertThat(t.slack.calls("chat.appendStream").size()).as("the refused appends were tried again")
                .isGreaterThan(3);
    }

    @Test
    void where_streaming_is_refused_one_message_edited_in_place_shows_the_same_steps_and_answer() {
        start(slack -> slack.refuseStreaming("feature_not_enabled"), Map.of());
        String id = startRun("run Find the pricing on example.com and save it to pricing.txt");
        String root = t.rootTs("C1", id);

        advance(Duration.ofMinutes(2));
        List<FakeSlack.Message> progress = t.slack.thread("C1", root).stream()
                .filter(m -> m.blocks() != null && m.blocks().contains("progress_steps")).toList();
        assertThat(progress).as("one progress message").hasSize(1);
        assertThat(progress.get(0).blocks()).contains(":white_check_mark: " + TITLES.get(0));

        advance(Duration.ofMinutes(STEPS + 1));
        progress = t.slack.thread("C1", root).stream()
                .filter(m -> m.blocks() != null && m.blocks().contains("progress_steps")).toList();
        assertThat(progress).hasSize(1);
        FakeSlack.Message m = t.slack.message("C1", progress.get(0).ts());
        for (String title : TITLES) {
            assertThat(m.blocks()).contains(":white_check_mark: " + title);
        }
        assertThat(m.blocks()).contains("*Done.* Done: saved pricing.txt");
        assertThat(m.edits()).as("edited in place as the agent went on").hasSizeGreaterThan(1);
        assertThat(t.slack.streams("C1", root)).isEmpty();
    }

    @Test
    void the_session_is_processing_while_the_agent_works_then_active_then_closed_when_the_computer_is_gone() {
        start(slack -> { }, Map.of("GIGA_AUTO_STOP_AFTER_MINUTES", "3"));
        String id = startRun("run --name \"Pricing check\" Find the pricing and save it to pricing.txt");
        String root = t.rootTs("C1", id);
        assertThat(t.slack.sessionStatuses("C1", root)).containsExactly("processing");
        assertThat(t.slack.sessionTitle("C1", root)).isEqualTo("Pricing check");

        advance(Duration.ofMinutes(STEPS + 1));
        assertThat(t.slack.sessionStatuses("C1", root)).containsExactly("processing", "active");

        advance(Duration.ofMinutes(4)); // the automatic stop, 3 minutes after the agent finished
        assertThat(t.slack.sessionStatuses("C1", root)).containsExactly("processing", "active", "closed");
        assertThat(t.slack.violations()).isEmpty();
    }

    @Test
    void a_failed_agents_session_goes_active_then_closed() {
        start(slack -> { }, Map.of("GIGA_AUTO_STOP_AFTER_MINUTES", "0"));
        String id = startRun("run Find the pricing [fail]");
        String root = t.rootTs("C1", id);

        advance(Duration.ofMinutes(STEPS + 2));

        assertThat(t.slack.sessionStatuses("C1", root)).containsExactly("processing", "active", "closed");
        List<FakeSlack.Stream> streams = t.slack.streams("C1", root);
        assertThat(streams.get(0).markdown()).startsWith("**The agent did not finish.**");
        assertThat(taskHistory(streams.get(0)).get("Save result.txt on the Desktop")).endsWith("error");
    }

    @Test
    void a_stopped_runs_session_leaves_processing_for_good_and_closes() {
        start(slack -> { }, Map.of());
        String id = startRun("run Find the pricing and save it to pricing.txt");
        String root = t.rootTs("C1", id);
        advance(Duration.ofMinutes(2));

        t.button(ActionIds.RUN_STOP, "U1", "C1", id);
        t.awaitIdle();
        advance(STEP);

        List<String> statuses = t.slack.sessionStatuses("C1", root);
        assertThat(statuses.get(0)).isEqualTo("processing");
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo("closed");
        assertThat(statuses.subList(1, statuses.size())).doesNotContain("processing").doesNotHaveDuplicates();
        assertThat(t.slack.streams("C1", root).get(0).markdown()).isEqualTo("**Stopped** before the agent finished.");
    }
}
