package io.gigaslack.runs;

import java.util.List;

/**
 * The result of applying a {@link Signal}: the run after it, the milestones to announce in the
 * thread (in order), and whether the status card shows something new.
 */
public record Transition(Run before, Run after, List<Milestone> milestones, boolean cardChanged) {
    public Transition {
        milestones = List.copyOf(milestones);
    }

    public boolean changed() {
        return cardChanged || !milestones.isEmpty();
    }
}
