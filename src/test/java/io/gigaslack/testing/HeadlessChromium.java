package io.gigaslack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium driven through the Chrome DevTools Protocol with nothing but the JDK (a process, {@link
 * HttpClient}'s {@link WebSocket}) and Jackson. One browser, one page: {@link #navigate} waits for the page's load
 * event, {@link #evaluate} runs JavaScript in it, {@link #waitUntil} polls a condition, {@link #screenshotPng} captures
 * the viewport (it does not wait for anything the page itself waits for, such as a WebSocket), and everything the page
 * logs or throws is kept for {@link #consoleLog()} so a failing test can print it.
 *
 * <p>Chromium is {@code /usr/bin/chromium} unless the environment variable {@code CHROMIUM} names another executable.
 * Tests call {@link #assumeAvailable()} first: without Chromium they are skipped, except when {@code CI=true}, where
 * they fail. Every DevTools command has a deadline ({@value #COMMAND_TIMEOUT_SECONDS} s); a timeout or a browser that
 * died is reported with the tail of Chromium's own output. Not thread-safe: one test thread drives one browser.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final String DEFAULT_PATH = "/usr/bin/chromium";
    private static final long COMMAND_TIMEOUT_SECONDS = 15;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(COMMAND_TIMEOUT_SECONDS);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final int OUTPUT_TAIL_LINES = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The main document's response to the last {@link #navigate}: status and headers (names as the server sent them). */
    public record DocumentResponse(String url, int status, String statusText, String mimeType, Map<String, String> headers) {
        public DocumentResponse {
            TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseless.putAll(headers);
            headers = Collections.unmodifiableMap(caseless);
        }

        /** A header's value (case-insensitive name), or null; repeated headers arrive joined by newlines. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** A JavaScript exception from {@link #evaluate}; the message is the exception's description (type, text, stack). */
    public static final class JavaScriptException extends RuntimeException {
        JavaScriptException(String message) {
            super(message);
        }
    }

    private final Process process;
    private final Path userDataDir;
    private final Deque<String> outputTail;
    private final HttpClient http;
    private final Thread shutdownHook;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> loads = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<DocumentResponse>> documentResponses = new ConcurrentHashMap<>();
    private final List<String> console = new ArrayList<>();
    private final Object sendLock = new Object();
    private volatile WebSocket socket;
    private volatile String connectionLost;
    private String lastLoaderId;
    private boolean closed;

    private HeadlessChromium(Process process, Path userDataDir, Deque<String> outputTail) {
        this.process = process;
        this.userDataDir = userDataDir;
        this.outputTail = outputTail;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.shutdownHook = new Thread(this::killProcessTree, "chromium-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        process.onExit().thenRun(() -> lost("Chromium exited with code " + process.exitValue()));
    }

    // ---------------------------------------------------------------- availability

    /** The Chromium executable: {@code $CHROMIUM}, or {@code /usr/bin/chromium}. */
    public static Path executable() {
        String configured = System.getenv("CHROMIUM");
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_PATH : configured);
    }

    /** Whether {@link #executable()} exists and can be run. */
    public static boolean available() {
        Path path = executable();
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    /**
     * Skips the calling JUnit test when Chromium is missing; when the environment variable {@code CI} is {@code true}
     * it fails instead, since CI must run the browser tests. Call it from {@code @BeforeEach}: Surefire reports a class
     * aborted in {@code @BeforeAll} as "Tests run: 0" and shows no reason.
     */
    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("Browser tests cannot be skipped on CI (CI=true): chromium not found at "
                    + executable() + " (apt-get install chromium, or set CHROMIUM to its path)");
        }
        Assumptions.assumeTrue(false, "Browser tests skipped: chromium not found (apt-get install chromium)"
                + (DEFAULT_PATH.equals(executable().toString()) ? "" : "; looked at CHROMIUM=" + executable()));
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts a headless Chromium with one blank page whose viewport (and so every screenshot) is width × height CSS
     * pixels at device scale factor 1. The window is made taller than that to fit: see {@link #sizeViewport}.
     */
    public static HeadlessChromium start(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("window size must be positive: " + width + "x" + height);
        }
        Path userDataDir;
        try {
            userDataDir = Files.createTempDirectory("headless-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a user-data-dir for Chromium", e);
        }
        List<String> command = List.of(
                executable().toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-features=NetworkTimeServiceQuerying",
                "--disable-extensions",
                "--mute-audio",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--user-data-dir=" + userDataDir,
                "--remote-debugging-port=0",
                "--window-size=" + width + "," + height,
                "about:blank");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            deleteRecursively(userDataDir);
            throw new IllegalStateException("cannot start " + executable() + ": " + e.getMessage(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> readOutput(process, tail), "chromium-output");
        reader.setDaemon(true);
        reader.start();
        HeadlessChromium browser = new HeadlessChromium(process, userDataDir, tail);
        try {
            browser.connect(browser.awaitDevToolsPort(), width, height);
            return browser;
        } catch (RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    private static void readOutput(Process process, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains(":ERROR:dbus/") || line.contains(":ERROR:bus.cc")) {
                    continue; // no D-Bus in a container: harmless, and dozens of lines at every start
                }
                synchronized (tail) {
                    tail.addLast(line);
                    while (tail.size() > OUTPUT_TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone: nothing more to read
        }
    }

    private int awaitDevToolsPort() {
        Path file = userDataDir.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (Files.isRegularFile(file)) {
                try {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    if (lines.size() >= 2 && !lines.get(0).isBlank()) { // complete once the browser path is written too
                        return Integer.parseInt(lines.get(0).trim());
                    }
                } catch (IOException | NumberFormatException e) {
                    // written while we read it: try again
                }
            }
            if (!process.isAlive()) {
                throw failure("Chromium exited (code " + process.exitValue() + ") before it opened its DevTools port");
            }
            if (System.nanoTime() > deadline) {
                throw failure("Chromium did not write " + file + " within " + START_TIMEOUT.toSeconds() + " s");
            }
            pause(Duration.ofMillis(20));
        }
    }

    private void connect(int port, int width, int height) {
        String base = "http://127.0.0.1:" + port;
        JsonNode page = null;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (page == null) {
            for (JsonNode target : getJson(HttpRequest.newBuilder(URI.create(base + "/json/list")).GET())) {
                if ("page".equals(target.path("type").asText()) && target.hasNonNull("webSocketDebuggerUrl")) {
                    page = target;
                    break;
                }
            }
            if (page == null) {
                JsonNode created = getJson(HttpRequest.newBuilder(URI.create(base + "/json/new?about:blank"))
                        .PUT(HttpRequest.BodyPublishers.noBody()));
                if (created.hasNonNull("webSocketDebuggerUrl")) {
                    page = created;
                } else if (System.nanoTime() > deadline) {
                    throw failure("Chromium offers no page target: " + created);
                } else {
                    pause(POLL_INTERVAL);
                }
            }
        }
        String url = page.get("webSocketDebuggerUrl").asText();
        try {
            // No Origin header (the JDK sends none unless told): Chromium refuses unknown origins.
            socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), new Listener()).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw failure("cannot open the DevTools WebSocket " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while opening the DevTools WebSocket");
        }
        sizeViewport(width, height);
        send("Page.enable", null);
        send("Page.setLifecycleEventsEnabled", params(p -> p.put("enabled", true)));
        send("Runtime.enable", null);
        send("Log.enable", null);
        send("Network.enable", null);
    }

    /**
     * In this headless mode --window-size is the outer size of a window with a (hidden) tab strip and toolbar, so the
     * page gets less (seen: 640x400 gave a 640x257 viewport). Browser.setContentsSize grows the window until the page
     * has exactly width × height; where a Chromium lacks it, the viewport is emulated at that size instead.
     */
    private void sizeViewport(int width, int height) {
        JsonNode inner = evaluate("[innerWidth, innerHeight]");
        if (inner.get(0).asInt() == width && inner.get(1).asInt() == height) {
            return;
        }
        try {
            int windowId = send("Browser.getWindowForTarget", null).get("windowId").asInt();
            send("Browser.setContentsSize", params(p -> p.put("windowId", windowId).put("width", width).put("height", height)));
        } catch (IllegalStateException unsupported) {
            send("Emulation.setDeviceMetricsOverride", params(p -> p.put("width", width).put("height", height)
                    .put("deviceScaleFactor", 1).put("mobile", false)));
        }
        // The window manager applies the new size a moment later.
        if (!waitUntil("innerWidth === " + width + " && innerHeight === " + height, Duration.ofSeconds(5))) {
            throw failure("the page's viewport stayed " + evaluate("[innerWidth, innerHeight]") + ", not ["
                    + width + "," + height + "]");
        }
    }

    private JsonNode getJson(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(COMMAND_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw failure("DevTools " + response.request().method() + " " + response.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw failure("DevTools HTTP endpoint failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while asking DevTools for its targets");
        }
    }

    // ---------------------------------------------------------------- the page

    /**
     * Opens {@code url} in the page and waits for its load event (a same-document navigation, such as a new #hash,
     * returns at once). Fails when the navigation fails (connection refused, bad address...): an HTTP error status is
     * not a failure, see {@link #lastResponse()}.
     */
    public void navigate(String url) {
        JsonNode result = send("Page.navigate", params(p -> p.put("url", url)));
        if (result.hasNonNull("errorText") && !result.get("errorText").asText().isEmpty()) {
            throw new IllegalStateException("navigation to " + url + " failed: " + result.get("errorText").asText());
        }
        String loaderId = result.path("loaderId").asText(null);
        if (loaderId == null || loaderId.isEmpty()) {
            return; // same-document navigation: no new document, no load event
        }
        lastLoaderId = loaderId;
        await(loads.computeIfAbsent(loaderId, k -> new CompletableFuture<>()), "the load event of " + url);
        loads.remove(loaderId);
    }

    /** The last {@link #navigate}'s main document response (waits briefly for it); fails if it had none (about:blank). */
    public DocumentResponse lastResponse() {
        if (lastLoaderId == null) {
            throw new IllegalStateException("no navigation yet");
        }
        return await(documentResponses.computeIfAbsent(lastLoaderId, k -> new CompletableFuture<>()),
                "the document response of the last navigation");
    }

    /**
     * Evaluates a JavaScript expression in the page (a promise is awaited) and returns its value as JSON: a
     * {@link NullNode} for null and undefined; DOM nodes and functions, which have no JSON form, come back as empty
     * objects. A JavaScript exception is thrown as {@link JavaScriptException} with its text and stack.
     */
    public JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", params(p -> p.put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true).put("userGesture", true)));
        JsonNode exception = result.get("exceptionDetails");
        if (exception != null) {
            String description = exception.path("exception").path("description").asText(null);
            if (description == null) {
                description = exception.path("exception").path("value").asText(exception.path("text").asText("exception"));
            }
            throw new JavaScriptException(description + " (evaluating: " + abbreviate(expression, 200) + ")");
        }
        JsonNode value = result.path("result").get("value");
        return value == null ? NullNode.getInstance() : value;
    }

    /**
     * Polls a JavaScript condition about every 50 ms until it is truthy (true) or {@code timeout} passes (false).
     * An evaluation that throws (an element not there yet, a page between documents) counts as false.
     */
    public boolean waitUntil(String jsBooleanExpression, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String expression = "!!(" + jsBooleanExpression + "\n)";
        while (true) {
            try {
                if (evaluate(expression).asBoolean(false)) {
                    return true;
                }
            } catch (JavaScriptException notYet) {
                // counts as false
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            pause(POLL_INTERVAL);
        }
    }

    /** A PNG of the viewport as it is now (window size × device scale factor 1); it waits for no page activity. */
    public byte[] screenshotPng() {
        JsonNode result = send("Page.captureScreenshot", params(p -> p.put("format", "png")));
        return Base64.getDecoder().decode(result.get("data").asText());
    }

    // ---------------------------------------------------------------- what the page said

    /**
     * Everything captured so far, one entry a line: {@code console.<type>: args} for console calls,
     * {@code exception: ...} for uncaught exceptions and {@code log.<level>: ...} for the browser's own messages (failed
     * loads, violations). Meant to be printed when a test fails.
     */
    public String consoleLog() {
        return String.join("\n", consoleMessages());
    }

    /** The entries of {@link #consoleLog()}, oldest first. */
    public List<String> consoleMessages() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    /** Waits until an entry of {@link #consoleLog()} contains {@code fragment}; false when {@code timeout} passes first. */
    public boolean waitForConsole(String fragment, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (console) {
            while (console.stream().noneMatch(m -> m.contains(fragment))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(console, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Forgets the captured console entries. */
    public void clearConsole() {
        synchronized (console) {
            console.clear();
        }
    }

    /** The last lines Chromium printed (stdout and stderr), for diagnosing a browser that misbehaves. */
    public String outputTail() {
        synchronized (outputTail) {
            return String.join("\n", outputTail);
        }
    }

    // ---------------------------------------------------------------- DevTools commands

    /** Sends one DevTools command to the page and returns its result; fails on a protocol error or after 15 s. */
    public JsonNode send(String method, ObjectNode params) {
        return await(sendAsync(method, params), method);
    }

    private CompletableFuture<JsonNode> sendAsync(String method, ObjectNode params) {
        if (closed) {
            throw new IllegalStateException("the browser is closed");
        }
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String lost = connectionLost;
        if (lost != null) {
            pending.remove(id);
            reply.completeExceptionally(failure(method + ": " + lost));
            return reply;
        }
        CompletableFuture<JsonNode> answer = reply.whenComplete((r, e) -> pending.remove(id));
        String text;
        try {
            text = JSON.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (sendLock) { // the JDK WebSocket takes one outgoing message at a time
            try {
                socket.sendText(text, true).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                reply.completeExceptionally(failure("cannot send " + method + ": " + e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply.completeExceptionally(failure("interrupted while sending " + method));
            }
        }
        return answer.thenApply(r -> {
            JsonNode error = r.get("error");
            if (error != null) {
                throw new IllegalStateException("DevTools " + method + " failed: " + error.path("message").asText()
                        + (error.has("data") ? " (" + error.get("data").asText() + ")" : ""));
            }
            return r.path("result");
        });
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw failure("Chromium gave no answer for " + what + " within " + COMMAND_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw failure(what + " failed: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for " + what);
        }
    }

    private IllegalStateException failure(String message) {
        String tail = outputTail();
        return new IllegalStateException(message + (tail.isEmpty() ? "; Chromium printed nothing"
                : "; Chromium's output ends with:\n" + tail));
    }

    private void lost(String why) {
        if (connectionLost == null) {
            connectionLost = why;
        }
        for (CompletableFuture<JsonNode> reply : List.copyOf(pending.values())) {
            reply.completeExceptionally(failure(why));
        }
        for (CompletableFuture<Void> load : List.copyOf(loads.values())) {
            load.completeExceptionally(failure(why));
        }
    }

    private static ObjectNode params(Consumer<ObjectNode> fill) {
        ObjectNode params = JSON.createObjectNode();
        fill.accept(params);
        return params;
    }

    // ---------------------------------------------------------------- incoming messages

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder fragments = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            fragments.append(data); // large messages (screenshots) arrive in several parts
            if (last) {
                String text = fragments.toString();
                fragments.setLength(0);
                try {
                    dispatch(JSON.readTree(text));
                } catch (IOException | RuntimeException e) {
                    note("fixture: cannot read a DevTools message (" + e + "): " + abbreviate(text, 300));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost("the DevTools connection closed (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost("the DevTools connection failed: " + error);
        }
    }

    private void dispatch(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Page.lifecycleEvent" -> {
                if ("load".equals(params.path("name").asText())) {
                    loads.computeIfAbsent(params.path("loaderId").asText(), k -> new CompletableFuture<>()).complete(null);
                }
            }
            case "Network.responseReceived" -> {
                if ("Document".equals(params.path("type").asText())) {
                    JsonNode response = params.path("response");
                    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    response.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                    documentResponses.computeIfAbsent(params.path("loaderId").asText(), k -> new CompletableFuture<>())
                            .complete(new DocumentResponse(response.path("url").asText(), response.path("status").asInt(),
                                    response.path("statusText").asText(), response.path("mimeType").asText(), headers));
                }
            }
            case "Runtime.consoleAPICalled" -> {
                List<String> args = new ArrayList<>();
                for (JsonNode arg : params.path("args")) {
                    args.add(describe(arg));
                }
                note("console." + params.path("type").asText() + ": " + String.join(" ", args));
            }
            case "Runtime.exceptionThrown" -> {
                JsonNode details = params.path("exceptionDetails");
                String description = details.path("exception").path("description").asText(null);
                String where = details.path("url").asText("");
                note("exception: " + details.path("text").asText("Uncaught")
                        + (description == null ? "" : " " + description)
                        + (where.isEmpty() ? "" : " (" + where + ":" + (details.path("lineNumber").asInt() + 1) + ")"));
            }
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                String url = entry.path("url").asText("");
                note("log." + entry.path("level").asText() + ": " + entry.path("text").asText()
                        + (url.isEmpty() ? "" : " (" + url + ")"));
            }
            default -> {
                // other events are not needed
            }
        }
    }

    private static String describe(JsonNode remoteObject) {
        JsonNode value = remoteObject.get("value");
        if (value != null) {
            return value.isTextual() ? value.asText() : value.toString();
        }
        if (remoteObject.has("unserializableValue")) {
            return remoteObject.get("unserializableValue").asText();
        }
        if (remoteObject.has("description")) {
            return remoteObject.get("description").asText();
        }
        return remoteObject.path("type").asText("?");
    }

    private void note(String entry) {
        synchronized (console) {
            console.add(entry);
            console.notifyAll();
        }
    }

    // ---------------------------------------------------------------- close

    /** Closes the browser (Browser.close, then the process and its children), and deletes its user-data-dir. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        if (socket != null && connectionLost == null) {
            try {
                sendAsync("Browser.close", null).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the process is stopped below anyway
            }
        }
        closed = true;
        if (socket != null) {
            socket.abort();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(3, TimeUnit.SECONDS);
                }
            }
            // Renderers and zygotes end with the browser; what is left after a moment is killed.
            awaitGone(children, Duration.ofSeconds(2));
            children.stream().filter(HeadlessChromium::running).forEach(ProcessHandle::destroyForcibly);
            awaitGone(children, Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        deleteRecursively(userDataDir);
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(HeadlessChromium::running) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * Alive and not a zombie. The browser's children are orphaned when it exits, and whatever runs as PID 1 (in a
     * container, not always a quick reaper: seen here, two seconds) leaves them as zombies that isAlive() still counts.
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"), StandardCharsets.UTF_8);
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc (not Linux) or already gone
        }
    }

    private void killProcessTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void deleteRecursively(Path dir) {
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Iterator<Path> it = paths.sorted(Comparator.reverseOrder()).iterator(); it.hasNext(); ) {
                    Files.deleteIfExists(it.next());
                }
            } catch (IOException | UncheckedIOException e) {
                pause(Duration.ofMillis(100)); // something was still writing there: try again
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String abbreviate(String text, int max) {
        Objects.requireNonNull(text);
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    @Override
    public String toString() {
        return "HeadlessChromium[pid " + process.pid() + ", " + userDataDir + "]";
    }
}
