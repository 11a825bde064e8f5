package io.gigaslack.runs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A personal, short-lived pass to one run's desktop, made for one Slack user: the run, the user, when it expires and
 * whether it gives control or only a view. It travels as a signed token ({@link #sign}); anything that changes a
 * byte of it breaks the signature, and {@link #verify} tells a forged or altered token from an expired one. Whoever
 * holds a valid token sees the desktop, which is why it is only ever sent privately and lives minutes.
 */
public record DesktopPass(String runId, String userId, Instant expiresAt, Mode mode) {
    private static final String VERSION = "v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** What the holder may do on the desktop. */
    public enum Mode {
        /** Keyboard and mouse: the requester and admins. */
        CONTROL("c"),
        /** Watch only: other members of the run's channel. */
        VIEW("v");

        private final String code;

        Mode(String code) {
            this.code = code;
        }

        static Mode of(String code) {
            for (Mode m : values()) {
                if (m.code.equals(code)) {
                    return m;
                }
            }
            return null;
        }
    }

    public DesktopPass {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(mode, "mode");
        if (runId.contains("|") || userId.contains("|")) {
            throw new IllegalArgumentException("ids may not contain |");
        }
    }

    /** What checking a token found. */
    public enum Verdict {
        VALID, FORGED, EXPIRED
    }

    /** A token's verdict, and the pass when it was signed by this key (also when it has expired). */
    public record Checked(Verdict verdict, DesktopPass pass) {}

    /** The token: the pass's fields and an HMAC-SHA256 over them, URL-safe. */
    public String sign(byte[] key) {
        String body = VERSION + "|" + runId + "|" + userId + "|" + expiresAt.getEpochSecond() + "|" + mode.code;
        String encoded = B64.encodeToString(body.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + B64.encodeToString(mac(key, encoded));
    }

    /** Checks a token against the key at {@code now}: forged (or altered, or malformed), expired, or valid. */
    public static Checked verify(String token, byte[] key, Instant now) {
        if (token == null || token.length() > 512) {
            return new Checked(Verdict.FORGED, null);
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return new Checked(Verdict.FORGED, null);
        }
        String encoded = token.substring(0, dot);
        byte[] signature;
        String body;
        try {
            signature = B64D.decode(token.substring(dot + 1));
            body = new String(B64D.decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Checked(Verdict.FORGED, null);
        }
        if (!MessageDigest.isEqual(signature, mac(key, encoded))) {
            return new Checked(Verdict.FORGED, null);
        }
        String[] f = body.split("\\|", -1);
        Mode mode = f.length == 5 ? Mode.of(f[4]) : null;
        if (f.length != 5 || !f[0].equals(VERSION) || mode == null) {
            return new Checked(Verdict.FORGED, null);
        }
        DesktopPass pass;
        try {
            pass = new DesktopPass(f[1], f[2], Instant.ofEpochSecond(Long.parseLong(f[3])), mode);
        } catch (RuntimeException e) {
            return new Checked(Verdict.FORGED, null);
        }
        return new Checked(now.isBefore(pass.expiresAt()) ? Verdict.VALID : Verdict.EXPIRED, pass);
    }

    private static byte[] mac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
