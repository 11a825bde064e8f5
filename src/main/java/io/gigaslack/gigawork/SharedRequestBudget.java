package io.gigaslack.gigawork;

import io.gigaslack.giga.RequestBudget;
import io.gigaslack.giga.Sleeper;
import io.gigaslack.store.RateSlots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One Giga API key's request budget, the same for every replica: each permit is a slot taken from the key's ring in
 * the database ({@link RateSlots}, one short transaction), so no window of {@link SharedRequestBudgets#WINDOW} ever
 * holds more of the key's requests than its limit, whichever replicas sent them. {@link Priority#INTERACTIVE} takes
 * any free slot; {@link Priority#BACKGROUND} only while more than the reserve are free, so user actions find room and,
 * when both wait, go first. A pause after a 429 is stored with the key, so every replica keeps it.
 *
 * <p>A waiting thread holds no connection: it sleeps (through the injected {@link Sleeper}, in naps of at most
 * {@link #MAX_NAP}, looking at the injected {@link Clock} between them) until the slot it needs frees, as the last
 * refused take reported, and only then asks the database again. Threads of this process ask one at a time and learn
 * from each other's refusals, so a freed slot costs one take per replica that waits, not one per waiting thread.
 * Thread-safe.
 */
final class SharedRequestBudget implements RequestBudget {
    /**
     * The longest a waiter sleeps before it looks at the clock again: the exact wait when the clock is the system's,
     * and soon enough after a test moves a settable one.
     */
    static final Duration MAX_NAP = Duration.ofMillis(100);

    private final RateSlots slots;
    private final String keyId;
    private final int limit;
    private final int reserve;
    private final Clock clock;
    private final Sleeper sleeper;
    /** One take at a time from this process. */
    private final Object turn = new Object();
    /** Before these instants no take of that priority can succeed (from the last refusal; later takes only delay). */
    private volatile Instant interactiveReadyAt = Instant.EPOCH;
    private volatile Instant backgroundReadyAt = Instant.EPOCH;

    SharedRequestBudget(RateSlots slots, String keyId, int limit, int reserve, Clock clock, Sleeper sleeper) {
        this.slots = Objects.requireNonNull(slots, "slots");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.limit = limit;
        this.reserve = reserve;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public Permit acquire(Priority priority) throws InterruptedException {
        Objects.requireNonNull(priority, "priority");
        int keepFree = priority == Priority.INTERACTIVE ? 0 : reserve;
        while (true) {
            Instant now = clock.instant();
            Instant ready = readyAt(priority);
            if (now.isBefore(ready)) {
                nap(Duration.between(now, ready));
                continue;
            }
            synchronized (turn) {
                now = clock.instant();
                if (now.isBefore(readyAt(priority))) {
                    continue; // another thread's refusal arrived meanwhile
                }
                RateSlots.Take take = slots.take(keyId, limit, keepFree, clock);
                if (take.granted()) {
                    return new SlotPermit(take.slot(), take.readAt());
                }
                interactiveReadyAt = take.readyAt(0);
                backgroundReadyAt = take.readyAt(reserve);
            }
        }
    }

    @Override
    public void pauseUntil(Instant until) {
        Objects.requireNonNull(until, "until");
        slots.pauseUntil(keyId, until);
        synchronized (turn) {
            if (until.isAfter(interactiveReadyAt)) {
                interactiveReadyAt = until;
            }
            if (until.isAfter(backgroundReadyAt)) {
                backgroundReadyAt = until;
            }
        }
    }

    private Instant readyAt(Priority priority) {
        return priority == Priority.INTERACTIVE ? interactiveReadyAt : backgroundReadyAt;
    }

    private void nap(Duration wait) throws InterruptedException {
        sleeper.sleep(wait.compareTo(MAX_NAP) > 0 ? MAX_NAP : wait);
    }

    /**
     * A slot taken at {@code grantedAt}. A request that leaves more than {@link SharedRequestBudgets#SEND_WITHIN}
     * later (a slow connect, a stalled thread) moves its slot to when it left, so the window counts it where Giga will.
     */
    private final class SlotPermit implements Permit {
        private final int slot;
        private Instant stampedAt;

        SlotPermit(int slot, Instant grantedAt) {
            this.slot = slot;
            this.stampedAt = grantedAt;
        }

        @Override
        public synchronized void sending(Instant at) {
            Instant sent = Instant.ofEpochMilli(at.toEpochMilli());
            if (sent.isAfter(stampedAt.plus(SharedRequestBudgets.SEND_WITHIN))) {
                slots.restamp(keyId, slot, stampedAt, sent);
                stampedAt = sent;
            }
        }
    }

    @Override
    public String toString() {
        return "SharedRequestBudget{key=" + keyId.substring(0, 8) + "…, limit=" + limit + ", reserve=" + reserve + '}';
    }
}
