package io.gigaslack.service;

import java.time.Duration;

/**
 * The configuration's desktop section: the viewer the app serves, and screenshots.
 *
 * @param viewerBaseUrl the app's public URL, under which it serves the viewer ({@code /desktop/{run}}); null when the
 *     built-in viewer is off (no {@code PUBLIC_URL}, or {@code DESKTOP_VIEWER_URL} names another viewer)
 * @param linkLifetime how long a personal desktop link stays valid
 * @param screenshots whether the app posts screenshots of the desktop into threads
 */
public record DesktopSettings(String viewerBaseUrl, Duration linkLifetime, boolean screenshots) {
    public static final Duration DEFAULT_LINK_LIFETIME = Duration.ofMinutes(10);
    /** No built-in viewer, no screenshots. */
    public static final DesktopSettings OFF = new DesktopSettings(null, DEFAULT_LINK_LIFETIME, false);

    public DesktopSettings {
        if (linkLifetime.isNegative() || linkLifetime.isZero()) {
            throw new IllegalArgumentException("linkLifetime must be positive: " + linkLifetime);
        }
        if (viewerBaseUrl != null && viewerBaseUrl.endsWith("/")) {
            viewerBaseUrl = viewerBaseUrl.substring(0, viewerBaseUrl.length() - 1);
        }
    }

    public boolean builtInViewer() {
        return viewerBaseUrl != null && !viewerBaseUrl.isBlank();
    }
}
