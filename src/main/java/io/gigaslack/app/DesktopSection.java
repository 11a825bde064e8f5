package io.gigaslack.app;

import io.gigaslack.service.DesktopSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The configuration's desktop section: the built-in viewer (on whenever {@code PUBLIC_URL} is set and no
 * {@code DESKTOP_VIEWER_URL} names another viewer), where its noVNC comes from, personal links and screenshots.
 *
 * @param noVncUrl a mirror of the pinned noVNC release, or null for the public CDN
 * @param noVncDir a local noVNC the app serves itself, or null
 */
public record DesktopSection(DesktopSettings settings, String noVncUrl, Path noVncDir) {

    /** {@code screenshots}: read with the settings a workspace may change ({@link WorkspaceSection}). */
    static DesktopSection read(SettingValues v, String publicUrl, String viewerTemplate, boolean screenshots) {
        String noVncUrl = SettingValues.slash(v.url(Setting.DESKTOP_VIEWER_NOVNC_URL, true), true);
        if (noVncUrl != null && !noVncUrl.startsWith("https://") && !noVncUrl.startsWith("http://")) {
            noVncUrl = null;
        }
        String dir = v.text(Setting.DESKTOP_VIEWER_NOVNC_DIR).strip();
        Path noVncDir = null;
        if (!dir.isEmpty()) {
            noVncDir = Path.of(dir);
            if (!Files.isRegularFile(noVncDir.resolve("core/rfb.js"))) {
                v.bad(Setting.DESKTOP_VIEWER_NOVNC_DIR, "is '" + dir + "', which holds no core/rfb.js");
                noVncDir = null;
            }
        }
        int minutes = v.integer(Setting.DESKTOP_LINK_MINUTES, 1, 60);
        boolean builtIn = publicUrl != null && !publicUrl.isEmpty() && (viewerTemplate == null || viewerTemplate.isBlank());
        return new DesktopSection(new DesktopSettings(builtIn ? publicUrl : null, Duration.ofMinutes(minutes),
                screenshots), noVncUrl, noVncDir);
    }
}
