package io.gigaslack.slack.web;

/** A file being downloaded from Slack went past the size it was allowed; what was read so far is discarded. */
public final class DownloadTooLarge extends RuntimeException {
    private final long limit;

    public DownloadTooLarge(long limit) {
        super("the file is larger than " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
