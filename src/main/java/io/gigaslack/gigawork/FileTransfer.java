package io.gigaslack.gigawork;

import io.gigaslack.engine.RetryLater;
import io.gigaslack.giga.FileUpload;
import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaFile;
import io.gigaslack.giga.PresignedUpload;
import io.gigaslack.runs.DesktopNames;
import io.gigaslack.runs.InputFile;
import io.gigaslack.runs.Run;
import io.gigaslack.service.InputFileSource;
import io.gigaslack.store.InputFileRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one file someone gave the agent from Slack into Giga's storage for the run's deployment: asks Slack what it is
 * (refusing a file over {@code GIGA_MAX_INPUT_FILE_MB} or one Slack does not hand out), streams its bytes into a
 * private temporary file, uploads them (presign, {@code PUT}, record) and deletes the temporary file at once, whatever
 * happened. Each step is recorded on the file's row before the next, so a restart repeats at most this one file's
 * upload, and an upload recorded before a lost answer is found in storage rather than made twice. The bytes are never
 * logged.
 */
final class FileTransfer {
    private static final Logger log = LoggerFactory.getLogger(FileTransfer.class);

    private final InputFileRepository files;
    private final InputFileSource slack;
    private final Clock clock;
    /** The largest file a workspace gives an agent, by team id. */
    private final ToLongFunction<String> maxBytes;
    private final TransferDirectory directory;

    FileTransfer(InputFileRepository files, InputFileSource slack, Clock clock, ToLongFunction<String> maxBytes,
            TransferDirectory directory) {
        this.files = files;
        this.slack = slack;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.directory = directory;
    }

    /** {@code giga}: the client of the run's workspace's account. */
    void transfer(GigaClient giga, Run run, InputFile file) {
        InputFile f = file;
        if (f.state().settled()) {
            return; // done before a restart
        }
        if (run.deploymentId() == null || !run.computer().isLive() || run.stoppedBy() != null) {
            save(f.failed("the computer stopped before the file could be put on it"));
            return;
        }
        if (f.state() == InputFile.State.UPLOADING) {
            Optional<GigaFile> earlier = storedEarlier(giga, run, f);
            if (earlier.isPresent()) {
                log.info("run {}: input file {} was stored before a restart", run.id(), f.position());
                save(f.stored(earlier.get().id()));
                return;
            }
            f = f.restarted(); // the earlier attempt's upload never reached storage: make it again
        }
        InputFileSource.Described described;
        try {
            described = slack.describe(run.teamId(), f.slackFileId());
        } catch (InputFileSource.Unavailable e) {
            if (e.retryable()) {
                throw new RetryLater("input file " + f.position() + ": " + e.getMessage(), e.retryAfter());
            }
            save(f.failed(e.getMessage()));
            return;
        }
        String name = f.desktopName() != null ? f.desktopName() : desktopName(run, f, described.name());
        if (described instanceof InputFileSource.NotDownloadable n) {
            save(f.named(name, f.size(), f.mimeType()).refused(n.reason()));
            return;
        }
        InputFileSource.Downloadable d = (InputFileSource.Downloadable) described;
        long maxBytes = this.maxBytes.applyAsLong(run.teamId());
        if (d.size() > maxBytes) {
            save(f.named(name, d.size(), d.mimeType()).refused(tooLarge(d.size(), maxBytes)));
            return;
        }
        upload(giga, run, f.named(name, d.size(), d.mimeType()), d, maxBytes);
    }

    private void upload(GigaClient giga, Run run, InputFile f, InputFileSource.Downloadable d, long maxBytes) {
        Path bytes = directory.newFile();
        try {
            long size;
            try {
                size = slack.download(run.teamId(), d, maxBytes, bytes);
            } catch (InputFileSource.TooLarge e) {
                save(f.refused(tooLarge(-1, maxBytes)));
                return;
            } catch (InputFileSource.Unavailable e) {
                if (e.retryable()) {
                    throw new RetryLater("input file " + f.position() + ": " + e.getMessage(), e.retryAfter());
                }
                save(f.failed(e.getMessage()));
                return;
            }
            InputFile sized = f.named(f.desktopName(), size, d.mimeType());
            FileUpload upload = new FileUpload(run.deploymentId(), sized.desktopName(), size, d.mimeType());
            PresignedUpload target = giga.presignUpload(upload);
            // Recorded before the bytes go: a later attempt then looks for this upload in storage first.
            InputFile uploading = sized.uploading(target.storagePath());
            save(uploading);
            giga.putToPresignedUrl(target.uploadUrl(), bytes, d.mimeType());
            GigaFile stored = giga.recordUpload(upload, target.storagePath());
            save(uploading.stored(stored.id()));
            log.info("run {}: input file {} of {} stored ({} bytes)", run.id(), f.position(), f.batch(), size);
        } catch (GigaApiException e) {
            if (e.retryable() || e.outcomeUnknown()) {
                throw new RetryLater("input file " + f.position() + ": " + GigaErrorWords.redact(e.getMessage()),
                        e.retryAfter());
            }
            log.warn("run {}: Giga refused input file {}: {}", run.id(), f.position(),
                    GigaErrorWords.redact(e.getMessage()));
            save(files.find(f.runId(), f.batch(), f.position()).orElse(f).failed("Giga's storage refused it ("
                    + (e.code() == null ? "HTTP " + e.status() : e.code()) + ")"));
        } finally {
            directory.delete(bytes);
        }
    }

