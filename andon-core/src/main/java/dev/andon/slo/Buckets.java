package dev.andon.slo;

import java.time.Instant;

/**
 * An SLO's minute buckets of good and total counts, however they are stored (PostgreSQL with hour
 * and day roll-ups in the server, arrays in tests and benchmarks). Minutes are [start, start + 1m).
 */
public interface Buckets {
    /** The sum over the minutes in [from, to); both are whole minutes. */
    Counts sum(Instant from, Instant to);

    /** How many minutes in [from, to) have data (total > 0). */
    long minutesWithData(Instant from, Instant to);

    /** The first minute the SLO collects: minutes before it are neither good nor bad, whatever the no-data policy. */
    Instant since();

    /** The newest minute with data, or null. */
    Instant lastData();

    /** Each slice of {@code sliceMinutes} in [from, to) with its counts, in order (slices may be empty). */
    default void forEachSlice(Instant from, Instant to, long sliceMinutes, SliceConsumer consumer) {
        for (Instant start = from; start.isBefore(to); start = start.plusSeconds(60 * sliceMinutes)) {
            Instant end = start.plusSeconds(60 * sliceMinutes);
            consumer.accept(start, sum(start, end.isAfter(to) ? to : end));
        }
    }

    interface SliceConsumer {
        void accept(Instant start, Counts counts);
    }
}
