package io.gigaslack.giga.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an authenticated API request to {@link SimState} and renders the documented JSON shapes
 * (wrapped {@code {success,message,data}} for most, bare for sessions, runs and extend). Also serves
 * the simulator's own blob download and upload URLs under {@code /sim/}.
 */
final class ApiRoutes {

    static final String USER_ID = "user_sim";

    private static final Pattern DEPLOYMENT = Pattern.compile("/api/deployments/([^/]+)");
    private static final Pattern DEPLOYMENT_ACTION =
            Pattern.compile("/api/deployments/([^/]+)/(stop|delete|files/sync|files/pull)");
    private static final Pattern SESSION = Pattern.compile("/api/sessions/([^/]+)");
    private static final Pattern RUNS = Pattern.compile("/api/sessions/([^/]+)/runs");
    private static final Pattern RUN = Pattern.compile("/api/sessions/([^/]+)/runs/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/sim/blobs/([^/]+)");
    private static final Pattern UPLOAD = Pattern.compile("/sim/uploads/([^/]+)");

    private final SimState state;
    private final SimAccounts accounts;

    /** The routes of one account ({@code state}); the public blob and upload URLs are looked up in all. */
    ApiRoutes(SimState state, SimAccounts accounts) {
        this.state = state;
        this.accounts = accounts;
    }

    /** True for the simulator's unauthenticated blob/upload URLs. */
    static boolean isPublic(String path) {
        return path.startsWith("/sim/");
    }

    SimResponse handle(String method, String path, Map<String, String> query, byte[] body, String baseUrl) {
        if (isPublic(path)) {
            return publicRoute(method, path, body);
        }
        synchronized (state) {
            return route(method, path, query, body, baseUrl);
        }
    }

    /** The blob and upload URLs handed out by any account (their unguessable ids are the only credential). */
    private SimResponse publicRoute(String method, String path, byte[] body) {
        Matcher m;
        if ("GET".equals(method) && (m = BLOB.matcher(path)).matches()) {
            for (SimState account : accounts.all()) {
                synchronized (account) {
                    SimFile f = account.findFile(m.group(1)).orElse(null);
                    if (f != null) {
                        return SimResponse.bytes(200, f.mimeType, f.content)
                                .withHeader("Content-Disposition", "attachment; filename=\"" + f.fileName + "\"");
                    }
                }
            }
            throw ApiException.notFound("Blob " + m.group(1));
        }
        if ("PUT".equals(method) && (m = UPLOAD.matcher(path)).matches()) {
            if (!accounts.upload(m.group(1), body)) {
                throw ApiException.notFound("Upload " + m.group(1));
            }
            return SimResponse.bytes(200, "text/plain", new byte[0]);
        }
        throw new ApiException(404, "RESOURCE_NOT_FOUND", "No route for " + method + " " + path, null);
    }

