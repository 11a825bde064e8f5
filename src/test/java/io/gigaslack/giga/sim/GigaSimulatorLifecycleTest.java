package io.gigaslack.giga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GigaSimulatorLifecycleTest extends SimTestBase {

    @Test
    void deployment_becomes_running_after_provision_delay() throws Exception {
        String id = start("p", "task").at("/deployment/id").asText();

        advance(PROVISION.minusMillis(1));
        assertThat(deployment(id).get("status").asText()).isEqualTo("provisioning");

        advance(Duration.ofMillis(1));
        assertThat(deployment(id).get("status").asText()).isEqualTo("running");
    }

    @Test
    void state_moves_only_on_tick() throws Exception {
        String id = start("t", "task").at("/deployment/id").asText();

        clock.advance(Duration.ofMinutes(1));
        assertThat(deployment(id).get("status").asText()).isEqualTo("provisioning");

        sim.tick();
        assertThat(deployment(id).get("status").asText()).isEqualTo("running");
    }

    @Test
    void agent_completes_agent_duration_after_ready_with_answer_and_output_file() throws Exception {
        JsonNode data = start("c", "Find the prices and save them to pricing.txt");
        String id = data.at("/deployment/id").asText();
        String threadId = data.at("/session/threadId").asText();
        advance(PROVISION);

        advance(AGENT.minusMillis(1));
        JsonNode running = thread(threadId);
        assertThat(running.get("status").asText()).isEqualTo("RUNNING");
        assertThat(running.at("/metadata/sandboxStatus").asText()).isEqualTo("ready");
        assertThat(running.at("/metadata/runStatus").asText()).isEqualTo("RUNNING");

        advance(Duration.ofMillis(1));
        JsonNode done = thread(threadId);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.at("/runs/0/status").asText()).isEqualTo("COMPLETED");
        assertThat(done.at("/metadata/runStatus").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("messages")).extracting(m -> m.get("role").asText()).containsExactly("user", "assistant");
        assertThat(done.at("/messages/1/content").asText()).isEqualTo("Done: saved pricing.txt");

        assertThat(http.get("/api/files?deploymentId=" + id).json().at("/data/files")).isEmpty();
        JsonNode pulled = http.post("/api/deployments/" + id + "/files/pull", "").json();
        assertThat(pulled.get("success").asBoolean()).isTrue();
        JsonNode file = http.get("/api/files?deploymentId=" + id).json().at("/data/files/0");
        assertThat(file.get("fileName").asText()).isEqualTo("pricing.txt");
        assertThat(file.get("mimeType").asText()).isEqualTo("text/plain");
        String url = http.get("/api/files/download?fileId=" + file.get("_id").asText()).json().at("/data/url")
                .asText();
        assertThat(new SimHttp(sim.baseUrl(), null).get(url).body()).contains("Find the prices");
    }

    @Test
    void prompt_with_fail_marker_fails_the_run() throws Exception {
        String threadId = start("f", "Do it [fail]").at("/session/threadId").asText();
        advance(PROVISION.plus(AGENT));

        JsonNode thread = thread(threadId);
        String runId = thread.at("/runs/0/id").asText();
        JsonNode run = http.get("/api/sessions/" + threadId + "/runs/" + runId).json();

        assertThat(thread.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.get("isCompleted").asBoolean()).isTrue();
        assertThat(run.get("isErrored").asBoolean()).isTrue();
    }

    @Test
    void configured_agent_decides_outcome_answer_and_files() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        sim.agent(new DefaultAgent().withAnswer("All set").withExtraFile("big.bin", big));
        String id = start("a", "no file named here").at("/deployment/id").asText();
        advance(PROVISION.plus(AGENT));

        http.post("/api/deployments/" + id + "/files/pull", "");
        JsonNode files = http.get("/api/files?deploymentId=" + id).json().at("/data/files");

        assertThat(files).extracting(f -> f.get("fileName").asText()).containsExactly("result.txt", "big.bin");
        assertThat(files.get(1).get("fileSize").asLong()).isEqualTo(big.length);
        assertThat(thread(sim.deployment(id).orElseThrow().threadId()).at("/messages/1/content").asText())
                .isEqualTo("All set");

        sim.agent(task -> AgentResult.failed("nope"));
        String threadId = start("b", "anything").at("/session/threadId").asText();
        advance(PROVISION.plus(AGENT));
        assertThat(thread(threadId).get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void follow_up_run_appends_messages_and_finishes_after_agent_duration() throws Exception {
        String threadId = start("fu", "first task").at("/session/threadId").asText();
        advance(PROVISION.plus(AGENT));

        String runId = http.post("/api/sessions/" + threadId + "/runs", "{\"message\":\"now write more.csv\"}")
                .json().get("runId").asText();
        assertThat(thread(threadId).get("status").asText()).isEqualTo("RUNNING");
        advance(AGENT);

        JsonNode thread = thread(threadId);
        assertThat(thread.get("runs")).extracting(r -> r.get("status").asText())
                .containsExactly("COMPLETED", "COMPLETED");
        assertThat(thread.at("/runs/1/id").asText()).isEqualTo(runId);
        assertThat(thread.get("messages")).extracting(m -> m.get("content").asText())
                .containsExactly("first task", "Done: saved result.txt", "now write more.csv",
                        "Done: saved more.csv");
    }

    @Test
    void follow_up_sent_while_a_run_is_active_queues_behind_it() throws Exception {
        String threadId = start("q", "first").at("/session/threadId").asText();
        advance(PROVISION);
        String second = http.post("/api/sessions/" + threadId + "/runs", "{\"message\":\"second\"}").json()
                .get("runId").asText();

        assertThat(http.get("/api/sessions/" + threadId + "/runs/" + second).json().get("status").asText())
                .isEqualTo("QUEUED");
        advance(AGENT);
        assertThat(http.get("/api/sessions/" + threadId + "/runs/" + second).json().get("status").asText())
                .isEqualTo("RUNNING");
        advance(AGENT);
        assertThat(http.get("/api/sessions/" + threadId + "/runs/" + second).json().get("status").asText())
                .isEqualTo("COMPLETED");
    }

    @Test
    void sandbox_expires_15_minutes_after_ready_unless_extended() throws Exception {
        JsonNode data = start("x", "task");
        String id = data.at("/deployment/id").asText();
        String other = start("y", "task").at("/deployment/id").asText();
        advance(PROVISION);
        advance(Duration.ofMinutes(10));
        http.post("/api/sandbox/extend", "{\"sandboxId\":\"" + data.at("/session/sandboxId").asText() + "\"}");

        advance(Duration.ofMinutes(5));
        assertThat(deployment(other).get("status").asText()).isEqualTo("stopped");
        assertThat(deployment(id).get("status").asText()).isEqualTo("running");

        advance(Duration.ofMinutes(15));
        assertThat(deployment(id).get("status").asText()).isEqualTo("stopped");
        assertThat(http.post("/api/sandbox/extend", "{\"sandboxId\":\"" + data.at("/session/sandboxId").asText()
                + "\"}").status()).isEqualTo(400);
    }

    @Test
    void deployment_terminates_when_duration_elapses() throws Exception {
        String id = start("d", "task").at("/deployment/id").asText();
        advance(Duration.ofHours(2).minusMillis(1));
        assertThat(deployment(id).get("status").asText()).isEqualTo("stopped");

        advance(Duration.ofMillis(1));
        assertThat(deployment(id).get("status").asText()).isEqualTo("terminated");
    }

    @Test
    void stop_stops_the_deployment_and_fails_the_active_run() throws Exception {
        JsonNode data = start("s", "task");
        String id = data.at("/deployment/id").asText();
        advance(PROVISION);

        SimHttp.Reply r = http.post("/api/deployments/" + id + "/stop", "");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/data/deployment/status").asText()).isEqualTo("stopped");
        assertThat(thread(data.at("/session/threadId").asText()).get("status").asText()).isEqualTo("FAILED");
        assertThat(http.post("/api/deployments/" + id + "/files/pull", "").status()).isEqualTo(400);
        assertThat(http.post("/api/sessions/" + data.at("/session/threadId").asText() + "/runs",
                "{\"message\":\"more\"}").status()).isEqualTo(400);
    }

    @Test
    void plan_limits_reject_long_durations_and_too_many_agents() throws Exception {
        try (GigaSimulator limited = GigaSimulator.builder().clock(clock).maxDurationHours(8).maxConcurrentAgents(1)
                .build().start()) {
            SimHttp client = new SimHttp(limited.baseUrl(), limited.apiKey());
            SimHttp.Reply tooLong = client.post("/api/deployments/start",
                    SimHttp.startBody("l", "t", "").replace("\"duration\":2", "\"duration\":9"));
            SimHttp.Reply first = client.post("/api/deployments/start", SimHttp.startBody("a", "t", ""));
            SimHttp.Reply second = client.post("/api/deployments/start", SimHttp.startBody("b", "t", ""));

            assertThat(tooLong.status()).isEqualTo(403);
            assertThat(tooLong.json().at("/error/code").asText()).isEqualTo("PLAN_LIMIT_EXCEEDED");
            assertThat(first.status()).isEqualTo(201);
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.json().at("/error/code").asText()).isEqualTo("CONCURRENCY_LIMIT_EXCEEDED");
        }
    }

    @Test
    void auto_tick_moves_state_in_real_time() throws Exception {
        try (GigaSimulator live = GigaSimulator.builder().provisionDelay(Duration.ofMillis(100))
                .agentDuration(Duration.ofMillis(100)).build().start()) {
            SimHttp client = new SimHttp(live.baseUrl(), live.apiKey());
            String threadId = client.post("/api/deployments/start", SimHttp.startBody("rt", "task", "")).json()
                    .at("/data/session/threadId").asText();

            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            String status = "";
            while (System.nanoTime() < deadline && !status.equals("COMPLETED")) {
                Thread.sleep(25);
                status = client.get("/api/sessions/" + threadId).json().at("/thread/status").asText();
            }
            assertThat(status).isEqualTo("COMPLETED");
        }
    }

    @Test
    void default_agent_names_the_output_after_the_prompt() {
        assertThat(DefaultAgent.outputFileName(task("Save the table as report.csv please", ""))).isEqualTo("report.csv");
        assertThat(DefaultAgent.outputFileName(task("Look at withgiga.ai", "write notes.md"))).isEqualTo("notes.md");
        assertThat(DefaultAgent.outputFileName(task("no file, e.g. nothing", null))).isEqualTo("result.txt");
        AgentResult result = new DefaultAgent().finish(task("prix → prix.txt", ""));
        assertThat(new String(result.desktopFiles().get("prix.txt"), StandardCharsets.UTF_8)).contains("prix → prix.txt");
    }

    private static AgentTask task(String user, String goal) {
        return new AgentTask("dep_1", "t", "run_1", user, goal, null, 0);
    }
}
