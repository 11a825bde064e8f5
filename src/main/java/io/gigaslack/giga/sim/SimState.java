package io.gigaslack.giga.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.TreeSet;

/**
 * One simulated account (one API key): its deployments, threads, runs, files and billing, and the lifecycle that
 * moves them in {@link #tick()}. Ids come from sequences all accounts share, so no two accounts have the same id.
 * Every method is {@code synchronized}; callers that read several objects lock on this.
 * Callbacks are handed to the sink (which must not block) while the lock is held, so they leave in order.
 */
final class SimState {

    static final Set<String> PLATFORMS =
            Set.of("giga-mini", "giga-standard", "giga-pro", "giga-max", "linux-toolkit-standard");

    /** Lifecycle settings. */
    /** @param desktopStream the {@code vncUrl} every sandbox reports (a real desktop's WebSocket), or null */
    /** @param agentSteps how many steps each agent run shows while it works, spread evenly over its duration */
    record Timing(Duration provisionDelay, Duration agentDuration, Duration sandboxLifetime, Duration extendBy,
                  int maxDurationHours, int maxConcurrentAgents, String desktopStream, int agentSteps) {
    }

    /** One step of an agent run as the session shows it at the clock's now. */
    record Step(String id, String runId, String title, String status, Instant startedAt, Instant completedAt) {
    }

    private record PendingUpload(String deploymentId, String fileName, String mimeType, String storagePath,
                                 byte[] content) {
    }

    private final Clock clock;
    private final Timing timing;
    private final Random random;
    private final BiConsumer<String, ObjectNode> callbackSink;
    private volatile Agent agent;
    private final SimBilling billing = new SimBilling();

    private final Map<String, SimDeployment> deployments = new LinkedHashMap<>();
    private final Map<String, SimThread> threads = new LinkedHashMap<>();
    private final Map<String, SimFile> filesById = new LinkedHashMap<>();
    private final Map<String, PendingUpload> uploadsByToken = new LinkedHashMap<>();
    private final Map<String, String> tokenByStoragePath = new LinkedHashMap<>();
    private final SimIds ids;

    SimState(Clock clock, Timing timing, Random random, Agent agent, BiConsumer<String, ObjectNode> callbackSink,
             SimIds ids) {
        this.ids = ids;
        this.clock = clock;
        this.timing = timing;
        this.random = random;
        this.agent = agent;
        this.callbackSink = callbackSink;
    }

    void agent(Agent newAgent) {
        this.agent = newAgent;
    }

    Instant now() {
        return clock.instant();
    }

    SimBilling billing() {
        return billing;
    }

    // ---- deployments -------------------------------------------------------------------------------

    synchronized SimDeployment startDeployment(String name, String platform, int duration, String callbackUrl,
                                               String userPrompt, String goalPrompt, String systemPrompt) {
        checkPlatform(platform);
        checkDuration(duration);
        checkConcurrency();
        SimDeployment d = newDeployment(name, platform, duration, true, callbackUrl);
        SimThread thread = newThread(d, goalPrompt, systemPrompt, platform, duration);
        addRun(d, thread, userPrompt, "msg_" + ids.nextMessage());
        return d;
    }

    synchronized SimDeployment createDeployment(String name, String platform, int duration, boolean aiEnabled) {
        checkPlatform(platform);
        checkDuration(duration);
        return newDeployment(name, platform, duration, aiEnabled, null);
    }

