package dev.andon.slo;

import static dev.andon.slo.SloTestData.plusMinutes;
import static dev.andon.slo.SloTestData.slo;
import static dev.andon.slo.SloTestData.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.andon.slo.SloTestData.Minutes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Timeslices and RatioTimeslices. The fixture: a 10 h rolling window of 120 five-minute slices, target 0.95, so the budget
 * is 0.05 × 120 = 6 slices; 20 events a minute (100 a slice), all good except in the first four slices:
 * slice 0: 6 bad (ratio 0.94); slice 1: 5 bad (0.95, exactly the slice target); slice 2: 20 bad (0.80); slice 3: 50 bad (0.50).
 */
class TimeslicesTest {
    private static final Offset<Double> CLOSE = within(1e-9);
    private static final Instant T0 = utc("2026-01-05T00:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private static Instant at(long minutes) {
        return plusMinutes(T0, minutes);
    }

    private static TimeWindow.Period span(Instant from, Instant to) {
        return new TimeWindow.Period(from, to);
    }

    private static Minutes fixture() {
        return new Minutes(T0, 600).fill(0, 600, 20, 0)
                .set(0, 20, 6)
                .set(5, 20, 5)
                .set(10, 20, 20)
                .set(15, 20, 20).set(16, 20, 20).set(17, 20, 10);
    }

    private static SloTestData.SloBuilder timeslices() {
        return slo().target(0.95).rolling(Duration.ofHours(10)).timeslices(FIVE_MINUTES, 0.95);
    }

    private static SloTestData.SloBuilder ratioTimeslices() {
        return slo().target(0.95).rolling(Duration.ofHours(10)).ratioTimeslices(FIVE_MINUTES);
    }

    @Test
    void timeslicesCountsGoodAndBadSlicesAgainstTheWholePeriod() {
        SloMath.Status status = SloMath.status(timeslices().build(), fixture().buckets(), List.of(), at(600));

        // Bad slices: 0 (0.94 < 0.95), 2 and 3; slice 1 at exactly 0.95 is good. SLI 117/120 = 0.975;
        // consumed 3 of 6 budget slices = 0.5.
        assertThat(status.sli()).isCloseTo(0.975, CLOSE);
        assertThat(status.consumed()).isCloseTo(0.5, CLOSE);
        assertThat(status.remaining()).isCloseTo(0.5, CLOSE);
        // The events behind them: 12,000, of which 6 + 5 + 20 + 50 = 81 bad.
        assertThat(status.counts()).isEqualTo(new Counts(11_919, 12_000));
        // The last hour (slices 108-119) is all good: no burn, no exhaustion.
        assertThat(status.burnRate()).isZero();
        assertThat(status.timeToExhaustion()).isNull();
    }

    @Test
    void ratioTimeslicesAveragesTheSlicesRatios() {
        SloMath.Status status = SloMath.status(ratioTimeslices().build(), fixture().buckets(), List.of(), at(600));

        // Bad weight (1 - ratio): 0.06 + 0.05 + 0.20 + 0.50 = 0.81 of 120 slices: SLI (120 - 0.81) / 120 = 0.99325;
        // consumed 0.81 / 6 = 0.135.
        assertThat(status.sli()).isCloseTo(0.99325, CLOSE);
        assertThat(status.consumed()).isCloseTo(0.135, CLOSE);
        assertThat(status.remaining()).isCloseTo(0.865, CLOSE);
    }

