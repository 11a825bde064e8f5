package io.gigaslack.giga.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A session: prompts, message history and runs. Guarded by the {@link SimState} lock. */
final class SimThread {

    record Message(String id, String role, String content, Instant createdAt) {
    }

    final String id;
    final String deploymentId;
    final String goalPrompt;
    final String systemPrompt;
    final String template;
    final int duration;
    final List<Message> messages = new ArrayList<>();
    final List<SimRun> runs = new ArrayList<>();

    SimThread(String id, String deploymentId, String goalPrompt, String systemPrompt, String template, int duration) {
        this.id = id;
        this.deploymentId = deploymentId;
        this.goalPrompt = goalPrompt;
        this.systemPrompt = systemPrompt;
        this.template = template;
        this.duration = duration;
    }

    SimRun lastRun() {
        return runs.isEmpty() ? null : runs.get(runs.size() - 1);
    }

    /** RUNNING while a run is queued or running, else the last run's status ("IDLE" before any run). */
    String status() {
        SimRun last = lastRun();
        if (last == null) {
            return "IDLE";
        }
        return last.isActive() ? "RUNNING" : last.status;
    }
}
