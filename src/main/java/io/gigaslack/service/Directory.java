package io.gigaslack.service;

import java.util.Set;

/**
 * Each question is asked in a workspace ({@code teamId}): its answer comes from that workspace's Slack.
 * <p>
 * What the run rules need to know about people that only Slack can tell: implemented by the Slack front-end (cached
 * {@code users.info} and {@code usergroups.users.list}). When Slack cannot answer, nobody gains rights.
 */
public interface Directory {
    /** Whether the user is an admin or owner of the workspace (or one of the app's configured admins). */
    boolean isWorkspaceAdmin(String teamId, String userId);

    /** The user groups among {@code candidates} that the user belongs to. */
    Set<String> groupsOf(String teamId, String userId, Set<String> candidates);

    /** Whether the user is a member of the channel (who may watch a run's desktop). Unknown: not a member. */
    default boolean isChannelMember(String teamId, String channelId, String userId) {
        return false;
    }
}
