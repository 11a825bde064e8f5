package io.gigaslack.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets kept in the database (Slack tokens, Giga API keys) with AES-256-GCM: a fresh random 12-byte
 * nonce for every value, a 128-bit tag, and as associated data the value's place (table, column, workspace), so a
 * value copied into another row or column no longer decrypts.
 *
 * <p>A stored value is text: {@code v1:<key-id>:<base64(nonce | ciphertext | tag)>}. The key id is a short hash of
 * the key (it names the key without revealing it), so a value is always opened with the key it was sealed with: the
 * current key, or during a key rotation the old one. New values are always sealed with the current key.
 */
public final class SecretBox {
    public static final String VERSION = "v1";
    public static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String CIPHER = "AES/GCM/NoPadding";

    private final Key current;
    private final Key old;
    private final SecureRandom random;
    private final String unavailable;

    private record Key(String id, SecretKeySpec spec) {}

    private SecretBox(Key current, Key old, SecureRandom random, String unavailable) {
        this.current = current;
        this.old = old;
        this.random = random;
        this.unavailable = unavailable;
    }

    /**
     * A box sealing with {@code key} and opening with it or with {@code oldKey} (null when there is none); both are
     * {@link #KEY_BYTES} bytes.
     */
    public static SecretBox of(byte[] key, byte[] oldKey, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        Key k = key(key);
        Key o = oldKey == null ? null : key(oldKey);
        if (o != null && o.id.equals(k.id)) {
            o = null; // the same key given twice: nothing to rotate from
        }
        return new SecretBox(k, o, random, null);
    }

    /**
     * A box without a key, for a process that keeps no secrets in the database (single-workspace mode): every use
     * throws {@link IllegalStateException} with {@code why}.
     */
    public static SecretBox unavailable(String why) {
        return new SecretBox(null, null, null, Objects.requireNonNull(why, "why"));
    }

    /** Whether this box has a key (see {@link #unavailable}). */
    public boolean available() {
        return current != null;
    }

    /**
     * A key given as base64 text, decoded; throws {@link IllegalArgumentException} saying what is wrong with it
     * (never quoting it).
     */
    public static byte[] decodeKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("is base64 of " + key.length + " bytes, not " + KEY_BYTES);
        }
        return key;
    }

    /** The id of {@code key} as it appears in stored values: 8 hex digits of a hash of it. */
    public static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("giga-slack secret key id\0".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current key's id: values sealed now carry it. */
    public String currentKeyId() {
        requireKey();
        return current.id;
    }

    /** The prefix of every value sealed with the current key ({@code v1:<key-id>:}). */
    public String currentPrefix() {
        return VERSION + ":" + currentKeyId() + ":";
    }

    /** Encrypts {@code plaintext} for the place {@code context} (e.g. "giga_accounts.api_key_enc/T123"). */
    public String seal(String plaintext, String context) {
        requireKey();
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String prefix = VERSION + ":" + current.id + ":";
        try {
            Cipher c = Cipher.getInstance(CIPHER);
            c.init(Cipher.ENCRYPT_MODE, current.spec, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(prefix, context));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return prefix + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a value {@link #seal sealed} for {@code context}, with the key its id names; throws
     * {@link SecretBoxException} when this box has no such key, or the value was altered or moved from elsewhere.
     */
    public String open(String sealed, String context) {
        requireKey();
        Objects.requireNonNull(sealed, "sealed");
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new SecretBoxException("a stored secret at " + context + " is not in the " + VERSION + " format");
        }
        Key key = keyFor(parts[1]);
        if (key == null) {
            throw new SecretBoxException("a stored secret at " + context + " was encrypted with key " + parts[1]
                    + ", which is neither GIGA_SLACK_ENCRYPTION_KEY (" + current.id + ") nor"
                    + " GIGA_SLACK_OLD_ENCRYPTION_KEY" + (old == null ? " (not set)" : " (" + old.id + ")"));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException("a stored secret at " + context + " is not base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretBoxException("a stored secret at " + context + " is too short");
        }
        try {
            Cipher c = Cipher.getInstance(CIPHER);
            c.init(Cipher.DECRYPT_MODE, key.spec, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            c.updateAAD(aad(parts[0] + ":" + parts[1] + ":", context));
            byte[] plain = c.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretBoxException("a stored secret at " + context + " does not decrypt: it was altered, or"
                    + " copied from another row");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /** Whether {@code sealed} is sealed with the current key (a re-encryption leaves it as it is). */
    public boolean isCurrent(String sealed) {
        return sealed != null && sealed.startsWith(currentPrefix());
    }

    /** Whether this box can open {@code sealed}: its key is the current or the old one. */
    public boolean canOpen(String sealed) {
        requireKey();
        String[] parts = sealed == null ? new String[0] : sealed.split(":", 3);
        return parts.length == 3 && parts[0].equals(VERSION) && keyFor(parts[1]) != null;
    }

    /** The key id a stored value names, or "?" when it is not in the {@code v1} format. */
    public static String keyIdOf(String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", 3);
        return parts.length == 3 && parts[0].equals(VERSION) ? parts[1] : "?";
    }

    private Key keyFor(String id) {
        if (current.id.equals(id)) {
            return current;
        }
        return old != null && old.id.equals(id) ? old : null;
    }

    private static byte[] aad(String prefix, String context) {
        return (prefix + Objects.requireNonNull(context, "context")).getBytes(StandardCharsets.UTF_8);
    }

    private static Key key(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an encryption key must be " + KEY_BYTES + " bytes");
        }
        return new Key(keyId(key), new SecretKeySpec(key.clone(), "AES"));
    }

    private void requireKey() {
        if (current == null) {
            throw new IllegalStateException(unavailable);
        }
    }

    @Override
    public String toString() {
        return current == null ? "SecretBox(no key)" : "SecretBox(key " + current.id
                + (old == null ? "" : ", old key " + old.id) + ")";
    }

    /** A stored secret that cannot be decrypted here; the message names where it is stored and why. */
    public static final class SecretBoxException extends RuntimeException {
        public SecretBoxException(String message) {
            super(message);
        }
    }
}
