package io.gigaslack.slack.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.List;

/**
 * The Slack Web API calls background jobs make. Implemented in the slack package (the only one
 * that talks to the Slack SDK); a failed call throws {@link SlackCallException}.
 */
public interface SlackGateway {

    /**
     * Marks a message the app posts (as Slack message metadata): the run, and a random id for this one post, so that
     * a later attempt of the same job can find it; see {@link #findPost}.
     */
    record PostKey(String runId, String postId) {}

    /**
     * Where a message was posted: the conversation Slack names (for a post to a person's id, the id of their DM with
     * the app, which {@code chat.update} and the reads need) and the message's ts.
     */
    record Posted(String channel, String ts) {}

    /** {@code chat.postMessage}; {@code threadTs} null posts in the channel. Returns the message ts. */
    String postMessage(String channel, String threadTs, ObjectNode message);

    /** {@code chat.postMessage} of a message that carries {@code key}, for {@link #findPost}. */
    Posted postMessage(String channel, String threadTs, ObjectNode message, PostKey key);

    /**
     * Looks for a message carrying {@code key} posted between {@code from} and {@code to}, in the thread
     * {@code threadTs} (or among the channel's top-level messages when it is null), with {@code conversations.replies}
     * or {@code conversations.history}. Returns its ts, or empty when there is none.
     */
    Optional<String> findPost(String channel, String threadTs, PostKey key, Instant from, Instant to);

    /**
     * Looks for a stream the app started in the thread {@code threadTs} between {@code from} and {@code to}
     * ({@code conversations.replies}): a stream carries no metadata, so it is the app's own message there that is no
     * post carrying a {@link PostKey}, no file share, and none of {@code notTs}. Returns its ts, or empty.
     */
    Optional<String> findStream(String channel, String threadTs, Set<String> notTs, Instant from, Instant to);

    /**
     * Whether the file {@code fileId} was shared in the thread {@code threadTs} at or after {@code from}
     * ({@code conversations.replies}).
     */
    boolean findFileShare(String channel, String threadTs, String fileId, Instant from);

    /** {@code chat.update} of a message the app posted. */
    void updateMessage(String channel, String ts, ObjectNode message);

    /** {@code chat.postEphemeral}: visible to one user only. */
    void postEphemeral(String channel, String user, ObjectNode message);

    /** {@code conversations.join}: works for public channels only. */
    void joinChannel(String channel);

    /**
     * Uploads a file into a thread with the external upload flow ({@code files.getUploadURLExternal}, the bytes,
     * {@code files.completeUploadExternal}). {@code beforeShare} gets the file's id after the upload and before the
     * share that makes it appear in the thread, so a later attempt can look for it with {@link #findFileShare}.
     */
    void uploadFile(String channel, String threadTs, String filename, String title, byte[] content,
            Consumer<String> beforeShare);

    /**
     * {@code conversations.open}: the id of the app's direct-message conversation with {@code user} ({@code D…}),
     * where private deliveries (the usage chart, the low-balance warning) go.
     */
    String openDirectMessage(String user);

    /** {@code files.info}: what Slack says about a file someone shared (scope {@code files:read}). */
    SlackFileInfo fileInfo(String fileId);

    /**
     * What a download of a file's bytes gave: how many bytes were written, and the type Slack said they were (a web
     * page instead of the file means Slack did not accept the token for it).
     */
    record Download(long bytes, String contentType) {}

    /**
     * {@code GET} of a file's {@code url_private_download} with the bot token as a Bearer header, the bytes streamed
     * into {@code target} (created or replaced), at most {@code maxBytes}. Only Slack's own hosts (those of the Web
     * API's base URL, or slack.com's) get the token: another URL is an {@link IllegalArgumentException}.
     *
     * @throws DownloadTooLarge when the file turns out larger than {@code maxBytes}
     * @throws SlackCallException when Slack refuses (its HTTP status) or cannot be reached (status 0)
     */
    Download downloadFile(String url, long maxBytes, Path target);

    /**
     * {@code chat.startStream}: a message in the thread {@code threadTs} that the app keeps appending to, shown to
     * {@code recipientUserId} of {@code recipientTeamId} (Slack requires both in channels), beginning with
     * {@code chunks} (Slack's chunk objects: {@code task_update}, {@code markdown_text}, …). Returns its ts.
     */
    String startStream(String channel, String threadTs, String recipientUserId, String recipientTeamId,
            ArrayNode chunks);

    /** {@code chat.appendStream} of {@code chunks} to the stream {@code ts}. */
    void appendStream(String channel, String ts, ArrayNode chunks);

    /** {@code chat.stopStream}: ends the stream {@code ts}, with {@code chunks} last (none when empty). */
    void stopStream(String channel, String ts, ArrayNode chunks);

    /**
     * {@code agents.sessions.setStatus} of the thread {@code threadTs}'s agent session: {@code processing},
     * {@code active}, {@code suspended} or {@code closed}. {@code title} (at most 200 characters) and the initiator
     * count only when the session is created.
     */
    void setAgentSessionStatus(String channel, String threadTs, String status, String title, String initiatorUserId);

    /** {@code views.publish} of a user's App Home. */
    void publishHome(String user, ObjectNode view);

    /** {@code views.open}. */
    void openView(String triggerId, ObjectNode view);

    /** Posts to a slash command's or an action's {@code response_url} (an ephemeral reply). */
    void respond(String responseUrl, ObjectNode message);

    /** {@code users.info}: whether the user is a workspace admin or owner. */
    boolean isAdminOrOwner(String user);

    /**
     * {@code users.list}: one page of the workspace's members, from {@code cursor} (null: the first page), at most
     * {@code limit} of them (Slack may send fewer before the end). Tier 2: about 20 pages a minute; a page asked for
     * beyond that is a retryable {@link SlackCallException} carrying Slack's {@code Retry-After}.
     */
    UserPage listUsers(String cursor, int limit);

    /** {@code usergroups.users.list}: the user ids in a user group. */
    List<String> userGroupMembers(String userGroupId);

    /** {@code conversations.members}: who is in a conversation, reading at most {@code maxPages} pages of 1,000. */
    List<String> channelMembers(String channel, int maxPages);

    /**
     * {@code conversations.info}, asked while a person waits for an answer, so it gives up sooner than other calls (see
     * the implementation): empty when Slack answers {@code channel_not_found}, i.e. the bot cannot see the
     * conversation; a {@link SlackCallException} for any other failure, a timeout included.
     */
    Optional<ChannelInfo> channelInfo(String channel);

    /**
     * {@code auth.test}: whether Slack accepts the bot token (with the team's and the bot user's ids), refuses it
     * (with Slack's error code), or could not be asked (with a one-line reason). Never throws.
     */
    TokenCheck checkToken();

    /** {@code auth.test}: whether the bot token is valid (false also when Slack cannot be reached). */
    default boolean authTest() {
        return checkToken() instanceof TokenCheck.Valid;
    }
}
