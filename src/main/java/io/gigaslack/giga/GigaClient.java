package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.giga.GigaHttp.Spec;
import io.gigaslack.giga.GigaHttp.Timing;
import io.gigaslack.giga.RequestBudget.Priority;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import java.util.function.Function;

/**
 * Client of the Giga HTTP API: one method per endpoint. Thread-safe.
 *
 * <p>Calls that are safe to repeat (every GET, stop, delete, extend, files sync/pull, presign) are retried on
 * 429/5xx/network faults with exponential backoff and full jitter, honouring {@code Retry-After}. Calls that
 * create something (start, create, create session, create run, record) are sent once; for start and create,
 * {@link #startDeploymentAtMostOnce} and {@link #createDeploymentAtMostOnce} recover from a lost response by
 * looking the deployment up by its unique name. Every API request first takes a permit from the shared
 * {@link RequestBudget}, with this client's {@link #priority()}. Failures are {@link GigaApiException}s.
 */
public final class GigaClient {

    /** {@code User-Agent} sent on every request. */
    public static final String USER_AGENT = "giga-slack/" + version();
    /** Start/create requests sent at most by the at-most-once methods (first try included). */
    public static final int AT_MOST_ONCE_MAX_STARTS = 3;
    /** Wait after a lost start/create response before listing, so the server can finish writing it. */
    public static final Duration AT_MOST_ONCE_SETTLE_DELAY = Duration.ofSeconds(2);
    /** Pages read when searching a deployment by name before giving up on confirming absence. */
    public static final int MAX_SEARCH_PAGES = 20;

    private final GigaHttp http;
    private final HttpUrl apiRoot;
    private final Priority priority;

    /**
     * @param config  base URL, key, timeouts, retry attempts
     * @param http    the application's one OkHttpClient (per-call timeouts are derived with {@code newBuilder()})
     * @param budget  the process-wide request budget for this key
     * @param clock   time source (Retry-After dates, budget pauses)
     * @param sleeper waits between retries
     * @param random  jitter source
     */
    public GigaClient(GigaClientConfig config, OkHttpClient http, RequestBudget budget, Clock clock, Sleeper sleeper,
            RandomGenerator random) {
        this(new GigaHttp(config, http, budget, clock, sleeper, random, USER_AGENT),
                config.baseUrl().newBuilder().addPathSegment("api").build(), Priority.INTERACTIVE);
    }

    private GigaClient(GigaHttp http, HttpUrl apiRoot, Priority priority) {
        this.http = http;
        this.apiRoot = apiRoot;
        this.priority = priority;
    }

    /** A view of this client (same connection pool, budget and settings) whose calls use BACKGROUND priority. */
    public GigaClient background() {
        return priority == Priority.BACKGROUND ? this : new GigaClient(http, apiRoot, Priority.BACKGROUND);
    }

    /** A view of this client whose calls use INTERACTIVE priority (the default). */
    public GigaClient interactive() {
        return priority == Priority.INTERACTIVE ? this : new GigaClient(http, apiRoot, Priority.INTERACTIVE);
    }

    /** The budget priority of this view's calls. */
    public Priority priority() {
        return priority;
    }

    // ---- Deployments ---------------------------------------------------------------------------------

    /**
     * {@code POST /api/deployments/start}: creates a computer and starts the agent. Sent once, never retried:
     * a lost response may still have created the deployment (see {@link #startDeploymentAtMostOnce}).
     */
    public StartedDeployment startDeployment(StartDeploymentRequest request) {
        JsonNode data = Json.unwrap(call("POST", url("deployments", "start"), request.toJson(), false, Timing.LONG));
        Deployment d = Deployment.fromJson(Json.member(data, "deployment"));
        JsonNode session = data.get("session");
        return new StartedDeployment(d, session != null && session.isObject() ? DeploymentSession.fromJson(session)
                : null, false);
    }

    /**
     * {@code POST /api/deployments/start}, at most once per name. Sends the start; if its outcome is unknown
     * (timeout, broken connection, 5xx) lists {@code GET /api/deployments?search=<name>} over all pages: a
     * deployment with exactly this name is returned with {@code recovered = true} and no session; if it is
     * confirmed absent the start is sent again (at most {@link #AT_MOST_ONCE_MAX_STARTS} in all). A definite
     * error (4xx, 402, 403, 429) is thrown at once; so is the original error when absence cannot be confirmed.
     * The request's name must be unique (carry a tag).
     */
    public StartedDeployment startDeploymentAtMostOnce(StartDeploymentRequest request) {
        return atMostOnce(request.name(), () -> startDeployment(request),
                d -> new StartedDeployment(d, null, true));
    }

