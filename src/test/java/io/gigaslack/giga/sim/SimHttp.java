package io.gigaslack.giga.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A tiny JDK HttpClient wrapper for talking to the simulator in tests. */
final class SimHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String key;
    private Duration timeout = Duration.ofSeconds(5);

    SimHttp(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    SimHttp timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body(), r);
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
                .timeout(timeout);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    HttpClient client() {
        return http;
    }

    /** A start body; {@code extra} is spliced in as more top-level fields (may be empty). */
    static String startBody(String name, String userPrompt, String extra) {
        return "{\"name\":\"" + name + "\",\"platform\":\"giga-standard\",\"duration\":2,\"aiEnabled\":true,"
                + "\"prompts\":{\"userPrompt\":\"" + userPrompt + "\",\"goalPrompt\":\"Save the answer to a file\"}"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }
}