    private SimResponse route(String method, String path, Map<String, String> query, byte[] body, String baseUrl) {
        boolean get = "GET".equals(method);
        boolean post = "POST".equals(method);
        Matcher m;
        if (post && path.equals("/api/deployments/start")) {
            return startDeployment(SimJson.parseBody(body));
        }
        if (path.equals("/api/deployments")) {
            if (post) {
                return createDeployment(SimJson.parseBody(body));
            }
            if (get) {
                return listDeployments(query);
            }
        }
        if (post && (m = DEPLOYMENT_ACTION.matcher(path)).matches()) {
            return deploymentAction(m.group(1), m.group(2));
        }
        if (get && (m = DEPLOYMENT.matcher(path)).matches()) {
            ObjectNode data = SimJson.object();
            data.set("deployment", deploymentJson(state.deployment(m.group(1)), true));
            return ok(200, "Deployment retrieved", data);
        }
        if (post && path.equals("/api/sessions")) {
            return createSession(SimJson.parseBody(body));
        }
        if (get && (m = SESSION.matcher(path)).matches()) {
            ObjectNode root = SimJson.object();
            root.set("thread", threadJson(state.thread(m.group(1))));
            return SimResponse.json(200, root);
        }
        if (post && (m = RUNS.matcher(path)).matches()) {
            return createRun(m.group(1), SimJson.parseBody(body));
        }
        if (get && (m = RUN.matcher(path)).matches()) {
            return SimResponse.json(200, runJson(state.thread(m.group(1)), state.run(m.group(1), m.group(2))));
        }
        if (post && path.equals("/api/sandbox/extend")) {
            return extend(SimJson.parseBody(body));
        }
        if (get && path.equals("/api/files")) {
            String deploymentId = requireQuery(query, "deploymentId");
            ArrayNode files = SimJson.MAPPER.createArrayNode();
            state.files(deploymentId).forEach(f -> files.add(fileJson(f)));
            ObjectNode data = SimJson.object();
            data.set("files", files);
            return ok(200, "Files retrieved", data);
        }
        if (get && path.equals("/api/files/download")) {
            SimFile f = state.file(requireQuery(query, "fileId"));
            ObjectNode data = SimJson.object().put("url", baseUrl + "/sim/blobs/" + f.id)
                    .put("fileName", f.fileName)
                    .put("expiresAt", SimJson.time(state.now().plusSeconds(24 * 3600)));
            return ok(200, "Download URL generated", data);
        }
        if (post && path.equals("/api/files/presign")) {
            JsonNode b = SimJson.parseBody(body);
            String[] tokenAndPath = state.presign(requireText(b, "deploymentId"), requireText(b, "fileName"),
                    optText(b, "mimeType"));
            ObjectNode data = SimJson.object().put("uploadUrl", baseUrl + "/sim/uploads/" + tokenAndPath[0])
                    .put("storagePath", tokenAndPath[1]);
            return ok(200, "Upload URL generated", data);
        }
        if (post && path.equals("/api/files/record")) {
            JsonNode b = SimJson.parseBody(body);
            JsonNode size = b.get("fileSize");
            SimFile f = state.recordFile(requireText(b, "deploymentId"), optText(b, "fileName"),
                    optText(b, "mimeType"), size != null && size.canConvertToLong() ? size.asLong() : null,
                    requireText(b, "storagePath"));
            ObjectNode data = SimJson.object();
            data.set("file", fileJson(f).put("id", f.id));
            return ok(200, "File recorded", data);
        }
        if (get && path.equals("/api/billing")) {
            return ok(200, null, state.billing().billing(state.now()));
        }
        if (get && path.equals("/api/billing/plans")) {
            return ok(200, null, SimBilling.plans());
        }
        throw new ApiException(404, "RESOURCE_NOT_FOUND", "No route for " + method + " " + path, null);
    }

    // ---- deployments -------------------------------------------------------------------------------

    private SimResponse startDeployment(JsonNode b) {
        JsonNode prompts = b.get("prompts");
        if (prompts == null || !prompts.isObject()) {
            throw ApiException.invalidRequest("prompts is required", "prompts.userPrompt and prompts.goalPrompt");
        }
        String userPrompt = requireText(prompts, "userPrompt", "prompts.userPrompt");
        String goalPrompt = requireText(prompts, "goalPrompt", "prompts.goalPrompt");
        JsonNode ai = b.get("aiEnabled");
        if (ai != null && !ai.asBoolean(true)) {
            throw ApiException.invalidField("aiEnabled", "aiEnabled must be true to start the agent");
        }
        String callbackUrl = optText(b, "callbackUrl");
        if (callbackUrl != null) {
            checkCallbackUrl(callbackUrl);
        }
        SimDeployment d = state.startDeployment(requireText(b, "name"), requireText(b, "platform"), duration(b),
                callbackUrl, userPrompt, goalPrompt, optText(prompts, "systemPrompt"));
        SimThread t = state.thread(d.threadId);
        ObjectNode session = SimJson.object().put("threadId", t.id).put("messageId", t.messages.get(0).id())
                .put("sandboxId", d.sandboxId).put("vncUrl", d.vncUrl);
        ObjectNode data = SimJson.object();
        data.set("deployment", deploymentJson(d, false));
        data.set("session", session);
        return ok(201, "Deployment created and session initialized successfully", data);
    }

    private SimResponse createDeployment(JsonNode b) {
        JsonNode ai = b.get("aiEnabled");
        SimDeployment d = state.createDeployment(requireText(b, "name"), requireText(b, "platform"), duration(b),
                ai != null && ai.asBoolean(false));
        ObjectNode data = SimJson.object();
        data.set("deployment", deploymentJson(d, false));
        return ok(201, "Deployment created successfully", data);
    }

