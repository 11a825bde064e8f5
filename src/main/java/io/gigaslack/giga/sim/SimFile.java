package io.gigaslack.giga.sim;

import java.time.Instant;

/** A stored (S3-side) file of a deployment. Guarded by the {@link SimState} lock. */
final class SimFile {
    final String id;
    final String deploymentId;
    final String fileName;
    final String mimeType;
    final String storagePath;
    final Instant createdAt;
    byte[] content;
    Instant updatedAt;
    /** Uploaded through presign, PUT and record (a file given to the agent), not pulled from the Desktop. */
    boolean uploaded;

    SimFile(String id, String deploymentId, String fileName, String mimeType, String storagePath, byte[] content,
            Instant now) {
        this.id = id;
        this.deploymentId = deploymentId;
        this.fileName = fileName;
        this.mimeType = mimeType;
        this.storagePath = storagePath;
        this.content = content;
        this.createdAt = now;
        this.updatedAt = now;
    }
}
