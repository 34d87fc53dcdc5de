package dev.andon.slo;

import static dev.andon.slo.SloTestData.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Minute buckets in prefix-sum arrays, and the counts they add up to. */
class ArrayBucketsTest {
    private static final Instant T0 = utc("2026-01-05T00:00:00Z");
    //                                          minute:  0  1  2  3   4
    private static final long[] GOOD = {1, 0, 3, 0, 5};
    private static final long[] TOTAL = {2, 0, 3, 0, 10};

    private static Instant minute(long n) {
        return T0.plus(Duration.ofMinutes(n));
    }

    @Test
    void sumsAnySpanFromPrefixSums() {
        ArrayBuckets buckets = new ArrayBuckets(T0, GOOD, TOTAL, null);

        // All: good 1 + 0 + 3 + 0 + 5 = 9, total 2 + 0 + 3 + 0 + 10 = 15.
        assertThat(buckets.sum(minute(0), minute(5))).isEqualTo(new Counts(9, 15));
        // Minutes 1 and 2: good 0 + 3, total 0 + 3.
        assertThat(buckets.sum(minute(1), minute(3))).isEqualTo(new Counts(3, 3));
        // Minute 4 alone: [4, 5).
        assertThat(buckets.sum(minute(4), minute(5))).isEqualTo(new Counts(5, 10));
        // Spans reaching outside the data are clipped to it.
        assertThat(buckets.sum(minute(-10), minute(100))).isEqualTo(new Counts(9, 15));
        assertThat(buckets.sum(minute(-10), minute(1))).isEqualTo(new Counts(1, 2));
        // Empty and reversed spans.
        assertThat(buckets.sum(minute(2), minute(2))).isEqualTo(Counts.NONE);
        assertThat(buckets.sum(minute(3), minute(1))).isEqualTo(Counts.NONE);
        assertThat(buckets.sum(minute(5), minute(9))).isEqualTo(Counts.NONE);
    }

    @Test
    void countsMinutesWithData() {
        ArrayBuckets buckets = new ArrayBuckets(T0, GOOD, TOTAL, null);

        // Minutes 0, 2 and 4 have data; 1 and 3 do not.
        assertThat(buckets.minutesWithData(minute(0), minute(5))).isEqualTo(3);
        assertThat(buckets.minutesWithData(minute(1), minute(2))).isZero();
        assertThat(buckets.minutesWithData(minute(1), minute(4))).isEqualTo(1);
        assertThat(buckets.minutesWithData(minute(-5), minute(50))).isEqualTo(3);
        assertThat(buckets.minutesWithData(minute(4), minute(1))).isZero();
    }

    @Test
    void lastDataAndSince() {
        ArrayBuckets buckets = new ArrayBuckets(T0.plusSeconds(42), GOOD, TOTAL, null);

        // The start is truncated to its minute; since defaults to it; minute 4 is the newest with data.
        assertThat(buckets.since()).isEqualTo(T0);
        assertThat(buckets.lastData()).isEqualTo(minute(4));
        assertThat(new ArrayBuckets(T0, GOOD, TOTAL, minute(2).plusSeconds(30)).since()).isEqualTo(minute(2));
        // Trailing empty minutes do not move lastData; no data at all is null.
        assertThat(new ArrayBuckets(T0, new long[] {1, 0, 0}, new long[] {1, 0, 0}, null).lastData()).isEqualTo(T0);
        assertThat(new ArrayBuckets(T0, new long[3], new long[3], null).lastData()).isNull();
        assertThat(new ArrayBuckets(T0, new long[0], new long[0], null).sum(minute(0), minute(10))).isEqualTo(Counts.NONE);
    }

    @Test
    void invalidMinutesAreRejected() {
        assertThatThrownBy(() -> new ArrayBuckets(T0, new long[] {1, 4, 0}, new long[] {1, 3, 0}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minute 1");
        assertThatThrownBy(() -> new ArrayBuckets(T0, new long[] {-1}, new long[] {0}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minute 0");
        assertThatThrownBy(() -> new ArrayBuckets(T0, new long[] {0, 0}, new long[] {0, -2}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minute 1");
        assertThatThrownBy(() -> new ArrayBuckets(T0, new long[2], new long[3], null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slicesCoverTheSpanInOrderAndTheLastIsClipped() {
        ArrayBuckets buckets = new ArrayBuckets(T0, GOOD, TOTAL, null);
        List<Object[]> slices = new ArrayList<>();

        buckets.forEachSlice(minute(0), minute(5), 2, (start, counts) -> slices.add(new Object[] {start, counts}));

        // [0, 2): 1/2; [2, 4): 3/3; [4, 5): 5/10.
        assertThat(slices).extracting(s -> s[0], s -> s[1]).containsExactly(
                tuple(minute(0), new Counts(1, 2)),
                tuple(minute(2), new Counts(3, 3)),
                tuple(minute(4), new Counts(5, 10)));
    }

    @Test
    void countsAddUpAndRefuseImpossibleValues() {
        Counts a = new Counts(90, 100);
        Counts b = new Counts(5, 10);

        assertThat(a.bad()).isEqualTo(10);
        assertThat(a.ratio()).isEqualTo(0.9);
        assertThat(a.plus(b)).isEqualTo(new Counts(95, 110));
        assertThat(a.minus(b)).isEqualTo(new Counts(85, 90));
        assertThat(Counts.NONE.empty()).isTrue();
        assertThat(Counts.NONE.ratio()).isNaN();
        assertThatThrownBy(() -> new Counts(11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Counts(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.minus(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsParseAndPrintTheShortestText() {
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("28d")).isEqualTo(Duration.ofDays(28));
        assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1M")).isNull();
        assertThat(Durations.parse("5min")).isNull();
        assertThat(Durations.parse("-5m")).isNull();
        assertThat(Durations.parse(null)).isNull();
        // Past a long, or past what a Duration holds (7 × 2e18 days would wrap to a negative number): not durations.
        assertThat(Durations.parse("99999999999999999999d")).isNull();
        assertThat(Durations.parse("2000000000000000000w")).isNull();
        assertThat(Durations.parse("9999999999999999w")).isNull();
        assertThat(Durations.text(Duration.ofDays(28))).isEqualTo("28d");
        assertThat(Durations.text(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.text(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(Durations.text(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.text(Duration.ofSeconds(90))).isEqualTo("90s");
    }
}
