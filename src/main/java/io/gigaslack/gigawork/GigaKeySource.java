package io.gigaslack.gigawork;

import io.gigaslack.store.BalanceStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Giga key of each workspace comes from. In single-workspace mode it is {@code GIGA_API_KEY} for every team
 * ({@link #single}); in distributed mode, the key a workspace's admin connected (stored encrypted), found for a team
 * directly or through its Grid organisation's org-wide install. {@link GigaAccounts} asks it for every run's Giga
 * calls, so an implementation should answer from memory or one indexed read, and must never log a key.
 */
public interface GigaKeySource {
    /** The account id of single-workspace mode: the id its balance row has always had. */
    String SINGLE_ACCOUNT = BalanceStore.SINGLE_ACCOUNT;

    /** The key the runs of {@code teamId} use; empty when the workspace has none (never connected, or removed). */
    Optional<ConnectedKey> keyFor(String teamId);

    /** Every connected account once (for the work that is per account, not per run: the balance). */
    List<ConnectedKey> all();

    /** Single-workspace mode: one key, account {@link #SINGLE_ACCOUNT}, for every team. */
    static GigaKeySource single(String apiKey) {
        ConnectedKey key = new ConnectedKey(SINGLE_ACCOUNT, Objects.requireNonNull(apiKey, "apiKey"));
        return new GigaKeySource() {
            @Override
            public Optional<ConnectedKey> keyFor(String teamId) {
                return Optional.of(key);
            }

            @Override
            public List<ConnectedKey> all() {
                return List.of(key);
            }

            @Override
            public String toString() {
                return "GigaKeySource.single(" + key + ")";
            }
        };
    }
}
