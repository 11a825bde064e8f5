package io.gigaslack.app;

import io.gigaslack.runs.Platform;
import io.gigaslack.service.RunSettings;
import java.util.Map;

/** Reads the configuration's runs section into the run service's {@link RunSettings}. */
final class RunsSection {
    private RunsSection() {}

    static RunSettings read(SettingValues v) {
        int hours = v.integer(Setting.GIGA_DEFAULT_HOURS, 1, 24);
        Map<String, Platform> platforms = v.platforms(Setting.GIGA_PLATFORMS);
        String defaultPlatform = v.text(Setting.GIGA_DEFAULT_PLATFORM);
        if (!platforms.isEmpty() && !platforms.containsKey(defaultPlatform)) {
            v.bad(Setting.GIGA_DEFAULT_PLATFORM, "is '" + defaultPlatform + "', which GIGA_PLATFORMS does not list");
            // Reported; the first platform stands in so the other sections are still read and checked.
            defaultPlatform = platforms.keySet().iterator().next();
        }
        String goal = v.text(Setting.GIGA_DEFAULT_GOAL);
        if (goal.isBlank()) {
            v.missing(Setting.GIGA_DEFAULT_GOAL);
        }
        java.time.Duration autoStop = v.minutesOrOff(Setting.GIGA_AUTO_STOP_AFTER_MINUTES, 24 * 60);
        String viewer = v.text(Setting.DESKTOP_VIEWER_URL);
        if (!viewer.isEmpty() && !viewer.startsWith("https://") && !viewer.startsWith("http://")) {
            v.bad(Setting.DESKTOP_VIEWER_URL, "is not an http(s) URL template");
        }
        return new RunSettings(platforms, defaultPlatform, hours, goal, v.text(Setting.GIGA_SYSTEM_PROMPT), autoStop,
                viewer);
    }
}
