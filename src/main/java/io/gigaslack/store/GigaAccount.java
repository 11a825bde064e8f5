package io.gigaslack.store;

import java.time.Instant;

/**
 * The Giga account a workspace connected, as admins may see it: which key (its last four characters), who connected
 * it and when. The key itself is read only with {@link GigaKeys#apiKey}.
 */
public record GigaAccount(String workspaceId, String keyLast4, String connectedBy, Instant connectedAt) {}
