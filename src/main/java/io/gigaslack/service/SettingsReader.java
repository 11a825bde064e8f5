package io.gigaslack.service;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.CreditBudget;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.WorkspaceSetting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the settings a workspace may change from their text, and checks them: the one reading for the environment at
 * start-up (the configuration loader reports its problems with what to set) and for what admins submit in Slack (the
 * form shows them under their fields). So a value is refused for the same reason, in the same words, wherever it is
 * given. Pure.
 *
 * <p>A problem is reported as what is wrong with the named setting ("is 0, which would allow nothing …"); a value that
 * is wrong is replaced by a stand-in so that the rest is still read and checked, and nothing read with a problem may
 * be used.
 */
public final class SettingsReader {
    /** Channel ids: public ({@code C}), private or older group ({@code G}), direct message ({@code D}). */
    public static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
    /** Member ids: {@code U}, or {@code W} in Enterprise Grid. */
    public static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");
    /** User group ids. */
    public static final Pattern USERGROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");

    /** Where problems go: one per setting that is wrong, and what is wrong with it. */
    public interface Problems {
        /** {@code what} is wrong with {@code setting}, e.g. "is 25, outside 1–24". */
        void bad(WorkspaceSetting setting, String what);

        /** {@code setting} has no value and needs one. */
        void missing(WorkspaceSetting setting);
    }

    private final Function<WorkspaceSetting, String> raw;
    private final Problems sink;
    private int problems;

    private SettingsReader(Function<WorkspaceSetting, String> raw, Problems sink) {
        this.raw = raw;
        this.sink = sink;
    }

    /**
     * Reads every setting a workspace may change.
     *
     * @param raw each setting's text (null or missing: empty)
     * @param desktopViewerUrl the viewer template, which only the environment sets
     */
    public static WorkspaceSettings read(Function<WorkspaceSetting, String> raw, String desktopViewerUrl,
            Problems problems) {
        return new SettingsReader(raw, problems).read(desktopViewerUrl);
    }

    /**
     * Reads a channel's presets, each checked as the workspace's own default would be against its other settings: a
     * platform the workspace lists, hours from 1 to its longest run, a goal and instructions within its prompt limit.
     * A blank or missing value presets nothing.
     */
    public static ChannelPresets readPresets(Function<WorkspaceSetting, String> raw, WorkspaceSettings workspace,
            Problems problems) {
        return new SettingsReader(raw, problems).presets(workspace);
    }

    private ChannelPresets presets(WorkspaceSettings workspace) {
        String platform = text(WorkspaceSetting.GIGA_DEFAULT_PLATFORM);
        if (!platform.isEmpty() && !workspace.runs().platforms().containsKey(platform)) {
            bad(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "is '" + platform + "', which GIGA_PLATFORMS does not list");
        }
        Integer hours = null;
        if (!text(WorkspaceSetting.GIGA_DEFAULT_HOURS).isEmpty()) {
            int before = problems;
            hours = integer(WorkspaceSetting.GIGA_DEFAULT_HOURS);
            if (problems == before && hours > workspace.limits().maxHours()) {
                bad(WorkspaceSetting.GIGA_DEFAULT_HOURS, "is " + hours + ", more than GIGA_MAX_HOURS ("
                        + workspace.limits().maxHours() + ")");
            }
        }
        String goal = text(WorkspaceSetting.GIGA_DEFAULT_GOAL);
        notLongerThan(WorkspaceSetting.GIGA_DEFAULT_GOAL, goal, workspace.limits().maxPromptChars());
        String system = text(WorkspaceSetting.GIGA_SYSTEM_PROMPT);
        notLongerThan(WorkspaceSetting.GIGA_SYSTEM_PROMPT, system, workspace.limits().maxPromptChars());
        return new ChannelPresets(platform.isEmpty() ? null : platform, hours, goal.isEmpty() ? null : goal,
                system.isEmpty() ? null : system);
    }

    private WorkspaceSettings read(String desktopViewerUrl) {
        RunSettings runs = runs(desktopViewerUrl);
        AccessRules access = access();
        Limits limits = limits(runs.platforms().keySet(), runs.defaultHours(), runs.defaultGoal(), runs.systemPrompt());
        CreditBudget budget = new CreditBudget(
                optionalCap(WorkspaceSetting.GIGA_MAX_CREDITS_PER_USER_PER_DAY),
                optionalCap(WorkspaceSetting.GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH));
        boolean screenshots = text(WorkspaceSetting.GIGA_SCREENSHOTS).isBlank()
                || bool(WorkspaceSetting.GIGA_SCREENSHOTS);
        return new WorkspaceSettings(runs, limits, budget, access, screenshots);
    }

