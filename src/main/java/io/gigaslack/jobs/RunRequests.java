package io.gigaslack.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.Signal;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Limits;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RunRepository;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * What people ask for, recorded durably before Slack gets its acknowledgement: each method writes
 * the run and the jobs that will do the slow work in one transaction, then wakes the workers.
 * Nothing here calls Slack or Giga.
 */
public final class RunRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Jdbc jdbc;
    private final RunRepository runs;
    private final JobQueue jobs;
    private final RunUpdater updater;
    private final Clock clock;
    private final RandomGenerator random;
    private final Runnable nudge;
    private final AuditLog audit;
    private final Limits limits;
    private final java.util.concurrent.ConcurrentMap<String, Object> startLocks =
            new java.util.concurrent.ConcurrentHashMap<>();

    public RunRequests(Jdbc jdbc, RunRepository runs, JobQueue jobs, RunUpdater updater, AuditLog audit, Limits limits,
            Clock clock, RandomGenerator random, Runnable nudge) {
        this.audit = audit;
        this.limits = limits;
        this.jdbc = jdbc;
        this.runs = runs;
        this.jobs = jobs;
        this.updater = updater;
        this.clock = clock;
        this.random = random;
        this.nudge = nudge;
    }

    /**
     * A secure random generator with one instance per thread (DRBG, seeded from the system once per thread), for the
     * ids drawn on the request path. The JDK's default {@link java.security.SecureRandom} on Linux (NativePRNG)
     * serializes every caller on one process-wide lock: under load request threads queued there (39 % of the
     * /giga run endpoint samples at c=32, even at one call per run).
     */
    public static RandomGenerator perThreadSecureRandom() {
        ThreadLocal<java.security.SecureRandom> local = ThreadLocal.withInitial(() -> {
            try {
                return java.security.SecureRandom.getInstance("DRBG");
            } catch (java.security.NoSuchAlgorithmException e) {
                return new java.security.SecureRandom();
            }
        });
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return local.get().nextLong();
            }

            @Override
            public void nextBytes(byte[] bytes) {
                local.get().nextBytes(bytes);
            }
        };
    }

    /** A start that was recorded, or refused by a configured limit (with the words that say why). */
    public record Started(Run run, Decision refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * Records a new run and the post of its status card, unless a configured limit refuses it; the
     * limits are counted in the same transaction as the insert. The computer is started once the
     * card (the thread root) exists. {@code responseUrl} lets the app answer if it cannot post there.
     */
    public Started start(String teamId, String channelId, String userId, RunKind kind, RunParams params,
            String responseUrl) {
        String ids = randomId(24); // the run id and the name tag, drawn together
        Run run = Run.requested("r_" + ids.substring(0, 12), teamId, channelId, userId, kind, params,
                "gs-" + ids.substring(12), null, clock.instant());
        ObjectNode payload = JSON.createObjectNode();
        if (responseUrl != null) {
            payload.put("responseUrl", responseUrl);
        }
        Decision refusal;
        // Count-then-insert is serialized per workspace in this process, so two quick starts cannot both
        // pass a limit. (Across replicas two starts in the same instant can still pass together; the
        // limits are a spending guard, and Giga's own concurrency cap stays the hard one.)
        synchronized (startLocks.computeIfAbsent(teamId, k -> new Object())) {
            refusal = jdbc.inTransaction(tx -> {
            // One statement for the three counts; the workspace's active runs are counted only up to one past its
            // limit (enough to decide), and exactly only when a refusal must say how many there are.
            long cap = (long) limits.maxConcurrentPerWorkspace() + 1;
            long[] counts = runs.countForStart(tx, teamId, userId,
                    clock.instant().minus(java.time.Duration.ofHours(24)), cap);
            long team = counts[2] >= cap ? runs.countActiveByTeam(tx, teamId) : counts[2];
            Decision d = limits.checkStart(params, new Limits.Usage(counts[0], team, counts[1]));
            if (d.isRefused()) {
                return d;
            }
            runs.insert(tx, run);
            jobs.enqueue(tx, Queues.SLACK, run.id(), Queues.CARD, payload.toString(), clock.instant());
            audit.record(tx, teamId, userId, kind == RunKind.AGENT ? "start" : "start_desktop", run.id(),
                    params.platform() + ", " + params.hours() + " h", clock.instant());
            return null;
            });
        }
        if (refusal != null) {
            return new Started(null, refusal);
        }
        nudge.run();
        return new Started(run, null);
    }

    /** A new run with the same parameters, in the same channel, asked for by {@code userId}. */
    public Started retry(Run previous, String userId) {
        Started s = start(previous.teamId(), previous.channelId(), userId, previous.kind(), previous.params(), null);
        if (!s.refused()) {
            audit.record(previous.teamId(), userId, "retry", previous.id(), "as " + s.run().id(), clock.instant());
        }
        return s;
    }

    public void stop(Run run, String userId) {
        RaceRetry.useTransaction(jdbc, tx -> {
            updater.apply(tx, run.id(), new Signal.StopRequested(userId));
            updater.notice(tx, run.id(), JSON.createObjectNode().put("notice", "stop_requested").put("by", userId));
            jobs.enqueue(tx, Queues.GIGA, run.id(), Queues.STOP, by(userId), clock.instant());
            audit.record(tx, run.teamId(), userId, "stop", run.id(), null, clock.instant());
        });
        nudge.run();
    }

    public void extend(Run run, String userId) {
        jdbc.useTransaction(tx -> {
            jobs.enqueue(tx, Queues.GIGA, run.id(), Queues.EXTEND, by(userId), clock.instant());
            audit.record(tx, run.teamId(), userId, "extend", run.id(), null, clock.instant());
        });
        nudge.run();
    }

    public void delete(Run run, String userId) {
        RaceRetry.useTransaction(jdbc, tx -> {
            // Marks who ended it; a run deleted before its computer started is then never started.
            updater.apply(tx, run.id(), new Signal.StopRequested(userId));
            jobs.enqueue(tx, Queues.GIGA, run.id(), Queues.DELETE, by(userId), clock.instant());
            audit.record(tx, run.teamId(), userId, "delete", run.id(), run.deploymentId(), clock.instant());
        });
        nudge.run();
    }

    /** Sends a message to the running agent (a new run on its session). */
    public void followUp(Run run, String userId, String message) {
        String payload = JSON.createObjectNode().put("by", userId).put("message", message).toString();
        jdbc.useTransaction(tx -> jobs.enqueue(tx, Queues.GIGA, run.id(), Queues.FOLLOW_UP, payload, clock.instant()));
        nudge.run();
    }

    /**
     * A callback from Giga for this run: re-read Giga soon. {@code hint} is what the body claimed
     * ("completed", "failed" or null); Giga's own answer decides.
     */
    public void callbackReceived(String runId, String hint) {
        ObjectNode payload = JSON.createObjectNode();
        if (hint != null) {
            payload.put("hint", hint);
        }
        // Coalesced: a burst of repeated callbacks for a run costs one re-read of Giga, not one each.
        String kind = hint == null ? Queues.REFRESH : Queues.REFRESH + "_" + hint;
        jdbc.useTransaction(tx -> jobs.enqueueCoalesced(tx, Queues.GIGA, runId, kind, payload.toString(),
                clock.instant()));
        nudge.run();
    }

    /** An ephemeral answer sent later (when the acknowledgement could not carry it). */
    public void ephemeral(String channel, String user, String responseUrl, ObjectNode message) {
        ObjectNode payload = JSON.createObjectNode().put("channel", channel).put("user", user);
        if (responseUrl != null) {
            payload.put("responseUrl", responseUrl);
        }
        payload.set("message", message);
        jdbc.useTransaction(tx -> jobs.enqueue(tx, Queues.SLACK, null, Queues.EPHEMERAL, payload.toString(),
                clock.instant()));
        nudge.run();
    }

    private static String by(String userId) {
        return JSON.createObjectNode().put("by", userId).toString();
    }

    /**
     * {@code length} random characters of [a-z0-9], uniformly, from one call of the random generator (bytes below
     * 252 = 7 × 36 are used, the others skipped; more are drawn in the rare case that too many were skipped). One
     * call rather than one per character: a {@link java.security.SecureRandom} is synchronized, and under load
     * request threads queued on it (19 % of the /giga run endpoint samples at c=32 with 24 calls per run).
     */
    private String randomId(int length) {
        char[] out = new char[length];
        int filled = 0;
        while (filled < length) {
            byte[] bytes = new byte[length - filled + 8];
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int b = bytes[i] & 0xff;
                if (b < 252) {
                    out[filled++] = ALPHABET.charAt(b % ALPHABET.length());
                }
            }
        }
        return new String(out);
    }
}
