package io.gigaslack.slack;

import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Members of the user groups allowed to start runs ({@code usergroups.users.list}), cached
 * briefly. Consulted only when the configuration restricts starters to groups.
 */
public final class UserGroupDirectory {
    public static final Duration TTL = Duration.ofMinutes(5);

    private record Entry(Set<String> members, Instant at) {}

    private final SlackGateway slack;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public UserGroupDirectory(SlackGateway slack, Clock clock) {
        this.slack = slack;
        this.clock = clock;
    }

    /** The groups among {@code candidates} that {@code user} belongs to; a group Slack cannot list counts as not. */
    public Set<String> groupsOf(String user, Set<String> candidates) {
        Set<String> out = new LinkedHashSet<>();
        for (String group : candidates) {
            if (members(group).contains(user)) {
                out.add(group);
            }
        }
        return out;
    }

    private Set<String> members(String group) {
        Instant now = clock.instant();
        Entry e = cache.get(group);
        if (e != null && e.at.plus(TTL).isAfter(now)) {
            return e.members;
        }
        try {
            Set<String> members = Set.copyOf(slack.userGroupMembers(group));
            cache.put(group, new Entry(members, now));
            return members;
        } catch (SlackCallException ex) {
            return Set.of();
        }
    }
}
