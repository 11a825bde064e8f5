package io.gigaslack.bench;

import io.gigaslack.slack.SlackSignatureVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A closed-loop load generator: {@code concurrency} threads, each sending one Slack-signed request,
 * waiting for the answer, and sending the next, over HTTP/1.1 keep-alive connections of one
 * {@link HttpClient} with a fixed executor. A warm-up (not counted) precedes the measured window;
 * both are bounded in time and in number of requests.
 */
final class LoadGen implements AutoCloseable {

    /** One request to send: body and content type (it is signed on sending, with the current time). */
    record Req(byte[] body, String contentType) {}

    /** What one measured cell produced. */
    record Result(String label, int concurrency, long requests, long errors, double seconds, long[] sortedNanos,
            Map<String, Long> outcomes) {
        double throughput() {
            return requests / seconds;
        }

        double pMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
        }

        double maxMillis() {
            return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(sortedNanos).average().orElse(Double.NaN) / 1e6;
        }

        long over(Duration d) {
            return Arrays.stream(sortedNanos).filter(n -> n > d.toNanos()).count();
        }
    }

    private final ExecutorService clientExecutor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "loadgen-client");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(clientExecutor)
            .build();
    private final String signingSecret;

    LoadGen(String signingSecret) {
        this.signingSecret = signingSecret;
    }

    /** Sends one signed request and returns the response (for set-up steps). */
    HttpResponse<String> send(URI uri, Req req) throws Exception {
        return client.send(request(uri, req), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends an unsigned POST (callbacks carry a token in the URL, not a signature). */
    HttpResponse<String> postPlain(URI uri, byte[] body, String contentType) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest request(URI uri, Req req) {
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", req.contentType())
                .header(SlackSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(SlackSignatureVerifier.SIGNATURE_HEADER, SlackSignatureVerifier.sign(signingSecret, ts, req.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.body()))
                .build();
    }

    /**
     * Runs one cell. {@code factory} makes the i-th request (signed requests when {@code signed});
     * {@code classify} names the outcome of a 2xx answer body (e.g. "started", "refused").
     */
    Result run(String label, URI uri, int concurrency, Duration warmup, Duration measure, int maxWarmup,
            int maxMeasured, LongFunction<Req> factory, Function<String, String> classify, boolean signed)
            throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        AtomicLong warmSent = new AtomicLong();
        AtomicLong measuredSent = new AtomicLong();
        long start = System.nanoTime();
        long warmEnd = start + warmup.toNanos();
        long[] measureWindow = {0, 0};
        List<long[]> perThread = new ArrayList<>();
        List<Integer> perThreadCount = new ArrayList<>();
        Map<String, Long> outcomes = new TreeMap<>();
        AtomicLong errors = new AtomicLong();
        Thread[] threads = new Thread[concurrency];
        long[][] lat = new long[concurrency][];
        int[] n = new int[concurrency];
        @SuppressWarnings("unchecked")
        Map<String, Long>[] outs = new Map[concurrency];
        // Phase 1: warm-up; phase 2: measured. Every thread checks both bounds before each request.
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(concurrency, () -> {
            measureWindow[0] = System.nanoTime();
            measureWindow[1] = measureWindow[0] + measure.toNanos();
        });
        for (int t = 0; t < concurrency; t++) {
            int idx = t;
            lat[t] = new long[Math.max(16, maxMeasured / concurrency + 16)];
            outs[t] = new TreeMap<>();
            threads[t] = new Thread(() -> {
                try {
                    while (System.nanoTime() < warmEnd && warmSent.incrementAndGet() <= maxWarmup) {
                        once(uri, factory.apply(seq.getAndIncrement()), null, signed, classify, errors);
                    }
                    barrier.await();
                    long end = measureWindow[1];
                    while (System.nanoTime() < end && measuredSent.incrementAndGet() <= maxMeasured) {
                        long t0 = System.nanoTime();
                        String outcome = once(uri, factory.apply(seq.getAndIncrement()), null, signed, classify, errors);
                        long dt = System.nanoTime() - t0;
                        if (n[idx] == lat[idx].length) {
                            lat[idx] = Arrays.copyOf(lat[idx], lat[idx].length * 2);
                        }
                        lat[idx][n[idx]++] = dt;
                        outs[idx].merge(outcome, 1L, Long::sum);
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }, "loadgen-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long measuredEnd = System.nanoTime();
        int total = 0;
        for (int t = 0; t < concurrency; t++) {
            total += n[t];
            outs[t].forEach((k, v) -> outcomes.merge(k, v, Long::sum));
        }
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(lat[t], 0, all, pos, n[t]);
            pos += n[t];
        }
        Arrays.sort(all);
        double seconds = (measuredEnd - measureWindow[0]) / 1e9;
        return new Result(label, concurrency, total, errors.get(), seconds, all, outcomes);
    }

    private String once(URI uri, Req req, Object unused, boolean signed, Function<String, String> classify,
            AtomicLong errors) {
        try {
            HttpRequest r = signed ? request(uri, req) : HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", req.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(req.body())).build();
            HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (resp.statusCode() / 100 != 2) {
                errors.incrementAndGet();
                return "http_" + resp.statusCode();
            }
            return classify.apply(resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            errors.incrementAndGet();
            return "error:" + e.getClass().getSimpleName();
        }
    }

    @Override
    public void close() {
        clientExecutor.shutdownNow();
    }
}
