package io.gigaslack.service;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.CreditBudget;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.WorkspaceSetting;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The settings in force in one workspace: the environment's values, with whatever the workspace's admins changed in
 * Slack in their place (see {@link TeamSettings}). Every rule that depends on a setting reads it from here, for the
 * workspace the request or the run belongs to.
 *
 * @param screenshots whether the app posts screenshots of the desktop into threads
 */
public record WorkspaceSettings(RunSettings runs, Limits limits, CreditBudget budget, AccessRules access,
        boolean screenshots) {

    public WorkspaceSettings {
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(access, "access");
    }

    /**
     * A setting's value as text, in the form the environment takes it ({@code giga-standard:20,giga-mini:10},
     * {@code off}, {@code C01,C02}): what a form shows, what the store keeps and what the audit log names. Reading it
     * back gives the same value.
     */
    public String text(WorkspaceSetting s) {
        return switch (s) {
            case GIGA_DEFAULT_PLATFORM -> runs.defaultPlatform();
            case GIGA_DEFAULT_HOURS -> String.valueOf(runs.defaultHours());
            case GIGA_DEFAULT_GOAL -> runs.defaultGoal();
            case GIGA_SYSTEM_PROMPT -> runs.systemPrompt();
            case GIGA_PLATFORMS -> runs.platforms().values().stream()
                    .map(p -> p.name() + ":" + (p.rateKnown() ? String.valueOf(p.creditsPerHour()) : "?"))
                    .collect(Collectors.joining(","));
            case GIGA_AUTO_STOP_AFTER_MINUTES -> runs.autoStopAfter() == null ? "off"
                    : String.valueOf(runs.autoStopAfter().toMinutes());
            case GIGA_SCREENSHOTS -> String.valueOf(screenshots);
            case GIGA_MAX_HOURS -> String.valueOf(limits.maxHours());
            case GIGA_MAX_CONCURRENT_PER_USER -> String.valueOf(limits.maxConcurrentPerUser());
            case GIGA_MAX_CONCURRENT_PER_WORKSPACE -> String.valueOf(limits.maxConcurrentPerWorkspace());
            case GIGA_MAX_RUNS_PER_USER_PER_DAY -> String.valueOf(limits.maxRunsPerUserPerDay());
            case GIGA_MAX_PROMPT_CHARS -> String.valueOf(limits.maxPromptChars());
            case GIGA_MAX_FILE_MB -> String.valueOf(limits.maxFileBytes() / Limits.BYTES_PER_MB);
            case GIGA_MAX_INPUT_FILE_MB -> String.valueOf(limits.maxInputFileBytes() / Limits.BYTES_PER_MB);
            case GIGA_MAX_CREDITS_PER_USER_PER_DAY -> cap(budget.perUserPerDay());
            case GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH -> cap(budget.perWorkspacePerMonth());
            case GIGA_ALLOWED_CHANNELS -> String.join(",", access.allowedChannels());
            case GIGA_DENIED_CHANNELS -> String.join(",", access.deniedChannels());
            case GIGA_ALLOWED_USERS -> String.join(",", access.allowedUsers());
            case GIGA_ALLOWED_USERGROUPS -> String.join(",", access.allowedUsergroups());
            case GIGA_ADMIN_USERS -> String.join(",", access.adminUsers());
        };
    }

    /** Every setting's {@link #text}, in the settings' order. */
    public Map<WorkspaceSetting, String> texts() {
        Map<WorkspaceSetting, String> out = new EnumMap<>(WorkspaceSetting.class);
        for (WorkspaceSetting s : WorkspaceSetting.values()) {
            out.put(s, text(s));
        }
        return out;
    }

    /** The platform of that name, or null when the workspace does not offer it. */
    public Platform platform(String name) {
        return name == null ? null : runs.platforms().get(name);
    }

    private static String cap(long n) {
        return n == 0 ? "off" : String.valueOf(n);
    }
}
