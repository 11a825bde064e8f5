package io.gigaslack.giga;

import static io.gigaslack.giga.Fixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Error responses and faults become clear GigaApiExceptions that never show the key. */
class GigaClientErrorsTest {

    private final Fixture f = new Fixture();
    private final GigaClient client = f.client(f.config().withMaxAttempts(1));

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private GigaApiException failingCall() {
        return catchThrowableOfType(GigaApiException.class, () -> client.createSession(
                CreateSessionRequest.of(new Prompts("u", "g"))));
    }

    @ParameterizedTest(name = "{0} {1} -> retryable={2}")
    @CsvSource({
            "400, INVALID_REQUEST, false",
            "400, INVALID_FIELD, false",
            "400, UNSUPPORTED_PLATFORM, false",
            "401, UNAUTHORIZED, false",
            "401, INVALID_API_KEY, false",
            "402, INSUFFICIENT_CREDITS, false",
            "403, FORBIDDEN, false",
            "403, PLAN_LIMIT_EXCEEDED, false",
            "404, RESOURCE_NOT_FOUND, false",
            "429, RATE_LIMITED, true",
            "429, CONCURRENCY_LIMIT_EXCEEDED, true",
            "500, INTERNAL_ERROR, true",
            "500, SANDBOX_FAILED, true",
    })
    void every_documented_error_code_is_mapped(int status, String code, boolean retryable) {
        f.enqueue(status, Fixture.error(code, "it went wrong"));

        GigaApiException e = failingCall();

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.detail()).isEqualTo("it went wrong");
        assertThat(e.hint()).isEqualTo("see docs");
        assertThat(e.requestId()).isEqualTo("req-123");
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.outcomeUnknown()).isEqualTo(status >= 500);
        assertThat(e.getMessage()).contains(code, "HTTP " + status, "it went wrong", "see docs", "req-123");
    }

    @Test
    void documented_codes_have_constants() {
        assertThat(GigaApiException.INVALID_REQUEST).isEqualTo("INVALID_REQUEST");
        assertThat(GigaApiException.INVALID_FIELD).isEqualTo("INVALID_FIELD");
        assertThat(GigaApiException.UNSUPPORTED_PLATFORM).isEqualTo("UNSUPPORTED_PLATFORM");
        assertThat(GigaApiException.UNAUTHORIZED).isEqualTo("UNAUTHORIZED");
        assertThat(GigaApiException.INVALID_API_KEY).isEqualTo("INVALID_API_KEY");
        assertThat(GigaApiException.INSUFFICIENT_CREDITS).isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(GigaApiException.FORBIDDEN).isEqualTo("FORBIDDEN");
        assertThat(GigaApiException.PLAN_LIMIT_EXCEEDED).isEqualTo("PLAN_LIMIT_EXCEEDED");
        assertThat(GigaApiException.RESOURCE_NOT_FOUND).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(GigaApiException.RATE_LIMITED).isEqualTo("RATE_LIMITED");
        assertThat(GigaApiException.CONCURRENCY_LIMIT_EXCEEDED).isEqualTo("CONCURRENCY_LIMIT_EXCEEDED");
        assertThat(GigaApiException.INTERNAL_ERROR).isEqualTo("INTERNAL_ERROR");
        assertThat(GigaApiException.SANDBOX_FAILED).isEqualTo("SANDBOX_FAILED");
    }

    @Test
    void rate_limited_carries_retry_after() {
        f.server.enqueue(Fixture.json(429, Fixture.error("RATE_LIMITED", "slow down")).setHeader("Retry-After", "7"));

        GigaApiException e = failingCall();

        assertThat(e.isRateLimited()).isTrue();
        assertThat(e.isConcurrencyLimited()).isFalse();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retry_after_as_an_http_date_is_read_against_the_clock() {
        assertThat(GigaHttp.parseRetryAfter("Sat, 16 Mar 2024 12:00:30 GMT", f.clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(GigaHttp.parseRetryAfter("Sat, 16 Mar 2024 11:00:00 GMT", f.clock)).isEqualTo(Duration.ZERO);
        assertThat(GigaHttp.parseRetryAfter("soon", f.clock)).isNull();
        assertThat(GigaHttp.parseRetryAfter(null, f.clock)).isNull();
    }

    @Test
    void non_json_502_becomes_clear_error() {
        String html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>" + "x".repeat(500)
                + "</body></html>";
        f.server.enqueue(new MockResponse().setResponseCode(502).setHeader("Content-Type", "text/html")
                .setBody(html));

        GigaApiException e = failingCall();

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isEqualTo(GigaApiException.BAD_GATEWAY);
        assertThat(e.detail()).contains("not JSON", "<title>502 Bad Gateway</title>")
                .doesNotContain("\n", "\r")
                .hasSizeLessThan(300);
        assertThat(e.retryable()).isTrue();
        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(e.errorPage()).as("a page, not Giga's answer").isTrue();
        assertThat(e.getCause()).isNull();
    }

    @Test
    void json_503_from_giga_is_not_an_error_page() {
        f.enqueue(503, "{\"error\":{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"maintenance\"}}");
        GigaApiException e = failingCall();
        assertThat(e.code()).isEqualTo(GigaApiException.SERVICE_UNAVAILABLE);
        assertThat(e.errorPage()).isFalse();
    }

    @Test
    void non_json_error_with_another_status_gets_an_http_code() {
        f.server.enqueue(new MockResponse().setResponseCode(418).setBody("I'm a teapot"));
        GigaApiException e = failingCall();
        assertThat(e.code()).isEqualTo("HTTP_418");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void empty_503_becomes_service_unavailable() {
        f.server.enqueue(new MockResponse().setResponseCode(503));
        GigaApiException e = failingCall();
        assertThat(e.code()).isEqualTo(GigaApiException.SERVICE_UNAVAILABLE);
        assertThat(e.detail()).contains("empty body");
        assertThat(e.retryable()).isTrue();
        assertThat(e.errorPage()).as("no page at all").isFalse();
    }

    @Test
    void json_error_without_envelope_still_gives_code_and_message() {
        f.enqueue(404, "{\"code\":\"RESOURCE_NOT_FOUND\",\"message\":\"no such thread\"}");
        GigaApiException e = failingCall();
        assertThat(e.code()).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(e.detail()).isEqualTo("no such thread");
    }

    @Test
    void request_id_falls_back_to_the_header() {
        f.server.enqueue(Fixture.json(500, "{\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}}")
                .setHeader("X-Request-Id", "hdr-1"));
        assertThat(failingCall().requestId()).isEqualTo("hdr-1");
    }

    @Test
    void success_with_non_json_body_is_an_invalid_response_not_a_jackson_exception() {
        f.server.enqueue(new MockResponse().setResponseCode(200).setBody("<html>login</html>"));
        GigaApiException e = failingCall();
        assertThat(e.code()).isEqualTo(GigaApiException.INVALID_RESPONSE);
        assertThat(e.retryable()).isFalse();
        assertThat(e.detail()).contains("not JSON");
    }

    @Test
    void success_false_in_a_2xx_body_is_an_error() {
        f.enqueue(200, "{\"success\":false,\"message\":\"quota\"}");
        GigaApiException e = failingCall();
        assertThat(e.code()).isEqualTo(GigaApiException.REQUEST_FAILED);
        assertThat(e.detail()).isEqualTo("quota");
    }

    @Test
    void missing_required_id_is_an_invalid_response() {
        f.enqueue(201, "{\"messageId\":\"m\"}");
        assertThat(failingCall().code()).isEqualTo(GigaApiException.INVALID_RESPONSE);
    }

    @Test
    void connection_refused_is_a_retryable_network_error_that_was_not_sent() throws Exception {
        GigaClientConfig config = f.config().withMaxAttempts(1);
        f.server.shutdown();
        GigaApiException e = catchThrowableOfType(GigaApiException.class,
                () -> f.client(config).getBilling());
        assertThat(e.status()).isZero();
        assertThat(e.code()).isEqualTo(GigaApiException.NETWORK_ERROR);
        assertThat(e.retryable()).isTrue();
        assertThat(e.outcomeUnknown()).isFalse();
    }

    @Test
    void read_timeout_is_retryable_with_outcome_unknown() {
        f.server.enqueue(new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
        GigaApiException e = catchThrowableOfType(GigaApiException.class,
                () -> f.client(f.shortReadTimeouts().withMaxAttempts(1)).getBilling());
        assertThat(e.status()).isZero();
        assertThat(e.code()).isEqualTo(GigaApiException.TIMEOUT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.outcomeUnknown()).isTrue();
    }

    @Test
    void key_echoed_by_the_server_never_reaches_message_or_to_string() {
        f.enqueue(401, "{\"error\":{\"code\":\"INVALID_API_KEY\",\"message\":\"key " + KEY
                + " revoked\",\"hint\":\"Bearer " + KEY + "\"}}");
        GigaApiException e = failingCall();
        assertThat(e.getMessage()).doesNotContain(KEY).contains("revoked");
        assertThat(e.toString()).doesNotContain(KEY);
        assertThat(e.hint()).doesNotContain(KEY);
    }

    @Test
    void a_key_of_any_shape_is_removed_from_a_quoted_non_json_body() {
        String oddKey = "not-a-giga-shaped-secret-123";
        GigaClient odd = f.client(new GigaClientConfig(f.server.url("/"), oddKey, null, Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2), 1));
        f.server.enqueue(new MockResponse().setResponseCode(502).setBody("<p>Authorization: Bearer " + oddKey + "</p>"));

        GigaApiException e = catchThrowableOfType(GigaApiException.class, odd::getBilling);

        assertThat(e.getMessage()).doesNotContain(oddKey);
        assertThat(e.toString()).doesNotContain(oddKey);
    }

    @Test
    void config_to_string_does_not_show_the_key() {
        GigaClientConfig config = GigaClientConfig.of(KEY).withClientId("tenant");
        assertThat(config.toString()).doesNotContain(KEY).contains("giga_sk_***", "tenant", "api.withgiga.ai");
        assertThat(GigaClientConfig.of("https://x.example", "plainsecret").toString()).doesNotContain("plainsecret");
    }

    @Test
    void config_defaults_and_validation() {
        GigaClientConfig config = GigaClientConfig.of(KEY);
        assertThat(config.longReadTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.longCallTimeout()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxAttempts()).isEqualTo(GigaClientConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(config.withClientId(" ").clientId()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GigaClientConfig.of(" "))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GigaClientConfig.of("ftp://x", KEY))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.withMaxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
