package io.gigaslack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fake Slack Web API for the benchmark: the same answers as the tests' FakeSlack for the methods
 * the app calls, but every call is stamped with {@link System#nanoTime()} on arrival (before the
 * body is parsed further), so the time from a Giga callback to "its thread message reached Slack"
 * can be measured without polling. It keeps no message bodies, only who/where/when.
 */
final class BenchSlack implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One Web API call as it arrived. */
    record Call(String method, String channel, String threadTs, long arrivedNanos) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "bench-slack");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    /** Calls per channel, in arrival order (only chat.* calls). */
    private final Map<String, List<Call>> byChannel = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);

    BenchSlack() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/", this::handleApi);
        server.createContext("/response/", ex -> {
            long now = System.nanoTime();
            ex.getRequestBody().readAllBytes();
            count("response_url");
            record(new Call("response_url", "_response", null, now));
            respond(ex, "text/plain", "ok".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/upload/", ex -> {
            ex.getRequestBody().readAllBytes();
            count("upload");
            respond(ex, "text/plain", "OK".getBytes(StandardCharsets.UTF_8));
        });
        server.setExecutor(executor);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    String responseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/response/T1/1/x";
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void reset() {
        counts.clear();
        byChannel.clear();
    }

    /** Calls in a channel so far (a copy). */
    List<Call> calls(String channel) {
        List<Call> l = byChannel.get(channel);
        if (l == null) {
            return List.of();
        }
        synchronized (l) {
            return new ArrayList<>(l);
        }
    }

    private void count(String method) {
        counts.computeIfAbsent(method, k -> new LongAdder()).increment();
    }

    private void record(Call c) {
        List<Call> l = byChannel.computeIfAbsent(c.channel(), k -> new ArrayList<>());
        synchronized (l) {
            l.add(c);
        }
    }

    private void handleApi(HttpExchange ex) throws IOException {
        long arrived = System.nanoTime();
        String method = ex.getRequestURI().getPath().substring("/api/".length());
        Map<String, String> p = parse(ex, ex.getRequestBody().readAllBytes());
        count(method);
        long delay = Long.getLong("bench.slackDelayMs", 0);
        if (delay > 0 && method.startsWith("chat.")) {
            try {
                Thread.sleep(delay); // experiment: Slack slow, so the outbox workers commit (almost) nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String channel = p.get("channel");
        ObjectNode r = JSON.createObjectNode().put("ok", true);
        switch (method) {
            case "chat.postMessage" -> {
                String ts = nextTs();
                String thread = p.get("thread_ts");
                record(new Call(method, channel, thread == null || thread.isBlank() ? null : thread, arrived));
                r.put("channel", channel).put("ts", ts);
            }
            case "chat.update" -> {
                record(new Call(method, channel, p.get("ts"), arrived));
                r.put("channel", channel).put("ts", p.get("ts"));
            }
            case "chat.postEphemeral" -> r.put("message_ts", nextTs());
            case "chat.startStream" -> r.put("channel", channel).put("ts", nextTs());
            case "chat.appendStream", "chat.stopStream" -> r.put("channel", channel).put("ts", p.get("ts"));
            case "files.getUploadURLExternal" -> {
                String id = "F" + Long.toString(clock.incrementAndGet(), 36).toUpperCase();
                r.put("upload_url", apiUrl().replace("/api/", "/upload/") + id).put("file_id", id);
            }
            case "files.completeUploadExternal" -> r.putArray("files").addObject().put("id", "F1").put("title", "file");
            case "files.info" -> r.putObject("file").put("id", p.getOrDefault("file", "F1")).put("name", "file");
            case "users.info" -> r.putObject("user").put("id", p.get("user")).put("is_admin", false)
                    .put("is_owner", false).put("is_primary_owner", false);
            case "usergroups.users.list" -> r.putArray("users");
            case "auth.test" -> r.put("user_id", "UBOT").put("team_id", "T1").put("bot_id", "B1");
            case "conversations.info" -> r.putObject("channel").put("id", channel).put("is_channel", true)
                    .put("is_private", false).put("is_member", true);
            case "views.open", "views.publish", "views.update", "views.push" ->
                    r.putObject("view").put("id", "V" + nextTs());
            default -> { }
        }
        respond(ex, "application/json; charset=utf-8", JSON.writeValueAsBytes(r));
    }

    private String nextTs() {
        long micros = clock.incrementAndGet();
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    private static Map<String, String> parse(HttpExchange ex, byte[] raw) throws IOException {
        return io.gigaslack.testing.FakeSlack.parse(ex, raw);
    }

    private static void respond(HttpExchange ex, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
