package io.gigaslack.slack;

import io.gigaslack.service.Directory;
import io.gigaslack.slack.web.SlackGateway;
import java.time.Clock;
import java.util.Set;

/** The run rules' view of people, answered by Slack: workspace admins and user-group members, each cached briefly. */
public final class SlackDirectory implements Directory {
    private final AdminDirectory admins;
    private final UserGroupDirectory groups;
    private final ChannelDirectory channels;

    public SlackDirectory(SlackGateway slack, Clock clock) {
        this.admins = new AdminDirectory(slack, Set.of(), clock);
        this.groups = new UserGroupDirectory(slack, clock);
        this.channels = new ChannelDirectory(slack, clock);
    }

    @Override
    public boolean isChannelMember(String channelId, String userId) {
        return channels.isMember(channelId, userId);
    }

    @Override
    public boolean isWorkspaceAdmin(String userId) {
        return admins.isAdmin(userId);
    }

    @Override
    public Set<String> groupsOf(String userId, Set<String> candidates) {
        return groups.groupsOf(userId, candidates);
    }
}
