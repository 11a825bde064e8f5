package io.gigaslack.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Slack Web API calls background jobs make. Implemented in the slack package (the only one
 * that talks to the Slack SDK); a failed call throws {@link SlackCallException}.
 */
public interface SlackGateway {

    /** {@code chat.postMessage}; {@code threadTs} null posts in the channel. Returns the message ts. */
    String postMessage(String channel, String threadTs, ObjectNode message);

    /** {@code chat.update} of a message the app posted. */
    void updateMessage(String channel, String ts, ObjectNode message);

    /** {@code chat.postEphemeral}: visible to one user only. */
    void postEphemeral(String channel, String user, ObjectNode message);

    /** {@code conversations.join}: works for public channels only. */
    void joinChannel(String channel);

    /** Uploads a file into a thread with the external upload flow. */
    void uploadFile(String channel, String threadTs, String filename, String title, byte[] content);

    /** {@code views.publish} of a user's App Home. */
    void publishHome(String user, ObjectNode view);

    /** {@code views.open}. */
    void openView(String triggerId, ObjectNode view);

    /** Posts to a slash command's or an action's {@code response_url} (an ephemeral reply). */
    void respond(String responseUrl, ObjectNode message);

    /** {@code users.info}: whether the user is a workspace admin or owner. */
    boolean isAdminOrOwner(String user);

    /** {@code usergroups.users.list}: the user ids in a user group. */
    java.util.List<String> userGroupMembers(String userGroupId);

    /** {@code auth.test}: whether the bot token is valid. */
    boolean authTest();
}
