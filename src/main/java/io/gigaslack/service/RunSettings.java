package io.gigaslack.service;

import io.gigaslack.runs.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration's "runs" section: what a run gets when the person asking does not say.
 *
 * @param platforms the platforms people may pick, by name, with their credit rates
 * @param autoStop whether the computer stops as soon as the agent has finished
 * @param desktopViewerUrl a web VNC viewer URL template for the "Open desktop" button, or null
 */
public record RunSettings(
        Map<String, Platform> platforms,
        String defaultPlatform,
        int defaultHours,
        String defaultGoal,
        String systemPrompt,
        boolean autoStop,
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
        defaultGoal = defaultGoal == null ? "" : defaultGoal;
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
    }
}
