package io.gigaslack.gigawork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key source as distributed mode has one, in memory: each team's connected key, which a test connects, changes and
 * removes (as an admin's "Connect Giga" and an uninstall would).
 */
final class MapKeySource implements GigaKeySource {
    private final Map<String, ConnectedKey> byTeam = new ConcurrentHashMap<>();

    /** Connects {@code apiKey} for {@code teamId}, its own account. */
    MapKeySource connect(String teamId, String apiKey) {
        return connect(teamId, teamId, apiKey);
    }

    /** Connects {@code apiKey} for {@code teamId}, paid by account {@code accountId} (e.g. its Grid organisation). */
    MapKeySource connect(String teamId, String accountId, String apiKey) {
        byTeam.put(teamId, new ConnectedKey(accountId, apiKey));
        return this;
    }

    void remove(String teamId) {
        byTeam.remove(teamId);
    }

    @Override
    public Optional<ConnectedKey> keyFor(String teamId) {
        return Optional.ofNullable(byTeam.get(teamId));
    }

    @Override
    public List<ConnectedKey> all() {
        return new ArrayList<>(byTeam.values());
    }
}
