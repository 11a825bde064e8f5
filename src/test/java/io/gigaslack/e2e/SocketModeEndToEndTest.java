package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static void waitForPort(FakeSocketMode ws) throws InterruptedException {
        for (int i = 0; i < 100 && ws.getPort() == 0; i++) {
            Thread.sleep(20);
        }
    }
}
