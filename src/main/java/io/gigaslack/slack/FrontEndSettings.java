package io.gigaslack.slack;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Platform;
import java.util.Map;

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
        AccessRules rules,
        Limits limits) {}
