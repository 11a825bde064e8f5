package io.gigaslack.giga.sim;

import io.gigaslack.testing.SettableClock;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;

/** A started simulator on a {@link SettableClock} (3 s provisioning, 20 s agent runs) and a client for it. */
abstract class SimTestBase {

    static final Duration PROVISION = Duration.ofSeconds(3);
    static final Duration AGENT = Duration.ofSeconds(20);

    static {
        // No logback config ships with the tests; keep Jetty's DEBUG chatter out of the build output.
        for (String name : new String[] {"org.eclipse.jetty", "io.gigaslack.giga.sim", "jdk.internal.httpclient"}) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    final SettableClock clock = new SettableClock();
    GigaSimulator sim;
    SimHttp http;

    @BeforeEach
    void startSimulator() {
        sim = configure(GigaSimulator.builder().clock(clock).provisionDelay(PROVISION).agentDuration(AGENT)
                .random(new Random(42))).build().start();
        http = new SimHttp(sim.baseUrl(), sim.apiKey());
    }

    GigaSimulator.Builder configure(GigaSimulator.Builder builder) {
        return builder;
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    /** Moves the clock and ticks. */
    void advance(Duration d) {
        clock.advance(d);
        sim.tick();
    }

    JsonNode start(String name, String userPrompt) throws IOException, InterruptedException {
        return start(name, userPrompt, "");
    }

    /** Starts a deployment and returns {@code data}. */
    JsonNode start(String name, String userPrompt, String extra) throws IOException, InterruptedException {
        SimHttp.Reply r = http.post("/api/deployments/start", SimHttp.startBody(name, userPrompt, extra));
        if (r.status() != 201) {
            throw new AssertionError("start failed: " + r.status() + " " + r.body());
        }
        return r.json().get("data");
    }

    JsonNode deployment(String id) throws IOException, InterruptedException {
        return http.get("/api/deployments/" + id).json().get("data").get("deployment");
    }

    JsonNode thread(String threadId) throws IOException, InterruptedException {
        return http.get("/api/sessions/" + threadId).json().get("thread");
    }
}
