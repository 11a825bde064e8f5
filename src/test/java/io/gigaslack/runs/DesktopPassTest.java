package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DesktopPassTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final DesktopPass PASS = new DesktopPass("r_abc", "U1", NOW.plusSeconds(600), DesktopPass.Mode.VIEW);

    @Test
    void a_signed_pass_verifies_as_itself_until_it_expires() {
        String token = PASS.sign(KEY);
        assertThat(DesktopPass.verify(token, KEY, NOW)).isEqualTo(new DesktopPass.Checked(DesktopPass.Verdict.VALID, PASS));
        assertThat(DesktopPass.verify(token, KEY, NOW.plusSeconds(600)).verdict()).isEqualTo(DesktopPass.Verdict.EXPIRED);
    }

    @Test
    void rejects_a_pass_signed_with_another_key() {
        String token = PASS.sign("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII));
        assertThat(DesktopPass.verify(token, KEY, NOW).verdict()).isEqualTo(DesktopPass.Verdict.FORGED);
    }

    @Test
    void rejects_a_view_only_pass_rewritten_into_control() {
        String token = PASS.sign(KEY);
        String body = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(
                body.replace("|v", "|c").getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
        assertThat(DesktopPass.verify(altered, KEY, NOW).verdict()).isEqualTo(DesktopPass.Verdict.FORGED);
    }

    @Test
    void rejects_a_pass_whose_expiry_was_moved() {
        String token = PASS.sign(KEY);
        String body = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        String later = body.replace(String.valueOf(NOW.plusSeconds(600).getEpochSecond()),
                String.valueOf(NOW.plusSeconds(60_000).getEpochSecond()));
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(later.getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        assertThat(DesktopPass.verify(altered, KEY, NOW).verdict()).isEqualTo(DesktopPass.Verdict.FORGED);
    }

    @Test
    void rejects_malformed_tokens() {
        for (String token : new String[] {null, "", ".", "abc", "a.b.c", "!!!.???", "x".repeat(600)}) {
            assertThat(DesktopPass.verify(token, KEY, NOW).verdict()).as(String.valueOf(token))
                    .isEqualTo(DesktopPass.Verdict.FORGED);
        }
    }

    @Test
    void the_token_is_safe_in_a_url_fragment() {
        assertThat(PASS.sign(KEY)).matches("[A-Za-z0-9_.-]+");
    }
}
