package io.gigaslack.slack;

/**
 * Which Events API deliveries were already handled, so Slack's retries (same {@code event_id}) have
 * one effect; a delivery whose handling failed is forgotten so that Slack's retry handles it.
 */
public interface DeliveryLog {
    /** True the first time {@code key} is seen (and records it). */
    boolean firstSeen(String key);

    void forget(String key);

    /**
     * Runs {@code handling} for the first delivery of the event {@code eventId} only; when it fails, the delivery is
     * forgotten (so Slack's retry handles it) and the failure rethrown.
     */
    default void once(String eventId, Runnable handling) {
        String key = "event:" + eventId;
        if (firstSeen(key)) {
            try {
                handling.run();
            } catch (RuntimeException e) {
                forget(key);
                throw e;
            }
        }
    }
}
