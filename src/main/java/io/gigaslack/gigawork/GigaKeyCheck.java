package io.gigaslack.gigawork;

import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaClientConfig;
import io.gigaslack.giga.RequestBudget;
import io.gigaslack.giga.Sleeper;
import io.gigaslack.service.GigaConnections;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;

/**
 * Asks Giga whether a key pasted by an admin works: {@code GET /api/billing} with it (the cheapest read there is),
 * once, within {@link #BOUND} so that the form is answered within Slack's 3 seconds. The request counts against that
 * key's own budget, as every request with it does.
 */
public final class GigaKeyCheck implements GigaConnections.KeyCheck {
    /** Slack waits 3 s for a form's answer; this leaves room for the rest of the request. */
    static final Duration BOUND = Duration.ofMillis(2200);

    private final String apiUrl;
    private final OkHttpClient http;
    private final Function<String, RequestBudget> budgets;
    private final Clock clock;
    private final RandomGenerator random;

    public GigaKeyCheck(String apiUrl, OkHttpClient http, Function<String, RequestBudget> budgets, Clock clock,
            RandomGenerator random) {
        this.apiUrl = apiUrl;
        this.http = http;
        this.budgets = budgets;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public GigaConnections.Check check(String accountId, String apiKey) {
        GigaClientConfig config = GigaClientConfig.of(apiUrl, apiKey).withClientId(accountId)
                .withTimeouts(Duration.ofSeconds(1), BOUND, BOUND).withMaxAttempts(1);
        GigaClient giga = new GigaClient(config, http, budgets.apply(apiKey), clock, Sleeper.system(), random);
        try {
            giga.getBilling();
            return new GigaConnections.Accepted();
        } catch (GigaApiException e) {
            if (e.status() == 401 || e.status() == 403) {
                return new GigaConnections.Refused(e.status() == 401 ? "Giga says the key is not valid"
                        : "Giga says the key may not be used for this");
            }
            return new GigaConnections.Unanswered(e.status() == 0 ? "Giga did not answer in time"
                    : "Giga answered HTTP " + e.status());
        } catch (RuntimeException e) {
            return new GigaConnections.Unanswered("Giga could not be reached");
        }
    }
}
