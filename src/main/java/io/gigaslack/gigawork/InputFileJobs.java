package io.gigaslack.gigawork;

import io.gigaslack.engine.GiveUp;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaFile;
import io.gigaslack.runs.InputFile;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.Signal;
import io.gigaslack.service.InputFileSource;
import io.gigaslack.service.InputFiles;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.store.InputFileRepository;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.store.Tx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.ToLongFunction;
import java.util.List;
import java.util.Locale;

/**
 * The Giga jobs of files people give an agent from Slack, for {@link GigaJobs}: each file's transfer into Giga's
 * storage ({@link FileTransfer}), then the message that comes with them ({@link FileHandOver}).
 *
 * <p>The order, and why: Giga needs a deployment's id to store a file for it, and its one-shot start (which creates
 * the deployment) starts the agent at once, before any file could be uploaded. So a run whose request came with files
 * is started as a computer without its agent ({@code POST /api/deployments}); the files are uploaded as soon as that
 * computer exists; once it runs they are put on its Desktop ({@code files/sync}); only then is the agent given its task
 * ({@code POST /api/sessions} on that deployment), naming the files and where they are.
 */
public final class InputFileJobs {
    private final InputFileRepository files;
    private final InputFiles inputFiles;
    private final FileTransfer transfer;
    private final FileHandOver handOver;
    private final RunUpdater updater;
    private final Clock clock;

    /**
     * @param source where the files' bytes come from (Slack)
     * @param maxBytes the largest file each workspace gives an agent ({@code GIGA_MAX_INPUT_FILE_MB}), by team id
     * @param tempDir where a file's bytes wait between download and upload (a directory of the app's own is made there)
     */
    public InputFileJobs(Jdbc jdbc, RunRepository runs, RunUpdater updater, JobQueue queue,
            InputFileSource source, Clock clock, ToLongFunction<String> maxBytes, Path tempDir) {
        this.files = new InputFileRepository(jdbc);
        this.inputFiles = new InputFiles(files, new JobWriter(queue, clock), clock);
        this.transfer = new FileTransfer(files, source, clock, maxBytes,
                FileTransfer.TransferDirectory.under(tempDir, clock));
        this.handOver = new FileHandOver(files, runs, updater, queue, clock);
        this.updater = updater;
        this.clock = clock;
    }

    /** Whether the run's start must bring files to its computer before its agent starts. */
    boolean startsWithFiles(Tx tx, Run run) {
        return run.kind() == RunKind.AGENT && inputFiles.hasFiles(tx, run.id(), InputFile.START_BATCH);
    }

    /** The jobs that follow the creation of a computer for a start with files (in the transaction recording it). */
    void afterComputerCreated(Tx tx, String runId) {
        inputFiles.enqueueStart(tx, runId);
    }

    /** {@code giga}: the client of the run's workspace's account, here and below. */
    void transfer(GigaClient giga, Run run, RunJob.TransferInputFile job) {
        InputFile f = files.find(run.id(), job.batch(), job.position())
                .orElseThrow(() -> new GiveUp("run " + run.id() + " has no input file " + job));
        transfer.transfer(giga, run, f);
    }

    void startAgent(GigaClient giga, Run run, Job stored) {
        handOver.startAgent(giga, run, stored);
    }

    void followUp(GigaClient giga, Run run, RunJob.FollowUp job, Job stored) {
        handOver.followUp(giga, run, job, stored);
    }

    /**
     * The agent's output files among those Giga lists for the deployment: the files given to it are left out, unless
     * the agent changed one (its size is not what was uploaded), which is then a result like any other.
     */
    List<GigaFile> outputsOnly(Run run, List<GigaFile> listed) {
        List<InputFile> given = files.ofRun(run.id()).stream()
                .filter(f -> f.state() == InputFile.State.STORED).toList();
        if (given.isEmpty()) {
            return listed;
        }
        return listed.stream().filter(g -> given.stream().noneMatch(f -> unchangedCopy(f, g))).toList();
    }

    private static boolean unchangedCopy(InputFile given, GigaFile listed) {
        boolean same = given.gigaFileId() != null && given.gigaFileId().equals(listed.id());
        boolean sameName = given.desktopName() != null && listed.fileName() != null
                && given.desktopName().toLowerCase(Locale.ROOT).equals(listed.fileName().toLowerCase(Locale.ROOT));
        boolean sameSize = listed.fileSize() == null || listed.fileSize() == given.size();
        return (same || sameName) && sameSize;
    }

    /** A file job abandoned for good: the file is recorded as failed; a start whose agent cannot start says so. */
    void givenUp(Job stored, RunJob.GigaJob job, String reason) {
        if (job instanceof RunJob.TransferInputFile t && stored.runId() != null) {
            files.find(stored.runId(), t.batch(), t.position()).filter(f -> !f.state().settled())
                    .ifPresent(f -> files.update(f.failed("it could not be uploaded to Giga (no answer after several"
                            + " tries)"), clock.instant()));
        } else if (job instanceof RunJob.StartAgent && stored.runId() != null) {
            updater.apply(stored.runId(), new Signal.AgentFinished(false, null, "The files could not be put on the"
                    + " computer's Desktop (Giga did not answer after several tries), so the agent was not started."
                    + " The computer still runs: stop it, or press Retry."));
        }
    }
}
