package io.gigaslack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    static final byte[] KEY = key(1);
    static final byte[] NEW_KEY = key(2);
    static final String TOKEN = "xoxb-1111-2222-secret";
    static final String HERE = "slack_installations.bot_token_enc/T1";

    static byte[] key(int fill) {
        byte[] k = new byte[SecretBox.KEY_BYTES];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    private static SecretBox box(byte[] key, byte[] old) {
        return SecretBox.of(key, old, new SecureRandom());
    }

    @Test
    void a_sealed_value_opens_to_what_was_sealed_and_does_not_contain_it() {
        SecretBox box = box(KEY, null);
        String sealed = box.seal(TOKEN, HERE);

        assertThat(sealed).doesNotContain(TOKEN).doesNotContain("secret");
        assertThat(box.open(sealed, HERE)).isEqualTo(TOKEN);
    }

    @Test
    void the_stored_text_names_the_format_and_the_key_by_a_short_hash() {
        String sealed = box(KEY, null).seal(TOKEN, HERE);

        assertThat(sealed).matches("v1:[0-9a-f]{8}:[A-Za-z0-9+/=]+").startsWith("v1:" + SecretBox.keyId(KEY) + ":");
        // nonce (12) + the token's bytes + the tag (16)
        assertThat(Base64.getDecoder().decode(sealed.substring(12))).hasSize(12 + TOKEN.length() + 16);
        assertThat(SecretBox.keyId(KEY)).isNotEqualTo(SecretBox.keyId(NEW_KEY));
    }

    @Test
    void every_value_gets_its_own_nonce() {
        SecretBox box = box(KEY, null);
        String a = box.seal(TOKEN, HERE);
        String b = box.seal(TOKEN, HERE);

        assertThat(a).isNotEqualTo(b);
        assertThat(a.substring(12, 28)).isNotEqualTo(b.substring(12, 28));
        assertThat(box.open(b, HERE)).isEqualTo(TOKEN);
    }

    @Test
    void during_a_rotation_values_of_the_old_key_open_and_new_ones_are_sealed_with_the_new_key() {
        String underOld = box(KEY, null).seal(TOKEN, HERE);
        SecretBox rotating = box(NEW_KEY, KEY);

        assertThat(rotating.open(underOld, HERE)).isEqualTo(TOKEN);
        assertThat(rotating.isCurrent(underOld)).isFalse();
        String fresh = rotating.seal(TOKEN, HERE);
        assertThat(rotating.isCurrent(fresh)).isTrue();
        assertThat(fresh).startsWith("v1:" + SecretBox.keyId(NEW_KEY) + ":");
    }

    @Test
    void a_value_of_a_key_the_box_does_not_have_is_refused_naming_the_key_ids() {
        String underOld = box(KEY, null).seal(TOKEN, HERE);

        assertThatThrownBy(() -> box(NEW_KEY, null).open(underOld, HERE))
                .isInstanceOf(SecretBox.SecretBoxException.class)
                .hasMessage("a stored secret at " + HERE + " was encrypted with key " + SecretBox.keyId(KEY)
                        + ", which is neither GIGA_SLACK_ENCRYPTION_KEY (" + SecretBox.keyId(NEW_KEY)
                        + ") nor GIGA_SLACK_OLD_ENCRYPTION_KEY (not set)");
    }

    @Test
    void a_value_copied_to_another_workspaces_row_does_not_open() {
        SecretBox box = box(KEY, null);
        String sealed = box.seal(TOKEN, HERE);

        assertThatThrownBy(() -> box.open(sealed, "slack_installations.bot_token_enc/T2"))
                .isInstanceOf(SecretBox.SecretBoxException.class)
                .hasMessageContaining("does not decrypt: it was altered, or copied from another row");
    }

    @Test
    void an_altered_value_does_not_open() {
        SecretBox box = box(KEY, null);
        String sealed = box.seal(TOKEN, HERE);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(12));
        bytes[20] ^= 1; // one bit of the ciphertext
        String altered = sealed.substring(0, 12) + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> box.open(altered, HERE)).isInstanceOf(SecretBox.SecretBoxException.class);
    }

    @Test
    void keys_are_read_from_base64_of_32_bytes_and_the_error_never_quotes_the_key() {
        assertThat(SecretBox.decodeKey(Base64.getEncoder().encodeToString(KEY))).isEqualTo(KEY);
        assertThatThrownBy(() -> SecretBox.decodeKey("s3cr3t!!")).hasMessage("is not base64");
        assertThatThrownBy(() -> SecretBox.decodeKey(Base64.getEncoder().encodeToString(new byte[31])))
                .hasMessage("is base64 of 31 bytes, not 32");
        assertThatThrownBy(() -> SecretBox.decodeKey("")).hasMessage("is empty");
    }

    @Test
    void a_box_without_a_key_says_why_when_used() {
        SecretBox none = SecretBox.unavailable("GIGA_SLACK_ENCRYPTION_KEY is not set");

        assertThat(none.available()).isFalse();
        assertThatThrownBy(() -> none.seal(TOKEN, HERE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("GIGA_SLACK_ENCRYPTION_KEY is not set");
    }

    @Test
    void its_description_names_the_key_ids_only() {
        assertThat(box(NEW_KEY, KEY).toString()).isEqualTo("SecretBox(key " + SecretBox.keyId(NEW_KEY) + ", old key "
                + SecretBox.keyId(KEY) + ")");
    }
}
