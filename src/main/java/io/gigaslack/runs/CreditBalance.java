package io.gigaslack.runs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Giga's balance as the app last read it ({@code GET /api/billing}), and the rule for the low-balance warning
 * ({@code GIGA_LOW_BALANCE_CREDITS}): admins are told once when the balance first falls below the warning level, and
 * again only after it has been back at or above it. Giga sends its figures as numbers or as strings; any may be
 * missing (null).
 *
 * @param plan the plan's id, or null
 * @param planCreditsRemaining the plan's credits left this period (they are used first)
 * @param prepaidBalance the prepaid balance (used once the plan's credits are gone; never expires)
 * @param totalBalance what Giga gives as the total of both
 * @param readAt when it was read
 */
public record CreditBalance(String plan, BigDecimal planCreditsRemaining, BigDecimal prepaidBalance,
        BigDecimal totalBalance, Instant readAt) {

    /** What one check of the balance should do about the warning. */
    public enum Warning {
        /** It has just fallen below the warning level: tell the admins (once). */
        SEND,
        /** It is back at or above the level (or the warning is off): a later fall is news again. */
        CLEAR,
        /** Nothing changes: still above, still below and told, or the balance is not known. */
        NONE
    }

    public CreditBalance {
        Objects.requireNonNull(readAt, "readAt");
    }

    /**
     * The balance in credits the warning compares: Giga's {@code totalBalance}, or without it the plan's credits left
     * plus the prepaid balance (whichever Giga sent); null when it sent none of them.
     */
    public BigDecimal credits() {
        if (totalBalance != null) {
            return totalBalance;
        }
        if (planCreditsRemaining == null && prepaidBalance == null) {
            return null;
        }
        return (planCreditsRemaining == null ? BigDecimal.ZERO : planCreditsRemaining)
                .add(prepaidBalance == null ? BigDecimal.ZERO : prepaidBalance);
    }

    /** Whether the balance is known and below {@code level} credits ({@code level} 0: the warning is off). */
    public boolean isBelow(long level) {
        BigDecimal c = credits();
        return level > 0 && c != null && c.compareTo(BigDecimal.valueOf(level)) < 0;
    }

    /** What this reading means for the warning at {@code level} (0: off), given whether it was sent for this fall. */
    public Warning warning(long level, boolean sentForThisFall) {
        if (level <= 0) {
            return sentForThisFall ? Warning.CLEAR : Warning.NONE;
        }
        if (credits() == null) {
            return Warning.NONE;
        }
        if (isBelow(level)) {
            return sentForThisFall ? Warning.NONE : Warning.SEND;
        }
        return sentForThisFall ? Warning.CLEAR : Warning.NONE;
    }
}
