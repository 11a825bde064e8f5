package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;

/**
 * With SLACK_APP_TOKEN set the app connects out over Socket Mode (Java-WebSocket backend): a fake
 * Socket Mode server hands it a slash command envelope, the app acknowledges it on the socket and
 * the run's card appears in the fake Slack.
 */
class SocketModeEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final class FakeSocketMode extends WebSocketServer {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CountDownLatch connected = new CountDownLatch(1);
        volatile WebSocket client;

        FakeSocketMode() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            client = conn;
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},"
                    + "\"connection_info\":{\"app_id\":\"A1\"}}");
            connected.countDown();
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {}

        @Override
        public void onStart() {}
    }

    @Test
    void slash_command_over_socket_mode_is_acknowledged_and_starts_a_run() throws Exception {
        FakeSocketMode ws = new FakeSocketMode();
        ws.start();
        try {
            waitForPort(ws);
            try (TestApp t = TestApp.startWith(slack -> slack.socketModeUrl("ws://127.0.0.1:" + ws.getPort() + "/link"),
                    Map.of("SLACK_APP_TOKEN", "xapp-1-A1-test-app-token"))) {
                assertThat(ws.connected.await(15, TimeUnit.SECONDS)).as("app connected over Socket Mode").isTrue();
                String envelope = "{\"envelope_id\":\"env-1\",\"type\":\"slash_commands\",\"accepts_response_payload\":true,"
                        + "\"payload\":{\"token\":\"x\",\"team_id\":\"T1\",\"team_domain\":\"acme\",\"channel_id\":\"C1\","
                        + "\"channel_name\":\"general\",\"user_id\":\"U1\",\"user_name\":\"ada\",\"command\":\"/giga\","
                        + "\"text\":\"run Save the answer to answer.txt ✓\",\"api_app_id\":\"A1\","
                        + "\"response_url\":\"" + t.slack.responseUrl() + "\",\"trigger_id\":\"1.2.3\"}}";
                ws.client.send(envelope);
                t.await("acknowledged on the socket", Duration.ofSeconds(10),
                        () -> ws.received.stream().anyMatch(m -> m.contains("env-1")));
                JsonNode ack = JSON.readTree(ws.received.stream().filter(m -> m.contains("env-1")).findFirst().get());
                assertThat(ack.path("payload").toString()).contains("Starting");
                t.await("card posted", Duration.ofSeconds(10), () -> !t.slack.rootMessages("C1").isEmpty());
                // In Socket Mode the HTTP endpoint for Slack is not served at all.
                assertThat(t.post("/slack/events", new byte[0], "application/json", Map.of()).statusCode()).isEqualTo(404);
            }
        } finally {
            ws.stop(1000);
        }
    }

    /**
     * Bolt answers a request no listener handles with 404, and in Socket Mode a non-200 answer is never acknowledged on
     * the socket (Slack then redelivers it): the app acknowledges each of these with a bare ack, and does nothing else.
     */
    @Test
    void requests_no_listener_handles_are_acknowledged_on_the_socket_and_do_nothing() throws Exception {
        FakeSocketMode ws = new FakeSocketMode();
        ws.start();
        try {
            waitForPort(ws);
            try (TestApp t = TestApp.startWith(slack -> slack.socketModeUrl("ws://127.0.0.1:" + ws.getPort() + "/link"),
                    Map.of("SLACK_APP_TOKEN", "xapp-1-A1-test-app-token"))) {
                assertThat(ws.connected.await(15, TimeUnit.SECONDS)).as("app connected over Socket Mode").isTrue();
                t.awaitIdle();
                int slackCalls = (int) t.slack.calls().stream().filter(c -> !c.method().equals("auth.test")).count();
                Map<String, String> envelopes = Map.of(
                        "env-reaction", "{\"envelope_id\":\"env-reaction\",\"type\":\"events_api\","
                                + "\"accepts_response_payload\":false,\"retry_attempt\":0,\"retry_reason\":\"\","
                                + "\"payload\":{\"token\":\"x\",\"team_id\":\"T1\",\"api_app_id\":\"A1\","
                                + "\"type\":\"event_callback\",\"event_id\":\"Ev-sm-1\",\"event_time\":1700000000,"
                                + "\"event\":{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"tada\","
                                + "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1.1\"},"
                                + "\"event_ts\":\"1.2\"}}}",
                        "env-closed", "{\"envelope_id\":\"env-closed\",\"type\":\"interactive\","
                                + "\"accepts_response_payload\":false,\"payload\":{\"type\":\"view_closed\","
                                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\",\"team_id\":\"T1\"},"
                                + "\"api_app_id\":\"A1\",\"view\":{\"id\":\"V1\",\"type\":\"modal\","
                                + "\"callback_id\":\"giga_run_modal\"},\"is_cleared\":false}}",
                        "env-button", "{\"envelope_id\":\"env-button\",\"type\":\"interactive\","
                                + "\"accepts_response_payload\":true,\"payload\":"
                                + SlackRequests.buttonPress("not_a_giga_button", "U1", "C1", "v", t.slack.responseUrl())
                                + "}");
                envelopes.values().forEach(ws.client::send);
                for (String id : envelopes.keySet()) {
                    t.await("acknowledged " + id, Duration.ofSeconds(10),
                            () -> ws.received.stream().anyMatch(m -> m.contains("\"" + id + "\"")));
                    JsonNode ack = JSON.readTree(ws.received.stream().filter(m -> m.contains("\"" + id + "\""))
                            .findFirst().get());
                    assertThat(ack.path("envelope_id").asText()).isEqualTo(id);
                    assertThat(ack.has("payload")).as("a bare acknowledgement: " + ack).isFalse();
                }
                t.awaitIdle();
                assertThat(t.slack.calls().stream().filter(c -> !c.method().equals("auth.test")).count())
                        .as("Slack Web API calls").isEqualTo(slackCalls);
                assertThat(t.slack.responses()).as("response_url posts").isEmpty();
                assertThat(t.giga.requests()).as("Giga calls").isEmpty();
            }
        } finally {
            ws.stop(1000);
        }
    }

    private static void waitForPort(FakeSocketMode ws) throws InterruptedException {
        for (int i = 0; i < 100 && ws.getPort() == 0; i++) {
            Thread.sleep(20);
        }
    }
}
