package io.gigaslack.app;

import java.time.Duration;

/**
 * The configuration's Giga section.
 *
 * @param apiUrl the API base URL, without a trailing slash
 * @param clientId sent as {@code X-Client-Id} when not empty
 * @param requestsPerMinute this replica's share of the API key's rate limit
 * @param pollInterval how often the reconciler reads Giga
 * @param lowBalanceCredits below this balance in credits the admins are warned; 0 when the warning is off
 */
public record GigaSection(Secret apiKey, String apiUrl, String clientId, int requestsPerMinute, Duration pollInterval,
        long lowBalanceCredits) {
    public static final int MIN_POLL_SECONDS = 5;
    public static final int MAX_REQUESTS_PER_MINUTE = 6000;

    static GigaSection read(SettingValues v) {
        Secret key = v.secret(Setting.GIGA_API_KEY);
        if (key == null) {
            // Distributed, each workspace connects its own key in the App Home: the operator's is not needed.
            if (!DistributionSection.requested(v)) {
                v.missing(Setting.GIGA_API_KEY);
            }
        } else if (key.reveal().chars().anyMatch(Character::isWhitespace)) {
            v.bad(Setting.GIGA_API_KEY, "contains white space");
        }
        String apiUrl = SettingValues.slash(v.url(Setting.GIGA_API_URL, false), false);
        int poll = v.integer(Setting.GIGA_POLL_INTERVAL_SECONDS, MIN_POLL_SECONDS, 3600);
        int perMinute = v.integer(Setting.GIGA_REQUESTS_PER_MINUTE, 1, MAX_REQUESTS_PER_MINUTE);
        long lowBalance = v.optionalCap(Setting.GIGA_LOW_BALANCE_CREDITS, 1_000_000_000L);
        return new GigaSection(key, apiUrl, v.text(Setting.GIGA_CLIENT_ID), perMinute, Duration.ofSeconds(poll),
                lowBalance);
    }
}
