package io.gigaslack.giga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated agent shows a configurable number of steps over its run, in the session. */
class GigaSimulatorStepsTest extends SimTestBase {

    @Override
    GigaSimulator.Builder configure(GigaSimulator.Builder builder) {
        return builder.agentSteps(4);
    }

    private List<String> statuses(String threadId) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode s : thread(threadId).get("steps")) {
            out.add(s.get("status").asText());
        }
        return out;
    }

    @Test
    void steps_move_from_pending_to_running_to_completed_over_the_agents_duration() throws Exception {
        String threadId = start("s", "Save the prices to prices.csv").at("/session/threadId").asText();
        assertThat(statuses(threadId)).containsExactly("pending", "pending", "pending", "pending");

        advance(PROVISION);
        assertThat(statuses(threadId)).containsExactly("running", "pending", "pending", "pending");
        advance(AGENT.dividedBy(4).plusMillis(1));
        assertThat(statuses(threadId)).containsExactly("completed", "running", "pending", "pending");
        advance(AGENT.dividedBy(2));
        assertThat(statuses(threadId)).containsExactly("completed", "completed", "completed", "running");
        advance(AGENT);
        assertThat(statuses(threadId)).containsExactly("completed", "completed", "completed", "completed");

        JsonNode steps = thread(threadId).get("steps");
        assertThat(steps.get(3).get("title").asText()).isEqualTo("Save prices.csv on the Desktop");
        assertThat(steps.get(0).get("id").asText()).isNotEqualTo(steps.get(1).get("id").asText());
    }

    @Test
    void a_failing_agent_leaves_its_last_step_failed_and_a_stop_the_current_one() throws Exception {
        String failing = start("f", "do it [fail]").at("/session/threadId").asText();
        JsonNode stopped = start("st", "long task");
        advance(PROVISION.plus(AGENT.dividedBy(4)).plusMillis(1));
        http.post("/api/deployments/" + stopped.at("/deployment/id").asText() + "/stop", "{}");
        advance(AGENT);

        assertThat(statuses(failing)).containsExactly("completed", "completed", "completed", "failed");
        assertThat(statuses(stopped.at("/session/threadId").asText()))
                .containsExactly("completed", "failed", "pending", "pending");
    }

    @Test
    void a_follow_up_run_adds_its_own_steps_after_the_first_runs() throws Exception {
        String threadId = start("u", "first").at("/session/threadId").asText();
        advance(PROVISION.plus(AGENT).plusMillis(1));
        http.post("/api/sessions/" + threadId + "/runs", "{\"message\":\"and then?\"}");
        advance(Duration.ofMillis(1));

        assertThat(statuses(threadId)).containsExactly("completed", "completed", "completed", "completed",
                "running", "pending", "pending", "pending");
    }
}
