package io.gigaslack.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One request to Giga made from Slack, and everything the app knows about it. Immutable: changes
 * go through {@link RunMachine}, which only lets a run move forward.
 *
 * @param id our id ({@code r_…}); also the opaque reference carried by Slack buttons
 * @param nameTag unique tag put in the Giga deployment name, so a start whose answer was lost can
 *     be found again by listing with {@code search} (a run is started at most once)
 * @param rootTs ts of the status card (the thread root), once posted
 * @param expiresAt when the sandbox is expected to shut down unless extended, if known
 * @param remindedFor the end for which the "nearly up" reminder was already sent
 * @param extendedTo how far people extended the computer by pressing Extend, past the hours they asked for; or null
 * @param startTries the start requests sent so far and what Giga answered while it turned the start away for now
 * @param stoppedBy the user who asked to stop the computer, if anyone did
 * @param creditsPerHour the platform's credit rate when the run was started, or {@link Platform#UNKNOWN_RATE}
 * @param autoStopAt when the app stops the computer because its agent finished a grace period before; or null
 *     (the agent still works, nobody asked for an automatic stop, or someone pressed Keep running)
 * @param keptBy who pressed Keep running: the computer then stays until the planned end; or null
 * @param version optimistic-lock counter kept by the store
 */
public record Run(
        String id,
        String teamId,
        String channelId,
        String rootTs,
        String requesterId,
        RunKind kind,
        RunParams params,
        String nameTag,
        String deploymentId,
        String threadId,
        String sandboxId,
        String vncUrl,
        RunStatus status,
        ComputerState computer,
        String finalAnswer,
        String failureReason,
        String stoppedBy,
        String callbackTokenHash,
        Instant createdAt,
        Instant updatedAt,
        Instant readyAt,
        Instant finishedAt,
        Instant computerEndedAt,
        Instant expiresAt,
        Instant remindedFor,
        Instant extendedTo,
        int creditsPerHour,
        Instant autoStopAt,
        String keptBy,
        StartTries startTries,
        long version) {

    /** How much one extension adds to a computer's life (Giga's {@code /api/sandbox/extend}). */
    public static final Duration EXTENSION = Duration.ofMinutes(15);

    /** When the sandbox would stop after one more extension: from its current end, or from now if that passed. */
    public Instant expiryAfterExtension(Instant now) {
        Instant base = expiresAt != null && expiresAt.isAfter(now) ? expiresAt : now;
        return base.plus(EXTENSION);
    }

    /** The planned end after one press of Extend: {@link #EXTENSION} past the planned end (or now, if that passed). */
    public Instant plannedEndAfterExtension(Instant now) {
        Instant end = plannedEnd();
        return (end.isAfter(now) ? end : now).plus(EXTENSION);
    }

    /**
     * When the computer stops as things stand: the planned end, or the sandbox's end if that comes first (an
     * extension the app could not make in time); null while the sandbox's end is not known.
     */
    public Instant stopsAt() {
        if (expiresAt == null) {
            return null;
        }
        Instant planned = plannedEnd();
        return expiresAt.isBefore(planned) ? expiresAt : planned;
    }

    /**
     * When the app stops the computer: the hours asked for, counted from the run's creation, or later if people
     * extended it. Giga's sandbox lives 15 minutes at a time; the app extends it ahead of time up to here, and no
     * further.
     */
    public Instant plannedEnd() {
        Instant asked = createdAt.plus(Duration.ofHours(params.hours()));
        return extendedTo != null && extendedTo.isAfter(asked) ? extendedTo : asked;
    }

    /**
     * Until when the app keeps the computer: the planned end, or the automatic stop after the agent finished if that
     * comes first. Extensions ahead of time go no further than this.
     */
    public Instant keepsComputerUntil() {
        Instant planned = plannedEnd();
        return autoStopAt != null && autoStopAt.isBefore(planned) ? autoStopAt : planned;
    }

    /**
     * Whether the run holds one of its person's and its workspace's slots (the concurrency limits): while its agent
     * works (or its computer is being started), and while its computer is kept once the agent has finished. A
     * computer waiting for its automatic stop does not hold one.
     */
    public boolean holdsSlot() {
        return !status.isTerminal() || (computer.isLive() && autoStopAt == null);
    }

    /** Whether a stop still means something: the computer runs, or has not been started yet (and still may be). */
    public boolean canBeStopped() {
        return mayStillRun(status, computer, deploymentId);
    }

    /** {@link #canBeStopped()} from the fields it reads (for reads that load only some columns). */
    public static boolean mayStillRun(RunStatus status, ComputerState computer, String deploymentId) {
        return computer.isLive() || (deploymentId == null && !status.isTerminal());
    }

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(requesterId, "requesterId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(nameTag, "nameTag");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(computer, "computer");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(startTries, "startTries");
    }

    /** A new run, recorded when the request is acknowledged and before anything is asked of Giga. */
    public static Run requested(String id, String teamId, String channelId, String requesterId, RunKind kind,
            RunParams params, String nameTag, String callbackTokenHash, Instant now) {
        return new Run(id, teamId, channelId, null, requesterId, kind, params, nameTag, null, null, null, null,
                RunStatus.PENDING, ComputerState.NONE, null, null, null, callbackTokenHash, now, now, null, null,
                null, null, null, null, Platform.UNKNOWN_RATE, null, null, StartTries.NONE, 0);
    }

    /**
     * True while the app still has something to learn from Giga about this run: its outcome, or
     * whether its (billed) computer is still running.
     */
    public boolean needsTracking() {
        return !status.isTerminal() || computer.isLive();
    }

    /** How long the run has been going (until it ended, or until {@code now}). */
    public Duration elapsed(Instant now) {
        Instant start = readyAt != null ? readyAt : createdAt;
        Instant end = computerEndedAt != null ? computerEndedAt : now;
        return end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
    }

    /** The user-facing label: the chosen name, else the start of the task. */
    public String label() {
        if (!params.name().isBlank()) {
            return params.name();
        }
        return params.prompt().isBlank() ? "Desktop (" + params.platform() + ")" : params.prompt();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-and-change helper; used by {@link RunMachine} and the store. */
    public static final class Builder {
        private String id, teamId, channelId, rootTs, requesterId, nameTag, deploymentId, threadId, sandboxId,
                vncUrl, finalAnswer, failureReason, stoppedBy, callbackTokenHash, keptBy;
        private RunKind kind;
        private RunParams params;
        private RunStatus status;
        private ComputerState computer;
        private Instant createdAt, updatedAt, readyAt, finishedAt, computerEndedAt, expiresAt, remindedFor, extendedTo,
                autoStopAt;
        private int creditsPerHour;
        private StartTries startTries;
        private long version;

        private Builder(Run r) {
            id = r.id; teamId = r.teamId; channelId = r.channelId; rootTs = r.rootTs; requesterId = r.requesterId;
            kind = r.kind; params = r.params; nameTag = r.nameTag; deploymentId = r.deploymentId;
            threadId = r.threadId; sandboxId = r.sandboxId; vncUrl = r.vncUrl; status = r.status;
            computer = r.computer; finalAnswer = r.finalAnswer; failureReason = r.failureReason;
            stoppedBy = r.stoppedBy; callbackTokenHash = r.callbackTokenHash; createdAt = r.createdAt;
            updatedAt = r.updatedAt; readyAt = r.readyAt; finishedAt = r.finishedAt;
            computerEndedAt = r.computerEndedAt; expiresAt = r.expiresAt; remindedFor = r.remindedFor;
            extendedTo = r.extendedTo; creditsPerHour = r.creditsPerHour; autoStopAt = r.autoStopAt;
            keptBy = r.keptBy;
            startTries = r.startTries;
            version = r.version;
        }

        public Builder channelId(String v) { channelId = v; return this; }
        public Builder rootTs(String v) { rootTs = v; return this; }
        public Builder deploymentId(String v) { deploymentId = v; return this; }
        public Builder threadId(String v) { threadId = v; return this; }
        public Builder sandboxId(String v) { sandboxId = v; return this; }
        public Builder vncUrl(String v) { vncUrl = v; return this; }
        public Builder status(RunStatus v) { status = v; return this; }
        public Builder computer(ComputerState v) { computer = v; return this; }
        public Builder finalAnswer(String v) { finalAnswer = v; return this; }
        public Builder failureReason(String v) { failureReason = v; return this; }
        public Builder stoppedBy(String v) { stoppedBy = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder readyAt(Instant v) { readyAt = v; return this; }
        public Builder finishedAt(Instant v) { finishedAt = v; return this; }
        public Builder computerEndedAt(Instant v) { computerEndedAt = v; return this; }
        public Builder expiresAt(Instant v) { expiresAt = v; return this; }
        public Builder remindedFor(Instant v) { remindedFor = v; return this; }
        public Builder extendedTo(Instant v) { extendedTo = v; return this; }
        public Builder creditsPerHour(int v) { creditsPerHour = v; return this; }
        public Builder autoStopAt(Instant v) { autoStopAt = v; return this; }
        public Builder keptBy(String v) { keptBy = v; return this; }
        public Builder startTries(StartTries v) { startTries = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder callbackTokenHash(String v) { callbackTokenHash = v; return this; }

        public Run build() {
            return new Run(id, teamId, channelId, rootTs, requesterId, kind, params, nameTag, deploymentId, threadId,
                    sandboxId, vncUrl, status, computer, finalAnswer, failureReason, stoppedBy, callbackTokenHash,
                    createdAt, updatedAt, readyAt, finishedAt, computerEndedAt, expiresAt, remindedFor, extendedTo,
                    creditsPerHour, autoStopAt, keptBy, startTries, version);
        }
    }
}
