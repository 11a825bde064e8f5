package io.gigaslack.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.slack.SlackSignatureVerifier.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackSignatureVerifierTest {
    // Slack's documented example.
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TS = "1531420618";
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SlackSignatureVerifier at(long epochSecond) {
        return new SlackSignatureVerifier(SECRET, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void accepts_slacks_documented_example() {
        assertThat(at(1531420618 + 10).verify(TS, SIGNATURE, bytes(BODY))).isEqualTo(Outcome.VALID);
        assertThat(SlackSignatureVerifier.sign(SECRET, TS, bytes(BODY))).isEqualTo(SIGNATURE);
    }

    @Test
    void rejects_tampered_body() {
        assertThat(at(1531420618).verify(TS, SIGNATURE, bytes(BODY + "x"))).isEqualTo(Outcome.BAD_SIGNATURE);
    }

    @Test
    void rejects_stale_signature() {
        assertThat(at(1531420618 + 301).verify(TS, SIGNATURE, bytes(BODY))).isEqualTo(Outcome.STALE_TIMESTAMP);
    }

    @Test
    void rejects_timestamp_from_the_future() {
        assertThat(at(1531420618 - 301).verify(TS, SIGNATURE, bytes(BODY))).isEqualTo(Outcome.FUTURE_TIMESTAMP);
    }

    @Test
    void rejects_missing_headers() {
        assertThat(at(1531420618).verify(null, SIGNATURE, bytes(BODY))).isEqualTo(Outcome.MISSING_HEADERS);
        assertThat(at(1531420618).verify(TS, null, bytes(BODY))).isEqualTo(Outcome.MISSING_HEADERS);
    }

    @Test
    void rejects_malformed_timestamp() {
        assertThat(at(1531420618).verify("soon", SIGNATURE, bytes(BODY))).isEqualTo(Outcome.MALFORMED_TIMESTAMP);
    }

    @Test
    void verifies_non_ascii_bodies_as_utf8_whatever_the_platform_charset() {
        // The surefire JVM runs with -Dfile.encoding=ISO-8859-1; the bytes must still be hashed as sent.
        String body = "text=" + java.net.URLEncoder.encode("run *bold* 🚀 café ✓", StandardCharsets.UTF_8)
                + "&raw=🚀*é";
        String sig = SlackSignatureVerifier.sign(SECRET, TS, bytes(body));
        assertThat(at(1531420618).verify(TS, sig, bytes(body))).isEqualTo(Outcome.VALID);
        assertThat(at(1531420618).verify(TS, sig, body.getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(Outcome.BAD_SIGNATURE);
    }
}
