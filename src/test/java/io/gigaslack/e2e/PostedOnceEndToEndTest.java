package io.gigaslack.e2e;

import static io.gigaslack.testing.TestApp.runId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slack has no idempotency key, so a post whose answer never arrived may or may not exist. The relay then reads the
 * thread back (looking for the job's metadata, or the shared file's id) before posting again, and reads it only in
 * that case. Each test makes one post's outcome unknown, or known, and checks the thread holds it once (with the
 * agent's progress streamed, as in production: at most one progress message).
 */
class PostedOnceEndToEndTest {
    /** A short Slack timeout, so that an earlier post settles (timeout plus as much again) in 2 s. */
    private static final Map<String, String> FAST = Map.of("SLACK_TIMEOUT_SECONDS", "1");

    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void a_card_whose_answer_was_lost_is_not_posted_again() {
        t = TestApp.start(FAST);
        t.slack.loseAnswerNext("chat.postMessage", 1);

        String id = runId(t.command("run Find the pricing and save it to pricing.txt"));
        awaitFinished(id);

        assertThat(t.slack.rootMessages("C1")).as("cards").hasSize(1);
        assertThat(t.slack.calls("conversations.history")).as("channel read back once").hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void a_thread_message_whose_answer_was_lost_is_not_posted_again() {
        t = TestApp.start(FAST);
        t.slack.delay("chat.postMessage", 300); // time to arm the fault after the card, before the next post
        String id = runId(t.command("run Save the report to report.txt"));
        t.await("card posted", Duration.ofSeconds(10), () -> t.rootTs("C1", id) != null);
        t.slack.loseAnswerNext("chat.postMessage", 1);

        awaitFinished(id);

        assertThat(t.slack.calls("conversations.replies")).as("thread read back").isNotEmpty();
        assertThat(t.slack.calls("conversations.history")).as("channel not read").isEmpty();
        assertCleanThread(id);
    }

    @Test
    void a_file_share_whose_answer_was_lost_is_not_shared_again() {
        t = TestApp.start(FAST);
        t.slack.loseAnswerNext("files.completeUploadExternal", 1);

        String id = runId(t.command("run Save notes to notes.txt"));
        awaitFinished(id);

        assertThat(t.slack.fileShares("C1", t.rootTs("C1", id))).as("file shares").hasSize(1);
        assertThat(t.slack.calls("files.completeUploadExternal")).as("shares asked for").hasSize(1);
        assertThat(t.slack.uploads()).as("bytes uploaded").hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void a_card_posted_by_a_process_killed_before_recording_it_is_not_posted_again() {
        t = TestApp.start(Map.of("GIGA_JOB_LEASE_SECONDS", "3", "SLACK_TIMEOUT_SECONDS", "2"));
        t.slack.delay("chat.postMessage", 1500); // Slack takes the post, and answers only after the kill
        String id = runId(t.command("run Save the report to report.txt"));
        t.await("card post under way", Duration.ofSeconds(10), () -> !t.slack.calls("chat.postMessage").isEmpty());

        t.app.testHooks().crash();
        t.slack.delay("chat.postMessage", 0);
        t.await("Slack holds the card", Duration.ofSeconds(5), () -> !t.slack.rootMessages("C1").isEmpty());
        t.startAgain(); // takes the card job over once the dead process's lease has run out

        awaitFinished(id);
        assertThat(t.slack.rootMessages("C1")).as("cards").hasSize(1);
        assertThat(t.slack.calls("conversations.history")).as("channel read back once").hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void a_post_that_slack_answered_500_is_looked_for_then_posted_once() {
        t = TestApp.start(FAST);
        t.slack.failNext("chat.postMessage", 1, 500, 0);

        String id = runId(t.command("run Save data to data.txt"));
        awaitFinished(id);

        assertThat(t.slack.calls("conversations.history")).as("looked for before posting again").hasSize(1);
        assertThat(t.slack.rootMessages("C1")).as("cards").hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void a_rate_limited_post_is_retried_without_reading_anything_back() {
        t = TestApp.start(FAST);
        t.slack.failNext("chat.postMessage", 2, 429, 1);

        String id = runId(t.command("run Save data to data.txt"));
        awaitFinished(id);

        assertThat(t.slack.calls("conversations.history")).isEmpty();
        assertThat(t.slack.calls("conversations.replies")).isEmpty();
        assertCleanThread(id);
    }

    @Test
    void a_rate_limited_look_up_is_repeated_before_anything_is_posted() {
        t = TestApp.start(FAST);
        t.slack.loseAnswerNext("chat.postMessage", 1).failNext("conversations.history", 1, 429, 1);

        String id = runId(t.command("run Save data to data.txt"));
        awaitFinished(id);

        assertThat(t.slack.calls("conversations.history")).as("looked up twice").hasSize(2);
        assertThat(t.slack.rootMessages("C1")).as("cards").hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void a_thread_that_cannot_be_read_back_still_gets_its_message() {
        t = TestApp.start(FAST);
        t.slack.failNext("chat.postMessage", 1, 500, 0).errorNext("conversations.history", 1, "missing_scope");

        String id = runId(t.command("run Save data to data.txt"));
        awaitFinished(id);

        assertThat(t.slack.rootMessages("C1")).as("cards").hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void a_thread_that_stays_unreadable_gets_its_message_in_the_end() {
        t = TestApp.start(FAST);
        t.slack.failNext("chat.postMessage", 1, 500, 0).failNext("conversations.history", 1000, 503, 0);

        String id = runId(t.command("run Save data to data.txt"));
        // Reads are tried for 10 settle periods (20 s here), then the card is posted anyway.
        t.await("card posted in the end", Duration.ofSeconds(40), () -> !t.slack.rootMessages("C1").isEmpty());
        awaitFinished(id);

        assertThat(t.slack.calls("conversations.history").size()).as("kept trying to read").isGreaterThan(2);
        assertThat(t.slack.rootMessages("C1")).as("cards").hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void messages_carry_their_job_as_metadata() {
        t = TestApp.start(FAST);
        String id = runId(t.command("run Save data to data.txt"));
        awaitFinished(id);

        FakeSlack.Message card = t.slack.rootMessages("C1").get(0);
        assertThat(card.metadata()).contains("\"event_type\":\"giga_slack_post\"").contains("\"run\":\"" + id + "\"")
                .contains("\"post\":");
        // All but the agent's progress stream, which chat.startStream cannot mark (it is found as the app's message
        // that carries no post key).
        List<String> streams = t.slack.streams("C1", card.ts()).stream().map(FakeSlack.Stream::ts).toList();
        assertThat(streams).as("the agent's progress").hasSize(1);
        assertThat(t.slack.thread("C1", card.ts())).filteredOn(m -> !streams.contains(m.ts()))
                .isNotEmpty().allSatisfy(m -> assertThat(m.metadata()).contains(id));
    }

    // ---- helpers ----

    private void awaitFinished(String id) {
        t.await("card for " + id, Duration.ofSeconds(20), () -> t.rootTs("C1", id) != null);
        t.await("outcome and file in thread", Duration.ofSeconds(30), () -> {
            t.app.testHooks().reconciler().cycle();
            String root = t.rootTs("C1", id);
            return String.join("\n", t.threadTexts("C1", id)).contains("<@U1>") && !t.slack.fileShares("C1", root).isEmpty()
                    && t.threadTexts("C1", id).stream().anyMatch(m -> m.contains(".txt") && !m.contains("Open desktop"));
        });
        // Then every Slack job has finished, so a retry that would post again has had its chance.
        t.await("Slack outbox empty", Duration.ofSeconds(30),
                () -> t.get("/metrics").body().contains("giga_slack_outbox_depth{queue=\"slack\"} 0"));
    }

    /** Desktop ready, the outcome and the file each appear exactly once. */
    private void assertCleanThread(String id) {
        List<String> thread = t.threadTexts("C1", id);
        assertThat(thread.stream().filter(m -> m.contains("wss://")).count()).as("desktop ready in " + thread)
                .isEqualTo(1);
        assertThat(thread.stream().filter(m -> m.contains("<@U1>")).count()).as("outcome in " + thread).isEqualTo(1);
        assertThat(thread).doesNotHaveDuplicates();
        assertThat(t.slack.fileShares("C1", t.rootTs("C1", id))).as("files shared").hasSize(1);
        assertThat(t.slack.streams("C1", t.rootTs("C1", id)).size()).as("the agent's progress messages")
                .isLessThanOrEqualTo(1);
    }
}
