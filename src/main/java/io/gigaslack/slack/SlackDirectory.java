package io.gigaslack.slack;

import io.gigaslack.service.Directory;
import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The run rules' view of people, answered by Slack and cached briefly: workspace admins and owners
 * ({@code users.info}), user-group members ({@code usergroups.users.list}) and channel members
 * ({@code conversations.members}). When Slack cannot answer, nobody gains rights. (Admins named in the configuration
 * are known to the rules without asking Slack.)
 */
public final class SlackDirectory implements Directory {
    static final Duration TTL = Duration.ofMinutes(5);
    /** Someone not found among a channel's members is looked for again once the list is this old (they may just
     * have joined). */
    static final Duration RECHECK_ABSENT = Duration.ofSeconds(30);
    /** At most this many pages of 1,000 channel members are read; a larger channel's later members are not found. */
    static final int MAX_MEMBER_PAGES = 20;

    private final SlackWorkspaces slack;
    private final ExpiringCache<String, Boolean> admins;
    private final ExpiringCache<String, Set<String>> groups;
    private final ExpiringCache<String, Set<String>> channels;

    public SlackDirectory(SlackGateway slack, Clock clock) {
        this(SlackWorkspaces.single(slack), clock);
    }

    /**
     * Each question goes to its workspace's Slack; answers are cached per workspace (a user group or channel id of one
     * workspace never answers for another).
     */
    public SlackDirectory(SlackWorkspaces slack, Clock clock) {
        this.slack = slack;
        this.admins = new ExpiringCache<>(clock);
        this.groups = new ExpiringCache<>(clock);
        this.channels = new ExpiringCache<>(clock);
    }

    @Override
    public boolean isWorkspaceAdmin(String teamId, String userId) {
        try {
            return admins.get(teamId + "/" + userId, TTL, () -> slack.team(teamId).isAdminOrOwner(userId));
        } catch (SlackCallException e) {
            return false;
        }
    }

    @Override
    public Set<String> groupsOf(String teamId, String userId, Set<String> candidates) {
        Set<String> out = new LinkedHashSet<>();
        for (String group : candidates) {
            try {
                if (groups.get(teamId + "/" + group, TTL,
                        () -> Set.copyOf(slack.team(teamId).userGroupMembers(group))).contains(userId)) {
                    out.add(group);
                }
            } catch (SlackCallException e) {
                // a group Slack cannot list counts as one the user is not in
            }
        }
        return out;
    }

    @Override
    public boolean isChannelMember(String teamId, String channelId, String userId) {
        String key = teamId + "/" + channelId;
        try {
            Set<String> members = channels.get(key, TTL, () -> members(teamId, channelId));
            return members.contains(userId)
                    || channels.get(key, RECHECK_ABSENT, () -> members(teamId, channelId)).contains(userId);
        } catch (SlackCallException e) {
            return false;
        }
    }

    private Set<String> members(String teamId, String channelId) {
        return Set.copyOf(slack.team(teamId).channelMembers(channelId, MAX_MEMBER_PAGES));
    }
}
