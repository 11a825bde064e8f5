package io.gigaslack.runs;

import java.util.ArrayList;
import java.util.List;

/**
 * The words that name the runs holding a person's or a workspace's slots, so that a refused start says which runs to
 * stop: a run holds one while its agent works (or its desktop is up) and while its finished agent's computer is kept.
 */
public final class SlotHolders {
    /** At most this many runs are named. */
    public static final int SHOWN = 5;

    private SlotHolders() {}

    /**
     * "They are “Find the pricing…” (the agent is working) and “Desktop (giga-standard)” (a desktop)." With
     * {@code withRequester}, each is followed by whose it is; {@code total} is how many there are in all.
     */
    public static String describe(List<Run> holders, long total, boolean withRequester) {
        if (holders.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Run r : holders.subList(0, Math.min(SHOWN, holders.size()))) {
            parts.add("“" + PolicyWords.echo(r.label().replaceAll("\\s+", " "), 40) + "”"
                    + (withRequester ? " of " + PolicyWords.user(r.requesterId()) : "") + " (" + state(r) + ")");
        }
        long more = total - parts.size();
        if (more > 0) {
            parts.add(PolicyWords.count(more, "other", "others"));
        }
        return (total == 1 ? "It is " : "They are ") + PolicyWords.join(parts, "and") + ".";
    }

    /** "2 runs". */
    public static String runs(long n) {
        return PolicyWords.count(n, "run", "runs");
    }

    /** A person, as Slack mentions them. */
    public static String mention(String userId) {
        return PolicyWords.user(userId);
    }

    private static String state(Run r) {
        if (!r.status().isTerminal()) {
            if (r.kind() == RunKind.DESKTOP) {
                return "a desktop";
            }
            return r.status() == RunStatus.RUNNING ? "the agent is working" : "starting";
        }
        return r.keptBy() != null ? "kept running by " + PolicyWords.user(r.keptBy()) : "its computer still runs";
    }
}
