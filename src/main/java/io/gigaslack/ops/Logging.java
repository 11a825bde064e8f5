package io.gigaslack.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Chooses the log format at start-up ({@code LOG_FORMAT} / {@code log.format}).
 *
 * <p>{@code text} keeps what {@code logback.xml} configured: one line per event, with {@code run=} and
 * {@code job=} from the MDC. {@code json} gives every console appender of the root logger a
 * {@link JsonLineEncoder}: one JSON object per line with timestamp, level, logger, thread, message, the MDC
 * ({@code run}, {@code job}) and the stack trace. Switching back to {@code text} restores the encoders that
 * were replaced. Call it once, early, before other threads log.
 *
 * <p>Either way it makes sure the {@link BoltSuggestionFilter} is installed (as {@code logback.xml} declares it), so
 * Bolt's multi-line "[Suggestion]" blocks never reach the log whatever configuration file was used.
 */
public final class Logging {

    /** Console appender → the encoder {@code logback.xml} gave it, for the appenders switched to JSON. */
    private static final Map<ConsoleAppender<ILoggingEvent>, Encoder<ILoggingEvent>> ORIGINAL =
            new IdentityHashMap<>();

    private Logging() {
    }

    /**
     * Applies {@code format}: {@code text} (also null or blank) or {@code json}, case-insensitive.
     *
     * @throws IllegalArgumentException for any other format
     * @throws IllegalStateException    if slf4j is not bound to logback
     */
    public static synchronized void configure(String format) {
        String f = format == null || format.isBlank() ? "text" : format.trim().toLowerCase(Locale.ROOT);
        switch (f) {
            case "text" -> restoreText();
            case "json" -> useJson();
            default -> throw new IllegalArgumentException(
                    "log format must be text or json, not \"" + format + "\"");
        }
        installBoltSuggestionFilter(context());
    }

    /** Adds a {@link BoltSuggestionFilter} to {@code context} unless it has one. */
    static void installBoltSuggestionFilter(LoggerContext context) {
        for (TurboFilter existing : context.getTurboFilterList()) {
            if (existing instanceof BoltSuggestionFilter) {
                return;
            }
        }
        BoltSuggestionFilter filter = new BoltSuggestionFilter();
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
    }

    private static void useJson() {
        LoggerContext context = context();
        for (ConsoleAppender<ILoggingEvent> appender : consoleAppenders(context)) {
            if (appender.getEncoder() instanceof JsonLineEncoder) {
                continue;
            }
            JsonLineEncoder json = new JsonLineEncoder();
            json.setContext(context);
            json.start();
            ORIGINAL.put(appender, appender.getEncoder());
            appender.setEncoder(json);
        }
    }

    private static void restoreText() {
        for (Map.Entry<ConsoleAppender<ILoggingEvent>, Encoder<ILoggingEvent>> e : ORIGINAL.entrySet()) {
            Encoder<ILoggingEvent> json = e.getKey().getEncoder();
            e.getKey().setEncoder(e.getValue());
            if (json != null && json != e.getValue()) {
                json.stop();
            }
        }
        ORIGINAL.clear();
    }

    private static List<ConsoleAppender<ILoggingEvent>> consoleAppenders(LoggerContext context) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<ConsoleAppender<ILoggingEvent>> found = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                found.add(console);
            }
        }
        return found;
    }

    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            return context;
        }
        throw new IllegalStateException("slf4j is bound to " + factory.getClass().getName() + ", not logback");
    }
}
