package dev.andon.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    /** The exact quantile of a sample, by the nearest-rank method. */
    private static long exactPercentile(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Within one bucket of the truth: all a fixed-bucket histogram promises. */
    private static void assertWithinOneBucket(LatencyHistogram histogram, long[] sample, double quantile) {
        long[] sorted = sample.clone();
        Arrays.sort(sorted);
        double estimate = histogram.percentile(quantile).orElseThrow();
        int estimatedBucket = LatencyHistogram.bucketOf((long) Math.ceil(estimate));
        int actualBucket = LatencyHistogram.bucketOf(exactPercentile(sorted, quantile));
        assertThat(Math.abs(estimatedBucket - actualBucket))
                .as("p%s estimated %.1f ms, actual %d ms", quantile * 100, estimate, exactPercentile(sorted, quantile))
                .isLessThanOrEqualTo(1);
    }

    private static LatencyHistogram histogramOf(long[] sample) {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long millis : sample) {
            histogram.add(millis);
        }
        return histogram;
    }

    @Test
    void timesFallInTheBucketWhoseUpperBoundHoldsThem() {
        assertThat(LatencyHistogram.bucketCount()).isEqualTo(29);
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(1)).isZero();
        assertThat(LatencyHistogram.bucketOf(2)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(4)).isEqualTo(3);
        assertThat(LatencyHistogram.bucketOf(100)).isEqualTo(11);
        assertThat(LatencyHistogram.bucketOf(101)).isEqualTo(12);
        assertThat(LatencyHistogram.bucketOf(60_000)).isEqualTo(27);
        assertThat(LatencyHistogram.bucketOf(60_001)).isEqualTo(28);
        assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(28);
        assertThat(LatencyHistogram.bucketOf(-5)).as("a clock step backwards").isZero();
        assertThat(LatencyHistogram.lowerBoundMillis(12)).isEqualTo(100);
        assertThat(LatencyHistogram.upperBoundMillis(12)).hasValue(150);
        assertThat(LatencyHistogram.upperBoundMillis(28)).isEmpty();
    }

    @Test
    void anEmptyHistogramHasNoPercentiles() {
        assertThat(new LatencyHistogram().percentile(0.5)).isEmpty();
        assertThat(new LatencyHistogram().total()).isZero();
    }

    @Test
    void percentilesInterpolateInsideTheBucket() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 100; i++) {
            histogram.add(120);
        }
        assertThat(histogram.percentile(0.5)).hasValue(125.0);
        assertThat(histogram.percentile(1.0)).hasValue(150.0);
        assertThat(histogram.percentile(0.0)).hasValue(100.0);
    }

    @Test
    void uniformTimesGiveTheirPercentiles() {
        long[] sample = new long[1000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = i + 1;
        }
        LatencyHistogram histogram = histogramOf(sample);
        for (double quantile : new double[] {0.5, 0.95, 0.99}) {
            assertWithinOneBucket(histogram, sample, quantile);
        }
        assertThat(histogram.percentile(0.5).orElseThrow()).isBetween(300.0, 750.0);
    }

    @Test
    void exponentialTimesGiveTheirPercentiles() {
        Random random = new Random(42);
        long[] sample = new long[20_000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = Math.round(-Math.log(1 - random.nextDouble()) * 80);
        }
        LatencyHistogram histogram = histogramOf(sample);
        for (double quantile : new double[] {0.5, 0.95, 0.99}) {
            assertWithinOneBucket(histogram, sample, quantile);
        }
    }

    @Test
    void aFewTimeoutsMoveTheTailNotTheMedian() {
        long[] sample = new long[1000];
        Arrays.fill(sample, 0, 980, 40);
        Arrays.fill(sample, 980, 1000, 30_000);
        LatencyHistogram histogram = histogramOf(sample);
        double average = Arrays.stream(sample).average().orElseThrow();
        assertThat(average).as("the average says every request is slow").isGreaterThan(600);
        assertThat(histogram.percentile(0.5).orElseThrow()).isBetween(30.0, 50.0);
        assertThat(histogram.percentile(0.95).orElseThrow()).isBetween(30.0, 50.0);
        assertThat(histogram.percentile(0.99).orElseThrow()).isBetween(20_000.0, 30_000.0);
        for (double quantile : new double[] {0.5, 0.95, 0.99}) {
            assertWithinOneBucket(histogram, sample, quantile);
        }
    }

    @Test
    void timesBeyondTheLastBoundReportTheBound() {
        LatencyHistogram histogram = new LatencyHistogram().add(90_000).add(120_000);
        assertThat(histogram.percentile(0.99)).hasValue(60_000.0);
    }

    @Test
    void mergedCountsGiveTheSamePercentilesAsOneHistogram() {
        long[] outside = {5, 8, 13, 250, 900};
        long[] inside = {2, 3, 40, 41, 42, 3_000};
        LatencyHistogram merged = histogramOf(outside).merge(histogramOf(inside).counts());
        long[] everything = {5, 8, 13, 250, 900, 2, 3, 40, 41, 42, 3_000};
        assertThat(merged).isEqualTo(histogramOf(everything));
        assertThat(merged.total()).isEqualTo(11);
        assertThat(LatencyHistogram.of(merged.counts())).isEqualTo(merged);
    }

    @Test
    void countsAreACopy() {
        LatencyHistogram histogram = new LatencyHistogram().add(10);
        histogram.counts()[0] = 99;
        assertThat(histogram.total()).isEqualTo(1);
    }

    @Test
    void countsOfAnotherShapeAreRefused() {
        assertThatThrownBy(() -> new LatencyHistogram().merge(new long[3])).isInstanceOf(IllegalArgumentException.class);
        long[] negative = new long[LatencyHistogram.bucketCount()];
        negative[2] = -1;
        assertThatThrownBy(() -> LatencyHistogram.of(negative)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LatencyHistogram().add(1).percentile(95)).isInstanceOf(IllegalArgumentException.class);
    }
}
