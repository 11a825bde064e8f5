package io.gigaslack.e2e;

import static io.gigaslack.testing.TestApp.runId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "nearly up" reminder with Extend, and computers stopped automatically after their agent. */
class ExpiryAndAutoStopEndToEndTest {


    private static List<String> thread(TestApp t, String runId) {
        String root = t.slack.rootMessages("C1").stream().filter(m -> m.blocks().contains(runId)).findFirst()
                .map(FakeSlack.Message::ts).orElse(null);
        return root == null ? List.of() : t.slack.thread("C1", root).stream().map(m -> m.text() + " " + m.blocks())
                .toList();
    }

    @Test
    void a_computer_about_to_be_lost_gets_one_reminder_with_extend_and_extending_it_says_so() {
        // The sandbox lives 100 s and Giga refuses the app's own extensions: the computer is about to be lost.
        try (TestApp t = TestApp.startWith(s -> { }, sim -> sim.sandboxLifetime(Duration.ofSeconds(100))
                .agentDuration(Duration.ofMinutes(10)), Map.of())) {
            t.giga.faults().on("POST", "/api/sandbox/extend").times(1000).respond(403, "FORBIDDEN");
            String id = runId(t.command("run A long job"));
            t.await("reminder in thread", Duration.ofSeconds(20), () -> {
                t.app.testHooks().reconciler().cycle();
                return thread(t, id).stream().anyMatch(m -> m.contains("run_extend") && !m.contains("wss://"));
            });
            t.app.testHooks().reconciler().cycle();
            t.app.testHooks().reconciler().cycle();
            long reminders = thread(t, id).stream().filter(m -> m.contains("run_extend") && !m.contains("wss://"))
                    .count();
            assertThat(reminders).as("one reminder for one expiry").isEqualTo(1);
            t.giga.faults().clear();
            int before = t.giga.count("POST", "/api/sandbox/extend");
            t.button("run_extend", "U1", "C1", id);
            t.await("extended", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/sandbox/extend") > before);
            t.await("thread says extended", Duration.ofSeconds(10),
                    () -> thread(t, id).stream().anyMatch(m -> m.contains("xtended")));
        }
    }

    @Test
    void auto_stop_stops_the_computer_when_the_agent_finishes() {
        // Without screenshots "0" is at once; with them the stop waits 25 s for the finishing screenshot
        // (RunUpdaterTest), which on real time would make this test as slow as that wait.
        try (TestApp t = TestApp.start(Map.of("GIGA_AUTO_STOP_AFTER_MINUTES", "0", "GIGA_SCREENSHOTS", "false"))) {
            String id = runId(t.command("run Save it to done.txt"));
            t.await("computer stopped after the agent", Duration.ofSeconds(30), () -> {
                t.app.testHooks().reconciler().cycle();
                return t.giga.countMatching("POST", ".*/stop") == 1;
            });
            t.await("thread says stopped", Duration.ofSeconds(15), () -> {
                t.app.testHooks().reconciler().cycle();
                return thread(t, id).stream().anyMatch(m -> m.toLowerCase().contains("stopped"));
            });
        }
    }
}