    /** {@code POST /api/deployments} with {@code aiEnabled: false}: a computer without the agent. Never retried. */
    public Deployment createDeployment(CreateDeploymentRequest request) {
        JsonNode data = Json.unwrap(call("POST", url("deployments"), request.toJson(), false, Timing.LONG));
        return Deployment.fromJson(Json.member(data, "deployment"));
    }

    /** {@code POST /api/deployments}, at most once per name: as {@link #startDeploymentAtMostOnce}. */
    public CreatedDeployment createDeploymentAtMostOnce(CreateDeploymentRequest request) {
        return atMostOnce(request.name(), () -> new CreatedDeployment(createDeployment(request), false),
                d -> new CreatedDeployment(d, true));
    }

    /** {@code GET /api/deployments?page=&limit=&status=&search=}: one page of deployments. */
    public DeploymentPage listDeployments(ListDeploymentsQuery query) {
        HttpUrl.Builder b = url("deployments").newBuilder();
        if (query.page() != null) {
            b.addQueryParameter("page", query.page().toString());
        }
        if (query.limit() != null) {
            b.addQueryParameter("limit", query.limit().toString());
        }
        if (query.status() != null) {
            b.addQueryParameter("status", query.status());
        }
        if (query.search() != null) {
            b.addQueryParameter("search", query.search());
        }
        return DeploymentPage.fromJson(Json.unwrap(call("GET", b.build(), null, true, Timing.NORMAL)));
    }

    /**
     * {@code GET /api/deployments?search=<name>}, every page: the deployments whose name equals {@code name}
     * exactly (the server's search may match more loosely).
     *
     * @throws GigaApiException {@code INVALID_RESPONSE} if more than {@link #MAX_SEARCH_PAGES} pages match
     */
    public List<Deployment> findDeploymentsByName(String name) {
        Prompts.requireText(name, "name");
        List<Deployment> found = new ArrayList<>();
        int limit = ListDeploymentsQuery.MAX_LIMIT;
        for (int page = 1; page <= MAX_SEARCH_PAGES; page++) {
            DeploymentPage p = listDeployments(new ListDeploymentsQuery(page, limit, null, name));
            for (Deployment d : p.deployments()) {
                if (name.equals(d.name())) {
                    found.add(d);
                }
            }
            if (!p.hasMore(limit)) {
                return found;
            }
        }
        throw new GigaApiException(200, GigaApiException.INVALID_RESPONSE,
                "search for a deployment name matched more than " + MAX_SEARCH_PAGES + " pages", null, null, null,
                false, null);
    }

    /** {@code GET /api/deployments/{id}}: one deployment, with connection details in its metadata. */
    public Deployment getDeployment(String deploymentId) {
        JsonNode data = Json.unwrap(call("GET", url("deployments", id(deploymentId)), null, true, Timing.NORMAL));
        return Deployment.fromJson(Json.member(data, "deployment"));
    }

    /** {@code POST /api/deployments/{id}/stop}: stops the computer (runtime billing pauses). Retried. */
    public ActionResult stopDeployment(String deploymentId) {
        return ActionResult.fromJson(call("POST", url("deployments", id(deploymentId), "stop"), Json.emptyObject(),
                true, Timing.NORMAL));
    }

    /** {@code POST /api/deployments/{id}/delete}: deletes the deployment. Retried. */
    public ActionResult deleteDeployment(String deploymentId) {
        return ActionResult.fromJson(call("POST", url("deployments", id(deploymentId), "delete"),
                Json.emptyObject(), true, Timing.NORMAL));
    }

    /**
     * {@code POST /api/deployments/{id}/files/sync}: copies the stored files to the running sandbox's
     * {@code /home/user/Desktop/}. Sends an empty body (the body is undocumented). Retried.
     */
    public ActionResult syncFiles(String deploymentId) {
        return ActionResult.fromJson(call("POST", url("deployments", id(deploymentId), "files", "sync"),
                Json.emptyObject(), true, Timing.LONG));
    }

    /**
     * {@code POST /api/deployments/{id}/files/pull}: copies the sandbox Desktop back to storage (then see
     * {@link #listFiles}). Sends an empty body (the body is undocumented). Retried.
     */
    public ActionResult pullFiles(String deploymentId) {
        return ActionResult.fromJson(call("POST", url("deployments", id(deploymentId), "files", "pull"),
                Json.emptyObject(), true, Timing.LONG));
    }

