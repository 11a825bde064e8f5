package io.gigaslack.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A poor man's sampling profiler: every few milliseconds it takes the stacks of the HTTP server's
 * threads and, for each thread busy inside the Slack endpoint, files the sample under the first
 * frame (from the top) that belongs to a known part: signature check, Bolt parsing, database, JSON…
 * JDK frames are attributed to the caller that called into the JDK.
 */
final class StackSampler implements AutoCloseable {
    private static final String HANDLER = "io.gigaslack.slack.SlackEventsEndpoint";

    private static final List<String[]> PARTS = List.of(
            new String[] {"com.sun.crypto.provider.Hmac", "signature check (HMAC-SHA256)"},
            new String[] {"io.gigaslack.slack.SlackSignatureVerifier", "signature check (HMAC-SHA256)"},
            new String[] {"sun.security.provider", "SecureRandom (run ids)"},
            new String[] {"java.security.SecureRandom", "SecureRandom (run ids)"},
            new String[] {"org.h2.", "H2 database"},
            new String[] {"com.zaxxer.hikari", "connection pool (Hikari)"},
            new String[] {"io.gigaslack.store.JobQueue", "JobQueue (enqueue, claim)"},
            new String[] {"io.gigaslack.store.", "store code (JDBC)"},
            new String[] {"com.google.gson", "Gson (Bolt payload parse)"},
            new String[] {"com.slack.api.bolt.util.SlackRequestParser", "Bolt request parse"},
            new String[] {"com.slack.api.bolt.request", "Bolt request parse"},
            new String[] {"com.slack.api.app_backend", "Bolt request parse"},
            new String[] {"com.slack.api.bolt", "Bolt dispatch and middleware"},
            new String[] {"com.slack.api", "Slack SDK (other)"},
            new String[] {"com.fasterxml.jackson", "Jackson JSON"},
            new String[] {"io.gigaslack.slack.render", "Block Kit rendering"},
            new String[] {"io.gigaslack.slack.command", "command parsing"},
            new String[] {"ch.qos.logback", "logging"},
            new String[] {"org.slf4j", "logging"},
            new String[] {"io.prometheus", "metrics"},
            new String[] {"io.gigaslack.ops", "metrics"},
            new String[] {"io.gigaslack.runs", "domain rules (limits, access)"},
            new String[] {"io.gigaslack.engine.Worker", "Worker.nudge / claim loop"},
            new String[] {"io.gigaslack.app.GigaSlackApp", "Worker.nudge / claim loop"},
            new String[] {"io.gigaslack.jobs", "RunService (app logic)"},
            new String[] {HANDLER, "endpoint glue (headers, body read)"},
            new String[] {"io.gigaslack.slack", "Bolt listeners (app logic)"},
            new String[] {"org.eclipse.jetty", "Jetty (body read, response)"});

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Long> busy = new TreeMap<>();
    private final Map<String, Long> waiting = new TreeMap<>();
    private final Map<String, Long> topFrames = new TreeMap<>();
    private final Map<String, Long> threadGroups = new TreeMap<>();
    /** Background worker threads on the CPU, by the innermost app method on their stack that is not the store's. */
    private final Map<String, Long> workerCallers = new TreeMap<>();
    private long handlerSamples;
    private long outsideHandlerBusy;
    private long rounds;
    private final Thread thread;
    private final String threadPrefix;

