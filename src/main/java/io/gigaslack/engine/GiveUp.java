package io.gigaslack.engine;

/** Thrown by a job handler when trying again cannot help; the job is closed with this reason. */
public final class GiveUp extends RuntimeException {
    public GiveUp(String reason) {
        super(reason, null, false, false);
    }
}
