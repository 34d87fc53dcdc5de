package dev.andon.checks;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Response times counted in fixed buckets, so percentiles can be estimated for any period by adding
 * counts together. Percentiles come from here, never from averages: one 30-second timeout among
 * fast answers moves an average a long way and a p50 not at all.
 *
 * <p>The bounds are fixed for good: stored counts from every version and every location must line
 * up bucket for bucket. Bucket {@code i} holds times above the previous bound up to and including
 * its own; the last bucket holds everything above 60 seconds. Not thread-safe: one writer each.
 */
public final class LatencyHistogram {
    private static final long[] UPPER_BOUNDS_MILLIS = {
        1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750,
        1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 60_000,
    };

    private final long[] counts;

    public LatencyHistogram() {
        this.counts = new long[bucketCount()];
    }

    /** A histogram over counts stored earlier, one per bucket. */
    public static LatencyHistogram of(long[] counts) {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.merge(counts);
        return histogram;
    }

    /** Buckets including the last, open-ended one. */
    public static int bucketCount() {
        return UPPER_BOUNDS_MILLIS.length + 1;
    }

    /** The bucket a time falls in; negative times (a clock step) count as zero. */
    public static int bucketOf(long millis) {
        int found = Arrays.binarySearch(UPPER_BOUNDS_MILLIS, Math.max(0, millis));
        return found >= 0 ? found : -found - 1;
    }

    /** The smallest time a bucket holds, in milliseconds (exclusive, except zero for the first). */
    public static long lowerBoundMillis(int bucket) {
        checkBucket(bucket);
        return bucket == 0 ? 0 : UPPER_BOUNDS_MILLIS[bucket - 1];
    }

    /** The largest time a bucket holds, in milliseconds; empty for the last, open-ended one. */
    public static OptionalDouble upperBoundMillis(int bucket) {
        checkBucket(bucket);
        return bucket < UPPER_BOUNDS_MILLIS.length ? OptionalDouble.of(UPPER_BOUNDS_MILLIS[bucket]) : OptionalDouble.empty();
    }

    private static void checkBucket(int bucket) {
        if (bucket < 0 || bucket >= bucketCount()) {
            throw new IndexOutOfBoundsException("bucket " + bucket + " is not between 0 and " + (bucketCount() - 1));
        }
    }

    public LatencyHistogram add(long millis) {
        counts[bucketOf(millis)]++;
        return this;
    }

    /** Adds counts from another histogram, such as another location or another minute. */
    public LatencyHistogram merge(long[] other) {
        if (other.length != counts.length) {
            throw new IllegalArgumentException("expected " + counts.length + " bucket counts, got " + other.length);
        }
        for (int bucket = 0; bucket < counts.length; bucket++) {
            if (other[bucket] < 0) {
                throw new IllegalArgumentException("bucket " + bucket + " has a negative count: " + other[bucket]);
            }
        }
        for (int bucket = 0; bucket < counts.length; bucket++) {
            counts[bucket] += other[bucket];
        }
        return this;
    }

    public LatencyHistogram merge(LatencyHistogram other) {
        return merge(other.counts);
    }

    /** A copy of the counts, one per bucket. */
    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    /**
     * The time below which {@code quantile} (0 to 1; 0.95 for p95) of the measurements fall,
     * interpolated linearly inside the bucket where that rank lands, in milliseconds. Empty when
     * nothing was measured. In the open-ended last bucket the estimate is its lower bound, 60
     * seconds: we know only that those were at least that slow.
     */
    public OptionalDouble percentile(double quantile) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1, was " + quantile);
        }
        long total = total();
        if (total == 0) {
            return OptionalDouble.empty();
        }
        double rank = quantile * total;
        long below = 0;
        for (int bucket = 0; bucket < counts.length; bucket++) {
            long count = counts[bucket];
            if (count == 0) {
                continue;
            }
            if (below + count >= rank) {
                double lower = lowerBoundMillis(bucket);
                OptionalDouble upper = upperBoundMillis(bucket);
                if (upper.isEmpty()) {
                    return OptionalDouble.of(lower);
                }
                double fraction = (rank - below) / count;
                return OptionalDouble.of(lower + fraction * (upper.getAsDouble() - lower));
            }
            below += count;
        }
        throw new IllegalStateException("rank " + rank + " beyond total " + total);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatencyHistogram histogram && Arrays.equals(counts, histogram.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyHistogram" + Arrays.toString(counts);
    }
}
