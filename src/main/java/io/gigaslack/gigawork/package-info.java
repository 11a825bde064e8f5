/**
 * The Giga side of runs, as durable jobs: {@link io.gigaslack.gigawork.GigaJobs} (start, stop, extend, delete,
 * follow-up, refresh after a callback, collecting output files; and, through
 * {@link io.gigaslack.gigawork.InputFileJobs}, the files people give an agent: one upload job per file, then the
 * agent's start or the follow-up, once they are on the Desktop) and the {@link io.gigaslack.gigawork.Reconciler}
 * (the polling safety net and the "nearly up" reminders), which share one reading of Giga's answers
 * ({@code GigaReads}), and the {@link io.gigaslack.gigawork.BalanceWatch} (Giga's balance every few minutes, and the
 * low-balance warning once per fall). Giga's errors in plain words live here too
 * ({@link io.gigaslack.gigawork.GigaErrorWords}), and so do the request budgets every Giga client takes its permits
 * from ({@link io.gigaslack.gigawork.SharedRequestBudgets}: one per API key, an exact sliding window shared by all
 * replicas through the database).
 *
 * <p>App packages it may import: [engine, giga, runs, service, store]
 */
package io.gigaslack.gigawork;