    /**
     * The stored file an earlier attempt recorded before its answer was lost: the one at the storage path it was
     * given, else one of the same name and size that no other input file of the run is known as.
     */
    private Optional<GigaFile> storedEarlier(GigaClient giga, Run run, InputFile f) {
        Set<String> others = new HashSet<>();
        files.ofRun(run.id()).forEach(o -> {
            if (o.gigaFileId() != null) {
                others.add(o.gigaFileId());
            }
        });
        var stored = giga.listFiles(run.deploymentId());
        Optional<GigaFile> atPath = stored.stream().filter(g -> f.storagePath().equals(g.storagePath())).findFirst();
        if (atPath.isPresent()) {
            return atPath;
        }
        // Giga's listing may leave the storage path out: the same name and size, not another file's, will do.
        return stored.stream()
                .filter(g -> !others.contains(g.id()) && g.storagePath() == null && f.desktopName() != null
                        && f.desktopName().equals(g.fileName()) && g.fileSize() != null && g.fileSize() == f.size())
                .findFirst();
    }

    /** The file's name on the Desktop: safe, and not one another file of the run has there. */
    private String desktopName(Run run, InputFile f, String slackName) {
        String given = slackName != null && !slackName.isBlank() ? slackName : f.slackName();
        Set<String> taken = new HashSet<>();
        for (InputFile other : files.ofRun(run.id())) {
            boolean same = other.batch().equals(f.batch()) && other.position() == f.position();
            boolean onDesktop = other.state() == InputFile.State.STORED || other.state() == InputFile.State.UPLOADING;
            if (!same && onDesktop && other.desktopName() != null) {
                taken.add(other.desktopName());
            }
        }
        String safe = DesktopNames.safe(given, "file-" + f.slackFileId().toLowerCase(Locale.ROOT));
        return DesktopNames.unique(safe, taken);
    }

    /** Why a file is refused for its size ({@code size} -1: it went past the limit while it was read). */
    private static String tooLarge(long size, long maxBytes) {
        return (size > 0 ? "it is " + megabytes(size) + ", over" : "it is over") + " the " + megabytes(maxBytes)
                + " limit for files given to the agent (GIGA_MAX_INPUT_FILE_MB)";
    }

    /** Megabytes (of 1024 × 1024 bytes) as a person reads them, rounded up: never "50 MB" for a file over 50 MB. */
    static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024);
        if (mb == Math.rint(mb)) {
            return (long) mb + " MB";
        }
        if (mb >= 10) {
            return (long) Math.ceil(mb) + " MB";
        }
        return String.format(Locale.ROOT, "%.1f MB", Math.ceil(mb * 10) / 10);
    }

    private void save(InputFile f) {
        files.update(f, clock.instant());
    }

    /**
     * Where bytes wait between their download and their upload: a directory of the app's own under the system's
     * temporary directory, readable by this user only, each file deleted as soon as its upload ended.
     */
    static final class TransferDirectory {
        /** A file older than this was left by a process that died mid-upload (no upload takes this long). */
        static final Duration LEFT_OVER = Duration.ofHours(1);

        private final Path dir;

        TransferDirectory(Path dir) {
            this.dir = dir;
        }

        /**
         * The directory under {@code parent} (created if needed; one per system user, so that two installations on one
         * host never share it), cleared of what a dead process left there. A directory that cannot be prepared is
         * logged; the transfers that need it then fail (and say so), and the rest of the app works on.
         */
        static TransferDirectory under(Path parent, Clock clock) {
            String user = System.getProperty("user.name", "app").replaceAll("[^A-Za-z0-9_.-]", "_");
            Path dir = parent.resolve("giga-slack-input-files-" + user);
            try {
                Files.createDirectories(dir);
                if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
                try (var left = Files.list(dir)) {
                    Instant before = clock.instant().minus(LEFT_OVER);
                    for (Path p : (Iterable<Path>) left::iterator) {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            } catch (IOException e) {
                log.warn("cannot prepare {} for files given to agents: {}", dir, e.toString());
            }
            return new TransferDirectory(dir);
        }

        Path newFile() {
            try {
                // Files.createTempFile makes it readable by this user only (rw-------) where the file system can.
                return Files.createTempFile(dir, "input-", ".part");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a temporary file in " + dir, e);
            }
        }

        void delete(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("could not delete the temporary file {}: {}", file.getFileName(), e.getMessage());
            }
        }

        Path path() {
            return dir;
        }
    }
}
