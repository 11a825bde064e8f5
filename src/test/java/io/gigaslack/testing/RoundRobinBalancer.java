package io.gigaslack.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * A tiny HTTP load balancer for replica tests: forwards each request, round robin, to one of its
 * backends (method, path, query, headers and body as received), skipping backends marked down and
 * moving on to the next one when a backend refuses the connection or answers 503 (a stopping
 * server turns requests away unhandled, so trying another is safe). It counts the requests each
 * backend answered.
 */
public final class RoundRobinBalancer implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "expect",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<IntSupplier> backends = new CopyOnWriteArrayList<>();
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray served = new AtomicLongArray(16);

    public RoundRobinBalancer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    /** Adds a backend by its port (asked on every request, so a backend may be restarted on another port). */
    public int addBackend(IntSupplier port) {
        backends.add(port);
        return backends.size() - 1;
    }

    /** Stops sending requests to backend {@code index}. */
    public void markDown(int index) {
        down.add(index);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests answered by backend {@code index}. */
    public long served(int index) {
        return served.get(index);
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            forwardOrFail(ex);
        } catch (IOException | RuntimeException e) {
            System.err.println("balancer: " + ex.getRequestURI() + " failed: " + e);
            throw e;
        }
    }

    private void forwardOrFail(HttpExchange ex) throws IOException {
        {
            byte[] body = ex.getRequestBody().readAllBytes();
            int n = backends.size();
            int start = Math.floorMod(next.getAndIncrement(), n);
            for (int i = 0; i < n; i++) {
                int index = (start + i) % n;
                if (down.contains(index)) {
                    continue;
                }
                int port;
                try {
                    port = backends.get(index).getAsInt();
                } catch (RuntimeException e) {
                    continue; // the backend is gone
                }
                if (port <= 0) {
                    continue; // not listening (a stopped server reports no port)
                }
                HttpResponse<byte[]> r;
                try {
                    r = client.send(request(ex, port, body), HttpResponse.BodyHandlers.ofByteArray());
                } catch (ConnectException | HttpConnectTimeoutException e) {
                    continue; // refused before anything was sent: another backend may take it
                } catch (IOException e) {
                    respond(ex, 502, ("backend " + index + " failed: " + e).getBytes());
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    respond(ex, 503, "interrupted".getBytes());
                    return;
                }
                if (r.statusCode() == 503) {
                    continue; // a stopping backend turned it away without handling it (as nginx's proxy_next_upstream)
                }
                served.incrementAndGet(index);
                r.headers().map().forEach((k, v) -> {
                    if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                        ex.getResponseHeaders().put(k, v);
                    }
                });
                respond(ex, r.statusCode(), r.body());
                return;
            }
            respond(ex, 503, "no backend available".getBytes());
        }
    }

    private static HttpRequest request(HttpExchange ex, int port, byte[] body) {
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path
                        + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(20))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, values) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(k, v));
            }
        });
        return b.build();
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
