package io.gigaslack.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Counting requests the way a sliding-window rate limit does: the most that fall within any one window. */
public final class WindowCount {
    private WindowCount() {}

    /**
     * The most of {@code times} within any {@code window}-long stretch {@code [t, t + window)}, wherever it starts
     * (it suffices to start one at each time). Any order; equal times count each.
     */
    public static int max(List<Instant> times, Duration window) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int best = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (!sorted.get(first).plus(window).isAfter(sorted.get(last))) {
                first++;
            }
            best = Math.max(best, last - first + 1);
        }
        return best;
    }
}
