package io.gigaslack.giga.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The simulator's accounts, one per accepted API key, fixed when it is built: each its own {@link SimState}
 * (deployments, sessions, files, billing, concurrency), so a key sees and touches only its own, and another key's id
 * answers 404 as Giga answers for a resource "owned by another account". The first key is the default one.
 */
final class SimAccounts {
    private final Map<String, SimState> byKey;

    /** @param newAccount makes the account of a key */
    SimAccounts(List<String> keys, Function<String, SimState> newAccount) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the simulator needs at least one API key");
        }
        Map<String, SimState> m = new LinkedHashMap<>();
        for (String key : keys) {
            if (m.put(key, newAccount.apply(key)) != null) {
                throw new IllegalArgumentException("an API key was given twice");
            }
        }
        this.byKey = Collections.unmodifiableMap(m);
    }

    /** The account of {@code key}, if the simulator accepts it. */
    Optional<SimState> forKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    List<String> keys() {
        return List.copyOf(byKey.keySet());
    }

    String defaultKey() {
        return byKey.keySet().iterator().next();
    }

    List<SimState> all() {
        return new ArrayList<>(byKey.values());
    }

    /** Stores a presigned upload of whichever account made the token; false if none did. */
    boolean upload(String token, byte[] content) {
        for (SimState s : byKey.values()) {
            if (s.upload(token, content)) {
                return true;
            }
        }
        return false;
    }

    /** The account holding deployment {@code id}, if any does. */
    Optional<SimState> holding(String deploymentId) {
        return byKey.values().stream().filter(s -> s.findDeployment(deploymentId).isPresent()).findFirst();
    }
}
