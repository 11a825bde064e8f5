package io.gigaslack.testing;

import io.gigaslack.slack.SlackSignatureVerifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Requests as Slack sends them to the app, for tests and the benchmark: bodies and their signature headers. */
public final class SlackRequests {
    private SlackRequests() {}

    /** The form fields of a {@code /giga} slash command. */
    public static Map<String, String> slashCommand(String team, String user, String channel, String text,
            String responseUrl) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", "legacy");
        f.put("team_id", team);
        f.put("team_domain", "acme");
        f.put("channel_id", channel);
        f.put("channel_name", channel.toLowerCase());
        f.put("user_id", user);
        f.put("user_name", user.toLowerCase());
        f.put("command", "/giga");
        f.put("text", text);
        f.put("api_app_id", "A1");
        f.put("response_url", responseUrl);
        f.put("trigger_id", "1.2.3");
        return f;
    }

    /** The {@code payload} JSON of a button press on a message in {@code channel} of team T1. */
    public static String buttonPress(String actionId, String user, String channel, String value, String responseUrl) {
        return "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
                + "\"user\":{\"id\":\"" + user + "\",\"team_id\":\"T1\"},\"api_app_id\":\"A1\","
                + "\"trigger_id\":\"1.2.3\",\"channel\":{\"id\":\"" + channel + "\"},"
                + "\"container\":{\"type\":\"message\",\"channel_id\":\"" + channel + "\"},"
                + "\"response_url\":\"" + responseUrl + "\",\"actions\":[{\"action_id\":\"" + actionId
                + "\",\"block_id\":\"b\",\"type\":\"button\",\"value\":\"" + value + "\",\"action_ts\":\"1\"}]}";
    }

    /** An {@code application/x-www-form-urlencoded} body, fields in the map's order. */
    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The timestamp and signature headers Slack sends with {@code body}, signed now with {@code secret}. */
    public static Map<String, String> signatureHeaders(String secret, byte[] body) {
        return signatureHeaders(secret, body, Instant.now());
    }

    /** As {@link #signatureHeaders(String, byte[])}, signed at {@code at} (Slack's clock, which agrees with the app's). */
    public static Map<String, String> signatureHeaders(String secret, byte[] body, Instant at) {
        String ts = String.valueOf(at.getEpochSecond());
        return Map.of(SlackSignatureVerifier.TIMESTAMP_HEADER, ts,
                SlackSignatureVerifier.SIGNATURE_HEADER, SlackSignatureVerifier.sign(secret, ts, body));
    }
}
