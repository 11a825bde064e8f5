package io.gigaslack.slack.command;

/**
 * The options given to {@code /giga run} or {@code /giga desktop}; {@code null} means "not given,
 * use the configured default". Values are plain text (already unescaped). Platform validity and
 * configured limits are checked later, against configuration.
 */
public record RunOptions(String platform, Integer hours, String goal, String systemPrompt, String name) {
    public static final RunOptions NONE = new RunOptions(null, null, null, null, null);
}
