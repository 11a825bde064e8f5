package io.gigaslack.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.charset.StandardCharsets;

/**
 * Jetty 12 carrying the app's routes. Reveals no server version and no stack traces; unknown
 * paths get 404. Stopping it lets requests in flight finish (graceful shutdown) before closing.
 */
public final class JettyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JettyServer.class);

    private final Server server;
    private final ServerConnector connector;

    private JettyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts serving {@code routes} ("METHOD /path" → route; a path ending in "/*" matches a prefix). */
    public static JettyServer start(String host, int port, Map<String, Route> routes, long stopTimeoutMillis) {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8, 60_000);
        pool.setName("http");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler(new Router(routes));
        server.setHandler(graceful);
        server.setStopTimeout(stopTimeoutMillis);
        server.setStopAtShutdown(false);
        server.setErrorHandler((request, response, callback) -> {
            response.setStatus(response.getStatus() >= 400 ? response.getStatus() : 500);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap("error\n".getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
        return new JettyServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops taking requests, waits for those in flight (up to the stop timeout), then closes. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
    }

    private static final class Router extends Handler.Abstract {
        private final Map<String, Route> exact = new LinkedHashMap<>();
        private final Map<String, Route> prefixes = new LinkedHashMap<>();

        Router(Map<String, Route> routes) {
            routes.forEach((key, route) -> {
                if (key.endsWith("/*")) {
                    prefixes.put(key.substring(0, key.length() - 1), route);
                } else {
                    exact.put(key, route);
                }
            });
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            JettyCall call = new JettyCall(request, response, callback);
            String path = Request.getPathInContext(request);
            String key = request.getMethod() + " " + path;
            Route route = exact.get(key);
            if (route == null) {
                for (Map.Entry<String, Route> e : prefixes.entrySet()) {
                    if (key.startsWith(e.getKey())) {
                        route = e.getValue();
                        break;
                    }
                }
            }
            try {
                if (route == null) {
                    call.respond(404, "text/plain; charset=utf-8", "not found\n");
                } else {
                    route.handle(call);
                }
            } catch (HttpCall.BodyTooLargeException e) {
                call.respond(413, "text/plain; charset=utf-8", "request body too large\n");
            } catch (Exception e) {
                log.error("request {} {} failed: {}", request.getMethod(), path, e.toString(), e);
                call.respond(500, "text/plain; charset=utf-8", "internal error\n");
            }
            if (!call.responded) {
                call.respond(500, "text/plain; charset=utf-8", "no response\n");
            }
            return true;
        }
    }

    private static final class JettyCall implements HttpCall {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private Fields query;
        private boolean responded;

        JettyCall(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            return Request.getPathInContext(request);
        }

        private Fields fields() {
            if (query == null) {
                query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            }
            return query;
        }

        @Override
        public String query(String name) {
            return fields().getValue(name);
        }

        @Override
        public Map<String, List<String>> queryParameters() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Fields.Field f : fields()) {
                out.put(f.getName(), f.getValues());
            }
            return out;
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public Map<String, List<String>> headers() {
            Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (HttpField f : request.getHeaders()) {
                out.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.getValue());
            }
            return out;
        }

        @Override
        public String remoteAddress() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public byte[] body(int maxBytes) throws IOException {
            long declared = request.getLength();
            if (declared > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
            try (InputStream in = Request.asInputStream(request)) {
                byte[] bytes = in.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new BodyTooLargeException(maxBytes);
                }
                return bytes;
            }
        }

        @Override
        public void respond(int status, String contentType, byte[] body, Map<String, String> headers) {
            if (responded) {
                return;
            }
            responded = true;
            response.setStatus(status);
            if (contentType != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            }
            headers.forEach((k, v) -> response.getHeaders().put(k, v));
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
