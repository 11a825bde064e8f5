package io.gigaslack.slack;

import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Members of a channel ({@code conversations.members}), cached briefly: who may watch a run's desktop. A channel whose
 * members Slack will not list counts as having none (nobody gains rights).
 */
final class ChannelDirectory {
    static final Duration TTL = Duration.ofMinutes(5);
    /** At most this many pages of 1,000 members are read; a larger channel's later members are not found. */
    static final int MAX_PAGES = 20;

    private record Entry(Set<String> members, Instant at) {}

    private final SlackGateway slack;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    ChannelDirectory(SlackGateway slack, Clock clock) {
        this.slack = slack;
        this.clock = clock;
    }

    boolean isMember(String channel, String user) {
        Instant now = clock.instant();
        Entry e = cache.get(channel);
        if (e == null || !e.at.plus(TTL).isAfter(now) || (!e.members.contains(user) && e.at.plus(Duration.ofSeconds(30))
                .isBefore(now))) {
            try {
                e = new Entry(Set.copyOf(slack.channelMembers(channel, MAX_PAGES)), now);
                cache.put(channel, e);
            } catch (SlackCallException ex) {
                return false;
            }
        }
        return e.members.contains(user);
    }
}
