package io.gigaslack.giga.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One HTTP request the simulator received, as sent (before auth and faults).
 *
 * @param receivedAt when it arrived, on the simulator's clock
 * @param query   the raw query string, or "" when absent
 * @param headers lower-cased header names; {@code authorization} is left out
 * @param apiKey  the key it presented ({@code Authorization: Bearer <key>}), accepted or not; null when none
 */
public record RecordedRequest(Instant receivedAt, String method, String path, String query, String body,
                              Map<String, List<String>> headers, String apiKey) {

    /** A request to the API (not to the simulator's own blob and upload URLs): what Giga's rate limit counts. */
    public boolean isApi() {
        return path.startsWith("/api/");
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
