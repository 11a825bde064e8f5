package io.gigaslack.store;

/**
 * An optimistic-lock update lost its race: the row changed (its version moved on) since it was read. The caller
 * re-reads the row and applies its change again.
 */
public final class ConcurrentUpdateException extends StoreException {
    private final String id;
    private final long expectedVersion;

    public ConcurrentUpdateException(String table, String id, long expectedVersion) {
        super(table + " row " + id + " changed since version " + expectedVersion + " was read");
        this.id = id;
        this.expectedVersion = expectedVersion;
    }

    public String id() {
        return id;
    }

    public long expectedVersion() {
        return expectedVersion;
    }
}
