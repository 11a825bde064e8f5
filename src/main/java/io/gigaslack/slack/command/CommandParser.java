package io.gigaslack.slack.command;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the text of a {@code /giga} slash command into a {@link GigaCommand}. Never throws: any
 * text it cannot understand gives {@link GigaCommand.Invalid} with a problem and the usage.
 *
 * <p>Options come before the task, in any order, as {@code --opt value} or {@code --opt=value};
 * values with spaces are quoted with straight or curly quotes (Slack clients often turn {@code "}
 * into {@code “ ”} and {@code --} into {@code —}, so both are accepted). A lone {@code --} ends the
 * options. Slack's escaping is undone before parsing, so values and the task are plain text.
 */
public final class CommandParser {
    private static final Set<String> RUN_OPTIONS = Set.of("platform", "hours", "goal", "system", "name");
    private static final Set<String> DESKTOP_OPTIONS = Set.of("platform", "hours", "name");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{1,6}");
    /** Longest piece of user input quoted back in a problem sentence. */
    private static final int QUOTE_MAX = 40;

    private CommandParser() {}

    public static GigaCommand parse(String text) {
        try {
            return parseUnchecked(text);
        } catch (RuntimeException e) {
            return new GigaCommand.Invalid("That command could not be read.", Usage.ALL);
        }
    }

    private static GigaCommand parseUnchecked(String text) {
        String s = SlackText.unescape(text).strip();
        if (s.isEmpty()) {
            return new GigaCommand.OpenModal();
        }
        int end = 0;
        while (end < s.length() && !isSpace(s.charAt(end))) {
            end++;
        }
        String sub = s.substring(0, end).toLowerCase(Locale.ROOT);
        String rest = s.substring(end).strip();
        switch (sub) {
            case "new":
                return rest.isEmpty() ? new GigaCommand.OpenModal()
                        : new GigaCommand.Invalid("`/giga new` takes nothing after it; it opens a form.", Usage.NEW);
            case "run":
                return parseRun(rest, true);
            case "desktop":
                return parseRun(rest, false);
            case "list":
            case "ls":
                if (rest.isEmpty()) {
                    return new GigaCommand.ListRuns(false);
                }
                if (rest.equalsIgnoreCase("all") || rest.equalsIgnoreCase("--all")) {
                    return new GigaCommand.ListRuns(true);
                }
                return new GigaCommand.Invalid("`/giga list` takes only `all`, not “" + quote(rest) + "”.", Usage.LIST);
            case "status":
                return withId(rest, "status", Usage.STATUS);
            case "stop":
                return withId(rest, "stop", Usage.STOP);
            case "delete":
                return withId(rest, "delete", Usage.DELETE);
            case "help":
            case "-h":
            case "--help":
                return new GigaCommand.Help();
            case "audit":
                return rest.isEmpty() ? new GigaCommand.Audit()
                        : new GigaCommand.Invalid("`/giga audit` takes nothing after it.", Usage.AUDIT);
            case "usage":
                return rest.isEmpty() ? new GigaCommand.ShowUsage()
                        : new GigaCommand.Invalid("`/giga usage` takes nothing after it.", Usage.USAGE);
            case "settings":
            case "presets":
                if (rest.isEmpty() || rest.equalsIgnoreCase("clear")) {
                    return new GigaCommand.Settings(!rest.isEmpty());
                }
                return new GigaCommand.Invalid("`/giga settings` takes only `clear`, not “" + quote(rest) + "”.",
                        Usage.SETTINGS);
            default:
                return new GigaCommand.Invalid("Unknown subcommand “" + quote(s.substring(0, end))
                        + "”. To give the agent a task, start with `run`.", Usage.ALL);
        }
    }

    private static GigaCommand withId(String rest, String sub, String usage) {
        if (rest.isEmpty()) {
            return new GigaCommand.Invalid("The run ID is missing: `/giga " + sub + "` needs the ID shown by `/giga list`.",
                    usage);
        }
        for (int i = 0; i < rest.length(); i++) {
            if (isSpace(rest.charAt(i))) {
                return new GigaCommand.Invalid("`/giga " + sub + "` takes one run ID, not “" + quote(rest) + "”.", usage);
            }
        }
        if (!RUN_ID.matcher(rest).matches()) {
            return new GigaCommand.Invalid("“" + quote(rest) + "” is not a run ID; see `/giga list`.", usage);
        }
        return switch (sub) {
            case "status" -> new GigaCommand.Status(rest);
            case "stop" -> new GigaCommand.Stop(rest);
            default -> new GigaCommand.Delete(rest);
        };
    }

    private static GigaCommand parseRun(String rest, boolean agent) {
        String usage = agent ? Usage.RUN : Usage.DESKTOP;
        String sub = agent ? "`/giga run`" : "`/giga desktop`";
        Map<String, String> values = new HashMap<>();
        int n = rest.length();
        int i = 0;
        while (true) {
            i = skipSpace(rest, i);
            int dash = optionPrefix(rest, i);
            if (dash == 0) {
                break;
            }
            int j = i + dash;
            while (j < n && !isSpace(rest.charAt(j)) && rest.charAt(j) != '=') {
                j++;
            }
            String name = rest.substring(i + dash, j).toLowerCase(Locale.ROOT);
            String shown = "--" + quote(name);
            if (name.isEmpty()) {
                if (j < n && rest.charAt(j) == '=') {
                    return new GigaCommand.Invalid("An option name is missing before “=”.", usage);
                }
                i = j; // "--" alone: the task follows
                break;
            }
            if (!(agent ? RUN_OPTIONS : DESKTOP_OPTIONS).contains(name)) {
                if (!agent && RUN_OPTIONS.contains(name)) {
                    return new GigaCommand.Invalid("Option " + shown + " is only for `/giga run` (the agent); "
                            + sub + " does not take it.", usage);
                }
                return new GigaCommand.Invalid("Unknown option “" + shown + "” for " + sub + ".", usage);
            }
            if (values.containsKey(name)) {
                return new GigaCommand.Invalid("Option " + shown + " is given twice.", usage);
            }
            int v;
            if (j < n && rest.charAt(j) == '=') {
                v = j + 1;
                if (v >= n || isSpace(rest.charAt(v))) {
                    return new GigaCommand.Invalid("Option " + shown + " is missing its value after “=”.", usage);
                }
            } else {
                v = skipSpace(rest, j);
                if (v >= n || optionPrefix(rest, v) > 0) {
                    return new GigaCommand.Invalid("Option " + shown + " is missing its value.", usage);
                }
            }
            int valueEnd;
            String value;
            char open = rest.charAt(v);
            if (isQuote(open)) {
                int close = closingQuote(rest, v);
                if (close < 0) {
                    return new GigaCommand.Invalid("The quote that starts the value of " + shown + " is never closed.",
                            usage);
                }
                value = rest.substring(v + 1, close).strip();
                valueEnd = close + 1;
            } else {
                valueEnd = v;
                while (valueEnd < n && !isSpace(rest.charAt(valueEnd))) {
                    valueEnd++;
                }
                value = rest.substring(v, valueEnd);
            }
            if (value.isBlank()) {
                return new GigaCommand.Invalid("Option " + shown + " is missing its value (it is empty).", usage);
            }
            values.put(name, value);
            i = valueEnd;
        }
        Integer hours = null;
        String h = values.get("hours");
        if (h != null) {
            hours = DIGITS.matcher(h).matches() ? Integer.valueOf(Integer.parseInt(h)) : null;
            if (hours == null || hours < 1 || hours > 24) {
                return new GigaCommand.Invalid("Hours must be a whole number from 1 to 24, not “" + quote(h) + "”.", usage);
            }
        }
        RunOptions options = new RunOptions(values.get("platform"), hours, values.get("goal"), values.get("system"),
                values.get("name"));
        String prompt = i >= n ? "" : rest.substring(i).strip();
        if (agent) {
            if (prompt.isEmpty()) {
                return new GigaCommand.Invalid("The task is missing: say what the agent should do after the options.",
                        usage);
            }
            return new GigaCommand.Run(options, prompt);
        }
        if (!prompt.isEmpty()) {
            return new GigaCommand.Invalid("`/giga desktop` takes no task (got “" + quote(prompt)
                    + "”); to give the agent a task use `/giga run`.", usage);
        }
        return new GigaCommand.Desktop(options);
    }

    /** Length of an option prefix at {@code i}: 2 for "--", 1 for an em/en dash before a letter, else 0. */
    private static int optionPrefix(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        if (s.startsWith("--", i)) {
            return 2;
        }
        char c = s.charAt(i);
        if ((c == '\u2014' || c == '\u2013') && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) {
            return 1;
        }
        return 0;
    }

    private static boolean isQuote(char c) {
        return isDoubleQuote(c) || isSingleQuote(c);
    }

    private static boolean isDoubleQuote(char c) {
        return c == '"' || c == '\u201C' || c == '\u201D' || c == '\u201E';
    }

    private static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019';
    }

    /** The closing quote of the quote at {@code open}: same family, followed by a space or the end. */
    private static int closingQuote(String s, int open) {
        boolean dbl = isDoubleQuote(s.charAt(open));
        for (int k = open + 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if ((dbl ? isDoubleQuote(c) : isSingleQuote(c)) && (k + 1 == s.length() || isSpace(s.charAt(k + 1)))) {
                return k;
            }
        }
        return -1;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** User input quoted back in a problem: one line, short. Escaping is the renderer's job. */
    private static String quote(String s) {
        String line = s.replaceAll("\\s+", " ");
        if (line.length() <= QUOTE_MAX) {
            return line;
        }
        int cut = QUOTE_MAX;
        if (Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut) + SlackText.ELLIPSIS;
    }
}