    /** Newest first; {@code status} exact, {@code search} case-insensitive substring of the name. */
    synchronized List<SimDeployment> listDeployments(String status, String search) {
        List<SimDeployment> result = new ArrayList<>();
        for (SimDeployment d : deployments.values()) {
            if (status != null && !status.equals(d.status)) {
                continue;
            }
            if (search != null && !d.name.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT))) {
                continue;
            }
            result.add(d);
        }
        result.sort(Comparator.comparing((SimDeployment d) -> d.createdAt)
                .thenComparing(d -> Long.parseLong(d.id.substring(4))).reversed());
        return result;
    }

    synchronized SimDeployment deployment(String id) {
        SimDeployment d = deployments.get(id);
        if (d == null) {
            throw ApiException.notFound("Deployment " + id);
        }
        return d;
    }

    synchronized Optional<SimDeployment> findDeployment(String id) {
        return Optional.ofNullable(deployments.get(id));
    }

    synchronized Optional<SimDeployment> findDeploymentByName(String name) {
        return deployments.values().stream().filter(d -> d.name.equals(name)).reduce((a, b) -> b);
    }

    synchronized List<SimDeployment> allDeployments() {
        return List.copyOf(deployments.values());
    }

    synchronized SimDeployment stop(String id) {
        SimDeployment d = deployment(id);
        if (d.isLive()) {
            halt(d, "stopped", "stopped", now());
        }
        return d;
    }

    synchronized void delete(String id) {
        SimDeployment d = deployment(id);
        if (d.isLive()) {
            halt(d, "stopped", "deleted", now());
        }
        deployments.remove(id);
        if (d.threadId != null) {
            threads.remove(d.threadId);
        }
        d.files.forEach(f -> filesById.remove(f.id));
    }

    synchronized SimDeployment extend(String sandboxId) {
        SimDeployment d = deployments.values().stream().filter(x -> x.sandboxId.equals(sandboxId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Sandbox " + sandboxId));
        if (!d.isRunning()) {
            throw ApiException.invalidRequest("Sandbox " + sandboxId + " is not running (deployment is " + d.status + ")",
                    "Only a running sandbox can be extended");
        }
        d.expiresAt = d.expiresAt.plus(timing.extendBy());
        d.updatedAt = now();
        return d;
    }

    // ---- files -------------------------------------------------------------------------------------

    /** Copies stored files onto the Desktop; returns how many. */
    synchronized int syncFiles(String id) {
        SimDeployment d = requireRunning(id);
        d.files.forEach(f -> {
            d.desktop.put(f.fileName, f.content);
            if (f.uploaded) {
                d.given.add(f.fileName);
            }
        });
        return d.files.size();
    }

    /** Copies Desktop files into storage (new or updated by name); returns the files pulled. */
    synchronized List<SimFile> pullFiles(String id) {
        SimDeployment d = requireRunning(id);
        Instant now = now();
        List<SimFile> pulled = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : d.desktop.entrySet()) {
            SimFile existing = d.files.stream().filter(f -> f.fileName.equals(e.getKey())).findFirst().orElse(null);
            if (existing != null) {
                existing.content = e.getValue();
                existing.updatedAt = now;
                pulled.add(existing);
            } else {
                SimFile f = new SimFile(newFileId(), d.id, e.getKey(), MimeTypes.of(e.getKey()),
                        "deployments/" + d.id + "/desktop/" + e.getKey(), e.getValue(), now);
                addFile(d, f);
                pulled.add(f);
            }
        }
        return pulled;
    }

    synchronized List<SimFile> files(String deploymentId) {
        return List.copyOf(deployment(deploymentId).files);
    }

    synchronized SimFile file(String fileId) {
        SimFile f = filesById.get(fileId);
        if (f == null) {
            throw ApiException.notFound("File " + fileId);
        }
        return f;
    }

    synchronized Optional<SimFile> findFile(String fileId) {
        return Optional.ofNullable(filesById.get(fileId));
    }

    /** Returns {token, storagePath}. */
    synchronized String[] presign(String deploymentId, String fileName, String mimeType) {
        deployment(deploymentId);
        String token = hex(16);
        String storagePath = "deployments/" + deploymentId + "/uploads/" + token + "/" + fileName;
        uploadsByToken.put(token, new PendingUpload(deploymentId, fileName, mimeType, storagePath, null));
        tokenByStoragePath.put(storagePath, token);
        return new String[] {token, storagePath};
    }

    /** Stores the bytes of a presigned upload; false if the token is unknown. */
    synchronized boolean upload(String token, byte[] content) {
        PendingUpload p = uploadsByToken.get(token);
        if (p == null) {
            return false;
        }
        uploadsByToken.put(token, new PendingUpload(p.deploymentId, p.fileName, p.mimeType, p.storagePath, content));
        return true;
    }

    synchronized SimFile recordFile(String deploymentId, String fileName, String mimeType, Long fileSize,
                                    String storagePath) {
        SimDeployment d = deployment(deploymentId);
        String token = tokenByStoragePath.get(storagePath);
        PendingUpload p = token == null ? null : uploadsByToken.get(token);
        if (p == null || !p.deploymentId.equals(deploymentId)) {
            throw ApiException.invalidField("storagePath", "Unknown storagePath for this deployment");
        }
        if (p.content == null) {
            throw ApiException.invalidField("storagePath", "Nothing was uploaded to this storagePath");
        }
        if (fileSize != null && fileSize != p.content.length) {
            throw ApiException.invalidField("fileSize", "fileSize is " + fileSize + " but " + p.content.length
                    + " bytes were uploaded to this storagePath");
        }
        String name = fileName != null ? fileName : p.fileName;
        String type = mimeType != null ? mimeType : (p.mimeType != null ? p.mimeType : MimeTypes.of(name));
        SimFile f = new SimFile(newFileId(), d.id, name, type, storagePath, p.content, now());
        f.uploaded = true;
        addFile(d, f);
        return f;
    }

    // ---- sessions and runs -------------------------------------------------------------------------

    /** A new thread, on the given deployment or on a new one, whose first run starts at once. */
    synchronized SimThread createSession(String userPrompt, String goalPrompt, String systemPrompt, String template,
                                         Integer duration, String deploymentId) {
        SimDeployment d;
        String platform = template != null ? template : "giga-standard";
        int hours = duration != null ? duration : 1;
        if (deploymentId != null) {
            d = deployment(deploymentId);
            if (!d.isLive()) {
                throw ApiException.invalidRequest("Deployment " + d.id + " is " + d.status, "deploymentId");
            }
        } else {
            checkPlatform(platform);
            checkDuration(hours);
            checkConcurrency();
            long n = ids.nextDeployment();
            d = newDeployment(n, "session-" + n, platform, hours, true, null);
        }
        SimThread thread = newThread(d, goalPrompt, systemPrompt, platform, hours);
        addRun(d, thread, userPrompt, uuid());
        return thread;
    }

    synchronized SimThread thread(String threadId) {
        SimThread t = threads.get(threadId);
        if (t == null) {
            throw ApiException.notFound("Thread " + threadId);
        }
        return t;
    }

    /** A follow-up: a user message and a run that starts when the previous one has finished. */
    synchronized SimRun createRun(String threadId, String message) {
        SimThread t = thread(threadId);
        SimDeployment d = deployment(t.deploymentId);
        if (!d.isLive()) {
            throw ApiException.invalidRequest("Deployment " + d.id + " is " + d.status, "Start a new deployment");
        }
        return addRun(d, t, message, uuid());
    }

    synchronized SimRun run(String threadId, String runId) {
        return thread(threadId).runs.stream().filter(r -> r.id.equals(runId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Run " + runId));
    }

    /** The id of the user message that opened a run. */
    synchronized String messageIdOf(SimThread t, SimRun run) {
        int userIndex = 0;
        for (SimThread.Message m : t.messages) {
            if ("user".equals(m.role())) {
                if (userIndex++ == run.index) {
                    return m.id();
                }
            }
        }
        return null;
    }

    /**
     * The steps of every run of the thread, in order, as they stand now. Each run's agent works through
     * {@link Timing#agentSteps} steps spread evenly over its duration: those whose share of the time has passed are
     * {@code completed}, the current one {@code running}, the rest {@code pending}. A run that failed leaves the step
     * it was on {@code failed}; a run that completed has completed them all. Titles come from the agent.
     */
    synchronized List<Step> steps(SimThread t) {
        List<Step> out = new ArrayList<>();
        int n = timing.agentSteps();
        if (n <= 0) {
            return out;
        }
        Instant now = now();
        long slice = Math.max(1, timing.agentDuration().toMillis() / n);
        for (SimRun r : t.runs) {
            SimDeployment d = deployments.get(t.deploymentId);
            List<String> titles = agent.steps(new AgentTask(d == null ? null : d.id, t.id, r.id, r.prompt,
                    t.goalPrompt, t.systemPrompt, r.index), n);
            Instant begin = r.workStartedAt;
            Instant end = r.isActive() ? now : (r.finishAt != null ? r.finishAt : now);
            int done;
            if ("COMPLETED".equals(r.status)) {
                done = n;
            } else if (begin == null) {
                done = 0;
            } else {
                long elapsed = Math.max(0, Duration.between(begin, end).toMillis());
                done = (int) Math.min(n - 1, elapsed / slice);
            }
            boolean failed = "FAILED".equals(r.status);
            boolean working = begin != null && r.isActive();
            for (int i = 0; i < n; i++) {
                String status;
                Instant started = begin == null ? null : begin.plusMillis(slice * i);
                Instant completed = null;
                if (i < done) {
                    status = "completed";
                    completed = begin == null ? null : begin.plusMillis(slice * (i + 1));
                } else if (i == done && failed && begin != null) {
                    status = "failed";
                    completed = end;
                } else if (i == done && working) {
                    status = "running";
                } else {
                    status = "pending";
                    started = null;
                }
                if ("COMPLETED".equals(r.status) && i == n - 1) {
                    completed = r.finishAt;
                }
                String title = i < titles.size() ? titles.get(i) : "Step " + (i + 1);
                out.add(new Step(r.id + "-step-" + (i + 1), r.id, title, status, started, completed));
            }
        }
        return out;
    }

    // ---- lifecycle ---------------------------------------------------------------------------------

    /** Applies every transition due at the clock's now, in time order. Returns how many were applied. */
    synchronized int tick() {
        Instant now = now();
        int applied = 0;
        while (applyNextDue(now)) {
            applied++;
        }
        return applied;
    }

    private boolean applyNextDue(Instant now) {
        Instant bestAt = null;
        int bestKind = Integer.MAX_VALUE;
        SimDeployment bestDeployment = null;
        SimRun bestRun = null;
        for (SimDeployment d : deployments.values()) {
            SimThread t = d.threadId == null ? null : threads.get(d.threadId);
            List<Object[]> candidates = new ArrayList<>(4);
            if ("provisioning".equals(d.status)) {
                candidates.add(new Object[] {d.readyAt, 0, null});
            }
            if (d.isRunning()) {
                if (t != null) {
                    for (SimRun r : t.runs) {
                        if ("RUNNING".equals(r.status) && r.finishAt != null) {
                            candidates.add(new Object[] {r.finishAt, 1, r});
                        }
                    }
                }
                candidates.add(new Object[] {d.expiresAt, 2, null});
            }
            if (!"terminated".equals(d.status)) {
                candidates.add(new Object[] {d.terminateAt, 3, null});
            }
            for (Object[] c : candidates) {
                Instant at = (Instant) c[0];
                int kind = (Integer) c[1];
                if (at.isAfter(now)) {
                    continue;
                }
                if (bestAt == null || at.isBefore(bestAt) || (at.equals(bestAt) && kind < bestKind)) {
                    bestAt = at;
                    bestKind = kind;
                    bestDeployment = d;
                    bestRun = (SimRun) c[2];
                }
            }
        }
        if (bestAt == null) {
            return false;
        }
        switch (bestKind) {
            case 0:
                becomeReady(bestDeployment, bestAt);
                break;
            case 1:
                finishRun(bestDeployment, bestRun, bestAt);
                break;
            case 2:
                halt(bestDeployment, "stopped", "expired", bestAt);
                break;
            default:
                halt(bestDeployment, "terminated", "duration elapsed", bestAt);
                break;
        }
        return true;
    }

    private void becomeReady(SimDeployment d, Instant at) {
        d.status = "running";
        d.runningSince = at;
        d.updatedAt = at;
        d.expiresAt = at.plus(timing.sandboxLifetime());
        ObjectNode payload = event("deployment.running", d, at).put("status", "running")
                .put("sandboxId", d.sandboxId).put("vncUrl", d.vncUrl);
        emit(d, payload);
        SimThread t = d.threadId == null ? null : threads.get(d.threadId);
        if (t != null) {
            for (SimRun r : t.runs) {
                if ("RUNNING".equals(r.status) && r.finishAt == null) {
                    r.workStartedAt = at;
                    r.finishAt = at.plus(timing.agentDuration());
                }
            }
        }
    }

    private void finishRun(SimDeployment d, SimRun run, Instant at) {
        SimThread t = threads.get(run.threadId);
        AgentResult result = agent.finish(new AgentTask(d.id, t.id, run.id, run.prompt, t.goalPrompt,
                t.systemPrompt, run.index, List.copyOf(d.given)));
        run.status = result.completed() ? "COMPLETED" : "FAILED";
        run.finishAt = at;
        t.messages.add(new SimThread.Message(uuid(), "assistant", result.answer(), at));
        if (result.completed()) {
            d.desktop.putAll(result.desktopFiles());
        }
        d.updatedAt = at;
        emitRunEnd(d, t, run, at);
        startNextRun(d, t, at);
    }

    /** Stops or terminates a deployment; its unfinished runs fail. */
    private void halt(SimDeployment d, String newStatus, String reason, Instant at) {
        boolean wasLive = d.isLive();
        d.status = newStatus;
        d.updatedAt = at;
        SimThread t = d.threadId == null ? null : threads.get(d.threadId);
        if (t != null) {
            for (SimRun r : t.runs) {
                if (r.isActive()) {
                    r.status = "FAILED";
                    r.finishAt = at;
                    emitRunEnd(d, t, r, at);
                }
            }
        }
        if (wasLive || "terminated".equals(newStatus)) {
            emit(d, event("deployment." + newStatus, d, at).put("status", newStatus).put("reason", reason));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private SimDeployment newDeployment(String name, String platform, int duration, boolean aiEnabled,
                                        String callbackUrl) {
        return newDeployment(ids.nextDeployment(), name, platform, duration, aiEnabled, callbackUrl);
    }

    private SimDeployment newDeployment(long n, String name, String platform, int duration, boolean aiEnabled,
                                        String callbackUrl) {
        Instant now = now();
        String id = "dep_" + n;
        String sandboxId = "sbx_" + hex(12);
        SimDeployment d = new SimDeployment(id, name, platform, duration, aiEnabled, callbackUrl, sandboxId,
                timing.desktopStream() != null ? timing.desktopStream() : "wss://vnc.giga-sim.invalid/" + sandboxId,
                now, now.plus(timing.provisionDelay()));
        deployments.put(id, d);
        return d;
    }

    private SimThread newThread(SimDeployment d, String goalPrompt, String systemPrompt, String template,
                                int duration) {
        SimThread t = new SimThread(uuid(), d.id, goalPrompt, systemPrompt, template, duration);
        threads.put(t.id, t);
        d.threadId = t.id;
        return t;
    }

    private SimRun addRun(SimDeployment d, SimThread t, String prompt, String messageId) {
        Instant now = now();
        t.messages.add(new SimThread.Message(messageId, "user", prompt, now));
        SimRun run = new SimRun("run_" + ids.nextRun() + hex(4), t.id, prompt, t.runs.size(), "pat_" + hex(20), now);
        t.runs.add(run);
        startNextRun(d, t, now);
        return run;
    }

    private void startNextRun(SimDeployment d, SimThread t, Instant at) {
        if (t.runs.stream().anyMatch(r -> "RUNNING".equals(r.status))) {
            return;
        }
        t.runs.stream().filter(r -> "QUEUED".equals(r.status)).findFirst().ifPresent(r -> {
            r.status = "RUNNING";
            r.startedAt = at;
            r.finishAt = d.isRunning() ? at.plus(timing.agentDuration()) : null;
            r.workStartedAt = d.isRunning() ? at : null;
        });
    }

    private void emitRunEnd(SimDeployment d, SimThread t, SimRun r, Instant at) {
        boolean ok = "COMPLETED".equals(r.status);
        emit(d, event(ok ? "run.completed" : "run.failed", d, at).put("runId", r.id).put("status", r.status));
    }

    private ObjectNode event(String name, SimDeployment d, Instant at) {
        ObjectNode node = SimJson.object().put("event", name).put("deploymentId", d.id);
        if (d.threadId != null) {
            node.put("threadId", d.threadId);
        }
        node.put("timestamp", SimJson.time(at));
        return node;
    }

    private void emit(SimDeployment d, ObjectNode payload) {
        if (d.callbackUrl != null) {
            callbackSink.accept(d.callbackUrl, payload);
        }
    }

    private SimDeployment requireRunning(String id) {
        SimDeployment d = deployment(id);
        if (!d.isRunning()) {
            throw ApiException.invalidRequest("Deployment " + id + " is " + d.status + ", not running",
                    "Files can only be synced or pulled while the deployment is running");
        }
        return d;
    }

    private void addFile(SimDeployment d, SimFile f) {
        d.files.add(f);
        filesById.put(f.id, f);
    }

    private void checkPlatform(String platform) {
        if (!PLATFORMS.contains(platform)) {
            throw new ApiException(400, "UNSUPPORTED_PLATFORM", "Unsupported platform: " + platform,
                    "Use one of " + String.join(", ", new TreeSet<>(PLATFORMS)));
        }
    }

    private void checkDuration(int hours) {
        if (hours < 1 || hours > 24) {
            throw ApiException.invalidField("duration", "duration must be an integer number of hours from 1 to 24");
        }
        if (hours > timing.maxDurationHours()) {
            throw new ApiException(403, "PLAN_LIMIT_EXCEEDED",
                    "Your plan allows deployments of at most " + timing.maxDurationHours() + " hours", "duration");
        }
    }

    private void checkConcurrency() {
        long active = deployments.values().stream().filter(SimDeployment::isLive)
                .filter(d -> d.threadId != null && threads.get(d.threadId).runs.stream().anyMatch(SimRun::isActive))
                .count();
        if (active >= timing.maxConcurrentAgents()) {
            throw new ApiException(429, "CONCURRENCY_LIMIT_EXCEEDED",
                    "Your plan allows " + timing.maxConcurrentAgents() + " concurrent agents", "Retry later");
        }
    }

    private String newFileId() {
        return String.format(Locale.ROOT, "%016x%08x", 0x6650_0000_0000_0000L + ids.nextFile(), random.nextInt());
    }

    private String hex(int chars) {
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    private String uuid() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(hi, lo).toString();
    }
}
