package io.gigaslack.gigawork;

import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaClientConfig;
import io.gigaslack.giga.RequestBudget;
import io.gigaslack.giga.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;

/**
 * The Giga client of each workspace's own Giga account: a run's Giga calls go out with the key of its team's account
 * ({@link #forTeam}), the work per account (the balance) goes to every connected account ({@link #all}).
 *
 * <p>A client is built the first time its account is asked for and kept; when the account's key changes (connected
 * again) the next request gets a new client and the old one is dropped, as is one whose account is no longer listed by
 * {@link #all}. Each client has its own {@link RequestBudget}, from the factory given, per key: two accounts that
 * happen to connect the same key share one budget, since Giga's limit is the key's. The clients share the
 * application's one OkHttpClient (and its connection pool). Keys are never logged nor shown by {@link #toString()}.
 */
public final class GigaAccounts {
    /** A connected Giga account and its client (INTERACTIVE priority; {@code client().background()} for polling). */
    public record GigaAccount(String accountId, GigaClient client) {
        @Override
        public String toString() {
            return "GigaAccount[" + accountId + "]";
        }
    }

    private final GigaKeySource keys;
    private final Function<ConnectedKey, GigaClientConfig> settings;
    private final Function<String, RequestBudget> budgets;
    private final OkHttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /** By account id: the client built for the key it had then (by the key's fingerprint). */
    private final Map<String, Built> clients = new ConcurrentHashMap<>();
    /** By key fingerprint: the budget of every client built for that key. Guarded by {@code this}. */
    private final Map<String, RequestBudget> budgetsByKey = new LinkedHashMap<>();

    private record Built(String keyFingerprint, GigaAccount account) {}

    /**
     * @param keys     where each team's key comes from
     * @param settings an account's client settings from its key: base URL, timeouts, and {@code X-Client-Id}
     *                 ({@link #perAccountClientId} in distributed mode, {@link #fixedClientId} in single mode)
     * @param budgets  a key's request budget, asked once per key (the argument is the API key)
     * @param http     the application's one OkHttpClient
     */
    public GigaAccounts(GigaKeySource keys, Function<ConnectedKey, GigaClientConfig> settings,
            Function<String, RequestBudget> budgets, OkHttpClient http, Clock clock, Sleeper sleeper,
            RandomGenerator random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Distributed mode: each account's calls carry {@code X-Client-Id} = its account id (team or enterprise id). */
    public static Function<ConnectedKey, GigaClientConfig> perAccountClientId(String baseUrl) {
        return key -> GigaClientConfig.of(baseUrl, key.apiKey()).withClientId(key.accountId());
    }

    /**
     * Single-workspace mode: the calls carry {@code clientId} ({@code GIGA_CLIENT_ID}) as {@code X-Client-Id}, or none
     * when it is null or empty, as they always have.
     */
    public static Function<ConnectedKey, GigaClientConfig> fixedClientId(String baseUrl, String clientId) {
        return key -> GigaClientConfig.of(baseUrl, key.apiKey()).withClientId(clientId);
    }

    /** The client for the runs of {@code teamId}; empty when the workspace has no Giga account connected. */
    public Optional<GigaClient> forTeam(String teamId) {
        return accountFor(teamId).map(GigaAccount::client);
    }

    /** The account (and its client) for the runs of {@code teamId}; empty when the workspace has none connected. */
    public Optional<GigaAccount> accountFor(String teamId) {
        return keys.keyFor(teamId).map(this::account);
    }

    /** The id of the account that pays for the runs of {@code teamId}; empty when the workspace has none connected. */
    public Optional<String> accountIdOf(String teamId) {
        return keys.keyFor(teamId).map(ConnectedKey::accountId);
    }

    /** Every connected account, once each; the clients of accounts no longer connected are dropped. */
    public List<GigaAccount> all() {
        Map<String, ConnectedKey> byAccount = new LinkedHashMap<>();
        for (ConnectedKey k : keys.all()) {
            byAccount.putIfAbsent(k.accountId(), k);
        }
        List<GigaAccount> out = new ArrayList<>(byAccount.size());
        for (ConnectedKey k : byAccount.values()) {
            out.add(account(k));
        }
        synchronized (this) {
            clients.keySet().retainAll(byAccount.keySet());
            dropUnusedBudgets();
        }
        return out;
    }

    private GigaAccount account(ConnectedKey key) {
        String fingerprint = fingerprint(key.apiKey());
        Built built = clients.get(key.accountId());
        if (built != null && built.keyFingerprint().equals(fingerprint)) {
            return built.account();
        }
        synchronized (this) {
            built = clients.get(key.accountId());
            if (built != null && built.keyFingerprint().equals(fingerprint)) {
                return built.account();
            }
            RequestBudget budget = budgetsByKey.computeIfAbsent(fingerprint, f -> budgets.apply(key.apiKey()));
            GigaAccount account = new GigaAccount(key.accountId(),
                    new GigaClient(settings.apply(key), http, budget, clock, sleeper, random));
            clients.put(key.accountId(), new Built(fingerprint, account));
            if (built != null) {
                dropUnusedBudgets(); // the key changed: the old key's budget goes unless another account has it
            }
            return account;
        }
    }

    /** Forgets the budgets of keys no kept client has any more. Called holding {@code this}. */
    private void dropUnusedBudgets() {
        Set<String> used = new HashSet<>();
        clients.values().forEach(b -> used.add(b.keyFingerprint()));
        budgetsByKey.keySet().retainAll(used);
    }

    /** The key's SHA-256, to tell keys apart without keeping a second copy of each (as the window names it). */
    private static String fingerprint(String apiKey) {
        return SharedRequestBudgets.keyId(apiKey);
    }

    @Override
    public String toString() {
        return "GigaAccounts[" + clients.keySet() + "]";
    }
}
