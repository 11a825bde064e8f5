package io.gigaslack.giga.sim;

import java.time.Instant;

/**
 * One callback delivery attempt (or a callback dropped by a fault, which is recorded but never sent).
 *
 * @param status the receiver's HTTP status, or -1 when there was no answer (dropped, refused, timed out)
 * @param error  the failure when there was no answer, else null
 * @param kind   NORMAL, DUPLICATE (the second copy), DELAYED, REORDERED (held back) or DROPPED
 */
public record CallbackDelivery(Instant attemptedAt, String event, String url, String body, int status, String error,
                               Kind kind) {

    public enum Kind { NORMAL, DUPLICATE, DELAYED, REORDERED, DROPPED }

    public boolean delivered() {
        return status >= 200 && status < 300;
    }
}
