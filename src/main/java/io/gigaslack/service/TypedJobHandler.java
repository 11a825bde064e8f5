package io.gigaslack.service;

import io.gigaslack.engine.GiveUp;
import io.gigaslack.engine.JobHandler;
import io.gigaslack.store.Job;

/**
 * A handler of one family of typed jobs: the engine hands it stored rows, this decodes them once with
 * {@link JobCodec} and passes the typed job on. A row that cannot be read, or that belongs to another family, is
 * given up (trying again cannot help).
 */
public interface TypedJobHandler<J extends RunJob> {

    void handle(Job stored, J job) throws Exception;

    /** Called once when the job is abandoned for good; must not throw. */
    default void givenUp(Job stored, J job, String reason) {}

    /** This handler as the engine's {@link JobHandler}, for the jobs of type {@code family}. */
    static <J extends RunJob> JobHandler forEngine(Class<J> family, TypedJobHandler<J> handler) {
        return new JobHandler() {
            @Override
            public void handle(Job stored) throws Exception {
                handler.handle(stored, decode(stored));
            }

            @Override
            public void givenUp(Job stored, String reason) {
                J job;
                try {
                    job = decode(stored);
                } catch (GiveUp e) {
                    return; // nothing this version can tell anyone about
                }
                handler.givenUp(stored, job, reason);
            }

            private J decode(Job stored) {
                RunJob job;
                try {
                    job = JobCodec.decode(stored);
                } catch (JobCodec.UnreadableJob e) {
                    throw new GiveUp(e.getMessage());
                }
                if (!family.isInstance(job)) {
                    throw new GiveUp("job " + stored.id() + " (" + stored.kind() + ") is not a " + family.getSimpleName());
                }
                return family.cast(job);
            }
        };
    }
}