    private RunSettings runs(String desktopViewerUrl) {
        int hours = integer(WorkspaceSetting.GIGA_DEFAULT_HOURS);
        Map<String, Platform> platforms = platforms(WorkspaceSetting.GIGA_PLATFORMS);
        String defaultPlatform = text(WorkspaceSetting.GIGA_DEFAULT_PLATFORM);
        if (!platforms.isEmpty() && !platforms.containsKey(defaultPlatform)) {
            bad(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "is '" + defaultPlatform
                    + "', which GIGA_PLATFORMS does not list");
            // Reported; the first platform stands in so the other settings are still read and checked.
            defaultPlatform = platforms.keySet().iterator().next();
        }
        String goal = text(WorkspaceSetting.GIGA_DEFAULT_GOAL);
        if (goal.isBlank()) {
            missing(WorkspaceSetting.GIGA_DEFAULT_GOAL);
        }
        Duration autoStop = minutesOrOff(WorkspaceSetting.GIGA_AUTO_STOP_AFTER_MINUTES);
        return new RunSettings(platforms, defaultPlatform, hours, goal, text(WorkspaceSetting.GIGA_SYSTEM_PROMPT),
                autoStop, desktopViewerUrl);
    }

    private AccessRules access() {
        Set<String> allowedChannels = ids(WorkspaceSetting.GIGA_ALLOWED_CHANNELS, CHANNEL_ID,
                "channel ids (C…, G… or D…");
        Set<String> deniedChannels = ids(WorkspaceSetting.GIGA_DENIED_CHANNELS, CHANNEL_ID,
                "channel ids (C…, G… or D…");
        Set<String> both = new LinkedHashSet<>(allowedChannels);
        both.retainAll(deniedChannels);
        if (!both.isEmpty()) {
            bad(WorkspaceSetting.GIGA_DENIED_CHANNELS, "lists " + both + ", which GIGA_ALLOWED_CHANNELS also lists");
        }
        Set<String> allowedUsers = ids(WorkspaceSetting.GIGA_ALLOWED_USERS, USER_ID, "member ids (U… or W…");
        Set<String> allowedGroups = ids(WorkspaceSetting.GIGA_ALLOWED_USERGROUPS, USERGROUP_ID, "user group ids (S…");
        Set<String> adminUsers = ids(WorkspaceSetting.GIGA_ADMIN_USERS, USER_ID, "member ids (U… or W…");
        return new AccessRules(allowedChannels, deniedChannels, allowedUsers, allowedGroups, adminUsers);
    }

    private Limits limits(Set<String> platforms, int defaultHours, String goal, String systemPrompt) {
        int before = problems;
        int maxHours = limit(WorkspaceSetting.GIGA_MAX_HOURS);
        if (problems == before && maxHours < defaultHours) {
            bad(WorkspaceSetting.GIGA_MAX_HOURS, "is " + maxHours + ", less than GIGA_DEFAULT_HOURS (" + defaultHours
                    + ")");
        }
        int perUser = limit(WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_USER);
        int perWorkspace = limit(WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_WORKSPACE);
        int perDay = limit(WorkspaceSetting.GIGA_MAX_RUNS_PER_USER_PER_DAY);
        before = problems;
        int promptChars = limit(WorkspaceSetting.GIGA_MAX_PROMPT_CHARS);
        if (problems == before) {
            notLongerThan(WorkspaceSetting.GIGA_DEFAULT_GOAL, goal, promptChars);
            notLongerThan(WorkspaceSetting.GIGA_SYSTEM_PROMPT, systemPrompt, promptChars);
        }
        int fileMb = limit(WorkspaceSetting.GIGA_MAX_FILE_MB);
        int inputFileMb = limit(WorkspaceSetting.GIGA_MAX_INPUT_FILE_MB);
        return new Limits(maxHours, perUser, perWorkspace, perDay, promptChars, fileMb * Limits.BYTES_PER_MB,
                platforms, inputFileMb * Limits.BYTES_PER_MB);
    }

    // ---- one value each, in the words the configuration has always used ----

    private String text(WorkspaceSetting s) {
        String v = raw.apply(s);
        return v == null ? "" : v.strip();
    }

