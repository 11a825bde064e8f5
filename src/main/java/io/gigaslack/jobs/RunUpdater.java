package io.gigaslack.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunMachine;
import io.gigaslack.runs.Signal;
import io.gigaslack.runs.Transition;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RunRepository;
import io.gigaslack.store.Tx;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link Signal} to a stored run and, in the same transaction, writes what the change
 * means for Slack (thread messages, a card edit) and for Giga (collect results, auto-stop) as jobs.
 * So a state change and its notifications commit together or not at all.
 */
public final class RunUpdater {
    private static final Logger log = LoggerFactory.getLogger(RunUpdater.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;
    private final RunRepository runs;
    private final JobQueue jobs;
    private final Clock clock;
    private final boolean autoStop;
    private final Runnable afterCommit;

    public RunUpdater(Jdbc jdbc, RunRepository runs, JobQueue jobs, Clock clock, boolean autoStop, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.jobs = jobs;
        this.clock = clock;
        this.autoStop = autoStop;
        this.afterCommit = afterCommit;
    }

    /** Applies the signal; empty when the run does not exist. Lost races with other replicas are retried. */
    public Optional<Transition> apply(String runId, Signal signal) {
        Optional<Transition> t = RaceRetry.inTransaction(jdbc, tx -> apply(tx, runId, signal));
        if (t.isPresent() && t.get().changed()) {
            afterCommit.run();
        }
        return t;
    }

    /** Applies the signal inside the caller's transaction. */
    public Optional<Transition> apply(Tx tx, String runId, Signal signal) {
        Optional<Run> found = runs.findById(tx, runId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Transition t = RunMachine.apply(found.get(), signal, clock.instant());
        if (!t.changed()) {
            return Optional.of(t);
        }
        Run saved = runs.update(tx, t.after());
        enqueueEffects(tx, saved, t);
        Run before = found.get();
        if (before.status() != saved.status() || before.computer() != saved.computer() || !t.milestones().isEmpty()) {
            log.info("run {}: {}/{} -> {}/{}{}", runId, before.status(), before.computer(), saved.status(),
                    saved.computer(), t.milestones().isEmpty() ? "" : " " + t.milestones());
        }
        return Optional.of(new Transition(t.before(), saved, t.milestones(), t.cardChanged()));
    }

    private void enqueueEffects(Tx tx, Run run, Transition t) {
        var now = clock.instant();
        for (Milestone m : t.milestones()) {
            ObjectNode payload = JSON.createObjectNode().put("milestone", m.name());
            jobs.enqueue(tx, Queues.SLACK, run.id(), Queues.THREAD, payload.toString(), now);
            if (m == Milestone.AGENT_SUCCEEDED || m == Milestone.AGENT_FAILED) {
                jobs.enqueue(tx, Queues.GIGA, run.id(), Queues.RESULTS, "{}", now);
                if (autoStop && run.computer().isLive()) {
                    jobs.enqueue(tx, Queues.GIGA, run.id(), Queues.STOP,
                            JSON.createObjectNode().put("by", "auto").toString(), now);
                } else if (run.computer().isLive()) {
                    jobs.enqueue(tx, Queues.SLACK, run.id(), Queues.THREAD,
                            JSON.createObjectNode().put("notice", "still_runs").toString(), now);
                }
            }
        }
        if (t.cardChanged() || !t.milestones().isEmpty()) {
            jobs.enqueueCoalesced(tx, Queues.SLACK, run.id(), Queues.CARD, "{}", now);
        }
    }

    /** Enqueues the upload of one of a run's output files into its thread. */
    public void enqueueFile(Tx tx, String runId, ObjectNode file) {
        jobs.enqueue(tx, Queues.SLACK, runId, Queues.FILE, file.toString(), clock.instant());
    }

    /** Enqueues a thread notice (not a milestone) for a run, e.g. "extended by @U1". */
    public void notice(Tx tx, String runId, ObjectNode notice) {
        jobs.enqueue(tx, Queues.SLACK, runId, Queues.THREAD, notice.toString(), clock.instant());
    }
}