    // ---- Sessions and runs ---------------------------------------------------------------------------

    /** {@code POST /api/sessions}: creates a session (thread). Never retried. */
    public CreatedSession createSession(CreateSessionRequest request) {
        return CreatedSession.fromJson(Json.unwrap(call("POST", url("sessions"), request.toJson(), false,
                Timing.LONG)));
    }

    /** {@code GET /api/sessions/{threadId}}: the thread with its messages and metadata. */
    public SessionThread getSession(String threadId) {
        return SessionThread.fromJson(Json.unwrap(call("GET", url("sessions", id(threadId)), null, true,
                Timing.NORMAL)));
    }

    /**
     * {@code POST /api/sessions/{threadId}/runs} with {@code {"message": ...}}: starts a run, which is how a
     * follow-up message reaches the agent. May block ~15 s (long read timeout). Never retried: a lost response
     * may still have started the run.
     */
    public CreatedRun createRun(String threadId, String message) {
        Prompts.requireText(message, "message");
        ObjectNode body = Json.emptyObject();
        body.put("message", message);
        return CreatedRun.fromJson(Json.unwrap(call("POST", url("sessions", id(threadId), "runs"), body, false,
                Timing.LONG)), threadId);
    }

    /** {@code GET /api/sessions/{threadId}/runs/{runId}}: polls a run. */
    public RunInfo getRun(String threadId, String runId) {
        return RunInfo.fromJson(Json.unwrap(call("GET", url("sessions", id(threadId), "runs", id(runId)), null,
                true, Timing.NORMAL)), runId);
    }

    // ---- Sandbox -------------------------------------------------------------------------------------

    /** {@code POST /api/sandbox/extend} with {@code {"sandboxId": ...}}: adds 15 minutes. Retried. */
    public ExtendResult extendSandbox(String sandboxId) {
        ObjectNode body = Json.emptyObject();
        body.put("sandboxId", id(sandboxId));
        return ExtendResult.fromJson(call("POST", url("sandbox", "extend"), body, true, Timing.NORMAL), sandboxId);
    }

    // ---- Files ---------------------------------------------------------------------------------------

    /** {@code GET /api/files?deploymentId=}: the deployment's stored files. */
    public List<GigaFile> listFiles(String deploymentId) {
        HttpUrl u = url("files").newBuilder().addQueryParameter("deploymentId", id(deploymentId)).build();
        JsonNode data = Json.unwrap(call("GET", u, null, true, Timing.NORMAL));
        JsonNode items = data.isArray() ? data : data.path("files");
        List<GigaFile> files = new ArrayList<>();
        for (JsonNode item : items) {
            files.add(GigaFile.fromJson(item));
        }
        return List.copyOf(files);
    }

    /** {@code GET /api/files/download?fileId=}: a presigned download URL (fetch it with {@link #fetchPresigned}). */
    public DownloadLink getDownloadLink(String fileId) {
        HttpUrl u = url("files", "download").newBuilder().addQueryParameter("fileId", id(fileId)).build();
        return DownloadLink.fromJson(Json.unwrap(call("GET", u, null, true, Timing.NORMAL)));
    }

    /** {@code POST /api/files/presign}: step 1 of an upload. Retried (it creates nothing lasting). */
    public PresignedUpload presignUpload(FileUpload upload) {
        return PresignedUpload.fromJson(Json.unwrap(call("POST", url("files", "presign"), upload.toJson(), true,
                Timing.NORMAL)));
    }

    /**
     * {@code PUT <uploadUrl>}: step 2 of an upload, the raw bytes straight to storage. Sends no API key and
     * takes no budget permit. Retried.
     */
    public void putToPresignedUrl(String uploadUrl, byte[] content, String mimeType) {
        Objects.requireNonNull(content, "content");
        http.putExternal(presignedUrl(uploadUrl), content, mimeType);
    }

    /**
     * {@code PUT <uploadUrl>} of a file's bytes, read from {@code content} (again on each retry), so a large file
     * never has to be held in memory. Sends no API key and takes no budget permit. Retried.
     */
    public void putToPresignedUrl(String uploadUrl, Path content, String mimeType) {
        Objects.requireNonNull(content, "content");
        http.putExternal(presignedUrl(uploadUrl), content, mimeType);
    }

