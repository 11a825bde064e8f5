package io.gigaslack.app;

import java.time.Duration;
import java.util.Locale;

/**
 * The configuration's server section: how this process serves and runs.
 *
 * @param publicUrl the app's public base URL without a trailing slash (Giga's callbacks), or null
 * @param logFormat {@code text} or {@code json}
 * @param jobLease how long a claimed job is held without renewal before another replica may take it over
 */
public record ServerSection(int port, String publicUrl, String logFormat, Duration jobLease) {
    public static final int MIN_LEASE_SECONDS = 2;

    /** Whether Giga can call us back; without a public URL the app relies on polling alone. */
    public boolean callbacksEnabled() {
        return publicUrl != null && !publicUrl.isEmpty();
    }

    static ServerSection read(SettingValues v) {
        String publicUrl = SettingValues.slash(v.url(Setting.PUBLIC_URL, true), false);
        int port = v.integer(Setting.PORT, 1, 65535);
        String logFormat = v.text(Setting.LOG_FORMAT, "text").toLowerCase(Locale.ROOT);
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            v.bad(Setting.LOG_FORMAT, "is '" + logFormat + "'");
        }
        int leaseSeconds = v.integer(Setting.GIGA_JOB_LEASE_SECONDS, MIN_LEASE_SECONDS, 3600);
        return new ServerSection(port, publicUrl, logFormat, Duration.ofSeconds(leaseSeconds));
    }
}
