package io.gigaslack.giga.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One HTTP request the simulator received, as sent (before auth and faults).
 *
 * @param query   the raw query string, or "" when absent
 * @param headers lower-cased header names; {@code authorization} is left out
 */
public record RecordedRequest(Instant receivedAt, String method, String path, String query, String body,
                              Map<String, List<String>> headers) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