    private void bad(WorkspaceSetting s, String what) {
        problems++;
        sink.bad(s, what);
    }

    private void missing(WorkspaceSetting s) {
        problems++;
        sink.missing(s);
    }

    /** A whole number within the setting's bounds. */
    private int integer(WorkspaceSetting s) {
        String raw = text(s);
        try {
            int n = Integer.parseInt(raw);
            if (n >= s.min() && n <= s.max()) {
                return n;
            }
            bad(s, "is " + n + ", outside " + s.min() + "–" + s.max());
        } catch (NumberFormatException e) {
            bad(s, "is '" + raw + "', not a whole number");
        }
        return (int) s.min();
    }

    /** A limit within the setting's bounds; 0 is refused with a word that it does not mean "unlimited". */
    private int limit(WorkspaceSetting s) {
        if (text(s).equals("0")) {
            bad(s, "is 0, which would allow nothing (there is no \"unlimited\"; set a large number instead)");
            return 1;
        }
        return integer(s);
    }

    /** An optional cap within the setting's bounds, or {@code off} (given as 0). */
    private long optionalCap(WorkspaceSetting s) {
        String raw = text(s);
        if (raw.equalsIgnoreCase("off") || raw.equals("false")) { // YAML reads an unquoted off as false
            return 0;
        }
        try {
            long n = Long.parseLong(raw);
            if (n >= 1 && n <= s.max()) {
                return n;
            }
            bad(s, "is " + n + ", outside 1–" + s.max() + " (or off for no cap)");
        } catch (NumberFormatException e) {
            bad(s, "is '" + raw + "', not a whole number or off");
        }
        return 0;
    }

    /** Whole minutes within the setting's bounds, or {@code off} (given as null). */
    private Duration minutesOrOff(WorkspaceSetting s) {
        String raw = text(s);
        if (raw.equalsIgnoreCase("off") || raw.equals("false")) { // YAML reads an unquoted off as false
            return null;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= s.min() && n <= s.max()) {
                return Duration.ofMinutes(n);
            }
            bad(s, "is " + n + ", outside " + s.min() + "–" + s.max() + " (or off)");
        } catch (NumberFormatException e) {
            bad(s, "is '" + raw + "', not a whole number of minutes or off");
        }
        return null;
    }

    private void notLongerThan(WorkspaceSetting s, String text, int maxChars) {
        int chars = text.codePointCount(0, text.length());
        if (chars > maxChars) {
            bad(s, "is " + chars + " characters long, more than GIGA_MAX_PROMPT_CHARS (" + maxChars + ")");
        }
    }

    /** A comma-separated list of Slack ids, each matching {@code pattern}; the malformed ones named together. */
    private Set<String> ids(WorkspaceSetting s, Pattern pattern, String what) {
        Set<String> out = new LinkedHashSet<>();
        List<String> wrong = new ArrayList<>();
        for (String item : text(s).split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (pattern.matcher(t).matches()) {
                out.add(t);
            } else {
                wrong.add("'" + t + "'");
            }
        }
        if (!wrong.isEmpty()) {
            bad(s, "has entries that are not " + what + ", in capital letters and digits) " + wrong);
        }
        return Collections.unmodifiableSet(out);
    }

    private boolean bool(WorkspaceSetting s) {
        String raw = text(s).toLowerCase(Locale.ROOT);
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        bad(s, "is '" + raw + "', not true or false");
        return false;
    }

    /** {@code name:credits-per-hour} entries, in the order given. */
    private Map<String, Platform> platforms(WorkspaceSetting s) {
        Map<String, Platform> out = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (String item : text(s).split(",")) {
            String t = item.trim();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.indexOf(':');
            try {
                String name = colon < 0 ? t : t.substring(0, colon).trim();
                // A name alone (or name:?) is a platform whose credit rate is not known.
                String rateText = colon < 0 ? "?" : t.substring(colon + 1).trim();
                int rate = rateText.equals("?") ? Platform.UNKNOWN_RATE : Integer.parseInt(rateText);
                if (name.isEmpty() || (rate < 0 && !rateText.equals("?"))) {
                    wrong.add(t);
                } else {
                    out.put(name, new Platform(name, rate));
                }
            } catch (NumberFormatException e) {
                wrong.add(t);
            }
        }
        if (!wrong.isEmpty()) {
            bad(s, "has entries that are not name:credits " + wrong);
        } else if (out.isEmpty()) {
            missing(s);
        }
        return Collections.unmodifiableMap(out);
    }
}
