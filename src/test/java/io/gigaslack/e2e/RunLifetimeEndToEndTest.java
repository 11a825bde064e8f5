package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.sim.DeploymentSnapshot;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hours mean hours: on the simulator with Giga's 15-minute sandboxes and a clock the test moves, a run that asked for
 * three hours keeps its computer three hours (the app extends the sandbox ahead of time) and not a minute more.
 */
class RunLifetimeEndToEndTest {
    private static final Duration STEP = Duration.ofMinutes(2);
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void a_three_hour_run_keeps_its_computer_three_hours_and_not_a_minute_more() throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        t = TestApp.startWith(slack -> { }, sim -> sim.sandboxLifetime(Duration.ofMinutes(15))
                .extendBy(Duration.ofMinutes(15)).provisionDelay(Duration.ofSeconds(30)).autoTick(false),
                Map.of(), clock);
        Instant asked = clock.instant();
        String id = TestApp.runId(t.command("desktop --hours 3"));
        t.await("the computer starts", Duration.ofSeconds(20), () -> t.giga.deployments().size() == 1);
        String dep = t.giga.deployments().get(0).id();

        Instant end = asked.plus(Duration.ofHours(3));
        while (clock.instant().isBefore(end.minus(STEP))) {
            clock.advance(STEP);
            t.giga.tick();
            t.app.testHooks().reconciler().cycle();
            t.awaitIdle();
            assertThat(status(dep)).as("running at %s", Duration.between(asked, clock.instant())).isEqualTo("running");
        }
        assertThat(t.giga.count("POST", "/api/sandbox/extend")).as("extended ahead of time, step by step")
                .isBetween(11, 12);
        // Past the three hours: stopped within one step, not extended any further.
        clock.advance(STEP.multipliedBy(2));
        t.giga.tick();
        t.app.testHooks().reconciler().cycle();
        t.awaitIdle();
        t.giga.tick();
        t.app.testHooks().reconciler().cycle();
        t.awaitIdle();
        assertThat(status(dep)).isIn("stopped", "terminated");
        assertThat(t.giga.count("POST", "/api/sandbox/extend")).isBetween(11, 12);
        var card = t.slack.rootMessages("C1").get(0);
        assertThat(t.slack.message("C1", card.ts()).blocks().toLowerCase()).as("the card").contains("stopped");
    }

    private String status(String deploymentId) {
        return t.giga.deployments().stream().filter(d -> d.id().equals(deploymentId)).findFirst()
                .map(DeploymentSnapshot::status).orElse("gone");
    }
}
