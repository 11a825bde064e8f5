package io.gigaslack.app;

import java.util.List;

/** Start-up configuration is missing or malformed; the message names every bad key and how to fix it. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        StringBuilder sb = new StringBuilder("giga-slack cannot start: ")
                .append(problems.size() == 1 ? "1 configuration problem" : problems.size() + " configuration problems")
                .append('\n');
        for (String p : problems) {
            sb.append("  - ").append(p).append('\n');
        }
        sb.append("Set these as environment variables, or in a configuration file given with --config FILE"
                + " or GIGA_SLACK_CONFIG (see config/giga-slack.example.yml and the README).");
        return sb.toString();
    }
}
