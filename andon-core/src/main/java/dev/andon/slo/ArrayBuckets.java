package dev.andon.slo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Minute buckets held in arrays with prefix sums, so any span is summed in constant time: what the
 * server loads for one SLO's page and charts, and what tests and benchmarks build.
 */
public final class ArrayBuckets implements Buckets {
    private final Instant start;
    private final Instant since;
    private final long[] goodPrefix;
    private final long[] totalPrefix;
    private final int[] dataPrefix;
    private final Instant lastData;

    /** {@code good[i]} and {@code total[i]} are the minute {@code start + i}; {@code since} is when the SLO began collecting. */
    public ArrayBuckets(Instant start, long[] good, long[] total, Instant since) {
        if (good.length != total.length) {
            throw new IllegalArgumentException("good and total differ in length");
        }
        this.start = start.truncatedTo(ChronoUnit.MINUTES);
        this.since = since == null ? this.start : since.truncatedTo(ChronoUnit.MINUTES);
        goodPrefix = new long[good.length + 1];
        totalPrefix = new long[total.length + 1];
        dataPrefix = new int[total.length + 1];
        int last = -1;
        for (int i = 0; i < good.length; i++) {
            if (good[i] < 0 || good[i] > total[i]) {
                throw new IllegalArgumentException("minute " + i + ": need 0 <= good <= total");
            }
            goodPrefix[i + 1] = goodPrefix[i] + good[i];
            totalPrefix[i + 1] = totalPrefix[i] + total[i];
            dataPrefix[i + 1] = dataPrefix[i] + (total[i] > 0 ? 1 : 0);
            if (total[i] > 0) {
                last = i;
            }
        }
        lastData = last < 0 ? null : this.start.plusSeconds(60L * last);
    }

    private int index(Instant at) {
        long minutes = ChronoUnit.MINUTES.between(start, at);
        return (int) Math.max(0, Math.min(goodPrefix.length - 1, minutes));
    }

    @Override
    public Counts sum(Instant from, Instant to) {
        int a = index(from);
        int b = index(to);
        return b <= a ? Counts.NONE : new Counts(goodPrefix[b] - goodPrefix[a], totalPrefix[b] - totalPrefix[a]);
    }

    @Override
    public long minutesWithData(Instant from, Instant to) {
        int a = index(from);
        int b = index(to);
        return b <= a ? 0 : dataPrefix[b] - dataPrefix[a];
    }

    @Override
    public Instant since() {
        return since;
    }

    @Override
    public Instant lastData() {
        return lastData;
    }
}
