package io.gigaslack.gigawork;

import io.gigaslack.giga.AgentRunStatus;
import io.gigaslack.giga.AgentStep;
import io.gigaslack.giga.SessionThread;
import io.gigaslack.runs.AgentProgress;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.ProgressRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes what a read of an agent's session says about its steps (every read the app makes anyway: the reconciler's and
 * the one after a callback) and records it; when that is news, the Slack side is asked to show it (a coalesced
 * {@link RunJob.ShowProgress}). So live progress costs no Giga request of its own.
 */
public final class ProgressReader {
    /** Progress off: reads are not recorded and nothing is shown. */
    public static final ProgressReader OFF = new ProgressReader(null, null, null, null, () -> { });

    private final Jdbc jdbc;
    private final ProgressRepository progress;
    private final JobWriter jobs;
    private final Clock clock;
    private final Runnable nudge;

    /** {@code nudge} wakes the Slack worker after news was recorded. */
    public ProgressReader(Jdbc jdbc, ProgressRepository progress, JobWriter jobs, Clock clock, Runnable nudge) {
        this.jdbc = jdbc;
        this.progress = progress;
        this.jobs = jobs;
        this.clock = clock;
        this.nudge = nudge;
    }

    public boolean on() {
        return progress != null;
    }

    /**
     * Records the steps a read of {@code run}'s session shows; asks for them to be shown when they are news. A
     * follow-up the agent was working on is answered once the session's last run has ended: its answer is the
     * session's last.
     */
    public void seen(Run run, SessionThread thread) {
        if (!on() || run.kind() != RunKind.AGENT || run.rootTs() == null) {
            return;
        }
        List<AgentProgress.Step> steps = new ArrayList<>(steps(thread.steps()));
        AgentProgress.Step followUp = progress.find(run.id()).seen().lastFollowUp();
        if (followUp != null && !followUp.state().settled()) {
            thread.runStatus().flatMap(AgentRunStatus::ending).ifPresent(ending -> steps.add(new AgentProgress.Step(
                    followUp.key(), followUp.title(), ending == AgentRunStatus.Ending.SUCCEEDED
                            ? AgentProgress.State.DONE : AgentProgress.State.FAILED,
                    thread.finalAnswer().orElse(null))));
        }
        if (steps.isEmpty()) {
            return;
        }
        boolean news = jdbc.inTransaction(tx -> {
            if (!progress.recordSeen(tx, run.id(), steps, clock.instant())) {
                return false;
            }
            jobs.addCoalesced(tx, run.id(), RunJob.ShowProgress.LATEST, clock.instant());
            return true;
        });
        if (news) {
            nudge.run();
        }
    }

    /** Whether the agent of {@code run} is working on a follow-up, so its session is to be read although it answered. */
    public boolean followUpOpen(Run run) {
        return on() && run.kind() == RunKind.AGENT && progress.find(run.id()).seen().followUpOpen();
    }

    static List<AgentProgress.Step> steps(List<AgentStep> read) {
        List<AgentProgress.Step> out = new ArrayList<>(read.size());
        for (AgentStep s : read) {
            out.add(new AgentProgress.Step(s.key(), s.title(), AgentProgress.State.valueOf(s.state().name()),
                    s.detail()));
        }
        return out;
    }
}
