package io.gigaslack.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Slack's request signature ({@code v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)})
 * over the raw bytes of the body, in constant time, refusing timestamps more than five minutes in
 * the past or the future. Unlike the SDK's verifier it never decodes the body with the platform
 * charset, so emoji and other non-ASCII text verify on any machine.
 */
public final class SlackSignatureVerifier {
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";

    /** Why a request was refused; each has its own message for the log. */
    public enum Outcome {
        VALID("valid"),
        MISSING_HEADERS("missing X-Slack-Request-Timestamp or X-Slack-Signature"),
        MALFORMED_TIMESTAMP("timestamp is not a number"),
        STALE_TIMESTAMP("timestamp is more than 5 minutes in the past"),
        FUTURE_TIMESTAMP("timestamp is more than 5 minutes in the future"),
        BAD_SIGNATURE("signature does not match");

        private final String description;

        Outcome(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final byte[] secret;
    private final Clock clock;

    public SlackSignatureVerifier(String signingSecret, Clock clock) {
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public Outcome verify(String timestampHeader, String signatureHeader, byte[] body) {
        if (timestampHeader == null || signatureHeader == null) {
            return Outcome.MISSING_HEADERS;
        }
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return Outcome.MALFORMED_TIMESTAMP;
        }
        long now = clock.instant().getEpochSecond();
        if (ts < now - TOLERANCE.toSeconds()) {
            return Outcome.STALE_TIMESTAMP;
        }
        if (ts > now + TOLERANCE.toSeconds()) {
            return Outcome.FUTURE_TIMESTAMP;
        }
        byte[] expected = ("v0=" + HexFormat.of().formatHex(hmac(secret, timestampHeader.trim(), body)))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] presented = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented) ? Outcome.VALID : Outcome.BAD_SIGNATURE;
    }

    /** The {@code X-Slack-Signature} value Slack would send; used by tests and the benchmark. */
    public static String sign(String signingSecret, String timestamp, byte[] body) {
        return "v0=" + HexFormat.of().formatHex(hmac(signingSecret.getBytes(StandardCharsets.UTF_8), timestamp, body));
    }

    private static byte[] hmac(byte[] key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always present in the JDK", e);
        }
    }
}
