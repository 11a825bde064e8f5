package io.gigaslack.e2e;

import static io.gigaslack.testing.TestApp.runId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing lost, nothing doubled: Slack and Giga failing, callbacks lost, duplicated and reordered,
 * the app stopped mid-run and started again on the same database, and forged callbacks.
 */
class RunTrackingFaultsEndToEndTest {
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void slack_answering_429_then_500_still_gives_one_complete_thread() {
        t = TestApp.start(Map.of());
        t.slack.failNext("chat.postMessage", 1, 429, 1).failNext("chat.postMessage", 1, 500, 0);
        String id = runId(t.command("run Find the pricing and save it to pricing.txt"));
        awaitFinished(id);
        assertCleanThread(id);
    }

    @Test
    void giga_answering_5xx_and_429_on_start_starts_exactly_one_computer() {
        // After a 429 the budget holds background calls back for a while; at TestApp's 600 requests a minute that
        // pause is a tenth of what it is at Giga's 60, and what is tested (one computer, one clean thread) does not
        // depend on it.
        t = TestApp.start(Map.of());
        t.giga.faults().on("POST", "/api/deployments/start").times(1).respond(500, "INTERNAL_ERROR");
        t.giga.faults().on("GET", "/api/deployments.*").times(2).rateLimited(Duration.ofSeconds(1));
        String id = runId(t.command("run Save the report to report.txt"));
        awaitFinished(id);
        assertThat(t.giga.deployments()).hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void lost_callbacks_are_caught_up_by_polling() {
        t = TestApp.start(Map.of());
        t.giga.faults().dropCallbacks(100);
        String id = runId(t.command("run Save notes to notes.txt"));
        t.await("agent finished in Giga", Duration.ofSeconds(15), () -> t.giga.deployments().stream()
                .anyMatch(d -> d.runStatuses().contains("COMPLETED")));
        t.app.testHooks().reconciler().cycle();
        awaitFinished(id);
        assertCleanThread(id);
    }

    @Test
    void duplicated_and_reordered_callbacks_post_each_event_once() {
        t = TestApp.start(Map.of());
        t.giga.faults().duplicateCallbacks(100);
        t.giga.faults().holdBackCallback("deployment.running");
        String id = runId(t.command("run Save the summary to summary.txt"));
        awaitFinished(id);
        assertCleanThread(id);
    }

    /**
     * The app stopped between two steps of a run (right after the acknowledgement, after the card,
     * after the desktop became ready) and started again on the same database: the thread is
     * completed, once. While it is down the agent finishes and its callbacks fail.
     */
    @ParameterizedTest(name = "stopped when the thread had {0} message(s)")
    @ValueSource(ints = {-1, 0, 1})
    void app_stopped_between_steps_and_restarted_completes_the_thread_once(int threadMessages) {
        t = TestApp.start(Map.of());
        String id = runId(t.command("run Save data to data.txt"));
        if (threadMessages >= 0) {
            t.await("card posted", Duration.ofSeconds(10), () -> t.rootTs("C1", id) != null
                    && t.threadTexts("C1", id).size() >= threadMessages);
        }
        t.stopApp();
        sleep(1500);
        t.startAgain();
        awaitFinished(id);
        assertThat(t.giga.deployments()).hasSize(1);
        assertThat(t.slack.rootMessages("C1")).hasSize(1);
        assertCleanThread(id);
    }

    @Test
    void forged_callback_with_a_wrong_token_changes_nothing() {
        t = TestApp.start(Map.of());
        String id = runId(t.command("run A long job"));
        t.await("card posted", Duration.ofSeconds(10), () -> t.rootTs("C1", id) != null);
        HttpResponse<String> forged = t.post("/giga/callback/" + id + "?token=guess",
                "{\"event\":\"run.failed\",\"status\":\"FAILED\"}".getBytes(), "application/json", Map.of());
        HttpResponse<String> unknown = t.post("/giga/callback/r_unknown?token=x",
                "{\"event\":\"run.failed\"}".getBytes(), "application/json", Map.of());
        HttpResponse<String> malformed = t.post("/giga/callback/" + id + "?token=guess",
                "{not json".getBytes(), "application/json", Map.of());
        String huge = t.statusForDeclaredLength("/giga/callback/" + id + "?token=guess", 70 * 1024);
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(huge).startsWith("HTTP/1.1 413");
        awaitFinished(id);
        assertThat(threadOf(id)).doesNotContain("failed");
    }

    // ---- helpers ----

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String threadOf(String runId) {
        return String.join("\n", t.threadTexts("C1", runId));
    }

    private void awaitFinished(String id) {
        t.await("card for " + id, Duration.ofSeconds(15), () -> t.rootTs("C1", id) != null);
        t.await("outcome and files in thread", Duration.ofSeconds(25), () -> {
            t.app.testHooks().reconciler().cycle();
            String thread = threadOf(id);
            return thread.contains("<@U1>") && !t.slack.uploads().isEmpty()
                    && t.threadTexts("C1", id).stream().anyMatch(m -> m.contains(".txt") && !m.contains("Open desktop"));
        });
    }

    /** Desktop ready, the outcome and the files each appear exactly once. */
    private void assertCleanThread(String id) {
        List<String> thread = t.threadTexts("C1", id);
        long ready = thread.stream().filter(m -> m.contains("wss://")).count();
        long outcome = thread.stream().filter(m -> m.contains("<@U1>")).count();
        assertThat(ready).as("desktop-ready messages in " + thread).isEqualTo(1);
        assertThat(outcome).as("outcome messages in " + thread).isEqualTo(1);
        assertThat(thread).doesNotHaveDuplicates();
        assertThat(t.slack.uploads()).hasSize(1);
    }
}
