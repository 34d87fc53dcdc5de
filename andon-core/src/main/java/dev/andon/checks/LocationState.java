package dev.andon.checks;

/**
 * The verdict on a check from one location and the counters that move it. Rules, applied by
 * {@link #next}:
 * <ul>
 *   <li>A success (UP or DEGRADED) on a location that is not down sets its status to that at once,
 *       from PENDING too: there is nothing to confirm when things work.
 *   <li>A DOWN observation counts a consecutive failure; at {@link Thresholds#failuresToDown()} the
 *       status becomes DOWN. Before that the status is unchanged, so PENDING stays PENDING and UP
 *       stays UP.
 *   <li>While DOWN, successes count, and at {@link Thresholds#successesToUp()} in a row the status
 *       becomes UP or DEGRADED (the last success). A failure on the way starts the count again.
 *       The failure count is kept until the location has recovered, which is how the rule below
 *       remembers that it was down.
 *   <li>An UNKNOWN observation (our checker failed) sets the status to UNKNOWN and keeps both
 *       counters, so a flaky checker can neither make a check go down nor reset its failures. A
 *       DOWN location stays DOWN through it, so one outage is announced once.
 *   <li>After UNKNOWN, failures continue counting from where they were, and a success goes UP at
 *       once.
 *   <li>A PAUSED location ignores observations (a result that was in flight when the check was
 *       paused); resuming starts again from {@link #initial()}.
 * </ul>
 */
public record LocationState(CheckStatus status, int consecutiveFailures, int consecutiveSuccesses) {

    public LocationState {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if (consecutiveFailures < 0 || consecutiveSuccesses < 0) {
            throw new IllegalArgumentException("counters cannot be negative");
        }
    }

    /** A location that has not reported yet. */
    public static LocationState initial() {
        return new LocationState(CheckStatus.PENDING, 0, 0);
    }

    public LocationState next(Observation observed, Thresholds thresholds) {
        if (status == CheckStatus.PAUSED) {
            return this;
        }
        return switch (observed) {
            // A DOWN location stays DOWN through a checker failure: flipping to UNKNOWN and back
            // would announce the same outage twice.
            case UNKNOWN -> status == CheckStatus.DOWN ? this : new LocationState(CheckStatus.UNKNOWN, consecutiveFailures, consecutiveSuccesses);
            case DOWN -> {
                int failures = saturatingIncrement(consecutiveFailures);
                CheckStatus after = failures >= thresholds.failuresToDown() ? CheckStatus.DOWN : status;
                yield new LocationState(after, failures, 0);
            }
            case UP, DEGRADED -> {
                int successes = saturatingIncrement(consecutiveSuccesses);
                if (recovering(thresholds) && successes < thresholds.successesToUp()) {
                    yield new LocationState(CheckStatus.DOWN, consecutiveFailures, successes);
                }
                yield new LocationState(observed.asStatus(), 0, successes);
            }
        };
    }

    /** Down, or down when our checker started failing: a success has to be confirmed. */
    private boolean recovering(Thresholds thresholds) {
        return status == CheckStatus.DOWN
                || (status == CheckStatus.UNKNOWN && consecutiveFailures >= thresholds.failuresToDown());
    }

    /** Counters stop growing rather than wrap: a location down for years is still down. */
    private static int saturatingIncrement(int counter) {
        return counter == Integer.MAX_VALUE ? counter : counter + 1;
    }
}
