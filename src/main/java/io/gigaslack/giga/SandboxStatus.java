package io.gigaslack.giga;

/** Known values of {@code sandboxStatus} in run and thread metadata (an open string). */
public final class SandboxStatus {
    /** VM booting. */
    public static final String INITIALIZING = "initializing";
    /** sandboxId and vncUrl usable. */
    public static final String READY = "ready";
    /** A previous sandbox was reused. */
    public static final String RESTORED = "restored";
    /** No desktop. */
    public static final String FAILED = "failed";

    private SandboxStatus() {
    }
}