    /** {@code POST /api/files/record}: step 3 of an upload, registers the stored file. Never retried. */
    public GigaFile recordUpload(FileUpload upload, String storagePath) {
        Prompts.requireText(storagePath, "storagePath");
        ObjectNode body = upload.toJson();
        body.put("storagePath", storagePath);
        JsonNode data = Json.unwrap(call("POST", url("files", "record"), body, false, Timing.NORMAL));
        return GigaFile.fromJson(Json.member(data, "file"));
    }

    /**
     * The three upload steps: {@code POST /api/files/presign}, {@code PUT <uploadUrl>} (no API key),
     * {@code POST /api/files/record}. Then {@link #syncFiles} places it on the sandbox Desktop.
     */
    public GigaFile uploadFile(String deploymentId, String fileName, String mimeType, byte[] content) {
        FileUpload upload = new FileUpload(deploymentId, fileName, content.length, mimeType);
        PresignedUpload presigned = presignUpload(upload);
        putToPresignedUrl(presigned.uploadUrl(), content, mimeType);
        return recordUpload(upload, presigned.storagePath());
    }

    /**
     * {@code GET <url>} of a presigned download URL: the bytes, at most {@code maxBytes} (else
     * {@code RESPONSE_TOO_LARGE}). Sends no API key and takes no budget permit. Retried.
     */
    public byte[] fetchPresigned(String url, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        return http.fetchExternal(presignedUrl(url), maxBytes);
    }

    // ---- Billing -------------------------------------------------------------------------------------

    /** {@code GET /api/billing}: plan and balances. */
    public Billing getBilling() {
        return Billing.fromJson(Json.unwrap(call("GET", url("billing"), null, true, Timing.NORMAL)));
    }

    /** {@code GET /api/billing/plans}: the plans on offer. */
    public List<Plan> listPlans() {
        JsonNode data = Json.unwrap(call("GET", url("billing", "plans"), null, true, Timing.NORMAL));
        JsonNode items = data.isArray() ? data : data.path("plans");
        List<Plan> plans = new ArrayList<>();
        for (JsonNode item : items) {
            plans.add(Plan.fromJson(item));
        }
        return List.copyOf(plans);
    }

    // ---- internals -----------------------------------------------------------------------------------

    private <T> T atMostOnce(String name, Supplier<T> send, Function<Deployment, T> recovered) {
        GigaApiException last = null;
        for (int attempt = 1; attempt <= AT_MOST_ONCE_MAX_STARTS; attempt++) {
            try {
                return send.get();
            } catch (GigaApiException e) {
                last = e;
                if (e.status() == 0 && e.retryable() && !e.outcomeUnknown()) {
                    // Never reached the server (connection refused, DNS): sending again cannot duplicate.
                    if (attempt < AT_MOST_ONCE_MAX_STARTS) {
                        http.sleep(http.retryDelay(e, attempt));
                    }
                    continue;
                }
                if (!e.outcomeUnknown()) {
                    throw e;
                }
                http.sleep(AT_MOST_ONCE_SETTLE_DELAY);
                List<Deployment> found;
                try {
                    found = findDeploymentsByName(name);
                } catch (GigaApiException lookupFailed) {
                    e.addSuppressed(lookupFailed);
                    throw e;
                }
                if (!found.isEmpty()) {
                    return recovered.apply(newest(found));
                }
            }
        }
        throw last;
    }

    private static Deployment newest(List<Deployment> found) {
        return found.stream()
                .max(Comparator.comparing(d -> d.createdAt() == null ? Instant.MIN : d.createdAt()))
                .orElseThrow();
    }

    private JsonNode call(String method, HttpUrl url, JsonNode body, boolean idempotent, Timing timing) {
        return http.call(new Spec(method, url, body, idempotent, timing), priority);
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = apiRoot.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    /** Ids are opaque but must make a single, non-dot path segment. */
    private static String id(String value) {
        Objects.requireNonNull(value, "id");
        if (value.isBlank() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("not a usable id: '" + value + "'");
        }
        return value;
    }

    private static HttpUrl presignedUrl(String url) {
        HttpUrl u = url == null ? null : HttpUrl.parse(url);
        if (u == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + GigaHttp.withoutQuery(url));
        }
        return u;
    }

    private static String version() {
        String v = GigaClient.class.getPackage() == null ? null
                : GigaClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String toString() {
        return "GigaClient{root=" + apiRoot + ", priority=" + priority + '}';
    }
}
