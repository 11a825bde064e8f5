package io.gigaslack.app;

/**
 * The configuration's part for Slack's agent surface and talking to the agent in its thread.
 *
 * @param liveProgress whether run threads are agent sessions with the agent's progress streamed into them
 * @param threadFollowUps whether a message in a run's thread without a mention goes to its agent
 * @param asidePrefix what a thread message starts with to stay among people
 */
public record AgentSection(boolean liveProgress, boolean threadFollowUps, String asidePrefix) {
    /** The longest aside prefix. */
    static final int MAX_PREFIX_CHARS = 10;

    static AgentSection read(SettingValues v) {
        boolean progress = v.bool(Setting.GIGA_LIVE_PROGRESS);
        boolean followUps = v.bool(Setting.GIGA_THREAD_FOLLOW_UPS);
        String prefix = v.text(Setting.GIGA_THREAD_ASIDE_PREFIX, "//").strip();
        if (prefix.isEmpty() || prefix.length() > MAX_PREFIX_CHARS || prefix.chars().anyMatch(Character::isWhitespace)) {
            v.bad(Setting.GIGA_THREAD_ASIDE_PREFIX, "is '" + prefix + "', not 1 to " + MAX_PREFIX_CHARS
                    + " characters without spaces");
            prefix = "//";
        }
        return new AgentSection(progress, followUps, prefix);
    }
}
