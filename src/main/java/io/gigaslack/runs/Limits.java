package io.gigaslack.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.List;

/**
 * How much one person, and the workspace, may use: run length, runs at once, runs a day, prompt
 * length, platforms, and the largest output file posted into a thread. Pure: the caller counts
 * current use ({@link Usage}) and passes it in. Every limit is at least 1; there is no "unlimited"
 * value (set a large number instead).
 *
 * @param maxHours the longest run, in hours, including extensions ({@code GIGA_MAX_HOURS})
 * @param maxConcurrentPerUser active runs one person may have ({@code GIGA_MAX_CONCURRENT_PER_USER})
 * @param maxConcurrentPerWorkspace active runs a workspace may have ({@code GIGA_MAX_CONCURRENT_PER_WORKSPACE})
 * @param maxRunsPerUserPerDay runs one person may start in any 24 hours ({@code GIGA_MAX_RUNS_PER_USER_PER_DAY})
 * @param maxPromptChars the longest task, goal or extra instructions, in characters (code points)
 *     ({@code GIGA_MAX_PROMPT_CHARS})
 * @param maxFileBytes the largest output file posted into a thread ({@code GIGA_MAX_FILE_MB} × 1024 × 1024)
 * @param platforms the platform names runs may use ({@code GIGA_PLATFORMS}), in their configured order
 * @param maxInputFileBytes the largest file handed from Slack to an agent ({@code GIGA_MAX_INPUT_FILE_MB} × 1024 ×
 *     1024); at most {@link InputFile#MAX_PER_MESSAGE} files a message
 */