    @Test
    void emptySlicesUnderEachNoDataPolicy() {
        // Minutes 20-39 empty: slices 4-7 have no events. Minutes 40-43 empty too, but minute 44 has 20 good events:
        // slice 8 is not empty, its ratio is 1.
        ArrayBuckets buckets = fixture().fill(20, 44, 0, 0).buckets();

        // excluded: 116 slices counted, 3 bad: SLI 113/116; the budget is still 6 slices of the whole period: consumed 0.5.
        SloMath.Status excluded = SloMath.status(timeslices().noData(NoDataPolicy.EXCLUDED).build(), buckets, List.of(), at(600));
        assertThat(excluded.sli()).isCloseTo(113.0 / 116, CLOSE);
        assertThat(excluded.consumed()).isCloseTo(0.5, CLOSE);
        // good: 120 slices, 3 bad: SLI 117/120, consumed 0.5.
        SloMath.Status good = SloMath.status(timeslices().noData(NoDataPolicy.GOOD).build(), buckets, List.of(), at(600));
        assertThat(good.sli()).isCloseTo(117.0 / 120, CLOSE);
        assertThat(good.consumed()).isCloseTo(0.5, CLOSE);
        // bad: 120 slices, 3 + 4 = 7 bad: SLI 113/120, consumed 7/6.
        SloMath.Status bad = SloMath.status(timeslices().noData(NoDataPolicy.BAD).build(), buckets, List.of(), at(600));
        assertThat(bad.sli()).isCloseTo(113.0 / 120, CLOSE);
        assertThat(bad.consumed()).isCloseTo(7.0 / 6, CLOSE);
        assertThat(bad.remaining()).isCloseTo(-1.0 / 6, CLOSE);
        // The events behind them are the same in all three: 12,000 - 24 × 20 = 11,520, 81 bad.
        assertThat(bad.counts()).isEqualTo(new Counts(11_439, 11_520));
        // RatioTimeslices, bad: 0.81 + 4 empty slices × 1 = 4.81 of 6.
        SloMath.Status ratio = SloMath.status(ratioTimeslices().noData(NoDataPolicy.BAD).build(), buckets, List.of(), at(600));
        assertThat(ratio.consumed()).isCloseTo(4.81 / 6, CLOSE);
        // RatioTimeslices, good: as with data everywhere, 0.81 of 6.
        SloMath.Status ratioGood = SloMath.status(ratioTimeslices().noData(NoDataPolicy.GOOD).build(), buckets, List.of(), at(600));
        assertThat(ratioGood.consumed()).isCloseTo(0.135, CLOSE);
    }

    @Test
    void slicesOverlappingAnExclusionAreSkipped() {
        Slo slo = timeslices().build();
        ArrayBuckets buckets = fixture().buckets();

        // [00:12, 00:13) touches slice 2 [10, 15) only: 119 slices counted, 2 bad (0 and 3): SLI 117/119, consumed 2/6.
        SloMath.Status one = SloMath.status(slo, buckets, List.of(span(at(12), at(13))), at(600));
        assertThat(one.sli()).isCloseTo(117.0 / 119, CLOSE);
        assertThat(one.consumed()).isCloseTo(2.0 / 6, CLOSE);
        // The skipped slice's 100 events (80 good) are not counted either.
        assertThat(one.counts()).isEqualTo(new Counts(11_839, 11_900));
        // [00:14:30, 00:15:30) touches slices 2 and 3: 118 counted, 1 bad: consumed 1/6.
        SloMath.Status two = SloMath.status(slo, buckets, List.of(span(at(14).plusSeconds(30), at(15).plusSeconds(30))), at(600));
        assertThat(two.sli()).isCloseTo(117.0 / 118, CLOSE);
        assertThat(two.consumed()).isCloseTo(1.0 / 6, CLOSE);
        // [00:10, 00:15) is exactly slice 2: slices 1 and 3 are untouched.
        SloMath.Status exact = SloMath.status(slo, buckets, List.of(span(at(10), at(15))), at(600));
        assertThat(exact.consumed()).isCloseTo(2.0 / 6, CLOSE);
    }

    @Test
    void burnRateAndTimeToExhaustionInSlices() {
        // Only slices 108, 109, 110 (minutes 540, 545, 550 with 20 bad of 100 each: ratio 0.8) are bad.
        ArrayBuckets buckets = new Minutes(T0, 600).fill(0, 600, 20, 0).set(540, 20, 20).set(545, 20, 20).set(550, 20, 20).buckets();

        // Timeslices: last hour 3 of 12 slices bad = 0.25, burn 0.25 / 0.05 = 5; consumed 3/6 = 0.5;
        // time to exhaustion 0.5 × 10 h / 5 = 1 h.
        SloMath.Status status = SloMath.status(timeslices().build(), buckets, List.of(), at(600));
        assertThat(status.burnRate()).isCloseTo(5.0, CLOSE);
        assertThat(status.consumed()).isCloseTo(0.5, CLOSE);
        assertThat(status.timeToExhaustion().toSeconds()).isBetween(3_600L, 3_601L);

        // RatioTimeslices: last hour bad weight 3 × 0.2 = 0.6 of 12 = 0.05, burn 0.05 / 0.05 = 1; consumed 0.6/6 = 0.1;
        // time to exhaustion 0.9 × 10 h / 1 = 9 h.
        SloMath.Status ratio = SloMath.status(ratioTimeslices().build(), buckets, List.of(), at(600));
        assertThat(ratio.burnRate()).isCloseTo(1.0, CLOSE);
        assertThat(ratio.consumed()).isCloseTo(0.1, CLOSE);
        assertThat(ratio.timeToExhaustion().toSeconds()).isBetween(32_400L, 32_401L);
    }

