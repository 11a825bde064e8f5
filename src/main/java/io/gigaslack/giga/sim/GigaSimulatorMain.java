package io.gigaslack.giga.sim;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the simulator in real time until killed:
 * {@code simulator [--port 4010] [--api-key giga_sk_...]... [--agent-seconds 20] [--provision-seconds 3]
 * [--agent-steps 3] [--desktop ws://127.0.0.1:6080]} (the last points every sandbox at a real desktop's VNC WebSocket).
 * {@code --api-key} may be given more than once: each key is an account of its own.
 */
public final class GigaSimulatorMain {

    static final int DEFAULT_PORT = 4010;
    static final int DEFAULT_AGENT_SECONDS = 20;
    static final int DEFAULT_PROVISION_SECONDS = 3;

    private GigaSimulatorMain() {
    }

    static final String USAGE = "usage: simulator [--port N] [--api-key KEY]... [--agent-seconds N]"
            + " [--provision-seconds N] [--agent-steps N] [--desktop ws://HOST:PORT]";

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        GigaSimulator sim;
        try {
            sim = fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("giga simulator: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        sim.start();
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "giga-sim-shutdown"));
        System.out.println("Giga simulator listening on " + sim.baseUrl() + (sim.apiKeys().size() == 1
                ? " with API key " + sim.apiKey() : " with API keys " + String.join(", ", sim.apiKeys())));
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Parses the options into a real-time simulator (not started). */
    static GigaSimulator fromArgs(String[] args) {
        int port = DEFAULT_PORT;
        List<String> apiKeys = new ArrayList<>();
        int agentSeconds = DEFAULT_AGENT_SECONDS;
        int provisionSeconds = DEFAULT_PROVISION_SECONDS;
        String desktop = null;
        int steps = GigaSimulator.Builder.DEFAULT_AGENT_STEPS;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port":
                    port = number(option, value);
                    break;
                case "--api-key":
                    if (apiKeys.contains(value)) {
                        throw new IllegalArgumentException("--api-key " + value + " is given twice");
                    }
                    apiKeys.add(value);
                    break;
                case "--agent-seconds":
                    agentSeconds = number(option, value);
                    break;
                case "--provision-seconds":
                    provisionSeconds = number(option, value);
                    break;
                case "--agent-steps":
                    steps = number(option, value);
                    if (steps > GigaSimulator.Builder.MAX_AGENT_STEPS) {
                        throw new IllegalArgumentException("--agent-steps needs at most "
                                + GigaSimulator.Builder.MAX_AGENT_STEPS + ", got " + value);
                    }
                    break;
                case "--desktop":
                    if (!value.startsWith("ws://") && !value.startsWith("wss://")) {
                        throw new IllegalArgumentException("--desktop needs a ws:// or wss:// VNC address, got " + value);
                    }
                    desktop = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (apiKeys.isEmpty()) {
            apiKeys.add(GigaSimulator.Builder.DEFAULT_API_KEY);
        }
        return GigaSimulator.builder().port(port).apiKeys(apiKeys).autoTick(true)
                .agentDuration(Duration.ofSeconds(agentSeconds))
                .provisionDelay(Duration.ofSeconds(provisionSeconds)).agentSteps(steps).desktopStream(desktop).build();
    }

    private static int number(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a non-negative integer, got " + value);
        }
    }
}
