package io.gigaslack.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.time.Duration;

/**
 * The allowed transitions of a run. Pure: no I/O, time passed in.
 *
 * <p>Signals are merged, never replayed: each part of a run only moves forward (status by rank,
 * computer by rank, ids once set), so a late, repeated or reordered signal cannot move a run
 * backwards, and each {@link Milestone} is announced at most once. When a signal skips a
 * milestone that it implies (an agent that finished had a ready desktop), the skipped one is
 * announced first so the thread still reads in order. The agent's outcome replaces {@link RunStatus#STOPPED} when it
 * arrives after the computer was seen stopping (the agent had finished; its report came late).
 */
public final class RunMachine {

    private RunMachine() {}

    public static Transition apply(Run run, Signal signal, Instant now) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(now, "now");
        Run.Builder b = run.toBuilder();
        List<Milestone> milestones = new ArrayList<>(2);
        if (signal instanceof Signal.StartConfirmed s) {
            startConfirmed(run, s, b);
        } else if (signal instanceof Signal.StartRefused s) {
            startRefused(run, s, b, now, milestones);
        } else if (signal instanceof Signal.StartTurnedAway s) {
            if (run.status() == RunStatus.PENDING && run.deploymentId() == null) {
                b.startTries(run.startTries().answered(s.answer(), now, s.nextTryAt()));
            }
        } else if (signal instanceof Signal.ComputerObserved s) {
            computerObserved(run, s, b, now, milestones);
        } else if (signal instanceof Signal.AgentFinished s) {
            agentFinished(run, s, b, now, milestones);
        } else if (signal instanceof Signal.StopRequested s) {
            if (run.stoppedBy() == null && s.userId() != null) {
                b.stoppedBy(s.userId());
            }
        } else if (signal instanceof Signal.Extended s) {
            if (s.expiresAt() != null && (run.expiresAt() == null || s.expiresAt().isAfter(run.expiresAt()))) {
                b.expiresAt(s.expiresAt());
            }
            if (s.plannedEnd() != null && s.plannedEnd().isAfter(run.plannedEnd())) {
                b.extendedTo(s.plannedEnd());
            }
        }
        Run after = b.build();
        boolean cardChanged = !after.equals(run);
        if (cardChanged) {
            after = after.toBuilder().updatedAt(now).build();
        }
        return new Transition(run, after, milestones, cardChanged);
    }

    /**
     * When a sandbox ending before the planned end counts as about to be lost: the app extends it 8 minutes ahead,
     * so one this close has not been extended in time (Giga refused, or its budget is spent).
     */
    public static final Duration AT_RISK = Duration.ofMinutes(2);

    /**
     * True when the "nearly up" reminder is due: {@code lead} before the planned end, or {@link #AT_RISK} before a
     * sandbox end that comes first (the computer is about to be lost); once per end.
     */
    public static boolean expiryReminderDue(Run run, Instant now, Duration lead) {
        Instant expires = run.stopsAt();
        Duration before = expires != null && expires.isBefore(run.plannedEnd()) ? AT_RISK : lead;
        return run.computer() == ComputerState.RUNNING
                // A finished agent's computer waiting for its automatic stop: its notice said when; no reminder.
                && run.autoStopAt() == null
                && expires != null
                && !now.isBefore(expires.minus(before.compareTo(lead) < 0 ? before : lead))
                && now.isBefore(expires)
                && !expires.equals(run.remindedFor());
    }

    private static void startConfirmed(Run run, Signal.StartConfirmed s, Run.Builder b) {
        if (run.deploymentId() == null && s.deploymentId() != null) {
            b.deploymentId(s.deploymentId());
        }
        if (run.threadId() == null && s.threadId() != null) {
            b.threadId(s.threadId());
        }
        if (run.sandboxId() == null && s.sandboxId() != null) {
            b.sandboxId(s.sandboxId());
        }
        if (run.vncUrl() == null && s.vncUrl() != null) {
            b.vncUrl(s.vncUrl());
        }
        if (run.status() == RunStatus.PENDING) {
            b.status(RunStatus.PROVISIONING);
        }
        if (run.computer() == ComputerState.NONE) {
            b.computer(ComputerState.PROVISIONING);
        }
    }

    private static void startRefused(Run run, Signal.StartRefused s, Run.Builder b, Instant now,
            List<Milestone> milestones) {
        if (run.status() != RunStatus.PENDING || run.deploymentId() != null) {
            return; // a deployment exists: its own state decides how the run ends
        }
        b.status(RunStatus.FAILED).failureReason(s.reason()).finishedAt(now);
        milestones.add(Milestone.START_FAILED);
    }

    private static void computerObserved(Run run, Signal.ComputerObserved s, Run.Builder b, Instant now,
            List<Milestone> milestones) {
        if (s.sandboxId() != null && !s.sandboxId().equals(run.sandboxId())) {
            b.sandboxId(s.sandboxId());
        }
        if (s.vncUrl() != null && !s.vncUrl().equals(run.vncUrl()) && !run.computer().hasEnded()) {
            b.vncUrl(s.vncUrl());
        }
        if (s.expiresAt() != null && !run.computer().hasEnded()) {
            b.expiresAt(s.expiresAt());
        }
        ComputerState state = s.state();
        if (state == null || state.rank() <= run.computer().rank()) {
            return;
        }
        b.computer(state);
        RunStatus status = run.status();
        if (status == RunStatus.PENDING) {
            status = RunStatus.PROVISIONING;
            b.status(status);
        }
        if (state == ComputerState.RUNNING && run.readyAt() == null && !status.isTerminal()) {
            b.status(RunStatus.RUNNING).readyAt(now);
            milestones.add(Milestone.DESKTOP_READY);
        }
        if (state.hasEnded() && run.computerEndedAt() == null) {
            b.computerEndedAt(now);
            if (!status.isTerminal()) {
                b.status(RunStatus.STOPPED).finishedAt(now);
            }
            milestones.add(Milestone.COMPUTER_STOPPED);
        }
    }

    private static void agentFinished(Run run, Signal.AgentFinished s, Run.Builder b, Instant now,
            List<Milestone> milestones) {
        // STOPPED only means the stop was seen before the agent's outcome arrived: a late outcome still counts.
        boolean lateOutcome = run.status() == RunStatus.STOPPED;
        if ((run.status().isTerminal() && !lateOutcome) || run.kind() != RunKind.AGENT) {
            return;
        }
        if (run.readyAt() == null && !lateOutcome) {
            // An agent that finished had a working desktop: announce it first so the thread reads in order.
            b.readyAt(now);
            milestones.add(Milestone.DESKTOP_READY);
        }
        if (run.computer().rank() < ComputerState.RUNNING.rank()) {
            b.computer(ComputerState.RUNNING);
        }
        b.status(s.success() ? RunStatus.SUCCEEDED : RunStatus.FAILED).finishedAt(lateOutcome ? run.finishedAt() : now);
        if (s.answer() != null && !s.answer().isBlank()) {
            b.finalAnswer(s.answer());
        }
        if (!s.success() && s.reason() != null) {
            b.failureReason(s.reason());
        }
        milestones.add(s.success() ? Milestone.AGENT_SUCCEEDED : Milestone.AGENT_FAILED);
    }
}
