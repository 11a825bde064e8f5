package io.gigaslack.runs;

import java.util.Objects;

/**
 * The answer of a policy ({@link AccessRules}, {@link Limits}): allowed, or refused for a
 * {@link Reason} with plain words for the person who asked. The words say what the rule is and who
 * can do it, or what to do instead; their only Slack markup is mentions ({@code <@U…>},
 * {@code <#C…>}, {@code <!subteam^S…>}) and a command in back-quotes, so show them only to the
 * person who asked (an ephemeral message or the command's own response): in a public message the
 * mentions would notify people.
 *
 * @param reason why the action is refused, or {@code null} when it is allowed
 * @param text what to tell the person who asked; empty when allowed
 * @param brief the same in a few words, for the small space under a form's field; null when {@code text} is short
 */
public record Decision(Reason reason, String text, String brief) {

    /** Why an action is refused; each names one rule, so callers may log or count refusals by it. */
    public enum Reason {
        /** {@code GIGA_DENIED_CHANNELS} lists the channel. */
        CHANNEL_DENIED,
        /** {@code GIGA_ALLOWED_CHANNELS} is set and does not list the channel. */
        CHANNEL_NOT_ALLOWED,
        /** {@code GIGA_ALLOWED_USERS} or {@code GIGA_ALLOWED_USERGROUPS} is set and the person matches neither. */
        USER_NOT_ALLOWED,
        /** Stop, extend, retry or delete by someone who is not the requester or an admin. */
        NOT_OWNER,
        /** More hours than {@code GIGA_MAX_HOURS} (also fewer than 1, or an extension past the cap). */
        MAX_HOURS,
        /** A platform that {@code GIGA_PLATFORMS} does not list. */
        PLATFORM_NOT_ALLOWED,
        /** The person already has {@code GIGA_MAX_CONCURRENT_PER_USER} runs going. */
        CONCURRENT_PER_USER,
        /** The workspace already has {@code GIGA_MAX_CONCURRENT_PER_WORKSPACE} runs going. */
        CONCURRENT_PER_WORKSPACE,
        /** The person started {@code GIGA_MAX_RUNS_PER_USER_PER_DAY} runs in the last 24 hours. */
        RUNS_PER_DAY,
        /** The task, goal or extra instructions are longer than {@code GIGA_MAX_PROMPT_CHARS}. */
        PROMPT_TOO_LONG,
        /** An output file larger than {@code GIGA_MAX_FILE_MB}: announced, not posted. */
        FILE_TOO_LARGE,
        /** The person's credits today would pass {@code GIGA_MAX_CREDITS_PER_USER_PER_DAY}. */
        CREDITS_PER_USER_PER_DAY,
        /** The workspace's credits this month would pass {@code GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH}. */
        CREDITS_PER_WORKSPACE_PER_MONTH,
        /** The app is installed in many workspaces and this one has not connected its Giga account. */
        NO_GIGA_ACCOUNT
    }

    private static final Decision ALLOWED = new Decision(null, "", null);

    public Decision {
        Objects.requireNonNull(text, "text");
        if ((reason == null) != text.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs words, and only a refusal has them");
        }
    }

    public static Decision allowed() {
        return ALLOWED;
    }

    public static Decision refused(Reason reason, String text) {
        return new Decision(Objects.requireNonNull(reason, "reason"), text, null);
    }

    /** A refusal whose words are long, with a short form of them for a form's field. */
    public static Decision refused(Reason reason, String text, String brief) {
        return new Decision(Objects.requireNonNull(reason, "reason"), text, Objects.requireNonNull(brief, "brief"));
    }

    /** What to show where there is room for one line: the brief words, or the words. */
    public String shortText() {
        return brief != null ? brief : text;
    }

    public boolean isAllowed() {
        return reason == null;
    }

    public boolean isRefused() {
        return reason != null;
    }
}
