package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CallbackTokensTest {
    @Test
    void token_matches_its_hash_and_nothing_else() {
        String token = CallbackTokens.newToken(new SecureRandom());
        String hash = CallbackTokens.hash(token);
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(CallbackTokens.matches(token, hash)).isTrue();
        assertThat(CallbackTokens.matches(token + "x", hash)).isFalse();
        assertThat(CallbackTokens.matches(null, hash)).isFalse();
        assertThat(CallbackTokens.matches(token, "zz")).isFalse();
    }
}
