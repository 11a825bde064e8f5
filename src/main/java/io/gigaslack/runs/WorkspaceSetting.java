package io.gigaslack.runs;

import java.util.List;

/**
 * The settings a workspace's admins may change from Slack (the App Home's settings form), each named by the
 * environment variable that sets its default. The environment's value is what a workspace gets until its admins
 * change it; a workspace's own value replaces that one setting for that workspace only. The first four are also a
 * channel's presets ({@link #channelPreset()}): what a run started in that channel gets when its request does not say.
 *
 * <p>None of them is a secret: each may be shown to admins and written to the audit log with its old and new value.
 *
 * <p>{@link #min()} and {@link #max()} are the bounds a whole-number setting is checked against (the same for the
 * environment and for Slack); 0 for the others.
 */
public enum WorkspaceSetting {
    GIGA_DEFAULT_PLATFORM(Group.RUNS, Input.PLATFORM, "Default platform", "platform", 0, 0),
    GIGA_DEFAULT_HOURS(Group.RUNS, Input.NUMBER, "Default hours", "hours", 1, 24),
    GIGA_DEFAULT_GOAL(Group.RUNS, Input.LONG_TEXT, "Default goal", "goal", 0, 0),
    GIGA_SYSTEM_PROMPT(Group.RUNS, Input.LONG_TEXT, "Instructions for every agent", "instructions", 0, 0),
    GIGA_PLATFORMS(Group.RUNS, Input.TEXT, "Platforms and their credits per hour", null, 0, 0),
    GIGA_AUTO_STOP_AFTER_MINUTES(Group.RUNS, Input.TEXT, "Automatic stop, minutes after the agent finished", null, 0,
            24 * 60),
    GIGA_SCREENSHOTS(Group.RUNS, Input.ON_OFF, "Screenshots of the desktop", null, 0, 0),
    GIGA_MAX_HOURS(Group.LIMITS, Input.NUMBER, "Longest run, extensions included (hours)", null, 1,
            Limits.HOURS_CEILING),
    GIGA_MAX_CONCURRENT_PER_USER(Group.LIMITS, Input.NUMBER, "Runs one person may have at once", null, 1, 1000),
    GIGA_MAX_CONCURRENT_PER_WORKSPACE(Group.LIMITS, Input.NUMBER, "Runs the workspace may have at once", null, 1,
            10_000),
    GIGA_MAX_RUNS_PER_USER_PER_DAY(Group.LIMITS, Input.NUMBER, "Runs one person may start in 24 hours", null, 1,
            100_000),
    GIGA_MAX_PROMPT_CHARS(Group.LIMITS, Input.NUMBER, "Longest task, goal or instructions (characters)", null, 1,
            100_000),
    GIGA_MAX_FILE_MB(Group.LIMITS, Input.NUMBER, "Largest output file posted into a thread (MB)", null, 1, 1024),
    GIGA_MAX_INPUT_FILE_MB(Group.LIMITS, Input.NUMBER, "Largest file given to an agent (MB)", null, 1, 1024),
    GIGA_MAX_CREDITS_PER_USER_PER_DAY(Group.BUDGETS, Input.TEXT, "Credits one person may use in a UTC day", null, 1,
            100_000_000L),
    GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH(Group.BUDGETS, Input.TEXT, "Credits the workspace may use in a UTC month",
            null, 1, 1_000_000_000L),
    GIGA_ALLOWED_CHANNELS(Group.ACCESS, Input.CHANNELS, "Channels where runs may be started (none: every channel)",
            null, 0, 0),
    GIGA_DENIED_CHANNELS(Group.ACCESS, Input.CHANNELS, "Channels where runs may not be started", null, 0, 0),
    GIGA_ALLOWED_USERS(Group.ACCESS, Input.USERS, "People who may start runs (none and no groups: everyone)", null, 0,
            0),
    GIGA_ALLOWED_USERGROUPS(Group.ACCESS, Input.USERGROUPS, "User groups whose members may start runs", null, 0, 0),
    GIGA_ADMIN_USERS(Group.ACCESS, Input.USERS, "The app's admins, besides workspace admins and owners", null, 0, 0);

    /** Where a setting is shown. */
    public enum Group {
        RUNS("Runs"), LIMITS("Limits"), BUDGETS("Credit budgets"), ACCESS("Who and where");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** What kind of value a setting holds, and so how a form asks for it. */
    public enum Input {
        /** One of the workspace's platforms. */
        PLATFORM,
        /** A whole number between {@link #min()} and {@link #max()}. */
        NUMBER,
        /** One line of text (a list, a number or {@code off}). */
        TEXT,
        /** Text of several lines (a goal, instructions). */
        LONG_TEXT,
        /** {@code true} or {@code false}. */
        ON_OFF,
        /** Channel ids. */
        CHANNELS,
        /** Member ids. */
        USERS,
        /** User group ids (Slack offers no user group picker in forms: they are typed). */
        USERGROUPS
    }

    private final Group group;
    private final Input input;
    private final String label;
    private final String presetWord;
    private final long min;
    private final long max;

    WorkspaceSetting(Group group, Input input, String label, String presetWord, long min, long max) {
        this.group = group;
        this.input = input;
        this.label = label;
        this.presetWord = presetWord;
        this.min = min;
        this.max = max;
    }

    public Group group() {
        return group;
    }

    public Input input() {
        return input;
    }

    /** What the setting is, in a few words, as a form labels it. */
    public String label() {
        return label;
    }

    /** Whether a channel may preset it (platform, hours, goal, instructions). */
    public boolean channelPreset() {
        return presetWord != null;
    }

    /** The preset in one word, as the card names the presets that applied ("platform", "hours"); null if none. */
    public String presetWord() {
        return presetWord;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** The four a channel may preset, in their order. */
    public static List<WorkspaceSetting> presets() {
        return List.of(GIGA_DEFAULT_PLATFORM, GIGA_DEFAULT_HOURS, GIGA_DEFAULT_GOAL, GIGA_SYSTEM_PROMPT);
    }

    /** The setting a preset word names ("hours"), or null. */
    public static WorkspaceSetting ofPresetWord(String word) {
        for (WorkspaceSetting s : values()) {
            if (s.presetWord != null && s.presetWord.equals(word)) {
                return s;
            }
        }
        return null;
    }

    /** The setting of that name ({@code GIGA_MAX_HOURS}), or null. */
    public static WorkspaceSetting named(String name) {
        for (WorkspaceSetting s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
