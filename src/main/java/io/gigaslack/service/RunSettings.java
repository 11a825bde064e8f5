package io.gigaslack.service;

import io.gigaslack.runs.Platform;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration's "runs" section: what a run gets when the person asking does not say.
 *
 * @param platforms the platforms people may pick, by name, with their credit rates
 * @param autoStopAfter how long after its agent finished an agent run's computer is stopped (zero: at once), or null
 *     to leave it running until someone stops it or its hours are over
 * @param desktopViewerUrl a web VNC viewer URL template for the "Open desktop" button, or null
 */
public record RunSettings(
        Map<String, Platform> platforms,
        String defaultPlatform,
        int defaultHours,
        String defaultGoal,
        String systemPrompt,
        Duration autoStopAfter,
        String desktopViewerUrl) {

    public RunSettings {
        // In the configured order: people see them listed so.
        platforms = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(platforms, "platforms")));
        Objects.requireNonNull(defaultPlatform, "defaultPlatform");
        if (!platforms.isEmpty() && !platforms.containsKey(defaultPlatform)) {
            throw new IllegalArgumentException("the default platform " + defaultPlatform + " is not among the platforms");
        }
        if (defaultHours < 1) {
            throw new IllegalArgumentException("defaultHours must be at least 1: " + defaultHours);
        }
        if (autoStopAfter != null && autoStopAfter.isNegative()) {
            throw new IllegalArgumentException("autoStopAfter is never negative: " + autoStopAfter);
        }
        defaultGoal = defaultGoal == null ? "" : defaultGoal;
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
    }

    /** Whether the app stops agent runs' computers by itself once the agent has finished. */
    public boolean autoStop() {
        return autoStopAfter != null;
    }
}
