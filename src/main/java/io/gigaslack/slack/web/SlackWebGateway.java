package io.gigaslack.slack.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest;
import com.slack.api.methods.request.views.ViewsOpenRequest;
import com.slack.api.methods.request.views.ViewsPublishRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.File;
import com.slack.api.model.Message;
import com.slack.api.util.http.SlackHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@link SlackGateway} over the Slack SDK's synchronous Web API client, which shares the app's
 * single OkHttpClient and whose base URL comes from {@code SLACK_API_URL}. The synchronous client
 * does not retry; retries and pacing belong to the durable jobs that call it.
 */
public final class SlackWebGateway implements SlackGateway {
    /** The {@code event_type} of the metadata on messages posted for a job (letters and underscores only). */
    public static final String POST_EVENT_TYPE = "giga_slack_post";
    /**
     * Messages per page when reading a thread back: Slack lets apps outside its Marketplace read at most 15 at a time
     * (and once a minute), so a larger page would not help.
     */
    static final int HISTORY_PAGE = 15;
    /** Pages read at most per look-up; the window is a few minutes, so more would mean a very busy channel. */
    static final int HISTORY_MAX_PAGES = 10;
    /** Bytes of an output file may take longer to send than an API call. */
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);
    /**
     * How long {@link #channelInfo} waits for Slack: it is asked before a slash command is acknowledged or a form is
     * opened, both due within 3 seconds of the click.
     */
    public static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(1500);

    private final MethodsClient methods;
    /** The streaming calls with Slack's chunks, which the SDK's typed requests cannot carry. */
    private final StreamCalls streams;
    /** The same client with {@link #LOOKUP_TIMEOUT} as its call timeout, for look-ups someone waits on. */
    private final MethodsClient lookups;
    private final Slack slack;
    private final Shared shared;
    /** For the Authorization header of file downloads only; never logged, never part of a message. */
    private final String botToken;
    /** The Web API's base URL: its host (and, beyond slack.com's, only its host) may receive the token. */
    private final HttpUrl apiBase;
    /** Slack's Web API host, for messages about failing to reach it. */
    private final String apiHost;
    /** The app's client with longer timeouts, for sending an output file's bytes to Slack. */
    private final OkHttpClient uploads;
    /** The app's own ids in Slack, once asked for. */
    private volatile Self self;

    public SlackWebGateway(String apiUrl, String botToken, OkHttpClient http) {
        this(Shared.of(apiUrl, http), botToken);
    }

    private SlackWebGateway(Shared shared, String botToken) {
        this.shared = shared;
        this.slack = shared.slack;
        this.methods = slack.methods(botToken);
        this.streams = new StreamCalls(methods, botToken);
        this.lookups = shared.lookups.methods(botToken);
        this.botToken = botToken;
        this.apiBase = HttpUrl.parse(shared.apiUrl);
        this.apiHost = NetworkFailure.hostOf(shared.apiUrl);
        this.uploads = shared.uploads;
    }

    /**
     * The same Web API as the bot of another workspace: {@code botToken} is that workspace's. The SDK instances, the
     * one OkHttpClient and its pool are shared; only the token (and the bot's own ids, asked for once) differ.
     */
    public SlackWebGateway withToken(String botToken) {
        return new SlackWebGateway(shared, botToken);
    }

    /** What every workspace's gateway shares: the SDK instances over the process's one OkHttpClient. */
    private static final class Shared {
        final String apiUrl;
        final Slack slack;
        final Slack lookups;
        final OkHttpClient uploads;

        private Shared(String apiUrl, Slack slack, Slack lookups, OkHttpClient uploads) {
            this.apiUrl = apiUrl;
            this.slack = slack;
            this.lookups = lookups;
            this.uploads = uploads;
        }

        static Shared of(String apiUrl, OkHttpClient http) {
            SlackConfig config = new SlackConfig();
            config.setMethodsEndpointUrlPrefix(apiUrl);
            config.setPrettyResponseLoggingEnabled(false);
            config.setFailOnUnknownProperties(false);
            config.setStatsEnabled(false);
            // That misses the SCIM v2 client's metrics, whose thread would otherwise run for as long as the JVM does
            // (one more for every start in the same process). The app never calls SCIM.
            config.getSCIM2Config().setStatsEnabled(false);
            config.getSCIM2Config().getMetricsDatastore().setStatsEnabled(false);
            // newBuilder() shares the connection pool, dispatcher and interceptors (metrics) of the one client.
            return new Shared(apiUrl, Slack.getInstance(config, new SlackHttpClient(http)),
                    Slack.getInstance(config, new SlackHttpClient(http.newBuilder().callTimeout(LOOKUP_TIMEOUT)
                            .build())),
                    http.newBuilder().readTimeout(UPLOAD_TIMEOUT).writeTimeout(UPLOAD_TIMEOUT)
                            .callTimeout(UPLOAD_TIMEOUT).build());
        }
    }

    /** The SDK instance, shared with Bolt so both use the same configuration and OkHttpClient. */
    public Slack slack() {
        return slack;
    }

    @Override
    public String postMessage(String channel, String threadTs, ObjectNode message) {
        return post(channel, threadTs, message, null).ts();
    }

    @Override
    public Posted postMessage(String channel, String threadTs, ObjectNode message, PostKey key) {
        return post(channel, threadTs, message, new Message.Metadata(POST_EVENT_TYPE,
                Map.of("run", String.valueOf(key.runId()), "post", key.postId())));
    }

    private Posted post(String channel, String threadTs, ObjectNode message, Message.Metadata metadata) {
        ChatPostMessageResponse r = call("chat.postMessage", () -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                .channel(channel)
                .threadTs(threadTs)
                .text(text(message))
                .blocksAsString(blocks(message))
                .metadata(metadata)
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build()));
        return new Posted(r.getChannel() == null || r.getChannel().isBlank() ? channel : r.getChannel(), r.getTs());
    }

    @Override
    public Optional<String> findPost(String channel, String threadTs, PostKey key, Instant from, Instant to) {
        Predicate<Message> carriesKey = m -> m.getMetadata() != null
                && POST_EVENT_TYPE.equals(m.getMetadata().getEventType())
                && m.getMetadata().getEventPayload() != null
                && String.valueOf(key.runId()).equals(String.valueOf(m.getMetadata().getEventPayload().get("run")))
                && key.postId().equals(String.valueOf(m.getMetadata().getEventPayload().get("post")));
        return find(channel, threadTs, from, to, carriesKey).map(Message::getTs);
    }

    @Override
    public Optional<String> findStream(String channel, String threadTs, Set<String> notTs, Instant from,
            Instant to) {
        Self self = self();
        Predicate<Message> stream = m -> (self.botId() != null && self.botId().equals(m.getBotId())
                || self.userId() != null && self.userId().equals(m.getUser()))
                && (m.getMetadata() == null || !POST_EVENT_TYPE.equals(m.getMetadata().getEventType()))
                && (m.getFiles() == null || m.getFiles().isEmpty())
                && !threadTs.equals(m.getTs()) && !notTs.contains(m.getTs());
        return find(channel, threadTs, from, to, stream).map(Message::getTs);
    }

    /** Who the app is in Slack, to tell its own messages from others'. */
    private record Self(String botId, String userId) {}

    /** The app's bot and bot user ids ({@code auth.test}), asked once, when a stream is first looked for. */
    private Self self() {
        Self s = self;
        if (s == null) {
            var r = call("auth.test", () -> methods.authTest(q -> q));
            s = new Self(blankToNull(r.getBotId()), blankToNull(r.getUserId()));
            self = s;
        }
        return s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public boolean findFileShare(String channel, String threadTs, String fileId, Instant from) {
        return find(channel, threadTs, from, null, m -> m.getFiles() != null
                && m.getFiles().stream().map(File::getId).anyMatch(fileId::equals)).isPresent();
    }

    /**
     * Reads a thread (or the channel's top level) between {@code from} and {@code to} (null: now), page by page,
     * until a message matches. A refused page fails the whole look-up, to be tried again later without holding a
     * worker; the window is narrow, so one page is the rule.
     */
    private Optional<Message> find(String channel, String threadTs, Instant from, Instant to,
            Predicate<Message> match) {
        String oldest = slackTs(from);
        String latest = to == null ? null : slackTs(to);
        String cursor = null;
        for (int page = 0; page < HISTORY_MAX_PAGES; page++) {
            String at = cursor;
            List<Message> messages;
            String next;
            if (threadTs != null) {
                var r = call("conversations.replies", () -> methods.conversationsReplies(q -> q
                        .channel(channel).ts(threadTs).oldest(oldest).latest(latest).includeAllMetadata(true)
                        .limit(HISTORY_PAGE).cursor(at)));
                messages = r.getMessages();
                next = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
            } else {
                var r = call("conversations.history", () -> methods.conversationsHistory(q -> q
                        .channel(channel).oldest(oldest).latest(latest).includeAllMetadata(true)
                        .limit(HISTORY_PAGE).cursor(at)));
                messages = r.getMessages();
                next = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
            }
            if (messages != null) {
                Optional<Message> found = messages.stream().filter(match).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
            if (next == null || next.isBlank()) {
                return Optional.empty();
            }
            cursor = next;
        }
        return Optional.empty();
    }

    @Override
    public void updateMessage(String channel, String ts, ObjectNode message) {
        call("chat.update", () -> methods.chatUpdate(ChatUpdateRequest.builder()
                .channel(channel).ts(ts).text(text(message)).blocksAsString(blocks(message)).build()));
    }

    @Override
    public void postEphemeral(String channel, String user, ObjectNode message) {
        call("chat.postEphemeral", () -> methods.chatPostEphemeral(ChatPostEphemeralRequest.builder()
                .channel(channel).user(user).text(text(message)).blocksAsString(blocks(message)).build()));
    }

    @Override
    public void joinChannel(String channel) {
        call("conversations.join", () -> methods.conversationsJoin(r -> r.channel(channel)));
    }

    private static String slackTs(Instant t) {
        return t.getEpochSecond() + "." + String.format("%06d", t.getNano() / 1000);
    }

    /**
     * The external upload flow step by step (rather than the SDK's {@code filesUploadV2}, which hides the file id
     * until the file is shared and then reads it back with {@code files.info}, a method needing {@code files:read}).
     */
    @Override
    public void uploadFile(String channel, String threadTs, String filename, String title, byte[] content,
            Consumer<String> beforeShare) {
        FilesGetUploadURLExternalResponse target = call("files.getUploadURLExternal",
                () -> methods.filesGetUploadURLExternal(r -> r.filename(filename).length(content.length)));
        Request upload = new Request.Builder().url(target.getUploadUrl()).post(RequestBody.create(content)).build();
        try (Response r = uploads.newCall(upload).execute()) {
            if (!r.isSuccessful()) {
                throw new SlackCallException("files.upload_url", "HTTP " + r.code(), r.code(), null, null);
            }
        } catch (IOException e) {
            throw new SlackCallException("files.upload_url", "network error: " + e.getClass().getSimpleName(), 0,
                    null, null);
        }
        beforeShare.accept(target.getFileId());
        call("files.completeUploadExternal", () -> methods.filesCompleteUploadExternal(r -> r
                .files(List.of(FilesCompleteUploadExternalRequest.FileDetails.builder()
                        .id(target.getFileId()).title(title).build()))
                .channelId(channel)
                .threadTs(threadTs)));
    }

    @Override
    public String openDirectMessage(String user) {
        var r = call("conversations.open", () -> methods.conversationsOpen(q -> q.users(List.of(user))));
        if (r.getChannel() == null || r.getChannel().getId() == null) {
            throw new SlackCallException("conversations.open", "no channel in the answer", 200, null, null);
        }
        return r.getChannel().getId();
    }

    @Override
    public SlackFileInfo fileInfo(String fileId) {
        File f = call("files.info", () -> methods.filesInfo(r -> r.file(fileId))).getFile();
        if (f == null) {
            throw new SlackCallException("files.info", "file_not_found", 200, null, null);
        }
        return new SlackFileInfo(f.getId(), f.getName(), f.getTitle(), f.getMimetype(), f.getFiletype(),
                f.getPrettyType(), f.getMode(), f.isExternal(), f.getExternalType(),
                f.getSize() == null ? -1 : f.getSize(), f.getUrlPrivateDownload());
    }

    @Override
    public Download downloadFile(String url, long maxBytes, Path target) {
        HttpUrl u = url == null ? null : HttpUrl.parse(url);
        if (u == null || !mayReceiveToken(u)) {
            throw new IllegalArgumentException("not a Slack file URL: the bot token is sent to Slack's hosts only");
        }
        Request get = new Request.Builder().url(u).get().header("Authorization", "Bearer " + botToken).build();
        try (Response r = uploads.newCall(get).execute()) {
            if (!r.isSuccessful()) {
                throw new SlackCallException("files.download", "HTTP " + r.code(), r.code(),
                        retryAfter(r.header("Retry-After")), null);
            }
            ResponseBody body = r.body();
            if (body == null) {
                throw new SlackCallException("files.download", "empty response", 0, null, null);
            }
            if (body.contentLength() > maxBytes) {
                throw new DownloadTooLarge(maxBytes);
            }
            long written = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = body.byteStream(); OutputStream out = Files.newOutputStream(target)) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    written += n;
                    if (written > maxBytes) {
                        throw new DownloadTooLarge(maxBytes);
                    }
                    out.write(buffer, 0, n);
                }
            }
            MediaType type = body.contentType();
            return new Download(written, type == null ? null : type.type() + "/" + type.subtype());
        } catch (IOException e) {
            throw new SlackCallException("files.download", "network error: " + e.getClass().getSimpleName(), 0, null,
                    null);
        }
    }

    /**
     * Whether a download URL may get the bot token: https on slack.com or one of its subdomains (where Slack serves
     * files), or the scheme of the configured Web API on its host or a subdomain of it (another Slack deployment such
     * as slack-gov.com, or a local fake). A redirect to another host loses the header (OkHttp drops it).
     */
    private boolean mayReceiveToken(HttpUrl u) {
        String host = u.host().toLowerCase(Locale.ROOT);
        if (u.isHttps() && (host.equals("slack.com") || host.endsWith(".slack.com"))) {
            return true;
        }
        if (apiBase == null || !apiBase.scheme().equals(u.scheme())) {
            return false;
        }
        String api = apiBase.host().toLowerCase(Locale.ROOT);
        return host.equals(api) || host.endsWith("." + api);
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    @Override
    public String startStream(String channel, String threadTs, String recipientUserId, String recipientTeamId,
            ArrayNode chunks) {
        return call("chat.startStream", () -> streams.start(channel, threadTs, recipientUserId, recipientTeamId,
                chunks)).getTs();
    }

    @Override
    public void appendStream(String channel, String ts, ArrayNode chunks) {
        call("chat.appendStream", () -> streams.append(channel, ts, chunks));
    }

    @Override
    public void stopStream(String channel, String ts, ArrayNode chunks) {
        call("chat.stopStream", () -> streams.stop(channel, ts, chunks));
    }

    @Override
    public void setAgentSessionStatus(String channel, String threadTs, String status, String title,
            String initiatorUserId) {
        call("agents.sessions.setStatus", () -> methods.agentsSessionsSetStatus(r -> r.channelId(channel)
                .threadTs(threadTs).status(status).title(title).initiatorUserId(initiatorUserId)));
    }

    @Override
    public void publishHome(String user, ObjectNode view) {
        call("views.publish", () -> methods.viewsPublish(ViewsPublishRequest.builder()
                .userId(user).viewAsString(view.toString()).build()));
    }

    @Override
    public void openView(String triggerId, ObjectNode view) {
        call("views.open", () -> methods.viewsOpen(ViewsOpenRequest.builder()
                .triggerId(triggerId).viewAsString(view.toString()).build()));
    }

    @Override
    public void respond(String responseUrl, ObjectNode message) {
        ObjectNode body = message.deepCopy().put("response_type", "ephemeral").put("replace_original", false);
        try {
            var r = slack.send(responseUrl, body.toString());
            if (r.getCode() >= 300) {
                throw new SlackCallException("response_url", "HTTP " + r.getCode(), r.getCode(), null, null);
            }
        } catch (IOException e) {
            throw new SlackCallException("response_url", "network error: " + e.getClass().getSimpleName(), 0, null, null);
        }
    }

    @Override
    public boolean isAdminOrOwner(String user) {
        UsersInfoResponse r = call("users.info", () -> methods.usersInfo(req -> req.user(user)));
        return r.getUser() != null && (r.getUser().isAdmin() || r.getUser().isOwner() || r.getUser().isPrimaryOwner());
    }

    @Override
    public UserPage listUsers(String cursor, int limit) {
        var r = call("users.list", () -> methods.usersList(req -> req.cursor(cursor).limit(limit)));
        List<UserPage.Member> members = new ArrayList<>();
        if (r.getMembers() != null) {
            r.getMembers().forEach(u -> members.add(new UserPage.Member(u.getId(), u.isAdmin(), u.isOwner(),
                    u.isPrimaryOwner(), u.isDeleted(), u.isBot())));
        }
        return new UserPage(members, r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor());
    }

    @Override
    public List<String> userGroupMembers(String userGroupId) {
        var r = call("usergroups.users.list", () -> methods.usergroupsUsersList(req -> req.usergroup(userGroupId)));
        return r.getUsers() == null ? List.of() : r.getUsers();
    }

    @Override
    public List<String> channelMembers(String channel, int maxPages) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < maxPages; page++) {
            String from = cursor;
            var r = call("conversations.members", () -> methods.conversationsMembers(req -> req.channel(channel)
                    .limit(1000).cursor(from)));
            if (r.getMembers() != null) {
                out.addAll(r.getMembers());
            }
            cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        return out;
    }

    @Override
    public Optional<ChannelInfo> channelInfo(String channel) {
        try {
            var c = call("conversations.info", () -> lookups.conversationsInfo(r -> r.channel(channel))).getChannel();
            if (c == null) {
                throw new SlackCallException("conversations.info", "no channel in the answer", 200, null, null);
            }
            return Optional.of(new ChannelInfo(c.isIm(), c.isPrivate() || c.isGroup() || c.isMpim(), c.isMember()));
        } catch (SlackCallException e) {
            if ("channel_not_found".equals(e.error())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public TokenCheck checkToken() {
        return check("auth.test", () -> methods.authTest(r -> r),
                r -> new TokenCheck.Valid(r.getTeamId(), r.getUserId()));
    }

    /**
     * {@code apps.connections.open} with the app-level token ({@code xapp-…}): whether Slack accepts it for Socket
     * Mode. The WebSocket URL it hands out is not used (an unused one expires by itself).
     */
    public TokenCheck checkAppToken(String appToken) {
        return check("apps.connections.open", () -> slack.methods(appToken).appsConnectionsOpen(r -> r),
                r -> new TokenCheck.Valid(null, null));
    }

    /** A token check: refused only when Slack names one of {@link TokenCheck#REFUSING_ERRORS}. */
    private <T extends SlackApiTextResponse> TokenCheck check(String method, SlackCall<T> call,
            Function<T, TokenCheck> valid) {
        T response;
        try {
            response = call.run();
        } catch (SlackApiException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().code();
            String error = e.getError() == null ? null : e.getError().getError();
            if (error != null && TokenCheck.REFUSING_ERRORS.contains(error)) {
                return new TokenCheck.Refused(error);
            }
            return new TokenCheck.Unreachable(apiHost + " answered " + method + " with HTTP " + status
                    + (error == null ? "" : " (" + error + ")"));
        } catch (IOException e) {
            return new TokenCheck.Unreachable(NetworkFailure.describe(e, apiHost));
        } catch (Exception e) {
            return new TokenCheck.Unreachable(method + " failed: " + e.getClass().getSimpleName());
        }
        if (response == null) {
            return new TokenCheck.Unreachable(apiHost + " gave no answer to " + method);
        }
        if (response.isOk()) {
            return valid.apply(response);
        }
        String error = response.getError() == null ? "unknown_error" : response.getError();
        return TokenCheck.REFUSING_ERRORS.contains(error) ? new TokenCheck.Refused(error)
                : new TokenCheck.Unreachable(apiHost + " answered " + method + " with " + error);
    }

    private static String text(ObjectNode message) {
        JsonNode t = message.get("text");
        return t == null ? "" : t.asText();
    }

    private static String blocks(ObjectNode message) {
        JsonNode b = message.get("blocks");
        return b == null ? null : b.toString();
    }

    @FunctionalInterface
    private interface SlackCall<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException, Exception;
    }

    private static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        T response;
        try {
            response = call.run();
        } catch (SlackApiException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().code();
            Duration retryAfter = null;
            if (e.getResponse() != null) {
                String h = e.getResponse().header("Retry-After");
                if (h != null) {
                    try {
                        retryAfter = Duration.ofSeconds(Long.parseLong(h.trim()));
                    } catch (NumberFormatException ignored) {
                        retryAfter = Duration.ofSeconds(1);
                    }
                }
            }
            String error = e.getError() != null && e.getError().getError() != null
                    ? e.getError().getError() : (status == 429 ? "ratelimited" : "http_error");
            throw new SlackCallException(method, error, status, retryAfter, null);
        } catch (IOException e) {
            throw new SlackCallException(method, "network error: " + e.getClass().getSimpleName(), 0, null, null);
        } catch (RuntimeException e) {
            throw new SlackCallException(method, "client error: " + e.getClass().getSimpleName(), 0, null, null);
        } catch (Exception e) {
            throw new SlackCallException(method, "upload error: " + e.getClass().getSimpleName(), 0, null, null);
        }
        if (response == null) {
            throw new SlackCallException(method, "empty response", 0, null, null);
        }
        if (!response.isOk()) {
            String error = response.getError() == null ? "unknown_error" : response.getError();
            throw new SlackCallException(method, error, 200, null, null);
        }
        return response;
    }

    /**
     * Method names the gateway calls with the bot token; the manifest's scopes cover exactly these. (It also calls
     * {@code apps.connections.open}, with the app-level token, whose {@code connections:write} scope is not a bot
     * scope.)
     */
    public static final List<String> METHODS = List.of("chat.postMessage", "chat.update", "chat.postEphemeral",
            "conversations.join", "conversations.replies", "conversations.history", "files.getUploadURLExternal",
            "files.completeUploadExternal", "views.publish", "views.open", "users.info", "usergroups.users.list",
            "conversations.members", "conversations.info", "auth.test", "conversations.open", "files.info",
            "users.list", "chat.startStream", "chat.appendStream", "chat.stopStream", "agents.sessions.setStatus");
}
