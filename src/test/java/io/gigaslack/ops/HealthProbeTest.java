package io.gigaslack.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    private HttpServer server;
    private volatile int status = 200;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/healthz", exchange -> {
            if (hang) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private String port() {
        return String.valueOf(server.getAddress().getPort());
    }

    @Test
    void healthy_server_exits_zero() {
        assertThat(HealthProbe.run(new String[0], port())).isZero();
    }

    @Test
    void any_other_status_exits_one() {
        status = 503;
        assertThat(HealthProbe.run(new String[0], port())).isOne();
        status = 302;
        assertThat(HealthProbe.run(new String[0], port())).isOne();
    }

    @Test
    void nothing_listening_exits_one() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        assertThat(HealthProbe.run(new String[0], String.valueOf(free))).isOne();
    }

    @Test
    void a_server_that_does_not_answer_within_a_second_exits_one() {
        hang = true;
        long start = System.nanoTime();
        assertThat(HealthProbe.probe(URI.create("http://127.0.0.1:" + port() + "/healthz"), Duration.ofMillis(300)))
                .isOne();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void port_defaults_to_3000_and_a_bad_port_exits_one() {
        assertThat(HealthProbe.healthUrl(null)).hasToString("http://127.0.0.1:3000/healthz");
        assertThat(HealthProbe.healthUrl(" 8080 ")).hasToString("http://127.0.0.1:8080/healthz");
        assertThat(HealthProbe.run(new String[0], "http")).isOne();
        assertThat(HealthProbe.run(new String[0], "70000")).isOne();
    }

    @Test
    void an_argument_replaces_the_url() {
        assertThat(HealthProbe.run(new String[] {"http://127.0.0.1:" + port() + "/healthz"}, "1")).isZero();
        assertThat(HealthProbe.run(new String[] {"http://127.0.0.1:" + port() + "/nothing"}, null)).isOne();
    }
}
