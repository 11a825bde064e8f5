package io.gigaslack.slack;

import io.gigaslack.runs.Platform;
import java.util.Map;
import java.util.Set;

/**
 * What the Slack front-end needs from the configuration (the app package builds it, so this
 * package does not depend on the app's configuration classes).
 */
public record FrontEndSettings(
        Map<String, Platform> platforms,
        String defaultPlatform,
        int defaultHours,
        String defaultGoal,
        String systemPrompt,
        String desktopViewerUrl,
        boolean autoStop,
        Set<String> adminUsers) {}
