package io.gigaslack.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the multi-line "[Suggestion] You can handle this type of event with the following listener function: …"
 * blocks Bolt for Java logs (at WARN, from {@code com.slack.api.bolt.App}) for each request no listener matches; every
 * other Bolt line passes. Bolt puts the block in an argument ({@code "No … registered for …: {}\n{}"}), so the format
 * and the string arguments are both looked at. The app acknowledges such requests before Bolt looks for a listener, so
 * this only catches what remains. Installed by {@code logback.xml} and by {@link Logging#configure}.
 */
public final class BoltSuggestionFilter extends TurboFilter {
    static final String BOLT_LOGGERS = "com.slack.api.bolt";
    static final String MARK = "[Suggestion]";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        // format is null for isXxxEnabled() checks; those stay NEUTRAL like everything not from Bolt.
        if (format == null || logger == null || !fromBolt(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        if (format.contains(MARK)) {
            return FilterReply.DENY;
        }
        if (params != null) {
            for (Object p : params) {
                if (p instanceof CharSequence s && s.toString().contains(MARK)) {
                    return FilterReply.DENY;
                }
            }
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean fromBolt(String name) {
        return name.startsWith(BOLT_LOGGERS)
                && (name.length() == BOLT_LOGGERS.length() || name.charAt(BOLT_LOGGERS.length()) == '.');
    }
}
