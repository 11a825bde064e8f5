package io.gigaslack.app;

/**
 * The app refused to start because something it checked is wrong (e.g. Slack refused a token): the message, for the
 * person running it, names the setting and the fix; {@link #exitCode()} is the process exit code ({@code Main} prints
 * the message without a stack trace). Everything started before the check has been closed.
 */
public final class StartupException extends RuntimeException {
    private final int exitCode;

    public StartupException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
