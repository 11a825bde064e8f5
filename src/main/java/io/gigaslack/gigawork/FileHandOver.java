package io.gigaslack.gigawork;

import io.gigaslack.engine.Postpone;
import io.gigaslack.engine.RetryLater;
import io.gigaslack.giga.CreateSessionRequest;
import io.gigaslack.giga.CreatedSession;
import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.Prompts;
import io.gigaslack.giga.SessionThread;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.InputFile;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.Signal;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.store.InputFileRepository;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the agent a message that came with files, once the files are in Giga's storage (their transfers ran before,
 * in order): puts them on the running computer's Desktop ({@code files/sync}), says in the thread which are there and
 * which are not (and why), then sends the message, which names the files and where they are. For a start, the message
 * is the task, given to the agent on the computer its start created without one ({@code POST /api/sessions} with the
 * deployment); for a follow-up, a new run in the agent's session.
 *
 * <p>The message is sent at most once: the job records on its row that it is about to send, and an attempt that finds
 * that record (its predecessor died, or Giga's answer was lost) looks whether Giga has the message instead of sending
 * it again; when it cannot tell, it says so rather than risk the agent doing the work twice.
 */
final class FileHandOver {
    private static final Logger log = LoggerFactory.getLogger(FileHandOver.class);
    /**
     * How often a start waiting for its computer looks again (one background Giga read each time): every
     * {@link #FIRST_LOOKS} for the first {@link #EARLY} (a computer is often ready within seconds), then every
     * {@link #LATER_LOOKS}.
     */
    static final Duration FIRST_LOOKS = Duration.ofSeconds(2);
    static final Duration EARLY = Duration.ofSeconds(20);
    static final Duration LATER_LOOKS = Duration.ofSeconds(5);
    /** Progress: the thread was told which files are on the Desktop. */
    static final String TOLD = "told";
    /** Progress: the message is being sent; followed by a digest of its exact text, to look for it in the session. */
    static final String SENDING = "sending ";

    private final InputFileRepository files;
    private final RunRepository runs;
    private final RunUpdater updater;
    private final JobQueue jobs;
    private final Clock clock;

    FileHandOver(InputFileRepository files, RunRepository runs, RunUpdater updater, JobQueue jobs, Clock clock) {
        this.files = files;
        this.runs = runs;
        this.updater = updater;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The {@link RunJob.StartAgent} job; {@code giga}: the client of the run's workspace's account. */
    void startAgent(GigaClient giga, Run run, Job job) {
        if (run.threadId() != null || run.status().isTerminal() || run.stoppedBy() != null
                || run.computer().hasEnded() || run.deploymentId() == null) {
            return; // started already, or ended (or asked to stop) before the agent was given its task
        }
        if (run.computer() != ComputerState.RUNNING) {
            run = reread(giga.background(), run);
            if (run.computer().hasEnded() || run.status().isTerminal()) {
                return;
            }
            if (run.computer() != ComputerState.RUNNING) {
                // Not holding a worker meanwhile; a stop asked for in between is seen on the next look.
                boolean early = Duration.between(job.createdAt(), clock.instant()).compareTo(EARLY) < 0;
                throw new Postpone("waiting for the computer to run before its files are put on the Desktop",
                        clock.instant().plus(early ? FIRST_LOOKS : LATER_LOOKS));
            }
        }
        if (job.progress() != null && job.progress().startsWith(SENDING)) {
            // An earlier attempt sent the task; its answer (the session's id) was lost, so the agent cannot be
            // followed, and sending it again could start a second agent on the same work.
            log.warn("run {}: the agent's task was sent but Giga's answer was lost", run.id());
            updater.apply(run.id(), new Signal.AgentFinished(false, null, "Giga did not confirm that the agent got"
                    + " its task, so the app cannot follow it, and did not send the task again (the agent would do"
                    + " the work twice). The computer still runs: watch its desktop, or stop it."));
            return;
        }
        List<InputFile> batch = files.batch(run.id(), InputFile.START_BATCH);
        Placed placed = place(giga, run, job, batch);
        String task = message(run.params().prompt(), placed);
        jobs.recordProgress(job, SENDING + digest(task));
        CreatedSession session;
        try {
            session = giga.createSession(new CreateSessionRequest(new Prompts(task, run.params().goal(),
                    run.params().systemPrompt().isBlank() ? null : run.params().systemPrompt()), null, null,
                    run.deploymentId()));
        } catch (GigaApiException e) {
            if (e.retryable() && !e.outcomeUnknown()) {
                jobs.recordProgress(job, TOLD); // it never reached Giga: send it on the next attempt
                throw new RetryLater("start agent: " + GigaErrorWords.redact(e.getMessage()), e.retryAfter());
            }
            if (e.outcomeUnknown()) {
                throw new RetryLater("start agent: no answer from Giga", e.retryAfter()); // the next attempt says so
            }
            log.warn("run {}: Giga refused the agent's start: {}", run.id(), GigaErrorWords.redact(e.getMessage()));
            updater.apply(run.id(), new Signal.AgentFinished(false, null, GigaErrorWords.explain(e)));
            return;
        }
        log.info("run {}: the agent started on deployment {} with {} file(s) on the Desktop", run.id(),
                run.deploymentId(), placed.onDesktop().size());
        updater.apply(run.id(), new Signal.StartConfirmed(run.deploymentId(), session.threadId(), null, null));
    }

    /** The {@link RunJob.FollowUp} of a message with files. */
    void followUp(GigaClient giga, Run run, RunJob.FollowUp f, Job job) {
        List<InputFile> batch = files.batch(run.id(), f.files());
        if (!run.computer().isLive()) {
            updater.notice(run.id(), new Notice.ActionFailed(Notice.Action.FOLLOW_UP, f.by(), "The agent's computer"
                    + " is not running, so the message and its files were not sent."));
            return;
        }
        if (run.threadId() == null) {
            updater.notice(run.id(), new Notice.ActionFailed(Notice.Action.FOLLOW_UP, f.by(), "The agent never"
                    + " started on this computer, so the message and its files were not sent."));
            return;
        }
        String text;
        if (job.progress() != null && job.progress().startsWith(SENDING)) {
            // An earlier attempt may have sent it: Giga's record of the session decides.
            text = message(f.message(), placedAsRecorded(batch));
            Boolean delivered = delivered(giga, run, job.progress().substring(SENDING.length()));
            if (delivered == null) {
                updater.notice(run.id(), new Notice.ActionFailed(Notice.Action.FOLLOW_UP, f.by(), "Giga did not"
                        + " confirm that the agent got the message, and it was not sent again (the agent would do"
                        + " the work twice). Mention me again if it did not arrive."));
                return;
            }
            if (delivered) {
                updater.notice(run.id(), new Notice.FollowUpSent(f.by(), shown(f.message())));
                return;
            }
        } else {
            text = message(f.message(), place(giga, run, job, batch));
        }
        jobs.recordProgress(job, SENDING + digest(text));
        try {
            giga.createRun(run.threadId(), text);
        } catch (GigaApiException e) {
            if (e.retryable() && !e.outcomeUnknown()) {
                jobs.recordProgress(job, TOLD);
                throw new RetryLater("follow-up: " + GigaErrorWords.redact(e.getMessage()), e.retryAfter());
            }
            if (e.outcomeUnknown()) {
                throw new RetryLater("follow-up: no answer from Giga", e.retryAfter()); // the next attempt looks
            }
            updater.notice(run.id(), new Notice.ActionFailed(Notice.Action.FOLLOW_UP, f.by(),
                    GigaErrorWords.explain(e)));
            return;
        }
        updater.notice(run.id(), new Notice.FollowUpSent(f.by(), shown(f.message())));
    }

    /** The files of a message, by where they ended up. */
    record Placed(List<String> onDesktop, List<Notice.NotPlaced> notPlaced) {}

    /**
     * Puts the stored files of a batch on the Desktop and tells the thread (once per job) which are there and which
     * are not. A sync Giga refuses leaves the files off the Desktop, and says so.
     */
    private Placed place(GigaClient giga, Run run, Job job, List<InputFile> batch) {
        List<String> onDesktop = new ArrayList<>();
        List<Notice.NotPlaced> notPlaced = new ArrayList<>();
        String syncFailure = null;
        if (batch.stream().anyMatch(f -> f.state() == InputFile.State.STORED)) {
            try {
                giga.syncFiles(run.deploymentId());
            } catch (GigaApiException e) {
                if (e.retryable()) {
                    throw new RetryLater("placing files: " + GigaErrorWords.redact(e.getMessage()), e.retryAfter());
                }
                log.warn("run {}: Giga refused to put the files on the Desktop: {}", run.id(),
                        GigaErrorWords.redact(e.getMessage()));
                syncFailure = "Giga could not put it on the Desktop (" + (e.code() == null ? "HTTP " + e.status()
                        : e.code()) + ")";
            }
        }
        for (InputFile f : batch) {
            if (f.state() == InputFile.State.STORED && syncFailure == null) {
                onDesktop.add(f.desktopName());
            } else {
                notPlaced.add(new Notice.NotPlaced(f.shownName(), reason(f, syncFailure)));
            }
        }
        Placed placed = new Placed(onDesktop, notPlaced);
        if (!TOLD.equals(job.progress()) && !batch.isEmpty()) {
            updater.notice(run.id(), new Notice.InputFilesPlaced(onDesktop, notPlaced));
            jobs.recordProgress(job, TOLD);
        }
        return placed;
    }

    /** Where the files of a batch ended up, as their rows say (for an attempt after the files were placed). */
    private static Placed placedAsRecorded(List<InputFile> batch) {
        List<String> onDesktop = new ArrayList<>();
        List<Notice.NotPlaced> notPlaced = new ArrayList<>();
        for (InputFile f : batch) {
            if (f.state() == InputFile.State.STORED) {
                onDesktop.add(f.desktopName());
            } else {
                notPlaced.add(new Notice.NotPlaced(f.shownName(), reason(f, null)));
            }
        }
        return new Placed(onDesktop, notPlaced);
    }

    private static String reason(InputFile f, String syncFailure) {
        if (f.state() == InputFile.State.STORED) {
            return syncFailure;
        }
        if (f.reason() != null && !f.reason().isBlank()) {
            return f.reason();
        }
        return "it could not be brought from Slack to the computer";
    }

    /**
     * Whether Giga's session of the run holds the message whose text has this {@link #digest}, as a message from a
     * person: true, false (the session lists its messages and this is not one of them), or null when Giga cannot be
     * asked or lists none.
     */
    private Boolean delivered(GigaClient giga, Run run, String textDigest) {
        SessionThread thread;
        try {
            thread = giga.getSession(run.threadId());
        } catch (GigaApiException e) {
            if (e.retryable()) {
                throw new RetryLater("follow-up: looking for an earlier send: " + e.getMessage(), e.retryAfter());
            }
            return null;
        }
        if (!thread.listsMessages()) {
            return null;
        }
        return thread.userMessages().stream().anyMatch(m -> digest(m).equals(textDigest));
    }

    /** The run after reading its computer's state from Giga (as it is stored, when Giga cannot be read now). */
    private Run reread(GigaClient background, Run run) {
        try {
            updater.apply(run.id(), GigaReads.observation(background.getDeployment(run.deploymentId())));
        } catch (GigaApiException e) {
            if (!e.retryable()) {
                throw e;
            }
        }
        return runs.findById(run.id()).orElse(run);
    }

    /** The task or message with a note of the files: where they are on the Desktop, and which could not be given. */
    static String message(String text, Placed placed) {
        String t = text == null ? "" : text.strip();
        String note = note(placed);
        return t.isEmpty() ? note : note.isEmpty() ? t : t + "\n\n" + note;
    }

    static String note(Placed placed) {
        StringBuilder b = new StringBuilder();
        if (!placed.onDesktop().isEmpty()) {
            b.append(placed.onDesktop().size() == 1 ? "I put a file for you on the Desktop:"
                    : "I put " + placed.onDesktop().size() + " files for you on the Desktop:");
            for (String name : placed.onDesktop()) {
                b.append("\n- ").append(InputFile.DESKTOP_DIR).append(name);
            }
        }
        if (!placed.notPlaced().isEmpty()) {
            int n = placed.notPlaced().size();
            if (b.length() > 0) {
                b.append("\n").append(n == 1 ? "One more file was" : n + " more files were");
            } else {
                b.append(n == 1 ? "A file was" : n + " files were");
            }
            b.append(" attached but could not be given to you:");
            for (Notice.NotPlaced p : placed.notPlaced()) {
                b.append("\n- ").append(p.name()).append(" (").append(p.reason()).append(')');
            }
        }
        return b.toString();
    }

    /** A short digest of a message's text (its edges trimmed): what the job records before it sends the message. */
    static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shown(String message) {
        return message == null || message.isBlank() ? "(the files above)" : message;
    }
}
