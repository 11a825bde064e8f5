package io.gigaslack.bench;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "An acknowledged run is never lost", checked the hard way: a burst of {@code /giga run} against the app as its own
 * process, the process killed with SIGKILL in the middle of it, then the database file opened again and every run
 * the app acknowledged (its id is in the answer) looked up.
 */
final class CrashCheck {
    private static final Pattern RUN_ID = Pattern.compile("`(r_[a-z0-9]+)`");

    /** What one crash produced. */
    record Outcome(int concurrency, long acknowledged, long present, List<String> missing, long failedInFlight,
            long storedRuns, double burstMillis) {}

    private final LoadGen load;

    CrashCheck(LoadGen load) {
        this.load = load;
    }

    /**
     * Sends {@code /giga run} from {@code concurrency} clients for {@code before}, kills {@code process} with SIGKILL
     * while they keep sending, then reads the runs in {@code databaseUrl} (the process is dead, its file free).
     */
    Outcome run(Process process, URI uri, String databaseUrl, int concurrency, Duration before,
            LongFunction<LoadGen.Req> factory) throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicLong failed = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        AtomicBoolean dead = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (!dead.get()) {
                    try {
                        HttpResponse<String> r = load.send(uri, factory.apply(seq.getAndIncrement()));
                        Matcher m = RUN_ID.matcher(r.body());
                        if (r.statusCode() == 200 && m.find()) {
                            acked.add(m.group(1));
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet(); // in flight at the kill, or refused after it: never acknowledged
                        if (dead.get()) {
                            return;
                        }
                    }
                }
            }, "crash-client-" + i);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
        Thread.sleep(before.toMillis());
        long ackedBeforeKill = acked.size();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
        dead.set(true);
        process.waitFor();
        double burstMillis = (System.nanoTime() - t0) / 1e6;
        for (Thread t : clients) {
            t.interrupt();
            t.join(10_000);
        }
        Set<String> acknowledged = new HashSet<>(acked);
        Set<String> stored = new HashSet<>();
        try (Connection c = DriverManager.getConnection(databaseUrl, "", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM runs")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        List<String> missing = acknowledged.stream().filter(id -> !stored.contains(id)).sorted().toList();
        Benchmark.say(String.format("  crash: %d acknowledged (%d before the kill), %d stored, %d missing, %d failed in"
                + " flight", acknowledged.size(), ackedBeforeKill, stored.size(), missing.size(), failed.get()));
        return new Outcome(concurrency, acknowledged.size(), acknowledged.size() - missing.size(), missing,
                failed.get(), stored.size(), burstMillis);
    }
}
