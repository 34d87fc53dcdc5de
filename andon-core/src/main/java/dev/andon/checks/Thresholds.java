package dev.andon.checks;

/**
 * How many results in a row a location needs before its verdict flips: failures before it is down,
 * successes before a down location is up again. More than one failure keeps a single dropped packet
 * from paging anyone.
 */
public record Thresholds(int failuresToDown, int successesToUp) {
    private static final int MAXIMUM = 100;

    /** Two failures to go down, one success to come back. */
    public static final Thresholds DEFAULT = new Thresholds(2, 1);

    public Thresholds {
        requireInRange("failuresToDown", failuresToDown);
        requireInRange("successesToUp", successesToUp);
    }

    private static void requireInRange(String field, int value) {
        if (value < 1 || value > MAXIMUM) {
            throw new InvalidCheckException(field, "must be between 1 and " + MAXIMUM + ", was " + value);
        }
    }
}
