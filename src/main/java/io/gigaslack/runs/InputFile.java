package io.gigaslack.runs;

import java.util.Objects;

/**
 * A file someone gave a run's agent from Slack (attached to the message that started the run or to a follow-up, or
 * put in the run modal's file field), and how far it got on its way to the computer's Desktop. One per file, in the
 * order they were attached; a {@code batch} groups the files of one message ({@link #START_BATCH} for the start).
 *
 * @param position the file's place in its message (0, 1, …)
 * @param slackName the name Slack gave with the message, if it gave one (a Slack Connect file carries none)
 * @param desktopName the file's name on the Desktop, once decided (made safe, a clash suffixed)
 * @param size bytes, or -1 while unknown
 * @param reason why it did not reach the Desktop, in plain words (for {@link State#REFUSED} and {@link State#FAILED})
 * @param storagePath where Giga's storage holds it, once an upload began
 * @param gigaFileId Giga's id of the stored file, once recorded
 */
public record InputFile(String runId, String batch, int position, String slackFileId, String slackName,
        String desktopName, long size, String mimeType, State state, String reason, String storagePath,
        String gigaFileId) {

    /** The batch of the files given with the request that started the run. */
    public static final String START_BATCH = "start";
    /** Files taken from one message (Slack's own file field takes at most 10 too). */
    public static final int MAX_PER_MESSAGE = 10;
    /** Where Giga's {@code files/sync} places stored files on the computer. */
    public static final String DESKTOP_DIR = "/home/user/Desktop/";

    /** How far a file got. */
    public enum State {
        /** Recorded; nothing asked of Slack or Giga yet. */
        WAITING,
        /** Giga's storage was asked for an upload URL ({@code storagePath} is set); the bytes may be on their way. */
        UPLOADING,
        /** In Giga's storage for the deployment: the next sync puts it on the Desktop. */
        STORED,
        /** Not taken: over the limit, or of a kind Slack does not hand out. */
        REFUSED,
        /** Taken, but it could not be downloaded from Slack or uploaded to Giga. */
        FAILED;

        /** Whether nothing more will happen to the file. */
        public boolean settled() {
            return this == STORED || this == REFUSED || this == FAILED;
        }
    }

    public InputFile {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(slackFileId, "slackFileId");
        Objects.requireNonNull(state, "state");
    }

    /** A file just attached: waiting for its transfer. */
    public static InputFile waiting(String runId, String batch, int position, String slackFileId, String slackName) {
        return new InputFile(runId, batch, position, slackFileId, slackName, null, -1, null, State.WAITING, null, null,
                null);
    }

    /** What to call the file when telling people about it: its Desktop name, else Slack's, else its id. */
    public String shownName() {
        if (desktopName != null) {
            return desktopName;
        }
        return slackName != null && !slackName.isBlank() ? slackName : slackFileId;
    }

    /** The file's full path on the computer (meaningful once it is {@link State#STORED}). */
    public String desktopPath() {
        return DESKTOP_DIR + shownName();
    }

    public InputFile named(String name, long bytes, String mime) {
        return new InputFile(runId, batch, position, slackFileId, slackName, name, bytes, mime, state, reason,
                storagePath, gigaFileId);
    }

    public InputFile uploading(String path) {
        return new InputFile(runId, batch, position, slackFileId, slackName, desktopName, size, mimeType,
                State.UPLOADING, null, path, gigaFileId);
    }

    public InputFile stored(String fileId) {
        return new InputFile(runId, batch, position, slackFileId, slackName, desktopName, size, mimeType, State.STORED,
                null, storagePath, fileId);
    }

    /** Back to the start of its upload (an earlier attempt's upload cannot be found in Giga's storage). */
    public InputFile restarted() {
        return new InputFile(runId, batch, position, slackFileId, slackName, desktopName, size, mimeType, State.WAITING,
                null, null, null);
    }

    public InputFile refused(String why) {
        return new InputFile(runId, batch, position, slackFileId, slackName, desktopName, size, mimeType,
                State.REFUSED, why, storagePath, gigaFileId);
    }

    public InputFile failed(String why) {
        return new InputFile(runId, batch, position, slackFileId, slackName, desktopName, size, mimeType, State.FAILED,
                why, storagePath, gigaFileId);
    }
}
