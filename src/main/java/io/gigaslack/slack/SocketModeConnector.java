package io.gigaslack.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.listener.WebSocketErrorListener;
import com.slack.api.socket_mode.listener.WebSocketMessageListener;
import io.gigaslack.slack.web.NetworkFailure;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.slack.web.TokenCheck;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects Socket Mode at start-up and waits until Slack's first message arrives on the socket, so that a failure is
 * reported then, and says what failed: Slack refusing the app-level token ({@code apps.connections.open}), the
 * WebSocket host not resolving, refusing the connection, or not answering. The SDK connects asynchronously and would
 * otherwise only log such failures while it keeps retrying.
 */
final class SocketModeConnector {
    private static final Logger log = LoggerFactory.getLogger(SocketModeConnector.class);

    private SocketModeConnector() {}

    /** The connected Socket Mode app; throws {@link SocketModeException} (with nothing left running) when it is not. */
    static SocketModeApp connect(String appToken, App app, SlackWebGateway gateway, Duration timeout) {
        // Asked first, through the gateway, so that a refusal or an unreachable Slack is told apart cleanly (the SDK
        // logs a network failure here with a stack trace and then fails on a missing client).
        TokenCheck check = gateway.checkAppToken(appToken);
        if (check instanceof TokenCheck.Refused refused) {
            throw SocketModeException.refused(refused.error());
        }
        if (check instanceof TokenCheck.Unreachable unreachable) {
            throw SocketModeException.failed(unreachable.reason());
        }
        SocketModeApp socketMode = null;
        try {
            socketMode = new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket);
            socketMode.startAsync();
        } catch (Exception e) {
            if (socketMode != null) {
                shutdown(socketMode);
            }
            throw SocketModeException.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        SocketModeClient client = socketMode.getClient();
        CompletableFuture<Void> firstMessage = new CompletableFuture<>();
        WebSocketMessageListener onMessage = message -> firstMessage.complete(null);
        // A failure of the very first attempt may be reported before this listener is added; the SDK then tries again
        // within seconds, and that attempt's failure is seen.
        WebSocketErrorListener onError = firstMessage::completeExceptionally;
        client.addWebSocketMessageListener(onMessage);
        client.addWebSocketErrorListener(onError);
        try {
            firstMessage.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return socketMode;
        } catch (ExecutionException e) {
            String host = host(client);
            shutdown(socketMode);
            throw SocketModeException.failed(NetworkFailure.describe(e.getCause(), host));
        } catch (TimeoutException e) {
            String host = host(client);
            shutdown(socketMode);
            throw SocketModeException.failed("no answer from Slack's host " + host + " within " + timeout.toSeconds()
                    + " s: check the network, firewall or proxy");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown(socketMode);
            throw SocketModeException.failed("interrupted while connecting");
        } finally {
            client.removeWebSocketMessageListener(onMessage);
            client.removeWebSocketErrorListener(onError);
        }
    }

    /** Disconnects and stops the SDK's threads (its session monitor would otherwise keep reconnecting). */
    static void shutdown(SocketModeApp socketMode) {
        SocketModeClient client = socketMode.getClient();
        try {
            socketMode.close();
        } catch (Exception e) {
            log.warn("Socket Mode did not stop cleanly: {}", e.toString());
        }
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                log.warn("Socket Mode client did not close cleanly: {}", e.toString());
            }
        }
    }

    private static String host(SocketModeClient client) {
        URI uri = client.getWssUri();
        return uri == null ? "(unknown)" : NetworkFailure.hostOf(uri.toString());
    }
}