    private SimResponse listDeployments(Map<String, String> query) {
        int page = intQuery(query, "page", 1, 1, Integer.MAX_VALUE);
        int limit = intQuery(query, "limit", 20, 1, 50);
        List<SimDeployment> all = state.listDeployments(query.get("status"), query.get("search"));
        long offset = (long) (page - 1) * limit;
        ArrayNode items = SimJson.MAPPER.createArrayNode();
        all.stream().skip(offset).limit(limit).forEach(d -> items.add(deploymentJson(d, true)));
        ObjectNode pagination = SimJson.object().put("total", all.size()).put("limit", limit).put("offset", offset)
                .put("hasMore", offset + items.size() < all.size());
        ObjectNode data = SimJson.object();
        data.set("deployments", items);
        data.set("pagination", pagination);
        return ok(200, "Deployments retrieved", data);
    }

    private SimResponse deploymentAction(String id, String action) {
        switch (action) {
            case "stop": {
                SimDeployment d = state.stop(id);
                ObjectNode data = SimJson.object();
                data.set("deployment", deploymentJson(d, true));
                return ok(200, "Deployment stopped", data);
            }
            case "delete":
                state.delete(id);
                return ok(200, "Deployment deleted", SimJson.object().put("id", id));
            case "files/sync":
                return ok(200, "Files synced to sandbox", SimJson.object().put("synced", state.syncFiles(id)));
            default: {
                ArrayNode files = SimJson.MAPPER.createArrayNode();
                state.pullFiles(id).forEach(f -> files.add(fileJson(f)));
                ObjectNode data = SimJson.object();
                data.set("files", files);
                return ok(200, "Files pulled from sandbox", data);
            }
        }
    }

    private SimResponse extend(JsonNode b) {
        SimDeployment d = state.extend(requireText(b, "sandboxId"));
        return SimResponse.json(200, SimJson.object().put("success", true)
                .put("message", "Sandbox lifecycle extended by 15 minutes").put("sandboxId", d.sandboxId)
                .put("expiresAt", SimJson.time(d.expiresAt)));
    }

    // ---- sessions ----------------------------------------------------------------------------------

    private SimResponse createSession(JsonNode b) {
        JsonNode prompts = b.get("prompts");
        if (prompts == null || !prompts.isObject()) {
            throw ApiException.invalidRequest("prompts is required", "prompts.userPrompt and prompts.goalPrompt");
        }
        String userPrompt = requireText(prompts, "userPrompt", "prompts.userPrompt");
        String goalPrompt = requireText(prompts, "goalPrompt", "prompts.goalPrompt");
        Integer duration = b.has("duration") ? duration(b) : null;
        SimThread t = state.createSession(userPrompt, goalPrompt, optText(prompts, "systemPrompt"),
                optText(b, "template"), duration, optText(b, "deploymentId"));
        ObjectNode config = SimJson.object().put("template", t.template).put("duration", t.duration);
        config.set("prompts", prompts.deepCopy());
        ObjectNode root = SimJson.object().put("threadId", t.id).put("messageId", t.messages.get(0).id());
        root.set("deploymentConfig", config);
        return SimResponse.json(201, root);
    }

    private SimResponse createRun(String threadId, JsonNode b) {
        String message = requireText(b, "message");
        SimRun run = state.createRun(threadId, message);
        SimThread t = state.thread(threadId);
        return SimResponse.json(201, SimJson.object().put("threadId", threadId).put("runId", run.id)
                .put("publicAccessToken", run.publicAccessToken).put("messageId", state.messageIdOf(t, run)));
    }

    // ---- rendering ---------------------------------------------------------------------------------

