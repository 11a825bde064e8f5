package io.gigaslack.gigawork;

import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.Signal;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.store.RunRepository;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Giga side of the app leaving a workspace ({@link RunJob.LeaveWorkspace}): every computer of its runs still
 * going is asked to stop, once each (nobody in that workspace can see or stop them any more, and they cost credits
 * until they end), every such run stops being tracked, and then the workspace's Giga key is forgotten. A computer
 * Giga does not stop now ends with its sandbox, within 15 minutes, since nothing extends it any more.
 */
public final class WorkspaceLeaving {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceLeaving.class);
    static final String REASON = "The app was removed from this workspace.";
    /** Runs handled per job; a workspace with more gets the job again. */
    static final int BATCH = 200;

    private final RunRepository runs;
    private final RunUpdater updater;
    private final Function<String, Optional<GigaClient>> gigaFor;
    private final Consumer<String> forgetKey;

    /**
     * @param gigaFor the Giga client of a team's (or an account's) key, while it is there
     * @param forgetKey deletes an account's key
     */
    public WorkspaceLeaving(RunRepository runs, RunUpdater updater, Function<String, Optional<GigaClient>> gigaFor,
            Consumer<String> forgetKey) {
        this.runs = runs;
        this.updater = updater;
        this.gigaFor = gigaFor;
        this.forgetKey = forgetKey;
    }

    void leave(RunJob.LeaveWorkspace job) {
        Optional<GigaClient> giga = gigaFor.apply(job.account() != null ? job.account() : job.teamId());
        int stopped = 0;
        int ended = 0;
        Set<String> seen = new HashSet<>();
        List<Run> going;
        do {
            going = runs.listNeedingTracking(job.teamId(), BATCH);
            boolean progress = false;
            for (Run run : going) {
                if (!seen.add(run.id())) {
                    continue; // its tracking could not be ended: never loop on it
                }
                progress = true;
                if (giga.isPresent() && run.deploymentId() != null && run.computer().isLive()) {
                    try {
                        giga.get().stopDeployment(run.deploymentId());
                        stopped++;
                    } catch (GigaApiException e) {
                        log.info("run {}: the computer could not be stopped while leaving the workspace: {}",
                                run.id(), e.getMessage());
                    }
                }
                endTracking(run);
                ended++;
            }
            if (!progress) {
                break;
            }
        } while (going.size() == BATCH);
        if (job.account() != null) {
            forgetKey.accept(job.account());
        }
        log.info("left team {}: {} computer(s) stopped, {} run(s) no longer tracked{}", job.teamId(), stopped, ended,
                job.account() != null ? ", Giga key deleted" : "");
    }

    private void endTracking(Run run) {
        if (!run.status().isTerminal()) {
            updater.apply(run.id(), run.deploymentId() == null ? new Signal.StartRefused(REASON)
                    : new Signal.AgentFinished(false, null, REASON));
        }
        if (run.computer().isLive() || (run.deploymentId() != null && !run.computer().hasEnded())) {
            updater.apply(run.id(), new Signal.ComputerObserved(ComputerState.STOPPED, null, null, null));
        }
    }
}
