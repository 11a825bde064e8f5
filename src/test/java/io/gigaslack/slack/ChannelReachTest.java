package io.gigaslack.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.slack.ChannelReach.Reach;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SettableClock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a run's card can go, as {@code conversations.info} tells it, against the fake Slack Web API over real HTTP
 * through the real gateway: each kind of conversation Slack tells apart, what is kept, and what happens when Slack
 * does not answer (in time).
 */
class ChannelReachTest {
    private final FakeSlack slack = new FakeSlack();
    private final SettableClock clock = new SettableClock();
    /** As the app's: a generous timeout of its own, which the look-up must not wait out. */
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30))
            .readTimeout(Duration.ofSeconds(30)).build();
    private final ChannelReach reach = new ChannelReach(
            SlackWorkspaces.single(new SlackWebGateway(slack.apiUrl(), "xoxb-test", http)), clock);

    @AfterEach
    void close() {
        slack.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Test
    void a_channel_the_bot_is_in_can_be_posted_in() {
        slack.botNotInChannels().addBotTo("C1").privateChannel("G1").addBotTo("G1");
        assertThat(reach.of("T1", "C1")).isEqualTo(Reach.CAN_POST);
        assertThat(reach.of("T1", "G1")).isEqualTo(Reach.CAN_POST);
    }

    @Test
    void a_public_channel_the_bot_is_not_in_can_be_posted_in_since_it_joins() {
        slack.botNotInChannels();
        assertThat(reach.of("T1", "C5")).isEqualTo(Reach.CAN_POST);
    }

    @Test
    void a_private_channel_the_bot_is_not_in_needs_an_invitation() {
        slack.botNotInChannels().privateChannel("G7");
        assertThat(reach.of("T1", "G7")).isEqualTo(Reach.PRIVATE_WITHOUT_BOT);
    }

    @Test
    void a_group_dm_counts_as_private() {
        slack.botNotInChannels().groupDm("G8").groupDm("G9").addBotTo("G9");
        assertThat(reach.of("T1", "G8")).isEqualTo(Reach.PRIVATE_WITHOUT_BOT);
        assertThat(reach.of("T1", "G9")).isEqualTo(Reach.CAN_POST);
    }

    @Test
    void the_apps_own_dm_can_be_posted_in_and_a_dm_between_people_never() {
        slack.dmBetweenPeople("D0PEOPLE1");
        assertThat(reach.of("T1", "D0APPDM01")).isEqualTo(Reach.CAN_POST);
        assertThat(reach.of("T1", "D0PEOPLE1")).isEqualTo(Reach.PEOPLES_DM);
    }

    @Test
    void a_person_id_is_their_dm_with_the_app_and_slack_is_not_asked() {
        assertThat(reach.of("T1", "U1")).isEqualTo(Reach.CAN_POST);
        assertThat(reach.of("T1", "W1")).isEqualTo(Reach.CAN_POST);
        assertThat(slack.calls("conversations.info")).isEmpty();
    }

    @Test
    void can_post_is_kept_for_five_minutes_and_asked_again_after() {
        reach.of("T1", "C1");
        reach.of("T1", "C1");
        assertThat(slack.calls("conversations.info")).hasSize(1);
        clock.advance(ChannelReach.TTL);
        reach.of("T1", "C1");
        assertThat(slack.calls("conversations.info")).hasSize(2);
    }

    @Test
    void cannot_post_is_asked_again_each_time_since_the_bot_may_just_have_been_invited() {
        slack.botNotInChannels().privateChannel("G7");
        assertThat(reach.of("T1", "G7")).isEqualTo(Reach.PRIVATE_WITHOUT_BOT);
        slack.addBotTo("G7");
        assertThat(reach.of("T1", "G7")).isEqualTo(Reach.CAN_POST);
        assertThat(slack.calls("conversations.info")).hasSize(2);
    }

    @Test
    void an_error_from_slack_is_unknown_and_not_kept() {
        slack.failNext("conversations.info", 1, 500, 0).errorNext("conversations.info", 1, "missing_scope");
        assertThat(reach.of("T1", "C1")).isEqualTo(Reach.UNKNOWN);
        assertThat(reach.of("T1", "C1")).isEqualTo(Reach.UNKNOWN);
        assertThat(reach.of("T1", "C1")).isEqualTo(Reach.CAN_POST);
    }

    @Test
    void a_slow_slack_is_unknown_once_the_lookup_timeout_has_passed() {
        slack.delay("conversations.info", 5_000);
        long start = System.nanoTime();
        assertThat(reach.of("T1", "G7")).isEqualTo(Reach.UNKNOWN);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(SlackWebGateway.LOOKUP_TIMEOUT.minusMillis(50))
                .isLessThan(SlackWebGateway.LOOKUP_TIMEOUT.plusMillis(1000));
    }
}
