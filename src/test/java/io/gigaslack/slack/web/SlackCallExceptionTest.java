package io.gigaslack.slack.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which failed Slack calls may still have taken effect (and so must be looked for before they are repeated). */
class SlackCallExceptionTest {

    private static SlackCallException failure(String error, int status) {
        return new SlackCallException("chat.postMessage", error, status, status == 429 ? Duration.ofSeconds(3) : null,
                null);
    }

    @Test
    void a_call_without_an_answer_may_have_taken_effect() {
        assertThat(failure("network error: SocketTimeoutException", 0).outcomeUnknown()).isTrue();
    }

    @Test
    void a_5xx_may_have_taken_effect() {
        assertThat(failure("http_error", 503).outcomeUnknown()).isTrue();
    }

    @Test
    void slacks_internal_error_may_have_taken_effect() {
        assertThat(failure("internal_error", 200).outcomeUnknown()).isTrue();
    }

    @Test
    void a_rate_limited_call_did_nothing() {
        SlackCallException e = failure("ratelimited", 429);
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void an_error_answer_did_nothing() {
        assertThat(failure("not_in_channel", 200).outcomeUnknown()).isFalse();
        assertThat(failure("msg_blocks_too_long", 200).outcomeUnknown()).isFalse();
    }
}
