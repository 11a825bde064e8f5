package io.gigaslack.giga;

import java.time.Duration;

/**
 * Waits for a while. Injected so that tests can advance a settable clock instead of really sleeping.
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks for {@code duration}; zero or negative durations return at once. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real thing: {@link Thread#sleep(long, int)}. */
    static Sleeper system() {
        return duration -> {
            if (duration.isNegative() || duration.isZero()) {
                return;
            }
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000L));
        };
    }
}