    @Test
    void consumedByAnIncidentInSlices() {
        Slo slo = timeslices().build();

        // An incident over minutes [0, 20): bad slices 0, 2, 3 of a 6-slice budget: 0.5; over [10, 15): slice 2: 1/6.
        assertThat(SloMath.consumed(slo, fixture().buckets(), List.of(), at(0), at(20), at(600))).isCloseTo(0.5, CLOSE);
        assertThat(SloMath.consumed(slo, fixture().buckets(), List.of(), at(10), at(15), at(600))).isCloseTo(1.0 / 6, CLOSE);
    }

    @Test
    void berlinMarchBudgetIsCountedIn743HourlySlices() {
        // A calendar month in Europe/Berlin, hourly slices, target 0.99, noData=good. March 2026 is
        // [28 Feb 23:00Z, 31 Mar 22:00Z) = 743 h (29 March lost an hour), so the budget is 0.01 × 743 = 7.43 slices, not 7.44.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        TimeWindow month = new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.parse("2024-01-01T00:00"), berlin);
        Slo slo = slo().target(0.99).window(month).timeslices(Duration.ofHours(1), 0.95).noData(NoDataPolicy.GOOD).build();
        Instant start = utc("2026-02-28T23:00:00Z");
        // Two bad slices: the first hour of the month, and 29 March 01:00Z (03:00 CEST, the first hour after the change):
        // 28 d + 2 h = 674 h = minute 40,440 from the start.
        Instant dstHour = utc("2026-03-29T01:00:00Z");
        assertThat(Duration.between(start, dstHour).toMinutes()).isEqualTo(40_440);
        ArrayBuckets buckets = new Minutes(start, 743 * 60).set(0, 10, 10).set(40_440, 10, 10).buckets();

        // 31 March 21:59:59Z: counted up to 21:59, so the last whole slice is [20:00Z, 21:00Z): 742 slices, 2 bad.
        SloMath.Status status = SloMath.status(slo, buckets, List.of(), utc("2026-03-31T21:59:59Z"));

        assertThat(status.period().length()).isEqualTo(Duration.ofHours(743));
        assertThat(status.sli()).isCloseTo(740.0 / 742, CLOSE);
        assertThat(status.consumed()).isCloseTo(2 / 7.43, CLOSE);
        assertThat(status.remaining()).isCloseTo(1 - 2 / 7.43, CLOSE);
        assertThat(status.burnRate()).isZero();
        // The DST hour's incident alone: 1 / 7.43.
        assertThat(SloMath.consumed(slo, buckets, List.of(), dstHour, dstHour.plus(Duration.ofHours(1)), utc("2026-03-31T21:59:59Z")))
                .isCloseTo(1 / 7.43, CLOSE);
        // The same month with 5-minute slices: 743 × 12 = 8,916 slices, budget 89.16; both bad hours are 12 bad slices each.
        Slo fine = slo().target(0.99).window(month).timeslices(FIVE_MINUTES, 0.95).noData(NoDataPolicy.GOOD).build();
        ArrayBuckets fineBuckets = new Minutes(start, 743 * 60).fill(0, 60, 10, 10).fill(40_440, 40_500, 10, 10).buckets();
        assertThat(SloMath.status(fine, fineBuckets, List.of(), utc("2026-03-31T21:59:59Z")).consumed()).isCloseTo(24 / 89.16, CLOSE);
    }

    @Test
    void minutesBeforeSinceDoNotMakeBadSlices() {
        // noData=bad, but collection began at minute 300: slices 0-59 are neither good nor bad.
        Slo slo = timeslices().noData(NoDataPolicy.BAD).build();
        ArrayBuckets buckets = new Minutes(T0, 600).fill(300, 600, 20, 0).buckets(at(300));

        SloMath.Status status = SloMath.status(slo, buckets, List.of(), at(600));

        // 60 good slices from minute 300; none bad.
        assertThat(status.countedFrom()).isEqualTo(at(300));
        assertThat(status.sli()).isEqualTo(1.0);
        assertThat(status.consumed()).isZero();
    }
}
