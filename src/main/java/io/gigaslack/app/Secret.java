package io.gigaslack.app;

import java.util.Objects;

/** A configuration value that must never be printed: its {@code toString} hides it. */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? null : new Secret(value);
    }

    /** The secret itself; call only where it is handed to the party that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && java.security.MessageDigest.isEqual(
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // no information about the value leaks through hashing
    }
}
