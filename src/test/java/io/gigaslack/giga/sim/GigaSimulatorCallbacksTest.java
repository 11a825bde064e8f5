package io.gigaslack.giga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GigaSimulatorCallbacksTest extends SimTestBase {

    private static final Duration WAIT = Duration.ofSeconds(3);

    private CallbackReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new CallbackReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private JsonNode startWithCallback(String name, String prompt) throws Exception {
        return start(name, prompt, "\"callbackUrl\":\"" + receiver.url() + "\"");
    }

    @Test
    void callbacks_report_running_then_completion() throws Exception {
        JsonNode data = startWithCallback("cb", "task");
        String id = data.at("/deployment/id").asText();
        advance(PROVISION);
        advance(AGENT);

        List<JsonNode> received = receiver.await(2, WAIT);

        assertThat(receiver.events()).containsExactly("deployment.running", "run.completed");
        JsonNode running = received.get(0);
        assertThat(running.get("deploymentId").asText()).isEqualTo(id);
        assertThat(running.get("status").asText()).isEqualTo("running");
        JsonNode completed = received.get(1);
        assertThat(completed.get("deploymentId").asText()).isEqualTo(id);
        assertThat(completed.get("threadId").asText()).isEqualTo(data.at("/session/threadId").asText());
        assertThat(completed.get("runId").asText()).startsWith("run_");
        assertThat(completed.get("status").asText()).isEqualTo("COMPLETED");
        List<CallbackDelivery> deliveries = sim.awaitCallbackDeliveries(2, WAIT);
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.url()).isEqualTo(receiver.url());
            assertThat(d.kind()).isEqualTo(CallbackDelivery.Kind.NORMAL);
        });
    }

    @Test
    void failed_run_sends_run_failed() throws Exception {
        startWithCallback("cb", "boom [fail]");
        advance(PROVISION.plus(AGENT));

        JsonNode failed = receiver.await(2, WAIT).get(1);

        assertThat(failed.get("event").asText()).isEqualTo("run.failed");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void stop_and_expiry_send_deployment_stopped() throws Exception {
        String stopped = startWithCallback("a", "task").at("/deployment/id").asText();
        String expiring = startWithCallback("b", "task").at("/deployment/id").asText();
        advance(PROVISION);
        http.post("/api/deployments/" + stopped + "/stop", "");
        sim.agent(task -> AgentResult.completed("ok", java.util.Map.of()));
        advance(AGENT);
        advance(Duration.ofMinutes(15));

        receiver.await(6, WAIT);

        assertThat(receiver.received()).filteredOn(n -> n.get("event").asText().equals("deployment.stopped"))
                .extracting(n -> n.get("deploymentId").asText() + ":" + n.get("reason").asText())
                .containsExactly(stopped + ":stopped", expiring + ":expired");
    }

    @Test
    void dropped_callbacks_are_recorded_but_never_sent() throws Exception {
        sim.faults().dropCallbacks("run.completed", 1);
        startWithCallback("cb", "task");
        advance(PROVISION.plus(AGENT));

        List<CallbackDelivery> deliveries = sim.awaitCallbackDeliveries(2, WAIT);
        Thread.sleep(100);

        assertThat(receiver.events()).containsExactly("deployment.running");
        assertThat(deliveries).filteredOn(d -> d.kind() == CallbackDelivery.Kind.DROPPED)
                .extracting(CallbackDelivery::event, CallbackDelivery::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("run.completed", -1));
    }

    @Test
    void duplicated_callbacks_are_delivered_twice() throws Exception {
        sim.faults().duplicateCallbacks("run.completed", 1);
        startWithCallback("cb", "task");
        advance(PROVISION.plus(AGENT));

        receiver.await(3, WAIT);

        assertThat(receiver.events()).containsExactly("deployment.running", "run.completed", "run.completed");
        assertThat(receiver.received().get(1)).isEqualTo(receiver.received().get(2));
        assertThat(sim.awaitCallbackDeliveries(3, WAIT)).extracting(CallbackDelivery::kind)
                .contains(CallbackDelivery.Kind.DUPLICATE);
    }

    @Test
    void held_back_callback_arrives_after_the_next_one() throws Exception {
        sim.faults().holdBackCallback("deployment.running");
        startWithCallback("cb", "task");
        advance(PROVISION);
        Thread.sleep(100);
        assertThat(receiver.received()).isEmpty();

        advance(AGENT);
        receiver.await(2, WAIT);

        assertThat(receiver.events()).containsExactly("run.completed", "deployment.running");
        assertThat(sim.awaitCallbackDeliveries(2, WAIT).get(1).kind()).isEqualTo(CallbackDelivery.Kind.REORDERED);
    }

    @Test
    void delayed_callback_arrives_later() throws Exception {
        sim.faults().delayCallbacks("deployment.running", 1, Duration.ofMillis(400));
        startWithCallback("cb", "task");
        advance(PROVISION);

        Thread.sleep(150);
        assertThat(receiver.received()).isEmpty();
        receiver.await(1, WAIT);
        assertThat(sim.awaitCallbackDeliveries(1, WAIT).get(0).kind()).isEqualTo(CallbackDelivery.Kind.DELAYED);
    }

    @Test
    void unreachable_callback_url_is_recorded_without_status() throws Exception {
        String url = receiver.url();
        receiver.close();
        start("cb", "task", "\"callbackUrl\":\"" + url + "\"");
        advance(PROVISION);

        CallbackDelivery attempt = sim.awaitCallbackDeliveries(1, WAIT).get(0);

        assertThat(attempt.status()).isEqualTo(-1);
        assertThat(attempt.error()).isNotBlank();
        assertThat(attempt.delivered()).isFalse();
    }

    @Test
    void rejects_a_callback_url_that_is_not_http() throws Exception {
        SimHttp.Reply r = http.post("/api/deployments/start",
                SimHttp.startBody("x", "t", "\"callbackUrl\":\"ftp://example.com/x\""));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/hint").asText()).isEqualTo("callbackUrl");
    }
}
