package io.gigaslack.service;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the files people give an agent come from: Slack, read with the bot token. Implemented by the Slack front-end;
 * the Giga jobs that move a file onto the computer use it without knowing Slack.
 */
public interface InputFileSource {

    /** What Slack says about a file: one it hands out ({@link Downloadable}), or one it does not, with why. */
    sealed interface Described permits Downloadable, NotDownloadable {
        /** The file's name as its owner gave it (may be empty). */
        String name();
    }

    /**
     * A file whose bytes can be had. {@code size} is Slack's count of bytes (-1 if it gave none); {@code location} is
     * for {@link #download} only (it is never logged: {@link #toString()} leaves it out).
     */
    record Downloadable(String name, String mimeType, long size, String location) implements Described {
        @Override
        public String toString() {
            return "Downloadable[name=" + name + ", mimeType=" + mimeType + ", size=" + size + "]";
        }
    }

    /** A file Slack will not hand out as bytes (a link to Google Drive, a canvas, a deleted file…), and why. */
    record NotDownloadable(String name, String reason) implements Described {}

    /**
     * Looks the file up, as the app's bot in {@code teamId} (the workspace the file was shared in).
     *
     * @throws Unavailable when Slack cannot say (the file is gone, the app may not see it, Slack did not answer)
     */
    Described describe(String teamId, String fileId);

    /**
     * Streams the file's bytes (as the bot of {@code teamId}) into {@code target} (created or replaced), at most
     * {@code maxBytes}; returns how many
     * were written.
     *
     * @throws TooLarge when the file turns out larger than {@code maxBytes} (nothing more is read)
     * @throws Unavailable when it cannot be had
     */
    long download(String teamId, Downloadable file, long maxBytes, Path target);

    /** The file cannot be had now or at all; {@code reason} is plain words for the thread. */
    final class Unavailable extends RuntimeException {
        private final boolean retryable;
        private final Duration retryAfter;

        public Unavailable(String reason, boolean retryable, Duration retryAfter) {
            super(reason, null, false, false);
            this.retryable = retryable;
            this.retryAfter = retryAfter;
        }

        /** Whether trying again later can help (Slack was rate limiting, or did not answer). */
        public boolean retryable() {
            return retryable;
        }

        /** How long Slack asked to wait, or null. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The bytes went past the limit while they were read. */
    final class TooLarge extends RuntimeException {
        public TooLarge(long limit) {
            super("larger than " + limit + " bytes", null, false, false);
        }
    }
}