    StackSampler(String threadPrefix, long intervalMillis) {
        this.threadPrefix = threadPrefix;
        thread = new Thread(() -> {
            long[] ids = new long[0];
            long lastRefresh = 0;
            while (running.get()) {
                if (System.nanoTime() - lastRefresh > 300_000_000L) {
                    ids = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t != Thread.currentThread()).mapToLong(Thread::getId).toArray();
                    lastRefresh = System.nanoTime();
                }
                sample(mx.getThreadInfo(ids, 200));
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stack-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void sample(ThreadInfo[] infos) {
        rounds++;
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue;
            }
            StackTraceElement[] st = info.getStackTrace();
            Thread.State state0 = info.getThreadState();
            if (state0 == Thread.State.RUNNABLE && st.length > 0 && !idle(st[0])) {
                String group = info.getThreadName().replaceAll("[-#]?[0-9]+", "").replaceAll("-+$", "");
                String what = classify(st);
                threadGroups.merge(group + ": " + what, 1L, Long::sum);
                if (group.contains("worker")) {
                    workerCallers.merge(group + ": " + appCaller(st), 1L, Long::sum);
                }
            }
            if (!info.getThreadName().startsWith(threadPrefix)) {
                continue;
            }
            boolean inHandler = false;
            for (StackTraceElement e : st) {
                if (e.getClassName().equals(HANDLER) && e.getMethodName().equals("handle")) {
                    inHandler = true;
                    break;
                }
            }
            Thread.State state = info.getThreadState();
            if (!inHandler) {
                if (state == Thread.State.RUNNABLE && st.length > 0 && !idle(st[0])) {
                    outsideHandlerBusy++;
                }
                continue;
            }
            handlerSamples++;
            String part = classify(st);
            topFrames.merge(topKnownFrame(st) + " [" + state.name().toLowerCase() + "]", 1L, Long::sum);
            if (state == Thread.State.RUNNABLE) {
                busy.merge(part, 1L, Long::sum);
            } else {
                waiting.merge(part + " [" + state.name().toLowerCase() + "]", 1L, Long::sum);
            }
        }
    }

    private static boolean idle(StackTraceElement top) {
        String c = top.getClassName();
        return c.startsWith("sun.nio.ch.EPoll") || c.contains("ServerSocketChannel") || c.startsWith("sun.nio.ch.Net")
                || c.startsWith("sun.nio.ch.SocketDispatcher") || c.startsWith("sun.nio.ch.NioSocketImpl")
                || c.equals("java.net.SocketInputStream") || c.startsWith("java.lang.ref.Reference")
                || c.startsWith("sun.management.ThreadImpl");
    }

    /** The first non-JDK frame, as class.method (JDK frames are attributed to their caller). */
    static String topKnownFrame(StackTraceElement[] st) {
        for (StackTraceElement e : st) {
            String c = e.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("javax."))) {
                return c.substring(c.lastIndexOf('.', c.lastIndexOf('.') - 1) + 1) + "." + e.getMethodName();
            }
        }
        return st.length == 0 ? "?" : st[0].getClassName() + "." + st[0].getMethodName();
    }

    synchronized Map<String, Long> topFrames() {
        return new LinkedHashMap<>(topFrames);
    }

    synchronized Map<String, Long> workerCallers() {
        return new LinkedHashMap<>(workerCallers);
    }

    /** The innermost io.gigaslack frame outside io.gigaslack.store (who asked the database), with the store call. */
    static String appCaller(StackTraceElement[] st) {
        String store = null;
        for (StackTraceElement e : st) {
            String c = e.getClassName();
            if (!c.startsWith("io.gigaslack.") || c.contains("$$Lambda")) {
                continue;
            }
            String name = c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName();
            if (c.startsWith("io.gigaslack.store.")) {
                if (store == null && !c.endsWith(".Jdbc") && !c.endsWith(".Tx")) {
                    store = name;
                }
                continue;
            }
            if (name.contains("lambda$")) {
                continue;
            }
            return store == null ? "`" + name + "`" : "`" + name + "` → `" + store + "`";
        }
        return store == null ? "(no app frame)" : "`" + store + "`";
    }

    synchronized Map<String, Long> threadGroups() {
        return new LinkedHashMap<>(threadGroups);
    }

    static String classify(StackTraceElement[] st) {
        for (StackTraceElement e : st) {
            String c = e.getClassName();
            if (c.startsWith("org.h2.") && e.getMethodName().toLowerCase().contains("commit")) {
                return "H2 commit";
            }
            for (String[] part : PARTS) {
                if (c.startsWith(part[0])) {
                    return part[1];
                }
            }
        }
        return "other";
    }

    /** Samples per part, busy (RUNNABLE) then waiting (blocked, parked). */
    synchronized Map<String, Long> busy() {
        return new LinkedHashMap<>(busy);
    }

    synchronized Map<String, Long> waiting() {
        return new LinkedHashMap<>(waiting);
    }

    synchronized long handlerSamples() {
        return handlerSamples;
    }

    synchronized long outsideHandlerBusy() {
        return outsideHandlerBusy;
    }

    synchronized long rounds() {
        return rounds;
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