    private ObjectNode deploymentJson(SimDeployment d, boolean full) {
        ObjectNode node = SimJson.object().put("id", d.id).put("name", d.name).put("status", d.status)
                .put("platform", d.platform).put("createdAt", SimJson.time(d.createdAt));
        if (!full) {
            return node;
        }
        node.put("duration", d.durationHours).put("aiEnabled", d.aiEnabled)
                .put("updatedAt", SimJson.time(d.updatedAt));
        if (d.isRunning()) {
            ObjectNode metadata = SimJson.object().put("sandboxId", d.sandboxId).put("vncUrl", d.vncUrl)
                    .put("expiresAt", SimJson.time(d.expiresAt.isBefore(d.terminateAt) ? d.expiresAt : d.terminateAt));
            node.set("metadata", metadata);
        }
        return node;
    }

    private ObjectNode threadJson(SimThread t) {
        SimDeployment d = state.deployment(t.deploymentId);
        SimRun last = t.lastRun();
        ObjectNode node = SimJson.object().put("id", t.id).put("deploymentId", t.deploymentId)
                .put("status", t.status());
        ArrayNode runs = node.putArray("runs");
        t.runs.forEach(r -> runs.addObject().put("id", r.id).put("status", r.status));
        ObjectNode metadata = node.putObject("metadata").put("sandboxId", d.sandboxId).put("vncUrl", d.vncUrl)
                .put("sandboxStatus", d.sandboxStatus());
        metadata.put("runStatus", last == null ? null : last.status);
        ArrayNode messages = node.putArray("messages");
        t.messages.forEach(msg -> messages.addObject().put("id", msg.id()).put("role", msg.role())
                .put("content", msg.content()).put("createdAt", SimJson.time(msg.createdAt())));
        ArrayNode steps = node.putArray("steps");
        for (SimState.Step step : state.steps(t)) {
            ObjectNode s = steps.addObject().put("id", step.id()).put("runId", step.runId())
                    .put("title", step.title()).put("status", step.status());
            if (step.startedAt() != null) {
                s.put("startedAt", SimJson.time(step.startedAt()));
            }
            if (step.completedAt() != null) {
                s.put("completedAt", SimJson.time(step.completedAt()));
            }
        }
        return node;
    }

    private ObjectNode runJson(SimThread t, SimRun r) {
        SimDeployment d = state.deployment(t.deploymentId);
        ObjectNode node = SimJson.object().put("id", r.id).put("status", r.status)
                .put("isCompleted", !r.isActive()).put("isErrored", "FAILED".equals(r.status));
        node.putObject("metadata").put("sandboxId", d.sandboxId).put("vncUrl", d.vncUrl)
                .put("sandboxStatus", d.sandboxStatus());
        return node;
    }

    static ObjectNode fileJson(SimFile f) {
        return SimJson.object().put("_id", f.id).put("deploymentId", f.deploymentId).put("userId", USER_ID)
                .put("fileName", f.fileName).put("fileSize", f.content.length).put("mimeType", f.mimeType)
                .put("storagePath", f.storagePath).put("status", "ready").put("createdAt", SimJson.time(f.createdAt))
                .put("updatedAt", SimJson.time(f.updatedAt));
    }

    private static SimResponse ok(int status, String message, JsonNode data) {
        return SimResponse.json(status, SimJson.wrapped(message, data));
    }

    // ---- request parsing ---------------------------------------------------------------------------

    private static int duration(JsonNode b) {
        JsonNode n = b.get("duration");
        if (n == null || n.isNull()) {
            return 1;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw ApiException.invalidField("duration", "duration must be an integer number of hours from 1 to 24");
        }
        return n.intValue();
    }

    private static void checkCallbackUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw ApiException.invalidField("callbackUrl", "callbackUrl must be an absolute http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("callbackUrl", "callbackUrl must be an absolute http(s) URL");
        }
    }

    private static String requireText(JsonNode node, String field) {
        return requireText(node, field, field);
    }

    private static String requireText(JsonNode node, String field, String qualified) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            throw ApiException.invalidRequest(qualified + " is required", qualified);
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw ApiException.invalidField(qualified, qualified + " must be a non-empty string");
        }
        return n.asText();
    }

    private static String optText(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String requireQuery(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null || v.isBlank()) {
            throw ApiException.invalidRequest("Query parameter " + name + " is required", name);
        }
        return v;
    }

    private static int intQuery(Map<String, String> query, String name, int dflt, int min, int max) {
        String v = query.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalidField(name, name + " must be an integer from " + min + " to " + max);
    }
}
