package io.gigaslack.service;

import io.gigaslack.store.RaceRetry;

import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunMachine;
import io.gigaslack.runs.Signal;
import io.gigaslack.runs.Transition;
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

    private final Jdbc jdbc;
    private final RunRepository runs;
    private final JobWriter jobs;
    private final Clock clock;
    private final boolean autoStop;
    private final Runnable afterCommit;

    public RunUpdater(Jdbc jdbc, RunRepository runs, JobWriter jobs, Clock clock, boolean autoStop, Runnable afterCommit) {
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
            jobs.add(tx, run.id(), new RunJob.PostNotice(new Notice.MilestoneReached(m)), now);
            if (m == Milestone.AGENT_SUCCEEDED || m == Milestone.AGENT_FAILED) {
                jobs.add(tx, run.id(), new RunJob.CollectResults(), now);
                if (autoStop && run.computer().isLive()) {
                    jobs.add(tx, run.id(), RunJob.Stop.AUTOMATIC, now);
                } else if (run.computer().isLive()) {
                    jobs.add(tx, run.id(), new RunJob.PostNotice(new Notice.ComputerStillRuns()), now);
                }
            }
        }
        if (t.cardChanged() || !t.milestones().isEmpty()) {
            jobs.addCoalesced(tx, run.id(), RunJob.PostCard.EDIT, now);
        }
    }

    /** Enqueues a job of the run's (e.g. sharing an output file), in the caller's transaction. */
    public void enqueue(Tx tx, String runId, RunJob job) {
        jobs.add(tx, runId, job);
    }

    /** Enqueues a thread notice (not a milestone) for a run, e.g. "extended by @U1". */
    public void notice(Tx tx, String runId, Notice notice) {
        jobs.add(tx, runId, new RunJob.PostNotice(notice));
    }

    /** Enqueues a thread notice in a transaction of its own. */
    public void notice(String runId, Notice notice) {
        jdbc.useTransaction(tx -> notice(tx, runId, notice));
    }
}
