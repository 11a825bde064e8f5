package io.gigaslack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A fake Slack Web API over real HTTP, for the SDK's client pointed at it through
 * {@code SLACK_API_URL}. It records every call, keeps the messages it was asked to post (so tests
 * can read a thread back, and so can the app with {@code conversations.replies}/{@code history}), knows which
 * channels the bot is in (and answers {@code conversations.info} as Slack does: public and private channels, group
 * DMs, the app's DM, DMs between people), lists the workspace's members ({@code users.list}, paged with a cursor),
 * and injects faults: HTTP 429 with {@code Retry-After}, HTTP 500, {@code ok:false} errors,
 * and answers lost after the call was carried out. Message timestamps follow the wall clock, as Slack's do.
 */
public final class FakeSlack implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One Web API call: the method, its form (or JSON) fields, and the token it was made with (from its
     * {@code Authorization: Bearer} header or its {@code token} field; null for none, e.g. the client id and secret of
     * {@code oauth.v2.access}).
     */
    public record Call(String method, Map<String, String> params, long atNanos, String token) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /** A message as Slack would hold it; {@code metadata} is the JSON given with it, or null. */
    public record Message(String channel, String ts, String threadTs, String text, String blocks, List<String> edits,
            String metadata) {}

    /** A file shared in a channel or thread by {@code files.completeUploadExternal}. */
    public record FileShare(String channel, String ts, String threadTs, List<String> fileIds) {}

    /**
     * A file as Slack holds it, for {@code files.info} and its download: an uploaded one ({@link #hosted}), a link to a
     * Google Drive file ({@link #googleDrive}: no bytes in Slack, no download URL) or a canvas ({@link #canvas}).
     */
    public record SlackFile(String id, String name, String mimetype, String filetype, String prettyType, String mode,
            String externalType, byte[] content) {
        public static SlackFile hosted(String id, String name, String mimetype, byte[] content) {
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase() : "binary";
            return new SlackFile(id, name, mimetype, ext, ext.toUpperCase(), "hosted", "", content.clone());
        }

        public static SlackFile googleDrive(String id, String name) {
            return new SlackFile(id, name, "application/vnd.google-apps.spreadsheet", "gsheet", "Google Sheet",
                    "external", "gdrive", null);
        }

        public static SlackFile canvas(String id, String name) {
            return new SlackFile(id, name, "application/vnd.slack-docs", "quip", "Canvas", "canvas", "", null);
        }

        boolean downloadable() {
            return content != null;
        }
    }

    /** {@code status} 0: the call is carried out, then its answer is cut off halfway (the client cannot read it). */
    private record Fault(String method, int status, String error, int retryAfterSeconds, int[] remaining) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Message> messages = new ConcurrentHashMap<>();
    private final List<Message> ordered = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final Set<String> memberOf = ConcurrentHashMap.newKeySet();
    private final Set<String> privateChannels = ConcurrentHashMap.newKeySet();
    private final Set<String> peoplesDms = ConcurrentHashMap.newKeySet();
    private final Set<String> groupDms = ConcurrentHashMap.newKeySet();
    private final Set<String> admins = ConcurrentHashMap.newKeySet();
    private final List<FileShare> fileShares = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    /** Streams by "channel/ts": their chunks in order, and whether they were stopped. */
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    /** Agent session statuses set, by "channel/thread_ts", in order. */
    private final Map<String, List<String>> sessionStatuses = new ConcurrentHashMap<>();
    private final Map<String, String> sessionTitles = new ConcurrentHashMap<>();
    /** Arguments Slack would refuse (a required field missing, an unknown status or chunk type…), as sentences. */
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile String streamingRefusal;

    /** A streamed message: every chunk Slack was given for it, oldest first. */
    public record Stream(String channel, String ts, String threadTs, List<JsonNode> chunks, boolean[] stopped) {
        public boolean isStopped() {
            return stopped[0];
        }

        /** The {@code task_update} chunks, oldest first. */
        public List<JsonNode> tasks() {
            return chunks.stream().filter(c -> "task_update".equals(c.path("type").asText())).toList();
        }

        /** The text of the {@code markdown_text} chunks, joined. */
        public String markdown() {
            StringBuilder b = new StringBuilder();
            chunks.stream().filter(c -> "markdown_text".equals(c.path("type").asText()))
                    .forEach(c -> b.append(c.path("text").asText()));
            return b.toString();
        }
    }
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private volatile boolean memberEverywhere = true;
    private final Map<String, SlackFile> files = new ConcurrentHashMap<>();
    private final Map<String, Long> downloadDelays = new ConcurrentHashMap<>();
    /** File downloads: the file id of each, in order, and whether it carried the bot token. */
    private final List<String> downloads = new CopyOnWriteArrayList<>();
    private volatile String botToken = TestApp.BOT_TOKEN;

    public FakeSlack() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/", this::handleApi);
        server.createContext("/upload/", this::handleUpload);
        server.createContext("/response/", this::handleResponseUrl);
        server.createContext("/files-pri/", this::handleDownload);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    /** The value for {@code SLACK_API_URL}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method.equals(method)).toList();
    }

    /**
     * The id of {@code user}'s DM with the app: where Slack puts a message posted with the person's id as its channel,
     * and the channel it answers with. (Slack's other methods, {@code chat.update} and the reads, want this id and
     * answer {@code channel_not_found} to a person's id.)
     */
    public static String appDm(String user) {
        return "D" + user;
    }

    /** The conversation a post to {@code channel} lands in: a person's id means their DM with the app. */
    private static String conversationOf(String channel) {
        return channel != null && isUserId(channel) ? appDm(channel) : channel;
    }

    private static boolean isUserId(String id) {
        return id.startsWith("U") || id.startsWith("W");
    }

    /** Messages posted in a channel or thread, in posting order; a person's id reads their DM with the app. */
    public List<Message> thread(String channel, String rootTs) {
        String conversation = conversationOf(channel);
        return ordered.stream()
                .filter(m -> m.channel.equals(conversation) && rootTs.equals(m.threadTs))
                .map(m -> messages.get(m.channel + "/" + m.ts))
                .toList();
    }

    /** Top-level messages of a channel, in posting order; a person's id reads their DM with the app. */
    public List<Message> rootMessages(String channel) {
        String conversation = conversationOf(channel);
        return ordered.stream().filter(m -> m.channel.equals(conversation) && m.threadTs == null)
                .map(m -> messages.get(m.channel + "/" + m.ts)).toList();
    }

    public Message message(String channel, String ts) {
        return messages.get(conversationOf(channel) + "/" + ts);
    }

    public Map<String, byte[]> uploads() {
        return Map.copyOf(uploads);
    }

    /** Files shared in a thread, in order. */
    public List<FileShare> fileShares(String channel, String rootTs) {
        return fileShares.stream().filter(f -> f.channel.equals(channel) && rootTs.equals(f.threadTs)).toList();
    }

    /** The id of the app's DM with {@code user}, as {@code conversations.open} answers it. */
    public static String directMessage(String user) {
        return "D" + user;
    }

    /** Files shared at the top level of a conversation (e.g. a DM), in order. */
    public List<FileShare> topLevelFileShares(String channel) {
        return fileShares.stream().filter(f -> f.channel.equals(channel) && f.threadTs == null).toList();
    }

    /** A file people can attach: {@code files.info} describes it and, if it has bytes, they can be downloaded. */
    public FakeSlack file(SlackFile f) {
        files.put(f.id(), f);
        return this;
    }

    /** Every download of {@code fileId}'s bytes answers only after {@code millis}. */
    public FakeSlack delayDownload(String fileId, long millis) {
        downloadDelays.put(fileId, millis);
        return this;
    }

    /** The ids of the files whose bytes were downloaded with the bot token, once per download, in order. */
    public List<String> downloads() {
        return List.copyOf(downloads);
    }

    /**
     * A file as a message event (or a modal's file field) carries it: the file object Slack documents, with its private
     * download URL for an uploaded file.
     */
    public String fileJson(String fileId) {
        return fileObject(files.get(fileId)).toString();
    }

    /** A file as an event carries it in a Slack Connect channel: an id and {@code file_access: check_file_info}. */
    public static String fileStubJson(String fileId) {
        return JSON.createObjectNode().put("id", fileId).put("mode", "file_access")
                .put("file_access", "check_file_info").put("created", 0).put("timestamp", 0).put("user", "")
                .toString();
    }

    private ObjectNode fileObject(SlackFile f) {
        String base = apiUrl().replace("/api/", "");
        ObjectNode o = JSON.createObjectNode().put("id", f.id()).put("created", 1_700_000_000)
                .put("timestamp", 1_700_000_000).put("name", f.name()).put("title", f.name())
                .put("mimetype", f.mimetype()).put("filetype", f.filetype()).put("pretty_type", f.prettyType())
                .put("user", "U1").put("user_team", "T1").put("editable", !f.downloadable())
                .put("size", f.downloadable() ? f.content().length : 0).put("mode", f.mode())
                .put("is_external", "external".equals(f.mode())).put("external_type", f.externalType())
                .put("is_public", true).put("public_url_shared", false).put("display_as_bot", false)
                .put("username", "");
        if ("external".equals(f.mode())) {
            String url = "https://docs.google.com/spreadsheets/d/" + f.id().toLowerCase() + "/edit";
            o.put("url_private", url).put("external_id", f.id().toLowerCase()).put("external_url", url);
        } else if (f.downloadable()) {
            String at = base + "/files-pri/T1-" + f.id() + "/";
            o.put("url_private", at + f.name()).put("url_private_download", at + "download/" + f.name());
        } else {
            o.put("url_private", base + "/docs/T1/" + f.id());
        }
        o.put("permalink", base + "/files/U1/" + f.id() + "/" + f.name()).put("comments_count", 0)
                .put("has_rich_preview", false).put("file_access", "visible");
        return o;
    }

    /**
     * A file's bytes at its private download URL, for a request with the bot token; without it, Slack's sign-in page
     * (an HTML page, status 200, as Slack answers an unauthorised download).
     */
    private void handleDownload(HttpExchange ex) throws IOException {
        String[] parts = ex.getRequestURI().getPath().split("/");
        String id = parts.length > 2 && parts[2].startsWith("T1-") ? parts[2].substring(3) : "";
        SlackFile f = files.get(id);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (!("Bearer " + botToken).equals(auth)) {
            respond(ex, 200, "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><body>Sign in to Slack</body></html>".getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        if (f == null || !f.downloadable()) {
            respond(ex, 404, "text/plain", "Not found".getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        downloads.add(id);
        Long delay = downloadDelays.get(id);
        if (delay != null) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Sent chunked, without a length: the app's size bound must hold while it reads, not only on a header.
        ex.getResponseHeaders().set("Content-Type", f.mimetype());
        ex.sendResponseHeaders(200, 0);
        ex.getResponseBody().write(f.content());
        ex.close();
    }

    /** Streams started in a thread, oldest first. */
    public List<Stream> streams(String channel, String threadTs) {
        String conversation = conversationOf(channel);
        return ordered.stream().filter(m -> m.channel.equals(conversation) && threadTs.equals(m.threadTs))
                .map(m -> streams.get(m.channel + "/" + m.ts)).filter(java.util.Objects::nonNull).toList();
    }

    /** The statuses set for the agent session of a thread, in order. */
    public List<String> sessionStatuses(String channel, String threadTs) {
        return List.copyOf(sessionStatuses.getOrDefault(conversationOf(channel) + "/" + threadTs, List.of()));
    }

    /** The title the agent session of a thread was given first (Slack keeps it from the session's creation). */
    public String sessionTitle(String channel, String threadTs) {
        return sessionTitles.get(conversationOf(channel) + "/" + threadTs);
    }

    /** Calls whose arguments Slack's documentation does not allow, as sentences; empty when all were right. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** From now on {@code chat.startStream} answers {@code ok:false} with {@code error} (streaming unavailable). */
    public FakeSlack refuseStreaming(String error) {
        streamingRefusal = error;
        return this;
    }

    /** Ends a stream on Slack's side (as Slack does with one left idle): later appends are refused. */
    public void endStream(String channel, String ts) {
        Stream st = streams.get(conversationOf(channel) + "/" + ts);
        if (st != null) {
            st.stopped[0] = true;
        }
    }

    /** From now on the bot is a member only of channels it joined or is added to. */
    public FakeSlack botNotInChannels() {
        memberEverywhere = false;
        return this;
    }

    public FakeSlack addBotTo(String channel) {
        memberOf.add(channel);
        return this;
    }

    public FakeSlack privateChannel(String channel) {
        privateChannels.add(channel);
        return this;
    }

    /**
     * A direct message between people (its id starts with D, as the app's own DM's does): the bot is never part of
     * it, so Slack answers {@code channel_not_found} to posting there and to {@code conversations.info}. Any other D
     * channel is the app's DM with someone.
     */
    public FakeSlack dmBetweenPeople(String channel) {
        peoplesDms.add(channel);
        return this;
    }

    /**
     * A direct message between several people ({@code is_mpim}): private, so one the bot is not in (see
     * {@link #botNotInChannels}) is, for {@code conversations.info}, {@code channel_not_found}.
     */
    public FakeSlack groupDm(String channel) {
        groupDms.add(channel);
        return this;
    }

    private final Map<String, Set<String>> groupMembers = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> channelMembers = new ConcurrentHashMap<>();

    /** Members of a channel, as {@code conversations.members} lists them. */
    public FakeSlack channelMembers(String channel, String... users) {
        channelMembers.put(channel, Set.of(users));
        return this;
    }

    public FakeSlack userGroup(String group, String... users) {
        groupMembers.put(group, Set.of(users));
        return this;
    }

    private volatile String socketModeUrl;
    private final Map<String, Long> delays = new ConcurrentHashMap<>();

    /** Every call of {@code method} answers only after {@code millis}. */
    public FakeSlack delay(String method, long millis) {
        delays.put(method, millis);
        return this;
    }

    private volatile String botTokenError;
    private volatile String appTokenError;

    /**
     * From now on {@code auth.test} answers {@code {"ok":false,"error":error}}, as Slack does for a bot token it refuses
     * ({@code invalid_auth}, {@code account_inactive}, {@code token_revoked}, …).
     */
    public FakeSlack refuseBotToken(String error) {
        botTokenError = error;
        return this;
    }

    /** From now on {@code apps.connections.open} answers {@code ok:false} with {@code error} (a refused app token). */
    public FakeSlack refuseAppToken(String error) {
        appTokenError = error;
        return this;
    }

    /** A {@code SLACK_API_URL} on a local port nothing listens on: Slack cannot be reached there. */
    public static String unreachableApiUrl() {
        return "http://127.0.0.1:" + closedPort() + "/api/";
    }

    /** A local port that was free a moment ago (bound, then released). */
    public static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The WebSocket URL handed out by {@code apps.connections.open} (Socket Mode). */
    public FakeSlack socketModeUrl(String url) {
        socketModeUrl = url;
        return this;
    }

    public FakeSlack admin(String user) {
        admins.add(user);
        return this;
    }

    /** What a workspace member is, as Slack's {@code is_admin}, {@code is_owner}, {@code is_primary_owner},
     * {@code deleted} and {@code is_bot} say. */
    public enum Trait { ADMIN, OWNER, PRIMARY_OWNER, DELETED, BOT }

    /** Slack's own bot: every workspace has it, and {@code users.list} lists it like a person. */
    public static final String SLACKBOT = "USLACKBOT";

    private final Map<String, Set<Trait>> members = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * A member of the workspace, listed by {@code users.list} in the order added (after Slackbot, and after anyone
     * only made an {@link #admin}) and described by {@code users.info} the same way.
     */
    public FakeSlack member(String user, Trait... traits) {
        members.put(user, traits.length == 0 ? Set.of() : java.util.EnumSet.copyOf(List.of(traits)));
        return this;
    }

    /**
     * The next {@code times} calls of {@code method} whose parameters match {@code when} fail with HTTP {@code status}
     * (429 carries Retry-After); calls that do not match are answered as usual.
     */
    public FakeSlack failNextWhen(String method, Predicate<Map<String, String>> when, int times, int status,
            int retryAfterSeconds) {
        conditionalFaults.add(Map.entry(when, new Fault(method, status, status == 429 ? "ratelimited"
                : "internal_error", retryAfterSeconds, new int[] {times})));
        return this;
    }

    private final Deque<Map.Entry<Predicate<Map<String, String>>, Fault>> conditionalFaults =
            new ConcurrentLinkedDeque<>();

    /** A fault for this call: one whose condition its parameters match first, then the method's next fault. */
    private Fault takeFault(String method, Map<String, String> params) {
        for (Map.Entry<Predicate<Map<String, String>>, Fault> e : conditionalFaults) {
            Fault f = e.getValue();
            if (f.method.equals(method) && e.getKey().test(params)) {
                synchronized (f) {
                    if (f.remaining[0] > 0) {
                        if (--f.remaining[0] == 0) {
                            conditionalFaults.remove(e);
                        }
                        return f;
                    }
                }
            }
        }
        return takeFault(method);
    }

    /** Every member with their traits, in the order {@code users.list} lists them. */
    private List<Map.Entry<String, Set<Trait>>> workspaceMembers() {
        List<Map.Entry<String, Set<Trait>>> all = new ArrayList<>();
        all.add(Map.entry(SLACKBOT, Set.of()));
        admins.stream().sorted().filter(a -> !members.containsKey(a))
                .forEach(a -> all.add(Map.entry(a, Set.of(Trait.ADMIN))));
        synchronized (members) {
            members.forEach((id, traits) -> all.add(Map.entry(id, traits)));
        }
        return all;
    }

    private Set<Trait> traitsOf(String user) {
        Set<Trait> traits = members.getOrDefault(user, Set.of());
        return admins.contains(user) && !traits.contains(Trait.ADMIN) ? Set.of(Trait.ADMIN) : traits;
    }

    /**
     * {@code users.list} as Slack documents it: {@code members} (each with {@code id}, {@code team_id}, {@code name},
     * {@code deleted}, {@code is_admin}, {@code is_owner}, {@code is_primary_owner}, {@code is_bot}, …) at most
     * {@code limit} at a time (all without one), {@code response_metadata.next_cursor} naming the next page (an
     * opaque base64 string, empty on the last page), and {@code invalid_cursor} for a cursor it never handed out.
     */
    private ObjectNode usersList(Map<String, String> p) {
        List<Map.Entry<String, Set<Trait>>> all = workspaceMembers();
        int from = 0;
        String cursor = p.get("cursor");
        if (cursor != null && !cursor.isBlank()) {
            String decoded;
            try {
                decoded = new String(java.util.Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return error("invalid_cursor");
            }
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (decoded.equals("user:" + all.get(i).getKey())) {
                    from = i;
                }
            }
            if (from < 0) {
                return error("invalid_cursor");
            }
        }
        int limit = p.get("limit") == null || p.get("limit").equals("0") ? all.size() : Integer.parseInt(p.get("limit"));
        int to = Math.min(all.size(), from + limit);
        ObjectNode r = ok();
        var out = r.putArray("members");
        for (Map.Entry<String, Set<Trait>> m : all.subList(from, to)) {
            Set<Trait> t = m.getValue();
            boolean bot = t.contains(Trait.BOT);
            ObjectNode u = out.addObject().put("id", m.getKey()).put("team_id", "T1")
                    .put("name", SLACKBOT.equals(m.getKey()) ? "slackbot" : m.getKey().toLowerCase())
                    .put("deleted", t.contains(Trait.DELETED))
                    .put("real_name", SLACKBOT.equals(m.getKey()) ? "Slackbot" : "Member " + m.getKey())
                    .put("tz", "Europe/Berlin").put("tz_label", "Central European Time").put("tz_offset", 3600)
                    .put("is_admin", t.contains(Trait.ADMIN)).put("is_owner", t.contains(Trait.OWNER))
                    .put("is_primary_owner", t.contains(Trait.PRIMARY_OWNER)).put("is_restricted", false)
                    .put("is_ultra_restricted", false).put("is_bot", bot).put("is_app_user", false)
                    .put("updated", 1_700_000_000);
            ObjectNode profile = u.putObject("profile").put("real_name", u.get("real_name").asText())
                    .put("display_name", u.get("name").asText());
            if (bot) {
                profile.put("bot_id", "B" + m.getKey().substring(1));
            }
        }
        r.put("cache_ts", 1_700_000_000);
        String next = to < all.size() ? java.util.Base64.getEncoder().encodeToString(("user:" + all.get(to).getKey())
                .getBytes(StandardCharsets.UTF_8)) : "";
        r.putObject("response_metadata").put("next_cursor", next);
        return r;
    }

    /** The next {@code times} calls of {@code method} fail with HTTP {@code status} (429 carries Retry-After). */
    public FakeSlack failNext(String method, int times, int status, int retryAfterSeconds) {
        faults.add(new Fault(method, status, status == 429 ? "ratelimited" : "internal_error", retryAfterSeconds,
                new int[] {times}));
        return this;
    }

    /**
     * The next {@code times} calls of {@code method} are carried out, but their answer arrives cut off halfway, as when
     * a connection breaks: the caller cannot tell whether the call took effect.
     */
    public FakeSlack loseAnswerNext(String method, int times) {
        faults.add(new Fault(method, 0, null, 0, new int[] {times}));
        return this;
    }

    /** The next {@code times} calls of {@code method} answer {@code ok:false} with {@code error}. */
    public FakeSlack errorNext(String method, int times, String error) {
        faults.add(new Fault(method, 200, error, 0, new int[] {times}));
        return this;
    }

    public void clear() {
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private final List<String> responses = new CopyOnWriteArrayList<>();

    /** Bodies posted to response_url addresses (ephemeral replies), in order. */
    public List<String> responses() {
        return List.copyOf(responses);
    }

    /** The value to give as a slash command's or an action's response_url. */
    public String responseUrl() {
        return apiUrl().replace("/api/", "/response/") + "T1/1/x";
    }

    private void handleResponseUrl(HttpExchange ex) throws IOException {
        responses.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        respond(ex, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8), null);
    }

    private void handleUpload(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        uploads.put(ex.getRequestURI().getPath().substring("/upload/".length()), body);
        respond(ex, 200, "text/plain", ("OK - " + body.length).getBytes(StandardCharsets.UTF_8), null);
    }

    private void handleApi(HttpExchange ex) throws IOException {
        String method = ex.getRequestURI().getPath().substring("/api/".length());
        byte[] raw = ex.getRequestBody().readAllBytes();
        Map<String, String> params = parse(ex, raw);
        String token = bearer(ex.getRequestHeaders().getFirst("Authorization"), params.get("token"));
        calls.add(new Call(method, params, System.nanoTime(), token));
        Long delay = delays.get(method);
        if (delay != null) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Fault fault = takeFault(method, params);
        if (fault != null && fault.status == 0) {
            // Carried out, but the answer is cut short: the caller cannot tell whether the call took effect. (A
            // dropped connection would do the same, but the JDK server does not reliably drop it on request.)
            byte[] answer = JSON.writeValueAsBytes(answer(method, params));
            respond(ex, 200, "application/json; charset=utf-8", java.util.Arrays.copyOf(answer, answer.length / 2),
                    null);
            return;
        }
        if (fault != null) {
            if (fault.status != 200) {
                respond(ex, fault.status, "application/json",
                        ("{\"ok\":false,\"error\":\"" + fault.error + "\"}").getBytes(StandardCharsets.UTF_8),
                        fault.status == 429 ? String.valueOf(fault.retryAfterSeconds) : null);
            } else {
                ok(ex, error(fault.error));
            }
            return;
        }
        if (method.equals("oauth.v2.access")) {
            ok(ex, oauth.access(params, ex.getRequestHeaders().getFirst("Authorization"), time.instant()));
            return;
        }
        Oauth.Issued issued = token == null ? null : oauth.issued(token);
        if (issued != null) {
            String refused = issued.refusal(time.instant());
            if (refused != null) {
                ok(ex, error(refused));
                return;
            }
            if (method.equals("auth.test")) {
                ok(ex, issued.authTest());
                return;
            }
        }
        ok(ex, answer(method, params));
    }

    private static String bearer(String authorization, String tokenField) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return tokenField == null || tokenField.isBlank() ? null : tokenField;
    }

    // ---- OAuth v2: installs and token rotation (opt-in: only tokens issued here behave per token) ----

    private final Oauth oauth = new Oauth();

    /**
     * What someone approves on Slack's authorize page: a workspace ({@link #workspace}), a workspace of an Enterprise
     * Grid org ({@link #inOrg}) or a whole org ({@link #orgWide}); with the installer's user token or not; with token
     * rotation (tokens expiring after {@code rotation}) or not.
     */
    public record Grant(String teamId, String teamName, String enterpriseId, String enterpriseName, boolean orgWide,
            String installerId, boolean userToken, Duration rotation) {
        public static Grant workspace(String teamId) {
            return new Grant(teamId, "Team " + teamId, null, null, false, "U" + teamId + "ADMIN", false, null);
        }

        public static Grant orgWide(String enterpriseId) {
            return new Grant(null, null, enterpriseId, "Org " + enterpriseId, true, "W" + enterpriseId + "ADMIN",
                    false, null);
        }

        public Grant inOrg(String enterpriseId) {
            return new Grant(teamId, teamName, enterpriseId, "Org " + enterpriseId, false, installerId, userToken,
                    rotation);
        }

        public Grant withUserToken() {
            return new Grant(teamId, teamName, enterpriseId, enterpriseName, orgWide, installerId, true, rotation);
        }

        /** Token rotation on: every token expires {@code expiresIn} after it is issued and comes with a refresh token. */
        public Grant withRotation(Duration expiresIn) {
            return new Grant(teamId, teamName, enterpriseId, enterpriseName, orgWide, installerId, userToken,
                    expiresIn);
        }

        /** The workspace id the app keys this installation by: the team, or the enterprise for an org-wide install. */
        public String workspaceId() {
            return orgWide ? enterpriseId : teamId;
        }
    }

    /**
     * Makes this Slack know the app's OAuth credentials: {@code oauth.v2.access} checks them (HTTP Basic, as the SDK
     * sends them) and refuses others with {@code invalid_client_id} or {@code bad_client_secret}.
     */
    public FakeSlack oauthApp(String clientId, String clientSecret) {
        oauth.clientId = clientId;
        oauth.clientSecret = clientSecret;
        return this;
    }

    /**
     * Someone approved the install of {@code grant} on Slack's authorize page that was opened with
     * {@code redirectUri}: the code Slack puts in the redirect, good once within ten minutes.
     */
    public String approve(Grant grant, String redirectUri) {
        return oauth.approve(grant, redirectUri, time.instant());
    }

    /** The bot token most recently issued to the installation of {@code workspaceId} (team or org id), or null. */
    public String botToken(String workspaceId) {
        return oauth.latest(workspaceId, "bot");
    }

    /** The refresh token most recently issued with {@code workspaceId}'s bot token, or null. */
    public String refreshToken(String workspaceId) {
        return oauth.latestRefresh(workspaceId);
    }

    /** The installer's user token most recently issued in {@code workspaceId}, or null. */
    public String userToken(String workspaceId) {
        return oauth.latest(workspaceId, "user");
    }

    /** Every access and refresh token issued so far. */
    public List<String> issuedSecrets() {
        return oauth.allSecrets();
    }

    /** The {@code oauth.v2.access} calls that asked for a refresh ({@code grant_type=refresh_token}), in order. */
    public List<Call> refreshes() {
        return calls("oauth.v2.access").stream().filter(c -> "refresh_token".equals(c.param("grant_type"))).toList();
    }

    /** From now on Slack refuses {@code token} with {@code token_revoked} (the app was uninstalled, say). */
    public FakeSlack revoke(String token) {
        Oauth.Issued i = oauth.issued(token);
        if (i != null) {
            i.revoked = true;
        }
        return this;
    }

    /** Slack's side of OAuth v2: codes, the tokens it issued, and who they belong to. */
    private static final class Oauth {
        volatile String clientId;
        volatile String clientSecret;
        private final Map<String, Approval> codes = new ConcurrentHashMap<>();
        private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
        /** Refresh token → the bot or user token it was issued with; removed when used (single use, as Slack's). */
        private final Map<String, Issued> refreshTokens = new ConcurrentHashMap<>();
        private final List<Issued> order = new CopyOnWriteArrayList<>();
        private final AtomicLong serial = new AtomicLong();

        private record Approval(Grant grant, String redirectUri, java.time.Instant expiresAt) {}

        /** A token Slack issued: whose it is, and until when it is good. */
        static final class Issued {
            final String token;
            final String kind;
            final Grant grant;
            final String refreshToken;
            final java.time.Instant expiresAt;
            volatile boolean revoked;

            Issued(String token, String kind, Grant grant, String refreshToken, java.time.Instant expiresAt) {
                this.token = token;
                this.kind = kind;
                this.grant = grant;
                this.refreshToken = refreshToken;
                this.expiresAt = expiresAt;
            }

            String refusal(java.time.Instant now) {
                if (revoked) {
                    return "token_revoked";
                }
                return expiresAt != null && !now.isBefore(expiresAt) ? "token_expired" : null;
            }

            ObjectNode authTest() {
                Grant g = grant;
                String team = g.orgWide() ? g.enterpriseId() : g.teamId();
                ObjectNode r = ok().put("url", "https://" + team.toLowerCase() + ".slack.com/")
                        .put("team", g.orgWide() ? g.enterpriseName() : g.teamName()).put("team_id", team);
                if (kind.equals("bot")) {
                    r.put("user", "giga").put("user_id", "UBOT" + team).put("bot_id", "B" + team);
                } else {
                    r.put("user", "installer").put("user_id", g.installerId());
                }
                if (g.enterpriseId() != null) {
                    r.put("enterprise_id", g.enterpriseId());
                }
                return r.put("is_enterprise_install", g.orgWide());
            }
        }

        String approve(Grant grant, String redirectUri, java.time.Instant now) {
            String code = "code-" + serial.incrementAndGet() + "-" + java.util.UUID.randomUUID();
            codes.put(code, new Approval(grant, redirectUri, now.plus(Duration.ofMinutes(10))));
            return code;
        }

        Issued issued(String token) {
            return tokens.get(token);
        }

        String latest(String workspaceId, String kind) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Issued t = order.get(i);
                if (t.kind.equals(kind) && t.grant.workspaceId().equals(workspaceId)) {
                    return t.token;
                }
            }
            return null;
        }

        String latestRefresh(String workspaceId) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Issued t = order.get(i);
                if (t.kind.equals("bot") && t.grant.workspaceId().equals(workspaceId)) {
                    return t.refreshToken;
                }
            }
            return null;
        }

        List<String> allSecrets() {
            List<String> out = new ArrayList<>();
            for (Issued t : order) {
                out.add(t.token);
                if (t.refreshToken != null) {
                    out.add(t.refreshToken);
                }
            }
            return out;
        }

        ObjectNode access(Map<String, String> p, String authorization, java.time.Instant now) {
            String credentials = basic(authorization);
            String id = credentials == null ? p.get("client_id") : credentials.substring(0, credentials.indexOf(':'));
            String secret = credentials == null ? p.get("client_secret")
                    : credentials.substring(credentials.indexOf(':') + 1);
            if (clientId == null || !clientId.equals(id)) {
                return error("invalid_client_id");
            }
            if (!clientSecret.equals(secret)) {
                return error("bad_client_secret");
            }
            if ("refresh_token".equals(p.get("grant_type"))) {
                return refresh(p.get("refresh_token"), now);
            }
            Approval a = p.get("code") == null ? null : codes.remove(p.get("code"));
            if (a == null || !now.isBefore(a.expiresAt())) {
                return error("invalid_code");
            }
            if (a.redirectUri() != null && !a.redirectUri().equals(p.get("redirect_uri"))) {
                return error("bad_redirect_uri");
            }
            Grant g = a.grant();
            Issued bot = issue("bot", g, now);
            ObjectNode r = ok().put("access_token", bot.token).put("token_type", "bot")
                    .put("scope", "chat:write,commands").put("bot_user_id", "UBOT" + g.workspaceId())
                    .put("app_id", "A1");
            tokenFields(r, bot, g);
            ObjectNode user = r.putObject("authed_user").put("id", g.installerId());
            if (g.userToken()) {
                Issued u = issue("user", g, now);
                user.put("scope", "search:read").put("access_token", u.token).put("token_type", "user");
                if (u.refreshToken != null) {
                    user.put("refresh_token", u.refreshToken).put("expires_in", g.rotation().toSeconds());
                }
            }
            return r;
        }

        private ObjectNode refresh(String refreshToken, java.time.Instant now) {
            Issued old = refreshToken == null ? null : refreshTokens.remove(refreshToken);
            if (old == null) {
                return error("invalid_refresh_token");
            }
            Issued fresh = issue(old.kind, old.grant, now);
            ObjectNode r = ok().put("app_id", "A1").put("access_token", fresh.token)
                    .put("token_type", old.kind).put("scope", "chat:write,commands");
            if (old.kind.equals("bot")) {
                r.put("bot_user_id", "UBOT" + old.grant.workspaceId());
            }
            return tokenFields(r, fresh, old.grant);
        }

        private static ObjectNode tokenFields(ObjectNode r, Issued t, Grant g) {
            if (t.refreshToken != null) {
                r.put("refresh_token", t.refreshToken).put("expires_in", g.rotation().toSeconds());
            }
            if (g.orgWide()) {
                r.putNull("team");
            } else {
                r.putObject("team").put("id", g.teamId()).put("name", g.teamName());
            }
            if (g.enterpriseId() == null) {
                r.putNull("enterprise");
            } else {
                r.putObject("enterprise").put("id", g.enterpriseId()).put("name", g.enterpriseName());
            }
            return r.put("is_enterprise_install", g.orgWide());
        }

        private Issued issue(String kind, Grant g, java.time.Instant now) {
            String n = serial.incrementAndGet() + "-" + java.util.UUID.randomUUID().toString().replace("-", "");
            String prefix = kind.equals("bot") ? "xoxb-" : "xoxp-";
            boolean rotating = g.rotation() != null;
            String token = (rotating ? "xoxe." : "") + prefix + g.workspaceId() + "-" + n;
            String refresh = rotating ? "xoxe-1-" + g.workspaceId() + "-" + n : null;
            Issued t = new Issued(token, kind, g, refresh, rotating ? now.plus(g.rotation()) : null);
            tokens.put(token, t);
            if (refresh != null) {
                refreshTokens.put(refresh, t);
            }
            order.add(t);
            return t;
        }

        private static String basic(String authorization) {
            if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            String decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
            return decoded.contains(":") ? decoded : null;
        }
    }

    private ObjectNode answer(String method, Map<String, String> p) {
        String channel = p.get("channel");
        switch (method) {
            case "chat.postMessage": {
                String to = conversationOf(channel);
                if (peoplesDms.contains(to)) {
                    return error("channel_not_found");
                }
                if (!isMember(to)) {
                    return error("not_in_channel");
                }
                String ts = nextTs();
                Message m = new Message(to, ts, blankToNull(p.get("thread_ts")), p.get("text"), p.get("blocks"),
                        new CopyOnWriteArrayList<>(), blankToNull(p.get("metadata")));
                messages.put(to + "/" + ts, m);
                ordered.add(m);
                return ok().put("channel", to).put("ts", ts);
            }
            case "chat.update": {
                if (channel != null && isUserId(channel)) {
                    return error("channel_not_found"); // only chat.postMessage takes a person's id
                }
                Message old = messages.get(channel + "/" + p.get("ts"));
                if (old == null) {
                    return error("message_not_found");
                }
                List<String> edits = old.edits;
                edits.add(p.get("blocks"));
                messages.put(channel + "/" + old.ts, new Message(channel, old.ts, old.threadTs, p.get("text"),
                        p.get("blocks"), edits, old.metadata));
                return ok().put("channel", channel).put("ts", old.ts);
            }
            case "chat.postEphemeral":
                if (peoplesDms.contains(channel)) {
                    return error("channel_not_found");
                }
                return ok().put("message_ts", nextTs());
            case "conversations.info":
                return conversationInfo(channel);
            case "chat.startStream":
            case "chat.appendStream":
            case "chat.stopStream":
                return stream(method, p);
            case "agents.sessions.setStatus":
                return setSessionStatus(p);
            case "conversations.join":
                if (privateChannels.contains(channel)) {
                    return error("method_not_supported_for_channel_type");
                }
                memberOf.add(channel);
                return ok();
            case "files.getUploadURLExternal": {
                String id = "F" + Long.toString(clock.incrementAndGet(), 36).toUpperCase();
                return ok().put("upload_url", apiUrl().replace("/api/", "/upload/") + id).put("file_id", id);
            }
            case "files.completeUploadExternal": {
                String target = p.get("channel_id");
                if (target != null && !isMember(target)) {
                    return error("not_in_channel");
                }
                ObjectNode r = ok();
                var files = r.putArray("files");
                List<String> ids = new ArrayList<>();
                try {
                    JSON.readTree(p.getOrDefault("files", "[]")).forEach(f -> {
                        ids.add(f.path("id").asText());
                        files.addObject().put("id", f.path("id").asText()).put("title", f.path("title").asText());
                    });
                } catch (IOException e) {
                    return error("invalid_arguments");
                }
                if (target != null) {
                    fileShares.add(new FileShare(target, nextTs(), blankToNull(p.get("thread_ts")), ids));
                }
                return r;
            }
            case "conversations.open": {
                ObjectNode r = ok();
                r.putObject("channel").put("id", directMessage(p.get("users")));
                return r;
            }
            case "conversations.replies":
                return readBack(channel, p.get("ts"), p);
            case "conversations.history":
                return readBack(channel, null, p);
            case "users.info": {
                String user = p.get("user");
                Set<Trait> traits = traitsOf(user);
                ObjectNode r = ok();
                r.putObject("user").put("id", user).put("is_admin", traits.contains(Trait.ADMIN))
                        .put("is_owner", traits.contains(Trait.OWNER))
                        .put("is_primary_owner", traits.contains(Trait.PRIMARY_OWNER))
                        .put("deleted", traits.contains(Trait.DELETED)).put("is_bot", traits.contains(Trait.BOT));
                return r;
            }
            case "users.list":
                return usersList(p);
            case "conversations.members": {
                ObjectNode r = ok();
                var users = r.putArray("members");
                channelMembers.getOrDefault(channel, Set.of()).forEach(users::add);
                r.putObject("response_metadata").put("next_cursor", "");
                return r;
            }
            case "usergroups.users.list": {
                ObjectNode r = ok();
                var users = r.putArray("users");
                groupMembers.getOrDefault(p.get("usergroup"), Set.of()).forEach(users::add);
                return r;
            }
            case "apps.connections.open":
                if (appTokenError != null) {
                    return error(appTokenError);
                }
                return socketModeUrl == null ? error("invalid_auth") : ok().put("url", socketModeUrl);
            case "files.info": {
                SlackFile f = files.get(p.getOrDefault("file", ""));
                if (f == null) {
                    return error("file_not_found");
                }
                ObjectNode r = ok();
                r.set("file", fileObject(f));
                r.putArray("comments");
                r.putObject("response_metadata").put("next_cursor", "");
                return r;
            }
            case "auth.test":
                if (botTokenError != null) {
                    return error(botTokenError);
                }
                return ok().put("user_id", "UBOT").put("team_id", "T1").put("bot_id", "B1");
            case "views.open":
            case "views.publish":
            case "views.update":
            case "views.push": {
                ObjectNode r = ok();
                r.putObject("view").put("id", "V" + nextTs());
                return r;
            }
            default:
                return ok();
        }
    }

    private static final Set<String> SESSION_STATUSES = Set.of("processing", "active", "suspended", "closed");
    private static final Set<String> TASK_STATUSES = Set.of("pending", "in_progress", "complete", "error");

    /** {@code agents.sessions.setStatus}, with Slack's required fields and status values checked. */
    private ObjectNode setSessionStatus(Map<String, String> p) {
        List<String> wrong = new ArrayList<>();
        String channel = blankToNull(p.get("channel_id"));
        String thread = blankToNull(p.get("thread_ts"));
        String status = p.get("status");
        if (channel == null) {
            wrong.add("channel_id is required");
        }
        if (thread == null) {
            wrong.add("thread_ts is required");
        }
        if (status == null || !SESSION_STATUSES.contains(status)) {
            wrong.add("status must be one of " + SESSION_STATUSES + ", not " + status);
        }
        String title = p.get("title");
        if (title != null && title.length() > 200) {
            wrong.add("title is longer than 200 characters");
        }
        if (!wrong.isEmpty()) {
            return refused("agents.sessions.setStatus", wrong);
        }
        String key = channel + "/" + thread;
        sessionStatuses.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(status);
        if (title != null) {
            sessionTitles.putIfAbsent(key, title);
        }
        return ok().put("status", status);
    }

    /** The streaming methods, with Slack's required fields and chunk types checked, and the stream's state kept. */
    private ObjectNode stream(String method, Map<String, String> p) {
        List<String> wrong = new ArrayList<>();
        String channel = blankToNull(p.get("channel"));
        if (channel == null) {
            wrong.add("channel is required");
        }
        List<JsonNode> chunks = new ArrayList<>();
        String rawChunks = p.get("chunks");
        if (rawChunks != null) {
            try {
                JsonNode array = JSON.readTree(rawChunks);
                if (array == null || !array.isArray()) {
                    wrong.add("chunks must be a JSON array");
                } else {
                    array.forEach(c -> {
                        checkChunk(c, wrong);
                        chunks.add(c);
                    });
                }
            } catch (IOException e) {
                wrong.add("chunks is not JSON");
            }
        }
        String markdown = p.get("markdown_text");
        if (markdown != null) {
            if (markdown.length() > 12_000) {
                wrong.add("markdown_text is longer than 12,000 characters");
            }
            chunks.add(0, JSON.createObjectNode().put("type", "markdown_text").put("text", markdown));
        }
        if (method.equals("chat.startStream")) {
            if (channel != null && !channel.startsWith("D") && (blankToNull(p.get("recipient_user_id")) == null
                    || blankToNull(p.get("recipient_team_id")) == null)) {
                wrong.add("recipient_user_id and recipient_team_id are required when streaming in a channel");
            }
        } else if (blankToNull(p.get("ts")) == null) {
            wrong.add("ts is required");
        }
        if (method.equals("chat.appendStream") && markdown == null && rawChunks == null) {
            wrong.add("markdown_text or chunks is required");
        }
        if (!wrong.isEmpty()) {
            return refused(method, wrong);
        }
        if (method.equals("chat.startStream")) {
            if (streamingRefusal != null) {
                return error(streamingRefusal);
            }
            if (!isMember(channel)) {
                return error("not_in_channel");
            }
            String ts = nextTs();
            String thread = blankToNull(p.get("thread_ts"));
            Message m = new Message(channel, ts, thread, "", null, new CopyOnWriteArrayList<>(), null);
            messages.put(channel + "/" + ts, m);
            ordered.add(m);
            streams.put(channel + "/" + ts, new Stream(channel, ts, thread, new CopyOnWriteArrayList<>(chunks),
                    new boolean[] {false}));
            return ok().put("channel", channel).put("ts", ts);
        }
        Stream st = streams.get(channel + "/" + p.get("ts"));
        if (st == null) {
            return error("message_not_found");
        }
        if (st.isStopped()) {
            return error("message_not_in_streaming_state");
        }
        st.chunks().addAll(chunks);
        if (method.equals("chat.stopStream")) {
            st.stopped[0] = true;
        }
        return ok().put("channel", channel).put("ts", st.ts());
    }

    private static void checkChunk(JsonNode c, List<String> wrong) {
        String type = c.path("type").asText("");
        switch (type) {
            case "markdown_text":
                if (!c.path("text").isTextual() || c.path("text").asText().isEmpty()) {
                    wrong.add("a markdown_text chunk needs its text");
                }
                break;
            case "task_update":
                if (!c.path("id").isTextual() || c.path("id").asText().isEmpty()) {
                    wrong.add("a task_update chunk needs an id");
                }
                if (!c.path("title").isTextual() || c.path("title").asText().isEmpty()
                        || c.path("title").asText().length() > 256) {
                    wrong.add("a task_update chunk needs a title of at most 256 characters");
                }
                if (!TASK_STATUSES.contains(c.path("status").asText())) {
                    wrong.add("a task_update chunk's status must be one of " + TASK_STATUSES + ", not "
                            + c.path("status"));
                }
                for (String f : List.of("details", "output")) {
                    if (c.has(f) && (!c.get(f).isTextual() || c.get(f).asText().length() > 256)) {
                        wrong.add("a task_update chunk's " + f + " must be text of at most 256 characters");
                    }
                }
                break;
            case "plan_update":
                if (!c.path("title").isTextual()) {
                    wrong.add("a plan_update chunk needs a title");
                }
                break;
            case "blocks":
                if (!c.path("blocks").isArray()) {
                    wrong.add("a blocks chunk needs its blocks");
                }
                break;
            default:
                wrong.add("unknown chunk type '" + type + "'");
        }
    }

    private ObjectNode refused(String method, List<String> wrong) {
        violations.add(method + ": " + String.join("; ", wrong));
        return error("invalid_arguments");
    }

    /**
     * A thread ({@code threadTs} given: the root and its replies, oldest first) or a channel's top-level messages
     * (newest first), from {@code oldest} on, {@code limit} at a time with a cursor, as Slack answers them. Metadata
     * is included only when {@code include_all_metadata} asks for it.
     */
    private ObjectNode readBack(String channel, String threadTs, Map<String, String> p) {
        if (channel != null && isUserId(channel)) {
            return error("channel_not_found");
        }
        if (!isMember(channel)) {
            return error("not_in_channel");
        }
        double oldest = p.get("oldest") == null ? 0 : Double.parseDouble(p.get("oldest"));
        double latest = p.get("latest") == null ? Double.MAX_VALUE : Double.parseDouble(p.get("latest"));
        boolean withMetadata = Boolean.parseBoolean(p.get("include_all_metadata"))
                || "1".equals(p.get("include_all_metadata"));
        List<ObjectNode> all = new ArrayList<>();
        for (Message m : ordered) {
            Message now = messages.get(m.channel + "/" + m.ts);
            if (now.channel.equals(channel)) {
                all.add(asRead(now, withMetadata));
            }
        }
        for (FileShare f : fileShares) {
            if (f.channel.equals(channel)) {
                all.add(asRead(f));
            }
        }
        all.removeIf(o -> {
            String ts = o.get("ts").asText();
            String thread = o.path("thread_ts").asText(null);
            boolean inScope = threadTs == null ? thread == null : threadTs.equals(thread) || threadTs.equals(ts);
            return !inScope || Double.parseDouble(ts) < oldest || Double.parseDouble(ts) > latest;
        });
        all.sort(java.util.Comparator.comparingDouble(o -> Double.parseDouble(o.get("ts").asText())));
        if (threadTs == null) {
            java.util.Collections.reverse(all);
        }
        int limit = p.get("limit") == null ? 100 : Integer.parseInt(p.get("limit"));
        int from = p.get("cursor") == null || p.get("cursor").isBlank() ? 0 : Integer.parseInt(p.get("cursor"));
        ObjectNode r = ok();
        var out = r.putArray("messages");
        all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size())).forEach(out::add);
        boolean more = from + limit < all.size();
        r.put("has_more", more);
        r.putObject("response_metadata").put("next_cursor", more ? String.valueOf(from + limit) : "");
        return r;
    }

    /**
     * {@code conversations.info} as Slack answers a bot: {@code channel_not_found} for a conversation it cannot see (a
     * private channel or group DM it is not in, a DM between people); otherwise the conversation with its kind and
     * {@code is_member}. A DM the bot sees is its own, which carries no {@code is_member}.
     */
    private ObjectNode conversationInfo(String channel) {
        if (channel == null || channel.isBlank()) {
            return error("channel_not_found");
        }
        boolean member = isMember(channel);
        boolean im = channel.startsWith("D");
        boolean mpim = groupDms.contains(channel);
        boolean isPrivate = mpim || privateChannels.contains(channel);
        if (peoplesDms.contains(channel) || (isPrivate && !member)) {
            return error("channel_not_found");
        }
        ObjectNode r = ok();
        ObjectNode c = r.putObject("channel").put("id", channel).put("created", 1_700_000_000);
        if (im) {
            c.put("is_im", true).put("is_org_shared", false).put("is_user_deleted", false).put("priority", 0);
            return r;
        }
        c.put("name", mpim ? "mpdm-a--b--c-1" : channel.toLowerCase()).put("is_channel", !isPrivate)
                .put("is_group", isPrivate && !mpim).put("is_im", false).put("is_mpim", mpim)
                .put("is_private", isPrivate).put("is_archived", false).put("is_general", false)
                .put("is_shared", false).put("is_ext_shared", false).put("is_org_shared", false)
                .put("is_member", member);
        return r;
    }

    /** A posted message as the read methods return it. */
    private static ObjectNode asRead(Message m, boolean withMetadata) {
        ObjectNode o = JSON.createObjectNode().put("type", "message").put("ts", m.ts).put("bot_id", "B1")
                .put("text", m.text);
        if (m.threadTs != null) {
            o.put("thread_ts", m.threadTs);
        }
        if (withMetadata && m.metadata != null) {
            try {
                o.set("metadata", JSON.readTree(m.metadata));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return o;
    }

    /** A file share as the read methods return it: a message carrying the files. */
    private static ObjectNode asRead(FileShare f) {
        ObjectNode o = JSON.createObjectNode().put("type", "message").put("ts", f.ts).put("bot_id", "B1");
        if (f.threadTs != null) {
            o.put("thread_ts", f.threadTs);
        }
        var files = o.putArray("files");
        f.fileIds.forEach(id -> files.addObject().put("id", id));
        return o;
    }

    private boolean isMember(String channel) {
        return channel != null && !peoplesDms.contains(channel)
                && (memberEverywhere || memberOf.contains(channel) || channel.startsWith("D"));
    }

    private Fault takeFault(String method) {
        for (Fault f : faults) {
            if (f.method.equals(method)) {
                synchronized (f) {
                    if (f.remaining[0] > 0) {
                        f.remaining[0]--;
                        if (f.remaining[0] == 0) {
                            faults.remove(f);
                        }
                        return f;
                    }
                }
            }
        }
        return null;
    }

    /**
     * From now on message timestamps follow {@code time} (a test's settable clock, which the app runs on too), as
     * Slack's and an NTP-synced app's clocks agree; the app's look-ups by time then find what it posted.
     */
    public FakeSlack useClock(java.time.Clock time) {
        this.time = time;
        return this;
    }

    private volatile java.time.Clock time = java.time.Clock.systemUTC();

    private String nextTs() {
        java.time.Instant now = time.instant();
        long wall = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        long micros = clock.updateAndGet(last -> Math.max(last + 1, wall));
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    private static ObjectNode error(String error) {
        return JSON.createObjectNode().put("ok", false).put("error", error);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A Web API call's parameters: form fields or JSON body fields, plus query parameters. */
    public static Map<String, String> parse(HttpExchange ex, byte[] raw) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String body = new String(raw, StandardCharsets.UTF_8);
        if (contentType != null && contentType.startsWith("application/json")) {
            JSON.readTree(body).fields().forEachRemaining(e ->
                    out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        } else {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            }
        }
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void ok(HttpExchange ex, ObjectNode body) throws IOException {
        respond(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(body), null);
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body, String retryAfter)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }
}
