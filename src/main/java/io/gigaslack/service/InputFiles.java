package io.gigaslack.service;

import io.gigaslack.runs.InputFile;
import io.gigaslack.store.InputFileRepository;
import io.gigaslack.store.Tx;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The files people give a run's agent from Slack, as the run service records them with the request, and the jobs that
 * carry them to the computer: one {@link RunJob.TransferInputFile} per file, then whatever gives the agent its message
 * (the start's {@link RunJob.StartAgent}, or the {@link RunJob.FollowUp} itself). Everything is written in the
 * caller's transaction, with the run or the follow-up it belongs to.
 */
public final class InputFiles {
    /** Slack's file ids: F and capitals or digits. */
    private static final Pattern FILE_ID = Pattern.compile("F[A-Z0-9]{2,40}");

    /** A file attached in Slack: its id, and the name Slack gave with it (null when it gave none). */
    public record Attached(String fileId, String name) {
        public Attached {
            Objects.requireNonNull(fileId, "fileId");
        }

        /** Whether {@code id} looks like a Slack file id (what a request carries is checked before it is kept). */
        public static boolean isFileId(String id) {
            return id != null && FILE_ID.matcher(id).matches();
        }
    }

    private final InputFileRepository files;
    private final JobWriter jobs;
    private final Clock clock;

    public InputFiles(InputFileRepository files, JobWriter jobs, Clock clock) {
        this.files = files;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Records the files of one message for a run: each file once, in the order given; the first
     * {@link InputFile#MAX_PER_MESSAGE} wait for their transfer, any more are refused at once (and named in the thread
     * with the others). Returns how many will be transferred.
     */
    public int record(Tx tx, String runId, String batch, List<Attached> attached) {
        Map<String, Attached> once = new LinkedHashMap<>();
        for (Attached a : attached) {
            if (Attached.isFileId(a.fileId())) {
                once.putIfAbsent(a.fileId(), a);
            }
        }
        int position = 0;
        int waiting = 0;
        for (Attached a : once.values()) {
            InputFile f = InputFile.waiting(runId, batch, position++, a.fileId(), a.name());
            if (waiting == InputFile.MAX_PER_MESSAGE) {
                f = f.refused("only the first " + InputFile.MAX_PER_MESSAGE + " files of a message are given to the"
                        + " agent");
            } else {
                waiting++;
            }
            files.insert(tx, f, clock.instant());
        }
        return waiting;
    }

    /** Records the files a run was started with for another run (a retry), as they were attached. */
    public void recordAgain(Tx tx, String fromRunId, String toRunId) {
        List<Attached> attached = files.batch(tx, fromRunId, InputFile.START_BATCH).stream()
                .map(f -> new Attached(f.slackFileId(), f.slackName())).toList();
        record(tx, toRunId, InputFile.START_BATCH, attached);
    }

    /** Whether some file of this batch still waits for its transfer (or is in Giga's storage already). */
    public boolean hasFiles(Tx tx, String runId, String batch) {
        return files.batch(tx, runId, batch).stream().anyMatch(f -> f.state() != InputFile.State.REFUSED);
    }

    /** The jobs that bring the batch's files into Giga's storage, one per file, in their order. */
    public void enqueueTransfers(Tx tx, String runId, String batch) {
        for (InputFile f : files.batch(tx, runId, batch)) {
            if (f.state() == InputFile.State.WAITING) {
                jobs.add(tx, runId, new RunJob.TransferInputFile(batch, f.position()));
            }
        }
    }

    /**
     * Once a run's computer exists (created without its agent, since files came with the request): the transfers of
     * the start's files, then the agent's start, which waits for them (jobs of a run run in order).
     */
    public void enqueueStart(Tx tx, String runId) {
        enqueueTransfers(tx, runId, InputFile.START_BATCH);
        jobs.add(tx, runId, new RunJob.StartAgent());
    }
}
