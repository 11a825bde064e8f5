package io.gigaslack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.http.HttpCall;
import io.gigaslack.http.JettyServer;
import io.gigaslack.http.Route;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/** The browser fixture against pages served by the app's own HTTP layer; one browser for the whole class. */
class HeadlessChromiumTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static JettyServer server;
    private static HeadlessChromium browser;

    @RegisterExtension
    final TestWatcher printBrowserLog = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                System.err.println("Browser console of " + context.getDisplayName() + ":\n" + browser.consoleLog()
                        + "\nChromium's output:\n" + browser.outputTail());
            }
        }
    };

    @BeforeAll
    static void startBrowserAndServer() {
        if (!HeadlessChromium.available()) {
            return; // each test is skipped (or fails on CI) in the @BeforeEach, saying why
        }
        server = JettyServer.start("127.0.0.1", 0, Map.of(
                "GET /dom", html("<title>Fixture page</title><ul id=\"items\"><li>one</li><li>two</li><li>three</li></ul>"),
                "GET /later", html("<p>waiting</p><script>setTimeout(() => { window.ready = true; }, 500);</script>"),
                "GET /colour", html("<style>html, body { margin: 0; height: 100%; background: #3366cc; }</style>"),
                "GET /socket", call -> html("<style>html, body { margin: 0; height: 100%; background: #cc6633; }</style>"
                        + "<p>Connecting</p><script>window.ws = new WebSocket('ws://127.0.0.1:" + call.query("port")
                        + "/never');</script>").handle(call),
                "GET /console", html("<script>console.log('hello from the page', 42); console.warn('careful');"
                        + " setTimeout(() => { throw new Error('boom from a timer'); }, 0);</script>"),
                "GET /headers", call -> call.respond(200, "text/html; charset=utf-8",
                        "<p>headers</p>".getBytes(StandardCharsets.UTF_8),
                        Map.of("Cache-Control", "no-store", "Referrer-Policy", "no-referrer"))),
                1000);
        browser = HeadlessChromium.start(WIDTH, HEIGHT);
    }

    @AfterAll
    static void stopBrowserAndServer() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void needsChromiumAndForgetsEarlierConsoleEntries() {
        HeadlessChromium.assumeAvailable();
        browser.clearConsole();
    }

    @Test
    void navigate_waits_for_the_page_and_evaluate_reads_the_dom() {
        browser.navigate(url("/dom"));

        assertThat(browser.evaluate("document.querySelectorAll('#items li').length").asInt()).isEqualTo(3);
        assertThat(browser.evaluate("document.title").asText()).isEqualTo("Fixture page");
        assertThat(browser.evaluate("[...document.querySelectorAll('li')].map(li => li.textContent)"))
                .hasToString("[\"one\",\"two\",\"three\"]");
        assertThat(browser.evaluate("undefined").isNull()).isTrue();
    }

    @Test
    void evaluate_awaits_a_promise() {
        browser.navigate(url("/dom"));

        assertThat(browser.evaluate("new Promise(resolve => setTimeout(() => resolve(7), 50))").asInt()).isEqualTo(7);
    }

    @Test
    void a_javascript_exception_in_evaluate_is_thrown_with_its_text() {
        browser.navigate(url("/dom"));

        assertThatThrownBy(() -> browser.evaluate("(() => { throw new TypeError('no such thing'); })()"))
                .isInstanceOf(HeadlessChromium.JavaScriptException.class)
                .hasMessageContaining("TypeError: no such thing");
    }

    @Test
    void a_large_result_arriving_in_fragments_is_assembled() {
        browser.navigate(url("/dom"));

        String text = browser.evaluate("'0123456789'.repeat(200000)").asText();

        assertThat(text).hasSize(2_000_000).startsWith("0123456789").endsWith("0123456789");
    }

    @Test
    void wait_until_returns_true_once_a_timer_on_the_page_sets_the_flag() {
        browser.navigate(url("/later"));
        assertThat(browser.evaluate("window.ready === true").asBoolean()).as("set right after load").isFalse();

        assertThat(browser.waitUntil("window.ready === true", WAIT)).isTrue();
    }

    @Test
    void wait_until_returns_false_after_the_timeout_when_nothing_happens() {
        browser.navigate(url("/dom"));
        long start = System.nanoTime();

        boolean happened = browser.waitUntil("window.neverSet === true", Duration.ofMillis(300));

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(happened).isFalse();
        assertThat(elapsedMillis).isBetween(300L, 5_000L);
    }

    @Test
    void a_screenshot_has_the_window_size_and_the_page_colour() throws IOException {
        browser.navigate(url("/colour"));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(browser.screenshotPng()));

        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        assertThat(samples(image)).containsOnly("3366cc");
    }

    @Test
    void a_websocket_that_never_answers_does_not_block_the_screenshot() throws Exception {
        try (SilentSocketServer silent = new SilentSocketServer()) {
            browser.navigate(url("/socket?port=" + silent.port()));
            assertThat(silent.connected.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the page's WebSocket reached the server").isTrue();

            BufferedImage image = ImageIO.read(new ByteArrayInputStream(browser.screenshotPng()));

            assertThat(samples(image)).containsOnly("cc6633");
            assertThat(browser.evaluate("ws.readyState").asInt()).as("still CONNECTING").isZero();
        }
    }

    @Test
    void console_messages_and_an_uncaught_exception_are_captured() {
        browser.navigate(url("/console"));

        assertThat(browser.waitForConsole("boom from a timer", WAIT)).as(browser.consoleLog()).isTrue();

        assertThat(browser.consoleMessages())
                .contains("console.log: hello from the page 42", "console.warning: careful")
                .anySatisfy(entry -> assertThat(entry).startsWith("exception: Uncaught Error: boom from a timer"));
    }

    @Test
    void the_last_response_gives_the_document_status_and_headers() {
        browser.navigate(url("/headers"));

        HeadlessChromium.DocumentResponse response = browser.lastResponse();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.url()).isEqualTo(url("/headers"));
        assertThat(response.header("cache-control")).isEqualTo("no-store");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.mimeType()).isEqualTo("text/html");
    }

    @Test
    void a_missing_page_loads_and_reports_its_404() {
        browser.navigate(url("/no-such-page"));

        assertThat(browser.lastResponse().status()).isEqualTo(404);
        assertThat(browser.evaluate("document.body.innerText").asText()).contains("not found");
    }

    @Test
    void navigating_to_a_closed_port_fails_with_the_network_error() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        assertThatThrownBy(() -> browser.navigate("http://127.0.0.1:" + closedPort + "/"))
                .hasMessageContaining("ERR_CONNECTION_REFUSED");
    }

    // ---------------------------------------------------------------- helpers

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static Route html(String body) {
        byte[] page = ("<!doctype html><html><head><meta charset=\"utf-8\"></head><body>" + body + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        return (HttpCall call) -> call.respond(200, "text/html; charset=utf-8", page, Map.of());
    }

    /** The RGB hex colours at the corners, the middle and near the edges' midpoints. */
    private static List<String> samples(BufferedImage image) {
        int w = image.getWidth() - 1;
        int h = image.getHeight() - 1;
        int[][] points = {{0, 0}, {w, 0}, {0, h}, {w, h}, {w / 2, h / 2}, {w / 4, h / 2}, {w / 2, h - 2}};
        return Arrays.stream(points)
                .map(p -> String.format("%06x", image.getRGB(p[0], p[1]) & 0xffffff))
                .toList();
    }

    /** Accepts TCP connections and never says a word: a WebSocket handshake to it stays pending. */
    private static final class SilentSocketServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final CountDownLatch connected = new CountDownLatch(1);
        final List<Socket> held = new CopyOnWriteArrayList<>();
        final Thread acceptor = new Thread(this::acceptForever, "silent-socket-server");

        SilentSocketServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void acceptForever() {
            try {
                while (true) {
                    held.add(socket.accept());
                    connected.countDown();
                }
            } catch (IOException closed) {
                // closed by the test
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
