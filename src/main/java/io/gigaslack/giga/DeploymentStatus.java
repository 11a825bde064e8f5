package io.gigaslack.giga;

/** Known values of a deployment's {@code status}; the field is an open string, other values may appear. */
public final class DeploymentStatus {
    public static final String PROVISIONING = "provisioning";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    public static final String TERMINATED = "terminated";
    /** Not documented; handled in case it exists. */
    public static final String FAILED = "failed";

    private DeploymentStatus() {
    }

    /** True for statuses a deployment does not leave by itself (stopped, terminated, failed). */
    public static boolean isFinished(String status) {
        return STOPPED.equalsIgnoreCase(status) || TERMINATED.equalsIgnoreCase(status)
                || FAILED.equalsIgnoreCase(status);
    }
}
