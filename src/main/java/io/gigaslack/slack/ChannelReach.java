package io.gigaslack.slack;

import io.gigaslack.slack.web.ChannelInfo;
import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackWorkspaces;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the bot can post a run's card where the run is asked for, found out before the run is accepted, so that a
 * person is told once and nothing is recorded when it cannot. Slack's {@code conversations.info} decides: a private
 * channel or a direct message the bot is not part of is one it cannot see ({@code channel_not_found}); a public
 * channel it is not in it joins by itself when it posts. The question is asked while someone waits (a slash command's
 * acknowledgement, a form's trigger id, both due within 3 seconds), so Slack gets
 * {@link io.gigaslack.slack.web.SlackWebGateway#LOOKUP_TIMEOUT}, and when it cannot answer in that time the answer is
 * {@link Reach#UNKNOWN}: the caller goes on as before the check existed (the card's post still finds out, and says so).
 *
 * <p>Only "can post" is kept ({@link #TTL}): a "cannot" is asked again each time, since the next thing a person does
 * after reading it is to invite the bot.
 */
final class ChannelReach {
    private static final Logger log = LoggerFactory.getLogger(ChannelReach.class);
    static final Duration TTL = Duration.ofMinutes(5);

    /** Where a run's card can go. */
    enum Reach {
        /** A channel the bot is in or can join, or its own DM with the person. */
        CAN_POST,
        /** A private channel (or a group DM) the bot is not in: it must be invited first. */
        PRIVATE_WITHOUT_BOT,
        /** A direct message between people: the bot can never post there. */
        PEOPLES_DM,
        /** Slack did not say in time: carry on as if it could post. */
        UNKNOWN;

        boolean cannotPost() {
            return this == PRIVATE_WITHOUT_BOT || this == PEOPLES_DM;
        }
    }

    private final SlackWorkspaces slack;
    private final ExpiringCache<String, Boolean> canPost;

    ChannelReach(SlackWorkspaces slack, Clock clock) {
        this.slack = slack;
        this.canPost = new ExpiringCache<>(clock);
    }

    /**
     * Where a card for {@code channel} of workspace {@code team} can go; a user id (or none) is the person's DM with
     * the app.
     */
    Reach of(String team, String channel) {
        if (channel == null || channel.isBlank() || isUserId(channel)) {
            return Reach.CAN_POST;
        }
        String key = team + "/" + channel;
        if (canPost.fresh(key, TTL).isPresent()) {
            return Reach.CAN_POST;
        }
        Optional<ChannelInfo> info;
        try {
            info = slack.team(team).channelInfo(channel);
        } catch (SlackCallException e) {
            log.info("could not ask Slack whether the bot can post in {} ({}); going on as if it can", channel,
                    e.error());
            return Reach.UNKNOWN;
        }
        Reach reach = info.map(ChannelReach::reachOf)
                // Slack does not say what it is: a direct message's id starts with D, any other with C or G.
                .orElse(channel.startsWith("D") ? Reach.PEOPLES_DM : Reach.PRIVATE_WITHOUT_BOT);
        if (reach == Reach.CAN_POST) {
            canPost.put(key, true);
        }
        return reach;
    }

    private static Reach reachOf(ChannelInfo c) {
        if (c.im() || c.member() || !c.isPrivate()) {
            return Reach.CAN_POST; // a DM the bot can see is its own; a public channel it joins when it posts
        }
        return Reach.PRIVATE_WITHOUT_BOT;
    }

    /** A person's id: a message posted "to" it goes to their DM with the app. */
    static boolean isUserId(String id) {
        return id.startsWith("U") || id.startsWith("W");
    }
}