public record Limits(
        int maxHours,
        int maxConcurrentPerUser,
        int maxConcurrentPerWorkspace,
        int maxRunsPerUserPerDay,
        int maxPromptChars,
        long maxFileBytes,
        Set<String> platforms,
        long maxInputFileBytes) {

    public static final int DEFAULT_MAX_HOURS = 8;
    public static final int DEFAULT_MAX_CONCURRENT_PER_USER = 3;
    public static final int DEFAULT_MAX_CONCURRENT_PER_WORKSPACE = 20;
    public static final int DEFAULT_MAX_RUNS_PER_USER_PER_DAY = 20;
    public static final int DEFAULT_MAX_PROMPT_CHARS = 4000;
    public static final int DEFAULT_MAX_FILE_MB = 50;
    public static final int DEFAULT_MAX_INPUT_FILE_MB = 50;
    /** Giga's own cap on a deployment's hours, and so the highest {@code maxHours}. */
    public static final int HOURS_CEILING = 24;
    public static final long BYTES_PER_MB = 1024L * 1024;
    /**
     * Slack between a run's record and its computer's start: an extension may end this much after
     * {@code createdAt + maxHours} (the computer started a little after the run was recorded).
     */
    public static final Duration EXTEND_GRACE = Duration.ofMinutes(5);

    /**
     * What is in use now, counted by the caller for the workspace the request comes from.
     *
     * @param activeRunsOfUser the person's runs that hold a slot: the agent works, or the computer is kept
     *     (the store's {@code countHoldingSlots}: {@link Run#holdsSlot()})
     * @param activeRunsOfWorkspace the same for the whole workspace ({@code countHoldingSlots})
     * @param runsOfUserLast24Hours runs the person created in the last 24 hours, whatever became of
     *     them ({@code countStartedSince(now - 24 h)})
     */
    public record Usage(long activeRunsOfUser, long activeRunsOfWorkspace, long runsOfUserLast24Hours) {
        public Usage {
            if (activeRunsOfUser < 0 || activeRunsOfWorkspace < 0 || runsOfUserLast24Hours < 0) {
                throw new IllegalArgumentException("counts are never negative");
            }
        }
    }

    public Limits {
        positive(maxHours, "maxHours");
        if (maxHours > HOURS_CEILING) {
            throw new IllegalArgumentException("maxHours is at most " + HOURS_CEILING);
        }
        positive(maxConcurrentPerUser, "maxConcurrentPerUser");
        positive(maxConcurrentPerWorkspace, "maxConcurrentPerWorkspace");
        positive(maxRunsPerUserPerDay, "maxRunsPerUserPerDay");
        positive(maxPromptChars, "maxPromptChars");
        positive(maxFileBytes, "maxFileBytes");
        platforms = ordered(Objects.requireNonNull(platforms, "platforms"));
        positive(maxInputFileBytes, "maxInputFileBytes");
    }

    /** The limits with the default size for files handed to an agent ({@link #DEFAULT_MAX_INPUT_FILE_MB}). */
    public Limits(int maxHours, int maxConcurrentPerUser, int maxConcurrentPerWorkspace, int maxRunsPerUserPerDay,
            int maxPromptChars, long maxFileBytes, Set<String> platforms) {
        this(maxHours, maxConcurrentPerUser, maxConcurrentPerWorkspace, maxRunsPerUserPerDay, maxPromptChars,
                maxFileBytes, platforms, DEFAULT_MAX_INPUT_FILE_MB * BYTES_PER_MB);
    }

    /** The defaults, for the given platforms. */
    public static Limits defaults(Collection<String> platforms) {
        return new Limits(DEFAULT_MAX_HOURS, DEFAULT_MAX_CONCURRENT_PER_USER, DEFAULT_MAX_CONCURRENT_PER_WORKSPACE,
                DEFAULT_MAX_RUNS_PER_USER_PER_DAY, DEFAULT_MAX_PROMPT_CHARS, DEFAULT_MAX_FILE_MB * BYTES_PER_MB,
                new LinkedHashSet<>(platforms));
    }

    /**
     * May a run with {@code params} start, given what is in use? Checks what was asked first
     * (platform, hours, text lengths), then use (the person's runs at once, their runs today, the
     * workspace's runs at once), and answers with the first limit that refuses.
     */
    public Decision checkStart(RunParams params, Usage usage) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(usage, "usage");
        if (!platforms.contains(params.platform())) {
            return Decision.refused(Decision.Reason.PLATFORM_NOT_ALLOWED, PolicyWords.echo(params.platform(), 40)
                    + " is not a platform this app may use. Choose "
                    + PolicyWords.join(List.copyOf(platforms), "or") + " (GIGA_PLATFORMS).");
        }
        if (params.hours() < 1) {
            return Decision.refused(Decision.Reason.MAX_HOURS, "You asked for " + hours(params.hours())
                    + "; a run lasts from 1 to " + hours(maxHours) + " (GIGA_MAX_HOURS).");
        }
        if (params.hours() > maxHours) {
            return Decision.refused(Decision.Reason.MAX_HOURS, "You asked for " + hours(params.hours())
                    + ", more than the " + hours(maxHours) + " a run may last (GIGA_MAX_HOURS). Ask for "
                    + hours(maxHours) + " or fewer.");
        }
        Decision text = checkLength("Your task is", params.prompt());
        if (text.isAllowed()) {
            text = checkLength("Your goal is", params.goal());
        }
        if (text.isAllowed()) {
            text = checkLength("Your extra instructions are", params.systemPrompt());
        }
        if (text.isRefused()) {
            return text;
        }
        if (usage.activeRunsOfUser() >= maxConcurrentPerUser) {
            return Decision.refused(Decision.Reason.CONCURRENT_PER_USER, "You already have "
                    + runs(usage.activeRunsOfUser()) + " going, "
                    + (usage.activeRunsOfUser() == maxConcurrentPerUser ? "the most" : "more than the "
                            + PolicyWords.number(maxConcurrentPerUser))
                    + " one person may have at once (GIGA_MAX_CONCURRENT_PER_USER). Stop one with `/giga list`,"
                    + " or wait for one to finish.");
        }
        if (usage.runsOfUserLast24Hours() >= maxRunsPerUserPerDay) {
            return Decision.refused(Decision.Reason.RUNS_PER_DAY, "You have started "
                    + runs(usage.runsOfUserLast24Hours()) + " in the last 24 hours, "
                    + (usage.runsOfUserLast24Hours() == maxRunsPerUserPerDay ? "the most" : "more than the "
                            + PolicyWords.number(maxRunsPerUserPerDay))
                    + " one person may start in a day (GIGA_MAX_RUNS_PER_USER_PER_DAY). Try again later: each run"
                    + " counts for 24 hours after it started.");
        }
        if (usage.activeRunsOfWorkspace() >= maxConcurrentPerWorkspace) {
            return Decision.refused(Decision.Reason.CONCURRENT_PER_WORKSPACE, "This workspace already has "
                    + runs(usage.activeRunsOfWorkspace()) + " going, "
                    + (usage.activeRunsOfWorkspace() == maxConcurrentPerWorkspace ? "the most" : "more than the "
                            + PolicyWords.number(maxConcurrentPerWorkspace))
                    + " it may have at once (GIGA_MAX_CONCURRENT_PER_WORKSPACE). Try again when one of them has"
                    + " finished.");
        }
        return Decision.allowed();
    }

    /**
     * May {@code run} be extended so that its computer stops at {@code newExpiresAt}? Refused when
     * the run would then last longer than {@link #maxHours} from its creation (plus {@link #EXTEND_GRACE}).
     */
    public Decision checkExtend(Run run, Instant newExpiresAt) {
        Duration total = Duration.between(run.createdAt(), newExpiresAt);
        if (total.compareTo(Duration.ofHours(maxHours).plus(EXTEND_GRACE)) <= 0) {
            return Decision.allowed();
        }
        return Decision.refused(Decision.Reason.MAX_HOURS, "This run would then last " + length(total)
                + ", more than the " + hours(maxHours) + " a run may last (GIGA_MAX_HOURS). Save what you need"
                + " from its desktop before it stops.");
    }

    /** True when an output file of {@code bytes} may be posted into the thread. */
    public boolean fileFits(long bytes) {
        return bytes <= maxFileBytes;
    }

    /**
     * May the output file {@code fileName} of {@code bytes} be posted into the thread? When not, the
     * words are the announcement to post instead.
     */
    public Decision checkFile(String fileName, long bytes) {
        if (fileFits(bytes)) {
            return Decision.allowed();
        }
        return Decision.refused(Decision.Reason.FILE_TOO_LARGE, PolicyWords.echo(fileName, 100) + " is "
                + megabytes(bytes) + ", larger than the " + megabytes(maxFileBytes) + " this app posts into a thread"
                + " (GIGA_MAX_FILE_MB). It is still on the computer's Desktop: open the desktop to get it while the"
                + " computer runs.");
    }

    private Decision checkLength(String what, String text) {
        int chars = text.codePointCount(0, text.length());
        if (chars <= maxPromptChars) {
            return Decision.allowed();
        }
        return Decision.refused(Decision.Reason.PROMPT_TOO_LONG, what + " " + PolicyWords.number(chars)
                + " characters long, more than the " + PolicyWords.number(maxPromptChars) + " this app accepts"
                + " (GIGA_MAX_PROMPT_CHARS). Shorten it and try again.");
    }

    private static String runs(long n) {
        return PolicyWords.count(n, "run", "runs");
    }

    private static String hours(long n) {
        return PolicyWords.count(n, "hour", "hours");
    }

    /** "8 hours", "8 h 15 min". */
    private static String length(Duration d) {
        long minutes = (d.toSeconds() + 59) / 60;
        return minutes % 60 == 0 ? hours(minutes / 60) : (minutes / 60) + " h " + (minutes % 60) + " min";
    }

    /** "50 MB", "72.4 MB" (1 MB = 1024 × 1024 bytes). */
    private static String megabytes(long bytes) {
        if (bytes % BYTES_PER_MB == 0) {
            return PolicyWords.number(bytes / BYTES_PER_MB) + " MB";
        }
        return String.format(Locale.ROOT, "%,.1f MB", bytes / (double) BYTES_PER_MB);
    }

    private static void positive(long n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + n);
        }
    }

    private static Set<String> ordered(Collection<String> names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }
}
