package io.gigaslack.gigawork;

import java.util.Objects;

/**
 * One Giga account the app may use: whose it is and its API key. {@link #toString()} never shows the key; nothing that
 * holds one logs it, puts it in an exception or a metric.
 *
 * @param accountId the Giga account's owner as the app knows it: the workspace's team id, or the enterprise id when one
 *                  org-wide Grid install covers the team ({@link GigaKeySource#SINGLE_ACCOUNT} in single-workspace
 *                  mode). It names the account's row of Giga's balance and, in distributed mode, is sent as
 *                  {@code X-Client-Id}.
 * @param apiKey    the secret sent as {@code Authorization: Bearer}
 */
public record ConnectedKey(String accountId, String apiKey) {
    public ConnectedKey {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(apiKey, "apiKey");
        if (accountId.isBlank()) {
            throw new IllegalArgumentException("accountId must not be blank");
        }
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("the API key of account " + accountId + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "ConnectedKey[accountId=" + accountId + ", apiKey=***]";
    }
}
