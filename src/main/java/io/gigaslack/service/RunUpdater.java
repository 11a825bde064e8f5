package io.gigaslack.service;

import io.gigaslack.store.RaceRetry;

import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunMachine;
import io.gigaslack.runs.Signal;
import io.gigaslack.runs.Transition;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RunRepository;
import io.gigaslack.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
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
    /** By workspace: how long after the agent finished its computer is stopped; null: never by itself. */
    private final Function<String, Duration> autoStopAfter;
    /** By workspace: whether the desktop is photographed when it becomes ready and when the agent finishes. */
    private final Predicate<String> screenshots;

    /**
     * With screenshots on, an automatic stop waits this long after the agent finished, so the screenshot of the
     * finished desktop (which gives up after 20 s) is taken before the computer goes.
     */
    public static final Duration STOP_AFTER_SCREENSHOT = Duration.ofSeconds(25);
    private final Runnable afterCommit;

    public RunUpdater(Jdbc jdbc, RunRepository runs, JobWriter jobs, Clock clock, Duration autoStopAfter,
            Runnable afterCommit) {
        this(jdbc, runs, jobs, clock, autoStopAfter, false, afterCommit);
    }

    /**
     * @param autoStopAfter how long after its agent finished an agent run's computer is stopped (zero: at once), or
     *     null to leave it running
     * @param screenshots whether the desktop is photographed when it becomes ready and when the agent finishes
     */
    public RunUpdater(Jdbc jdbc, RunRepository runs, JobWriter jobs, Clock clock, Duration autoStopAfter,
            boolean screenshots, Runnable afterCommit) {
        this(jdbc, runs, jobs, clock, team -> autoStopAfter, team -> screenshots, afterCommit);
    }

    /** An updater with the automatic stop and the screenshots of each run's own workspace ({@code teams}). */
    public static RunUpdater perWorkspace(Jdbc jdbc, RunRepository runs, JobWriter jobs, Clock clock,
            TeamSettings teams, Runnable afterCommit) {
        return new RunUpdater(jdbc, runs, jobs, clock, team -> teams.of(team).runs().autoStopAfter(),
                team -> teams.of(team).screenshots(), afterCommit);
    }

    private RunUpdater(Jdbc jdbc, RunRepository runs, JobWriter jobs, Clock clock,
            Function<String, Duration> autoStopAfter, Predicate<String> screenshots, Runnable afterCommit) {
        this.screenshots = screenshots;
        this.jdbc = jdbc;
        this.runs = runs;
        this.jobs = jobs;
        this.clock = clock;
        this.autoStopAfter = autoStopAfter;
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
        Run saved = runs.update(tx, withAutoStop(t));
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
        // Asked only when a milestone may want a picture: most changes have none.
        boolean screenshots = !t.milestones().isEmpty() && this.screenshots.test(run.teamId());
        for (Milestone m : t.milestones()) {
            jobs.add(tx, run.id(), new RunJob.PostNotice(new Notice.MilestoneReached(m)), now);
            boolean finished = m == Milestone.AGENT_SUCCEEDED || m == Milestone.AGENT_FAILED;
            // One picture per moment; a desktop seen ready only as its agent finished gets the finished one.
            boolean photographed = screenshots && run.computer() == ComputerState.RUNNING && (finished
                    || (m == Milestone.DESKTOP_READY && !t.milestones().contains(Milestone.AGENT_SUCCEEDED)
                            && !t.milestones().contains(Milestone.AGENT_FAILED)));
            if (photographed) {
                jobs.add(tx, run.id(), new RunJob.Screenshot(finished ? RunJob.ScreenshotMoment.FINISHED
                        : RunJob.ScreenshotMoment.DESKTOP_READY, null), now);
            }
            if (finished) {
                jobs.add(tx, run.id(), new RunJob.CollectResults(), now);
                if (run.autoStopAt() != null && run.computer().isLive()) {
                    // A stop within the screenshot's wait is "at once": queued now, with nothing to offer in between.
                    // A later one is queued by the reconciler when it is due, not now: a run's jobs go one at a time,
                    // so a job waiting ten minutes would hold back a Stop, an Extend or a follow-up pressed meanwhile.
                    if (Duration.between(now, run.autoStopAt()).compareTo(STOP_AFTER_SCREENSHOT) <= 0) {
                        jobs.add(tx, run.id(), RunJob.Stop.AUTOMATIC, run.keepsComputerUntil());
                    } else {
                        jobs.add(tx, run.id(), new RunJob.PostNotice(new Notice.ComputerStillRuns(run.autoStopAt(),
                                run.plannedEnd())), now);
                    }
                } else if (run.computer().isLive()) {
                    jobs.add(tx, run.id(), new RunJob.PostNotice(new Notice.ComputerStillRuns(null, run.plannedEnd())),
                            now);
                }
            }
        }
        if (t.cardChanged() || !t.milestones().isEmpty()) {
            jobs.addCoalesced(tx, run.id(), RunJob.PostCard.EDIT, now);
        }
    }

    /**
     * The run as the transition leaves it, with its automatic stop set when its agent has just finished and its
     * computer still runs: {@link #autoStopAfter} from now (with screenshots on, not before the finishing screenshot
     * could be taken). Desktop runs have no agent and are never stopped this way.
     */
    private Run withAutoStop(Transition t) {
        Run after = t.after();
        boolean finished = t.milestones().contains(Milestone.AGENT_SUCCEEDED)
                || t.milestones().contains(Milestone.AGENT_FAILED);
        if (!finished) {
            return after;
        }
        Duration autoStopAfter = this.autoStopAfter.apply(after.teamId());
        boolean screenshots = this.screenshots.test(after.teamId());
        if (autoStopAfter == null || after.kind() != RunKind.AGENT || !after.computer().isLive()
                || after.autoStopAt() != null || after.keptBy() != null) {
            return after;
        }
        Duration wait = screenshots && after.computer() == ComputerState.RUNNING
                && autoStopAfter.compareTo(STOP_AFTER_SCREENSHOT) < 0 ? STOP_AFTER_SCREENSHOT : autoStopAfter;
        return after.toBuilder().autoStopAt(clock.instant().plus(wait)).build();
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
