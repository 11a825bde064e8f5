package io.gigaslack.vnc;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** The instant a grab must be over by; every blocking step asks it how long it may still wait. */
final class Deadline {
    private final long endNanos;
    private final Duration timeout;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    static Deadline after(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new Deadline(timeout);
    }

    Duration timeout() {
        return timeout;
    }

    long remainingNanos() {
        return endNanos - System.nanoTime();
    }

    /**
     * Milliseconds left, at least 1 while any time is left (0 would mean "forever" to {@code Socket.setSoTimeout});
     * throws once the deadline has passed so no step starts waiting after it.
     */
    int remainingMillisOrThrow() throws SocketTimeoutException {
        long nanos = remainingNanos();
        if (nanos <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
    }
}
