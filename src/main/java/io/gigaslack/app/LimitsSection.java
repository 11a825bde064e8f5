package io.gigaslack.app;

import io.gigaslack.runs.CreditBudget;
import io.gigaslack.runs.Limits;
import java.util.Set;

/** Reads the configuration's limits section into the domain's {@link Limits}. */
final class LimitsSection {
    private LimitsSection() {}

    /**
     * @param platforms the configured platform names (the ones a run may use)
     * @param defaultHours a run's default length, which the maximum may not be below
     * @param goal and {@code systemPrompt}: the configured texts, which must fit the prompt limit
     */
    static Limits read(SettingValues v, Set<String> platforms, int defaultHours, String goal, String systemPrompt) {
        int before = v.problemCount();
        int maxHours = v.limit(Setting.GIGA_MAX_HOURS, Limits.HOURS_CEILING);
        if (v.problemCount() == before && maxHours < defaultHours) {
            v.bad(Setting.GIGA_MAX_HOURS, "is " + maxHours + ", less than GIGA_DEFAULT_HOURS (" + defaultHours + ")");
        }
        int perUser = v.limit(Setting.GIGA_MAX_CONCURRENT_PER_USER, 1000);
        int perWorkspace = v.limit(Setting.GIGA_MAX_CONCURRENT_PER_WORKSPACE, 10_000);
        int perDay = v.limit(Setting.GIGA_MAX_RUNS_PER_USER_PER_DAY, 100_000);
        before = v.problemCount();
        int promptChars = v.limit(Setting.GIGA_MAX_PROMPT_CHARS, 100_000);
        if (v.problemCount() == before) {
            v.notLongerThan(Setting.GIGA_DEFAULT_GOAL, goal, promptChars);
            v.notLongerThan(Setting.GIGA_SYSTEM_PROMPT, systemPrompt, promptChars);
        }
        int fileMb = v.limit(Setting.GIGA_MAX_FILE_MB, 1024);
        int inputFileMb = v.limit(Setting.GIGA_MAX_INPUT_FILE_MB, 1024);
        return new Limits(maxHours, perUser, perWorkspace, perDay, promptChars, fileMb * Limits.BYTES_PER_MB,
                platforms, inputFileMb * Limits.BYTES_PER_MB);
    }

    /** The optional credit caps ({@code off} by default). */
    static CreditBudget budget(SettingValues v) {
        return new CreditBudget(v.optionalCap(Setting.GIGA_MAX_CREDITS_PER_USER_PER_DAY, 100_000_000L),
                v.optionalCap(Setting.GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH, 1_000_000_000L));
    }
}
