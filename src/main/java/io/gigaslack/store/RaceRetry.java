package io.gigaslack.store;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a transaction that changes a run again when another thread or replica changed the same run
 * at the same moment (the optimistic lock refused it), so neither a click nor a job's result is
 * lost to a race. The one place that decides how often to try.
 */
public final class RaceRetry {
    public static final int MAX_TRIES = 8;

    private RaceRetry() {}

    public static <T> T inTransaction(Jdbc jdbc, Function<Tx, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.inTransaction(work);
            } catch (ConcurrentUpdateException e) {
                if (attempt >= MAX_TRIES) {
                    throw e;
                }
            }
        }
    }

    public static void useTransaction(Jdbc jdbc, Consumer<Tx> work) {
        inTransaction(jdbc, tx -> {
            work.accept(tx);
            return null;
        });
    }
}
