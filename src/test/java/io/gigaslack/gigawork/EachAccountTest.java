package io.gigaslack.gigawork;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Work per account side by side: a slow or failing account holds up no other, and its parts never overlap. */
class EachAccountTest {
    private final EachAccount each = new EachAccount("test", 4, Duration.ofMillis(300));

    @Test
    void a_slow_account_holds_up_no_other_and_is_skipped_until_its_part_has_finished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowDone = new CountDownLatch(1);
        AtomicInteger slowStarts = new AtomicInteger();
        Map<String, Callable<String>> parts = new LinkedHashMap<>();
        parts.put("T1", () -> {
            slowStarts.incrementAndGet();
            release.await(20, TimeUnit.SECONDS);
            slowDone.countDown();
            return "slow";
        });
        parts.put("T2", () -> "fast");

        EachAccount.Round<String> first = each.run(parts);
        EachAccount.Round<String> second = each.run(parts);

        assertThat(first.done()).containsExactly(Map.entry("T2", "fast"));
        assertThat(first.busy()).containsExactly("T1");
        assertThat(first.complete()).isFalse();
        assertThat(second.done()).containsExactly(Map.entry("T2", "fast"));
        assertThat(second.busy()).as("still under way from the first round").containsExactly("T1");
        assertThat(slowStarts).as("never run twice at once").hasValue(1);

        release.countDown();
        assertThat(slowDone.await(10, TimeUnit.SECONDS)).isTrue();
        EachAccount.Round<String> third = awaitRoundWithout("T1", parts);
        assertThat(third.done()).containsEntry("T1", "slow").containsEntry("T2", "fast");
        assertThat(third.complete()).isTrue();
    }

    @Test
    void a_failing_account_is_reported_and_the_others_are_done() {
        Map<String, Callable<Integer>> parts = new LinkedHashMap<>();
        parts.put("T1", () -> {
            throw new IllegalStateException("Giga answered 500");
        });
        parts.put("T2", () -> 2);

        EachAccount.Round<Integer> round = each.run(parts);

        assertThat(round.done()).containsExactly(Map.entry("T2", 2));
        assertThat(round.failed()).containsOnlyKeys("T1");
        assertThat(round.failed().get("T1")).hasMessage("Giga answered 500");
        assertThat(round.busy()).isEmpty();
        assertThat(each.run(parts).failed()).as("tried again the next round").containsOnlyKeys("T1");
    }

    /** The next round once the slow part has let go of its account (its thread clears it just after it returns). */
    private <T> EachAccount.Round<T> awaitRoundWithout(String busy, Map<String, Callable<T>> parts)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        EachAccount.Round<T> round = each.run(parts);
        while (round.busy().contains(busy) && System.nanoTime() < end) {
            Thread.sleep(10);
            round = each.run(parts);
        }
        return round;
    }
}
