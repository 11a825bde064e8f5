package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.sim.DeploymentSnapshot;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Never burn credits unnoticed: on the simulator with 15-minute sandboxes and a clock the test moves, a finished
 * agent's computer stops a grace period after the agent finished (GIGA_AUTO_STOP_AFTER_MINUTES, default 10) unless
 * someone presses Keep running; a kept one stops at the end of the hours asked for; a desktop run is not stopped.
 */
class AutoStopGraceEndToEndTest {
    private static final Duration STEP = Duration.ofMinutes(1);
    private TestApp t;
    private SettableClock clock;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private void start(Map<String, String> env) {
        clock = new SettableClock(Instant.now());
        t = TestApp.startWith(slack -> { }, sim -> sim.sandboxLifetime(Duration.ofMinutes(15))
                .extendBy(Duration.ofMinutes(15)).provisionDelay(Duration.ofSeconds(30))
                .agentDuration(Duration.ofMinutes(3)).autoTick(false), env, clock);
    }

    /** Moves the clock on one step at a time, letting the simulator and the app catch up at each. */
    private void advance(Duration d) {
        t.advance(clock, d, STEP);
    }

    /** Starts an agent run and moves the clock until its agent has finished; returns the run id. */
    private String finishedAgent(String command) {
        String id = TestApp.runId(t.command(command));
        t.await("the computer starts", Duration.ofSeconds(20), () -> t.giga.deployments().size() == 1);
        advance(Duration.ofMinutes(4));
        assertThat(String.join("\n", t.threadTexts("C1", id))).as("the agent finished").contains("still runs");
        return id;
    }

    @Test
    void a_finished_agents_computer_stops_ten_minutes_after_the_agent_finished() {
        start(Map.of());
        String id = finishedAgent("run --hours 2 Save it to done.txt");
        String dep = t.giga.deployments().get(0).id();
        String notice = String.join("\n", t.threadTexts("C1", id));
        assertThat(notice).contains("unless you press *Keep running*");

        advance(Duration.ofMinutes(8));
        assertThat(status(dep)).as("still within the grace period").isEqualTo("running");
        advance(Duration.ofMinutes(3));
        assertThat(status(dep)).as("stopped after the grace period").isIn("stopped", "terminated");
        assertThat(String.join("\n", t.threadTexts("C1", id)))
                .contains("The computer was stopped 10 min after the agent finished (GIGA_AUTO_STOP_AFTER_MINUTES).");
    }

    @Test
    void a_computer_kept_running_stays_until_the_hours_asked_for_are_over() {
        start(Map.of());
        String id = finishedAgent("run --hours 1 Save it to done.txt");
        String dep = t.giga.deployments().get(0).id();

        // Pressed at once: the fake Slack signs with the real time, and the app's clock must still accept it.
        t.button(ActionIds.RUN_KEEP, "U1", "C1", id);
        t.awaitIdle();
        assertThat(String.join("\n", t.threadTexts("C1", id))).contains("kept the computer running");

        advance(Duration.ofMinutes(30));
        assertThat(status(dep)).as("kept past the grace period").isEqualTo("running");
        advance(Duration.ofMinutes(28));
        assertThat(status(dep)).as("the hour is over").isIn("stopped", "terminated");
    }

    @Test
    void with_auto_stop_off_the_computer_runs_until_the_hours_are_over() {
        start(Map.of("GIGA_AUTO_STOP_AFTER_MINUTES", "off"));
        String id = finishedAgent("run --hours 1 Save it to done.txt");
        String dep = t.giga.deployments().get(0).id();
        assertThat(String.join("\n", t.threadTexts("C1", id))).contains("Press *Stop* when you are done with it")
                .doesNotContain("Keep running");

        advance(Duration.ofMinutes(30));
        assertThat(status(dep)).isEqualTo("running");
    }

    @Test
    void zero_minutes_stops_the_computer_as_soon_as_the_agent_finishes() {
        start(Map.of("GIGA_AUTO_STOP_AFTER_MINUTES", "0"));
        TestApp.runId(t.command("run --hours 2 Save it to done.txt"));
        t.await("the computer starts", Duration.ofSeconds(20), () -> t.giga.deployments().size() == 1);
        String dep = t.giga.deployments().get(0).id();
        advance(Duration.ofMinutes(5));
        assertThat(status(dep)).isIn("stopped", "terminated");
    }

    @Test
    void a_desktop_run_is_not_stopped_by_itself_before_its_hours_are_over() {
        start(Map.of("GIGA_AUTO_STOP_AFTER_MINUTES", "0"));
        TestApp.runId(t.command("desktop --hours 1"));
        t.await("the computer starts", Duration.ofSeconds(20), () -> t.giga.deployments().size() == 1);
        String dep = t.giga.deployments().get(0).id();
        advance(Duration.ofMinutes(40));
        assertThat(status(dep)).isEqualTo("running");
    }

    private String status(String deploymentId) {
        return t.giga.deployments().stream().filter(d -> d.id().equals(deploymentId)).findFirst()
                .map(DeploymentSnapshot::status).orElse("gone");
    }
}
