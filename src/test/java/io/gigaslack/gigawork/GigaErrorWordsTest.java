package io.gigaslack.gigawork;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.GigaApiException;
import io.gigaslack.runs.StartTries;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the card says Giga answered while a start is tried again, and why a start ended after its last try. */
class GigaErrorWordsTest {

    private static GigaApiException error(int status, String code, boolean outcomeUnknown, boolean errorPage) {
        return new GigaApiException(status, code, "detail", null, null, null, outcomeUnknown, errorPage, null);
    }

    @Test
    void a_5xx_is_named_by_its_status_and_a_code_that_adds_nothing_is_left_out() {
        assertThat(GigaErrorWords.answer(error(503, GigaApiException.SERVICE_UNAVAILABLE, true, false)))
                .isEqualTo("Giga answered 503 Service Unavailable");
        assertThat(GigaErrorWords.answer(error(504, "HTTP_504", true, false)))
                .isEqualTo("Giga answered 504 Gateway Timeout");
    }

    @Test
    void a_code_of_giga_s_that_tells_more_is_kept() {
        assertThat(GigaErrorWords.answer(error(500, GigaApiException.SANDBOX_FAILED, true, false)))
                .isEqualTo("Giga answered 500 Internal Server Error (SANDBOX_FAILED)");
        assertThat(GigaErrorWords.answer(error(500, "<b>not a code</b>", true, false)))
                .isEqualTo("Giga answered 500 Internal Server Error");
    }

    @Test
    void an_error_page_is_described_and_not_quoted() {
        assertThat(GigaErrorWords.answer(error(502, GigaApiException.BAD_GATEWAY, true, true)))
                .isEqualTo("Giga's address answered 502 Bad Gateway with an error page (from a proxy in front of"
                        + " Giga, not from Giga itself)");
    }

    @Test
    void a_429_says_which_limit() {
        assertThat(GigaErrorWords.answer(error(429, GigaApiException.RATE_LIMITED, false, false)))
                .isEqualTo("Giga answered 429 Too Many Requests (the app sent more requests than Giga takes from it"
                        + " in a minute)");
        assertThat(GigaErrorWords.answer(error(429, GigaApiException.CONCURRENCY_LIMIT_EXCEEDED, false, false)))
                .isEqualTo("Giga answered 429 Too Many Requests (the plan's limit of computers running at once is"
                        + " reached)");
    }

    @Test
    void no_answer_says_why_none_came() {
        assertThat(GigaErrorWords.answer(error(0, GigaApiException.TIMEOUT, true, false)))
                .isEqualTo("Giga did not answer in time");
        assertThat(GigaErrorWords.answer(error(0, GigaApiException.NETWORK_ERROR, false, false)))
                .isEqualTo("Giga could not be reached");
        assertThat(GigaErrorWords.answer(error(0, GigaApiException.NETWORK_ERROR, true, false)))
                .isEqualTo("The connection to Giga broke before it answered");
    }

    @Test
    void giving_up_says_the_app_stopped_trying_and_what_giga_answered_last() {
        StartTries tries = new StartTries(8, "The connection to Giga broke before it answered", Instant.EPOCH, null);

        assertThat(GigaErrorWords.gaveUp(tries, Duration.ofSeconds(250), true)).isEqualTo("The app tried 8 times in"
                + " 4 min to start the computer and has stopped trying. The last time, the connection to Giga broke"
                + " before it answered. Press Retry to try again in a few minutes.");
        assertThat(GigaErrorWords.gaveUp(tries, Duration.ofSeconds(40), false)).endsWith(
                "in under a minute to start the computer and has stopped trying. The last time, the connection to"
                        + " Giga broke before it answered. Start it again in a few minutes.");
    }

    @Test
    void rate_limited_in_other_words_never_promises_to_keep_trying() {
        assertThat(GigaErrorWords.explain(error(429, GigaApiException.RATE_LIMITED, false, false)))
                .isEqualTo("Giga is taking no more requests from the app for now (too many in the last minute)."
                        + " Try again in a minute.")
                .doesNotContain("keep trying");
    }
}
