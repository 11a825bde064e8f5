package io.gigaslack.runs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The secret in each run's callback URL: 192 random bits, URL-safe; only its SHA-256 is stored,
 * and a presented token is compared with the stored hash in constant time.
 */
public final class CallbackTokens {
    private static final int TOKEN_BYTES = 24;

    private CallbackTokens() {}

    /** A new token drawn from {@code random} (a {@code SecureRandom} in production). */
    public static String newToken(RandomGenerator random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Constant-time check of a presented token against a stored hash. */
    public static boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null || storedHash.length() != 64) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented), expected);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }
}
