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
 * Whether a user is a workspace admin or owner according to {@code users.info}, cached briefly so
 * a button press rarely waits on Slack. (Admins named in the configuration are known to
 * {@link io.gigaslack.runs.AccessRules} without asking Slack.)
 */
public final class AdminDirectory {
    public static final Duration TTL = Duration.ofMinutes(5);

    private record Entry(boolean admin, Instant at) {}

    private final SlackGateway slack;
    private final Set<String> configured;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public AdminDirectory(SlackGateway slack, Set<String> configured, Clock clock) {
        this.slack = slack;
        this.configured = Set.copyOf(configured);
        this.clock = clock;
    }

    public boolean isAdmin(String userId) {
        if (configured.contains(userId)) {
            return true;
        }
        Instant now = clock.instant();
        Entry e = cache.get(userId);
        if (e != null && e.at.plus(TTL).isAfter(now)) {
            return e.admin;
        }
        boolean admin;
        try {
            admin = slack.isAdminOrOwner(userId);
        } catch (SlackCallException ex) {
            return false; // when Slack cannot tell us, nobody gains rights
        }
        cache.put(userId, new Entry(admin, now));
        return admin;
    }
}
