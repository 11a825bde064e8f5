package io.gigaslack.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.views.ViewsOpenRequest;
import com.slack.api.methods.request.views.ViewsPublishRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.util.http.SlackHttpClient;
import io.gigaslack.jobs.SlackCallException;
import io.gigaslack.jobs.SlackGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * {@link SlackGateway} over the Slack SDK's synchronous Web API client, which shares the app's
 * single OkHttpClient and whose base URL comes from {@code SLACK_API_URL}. The synchronous client
 * does not retry; retries and pacing belong to the durable jobs that call it.
 */
public final class SlackWebGateway implements SlackGateway {
    private final MethodsClient methods;
    private final Slack slack;

    public SlackWebGateway(String apiUrl, String botToken, OkHttpClient http) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl);
        config.setPrettyResponseLoggingEnabled(false);
        config.setFailOnUnknownProperties(false);
        config.setStatsEnabled(false);
        this.slack = Slack.getInstance(config, new SlackHttpClient(http));
        this.methods = slack.methods(botToken);
    }

    /** The SDK instance, shared with Bolt so both use the same configuration and OkHttpClient. */
    public Slack slack() {
        return slack;
    }

    @Override
    public String postMessage(String channel, String threadTs, ObjectNode message) {
        ChatPostMessageResponse r = call("chat.postMessage", () -> methods.chatPostMessage(ChatPostMessageRequest.builder()
                .channel(channel)
                .threadTs(threadTs)
                .text(text(message))
                .blocksAsString(blocks(message))
                .unfurlLinks(false)
                .unfurlMedia(false)
                .build()));
        return r.getTs();
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

    @Override
    public void uploadFile(String channel, String threadTs, String filename, String title, byte[] content) {
        call("files.uploadV2", () -> methods.filesUploadV2(r -> r
                .channel(channel).threadTs(threadTs).filename(filename).title(title).fileData(content)));
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
    public List<String> userGroupMembers(String userGroupId) {
        var r = call("usergroups.users.list", () -> methods.usergroupsUsersList(req -> req.usergroup(userGroupId)));
        return r.getUsers() == null ? List.of() : r.getUsers();
    }

    @Override
    public boolean authTest() {
        try {
            call("auth.test", () -> methods.authTest(r -> r));
            return true;
        } catch (SlackCallException e) {
            return false;
        }
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

    /** Method names the gateway calls; the manifest's scopes cover exactly these. */
    public static final List<String> METHODS = List.of("chat.postMessage", "chat.update", "chat.postEphemeral",
            "conversations.join", "files.getUploadURLExternal", "files.completeUploadExternal", "views.publish",
            "views.open", "users.info", "usergroups.users.list", "auth.test");
}
