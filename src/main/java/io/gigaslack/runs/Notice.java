package io.gigaslack.runs;

import java.time.Instant;
import java.util.List;

/**
 * Something to say in a run's thread. Written by the run service and the Giga jobs, stored as a job, rendered by the
 * Slack front-end: one type ties every writer to its one reader.
 */
public sealed interface Notice {

    /** A step of the run's life: the desktop is ready, the agent finished, the computer stopped… */
    record MilestoneReached(Milestone milestone) implements Notice {}

    record Extended(String by, Instant expiresAt) implements Notice {}

    record StopRequested(String by) implements Notice {}

    /** A message was sent to the running agent. */
    record FollowUpSent(String by, String message) implements Notice {}

    /**
     * The agent is done but its computer still runs (and bills). With {@code autoStopAt} the app stops it then, and the
     * thread offers Keep running (until {@code plannedEnd}) and Stop now; without, it runs until {@code plannedEnd}
     * and the thread offers Stop. Either may be null in notices stored by older versions.
     */
    record ComputerStillRuns(Instant autoStopAt, Instant plannedEnd) implements Notice {
        /** The form older versions stored: no times. */
        public ComputerStillRuns() {
            this(null, null);
        }
    }

    /** Someone pressed Keep running: the computer stays until {@code until}, the end of the hours asked for. */
    record KeptRunning(String by, Instant until) implements Notice {}

    /** The agent's output files, as Giga listed them; those within the size limit were shared. */
    record FilesPosted(List<OutputFile> files) implements Notice {
        public FilesPosted {
            files = List.copyOf(files);
        }
    }

    /** One output file: its name and its size in bytes (-1 when Giga did not say). */
    record OutputFile(String name, long size) {}

    /**
     * The files given to the agent with a message: those now on the computer's Desktop ({@code placed}, their names
     * there), and those that are not, each with why ({@code notPlaced}). Said before the agent gets the message.
     */
    record InputFilesPlaced(List<String> placed, List<NotPlaced> notPlaced) implements Notice {
        public InputFilesPlaced {
            placed = List.copyOf(placed);
            notPlaced = List.copyOf(notPlaced);
        }
    }

    /** A file that did not reach the Desktop: its name, and why not, in plain words. */
    record NotPlaced(String name, String reason) {}

    /** The computer's time is nearly up. */
    record ExpiryReminder(Instant expiresAt) implements Notice {}

    record Deleted(String by) implements Notice {}

    /** An action asked for in Slack could not be done; {@code text} says why, in plain words. */
    record ActionFailed(Action action, String by, String text) implements Notice {}

    /** Which action failed (kept apart for the record; all render alike). */
    enum Action {
        GENERAL, EXTEND, FOLLOW_UP
    }
}
