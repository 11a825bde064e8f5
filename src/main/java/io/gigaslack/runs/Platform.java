package io.gigaslack.runs;

/**
 * A Giga platform (machine size) and what it costs per hour, in Giga credits.
 *
 * @param creditsPerHour the rate, or {@link #UNKNOWN_RATE} when Giga does not publish it (such a platform is shown as
 *     "rate unknown" and left out of estimates)
 */
public record Platform(String name, int creditsPerHour) {
    public static final int UNKNOWN_RATE = -1;

    /** A platform whose credit rate is not known. */
    public static Platform rateUnknown(String name) {
        return new Platform(name, UNKNOWN_RATE);
    }

    public boolean rateKnown() {
        return creditsPerHour >= 0;
    }
}
