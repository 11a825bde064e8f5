package io.gigaslack.store;

import java.time.Instant;

/** One agent callback as received, kept until processed. */
public record CallbackDelivery(long id, String runId, Instant receivedAt, String body, boolean processed) {}
