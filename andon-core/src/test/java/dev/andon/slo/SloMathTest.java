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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.assertj.core.data.Offset;

/** Occurrences: the SLI, budget consumed and remaining, burn rate, time to exhaustion, no data, exclusions, incident cost, burn-down. */
class SloMathTest {
    private static final Offset<Double> CLOSE = within(1e-9);
    // A Monday; every test's minute 0.
    private static final Instant T0 = utc("2026-01-05T00:00:00Z");

    private static Instant at(long minutes) {
        return plusMinutes(T0, minutes);
    }

    private static TimeWindow.Period span(long fromMinute, long toMinute) {
        return new TimeWindow.Period(at(fromMinute), at(toMinute));
    }

    @Test
    void occurrencesOverThirtyRollingDays() {
        // 30 d = 43,200 minutes, all in the window ending at minute 43,200. The last 100 minutes had 100 events each
        // (10,000 in all); the last 10 minutes had 5 bad each (50 bad).
        Slo slo = slo().target(0.99).rolling(Duration.ofDays(30)).build();
        ArrayBuckets buckets = new Minutes(T0, 43_200).fill(43_100, 43_200, 100, 0).fill(43_190, 43_200, 100, 5).buckets();

        SloMath.Status status = SloMath.status(slo, buckets, List.of(), at(43_200).plusSeconds(30));

        assertThat(status.period()).isEqualTo(span(0, 43_200));
        assertThat(status.countedFrom()).isEqualTo(T0);
        assertThat(status.countedTo()).isEqualTo(at(43_200));
        assertThat(status.counts()).isEqualTo(new Counts(9_950, 10_000));
        // SLI 9,950 / 10,000; budget 0.01 × 10,000 = 100 bad events; 50 spent: consumed 0.5, remaining 0.5.
        assertThat(status.sli()).isCloseTo(0.995, CLOSE);
        assertThat(status.consumed()).isCloseTo(0.5, CLOSE);
        assertThat(status.remaining()).isCloseTo(0.5, CLOSE);
        // Last hour: 60 minutes × 100 = 6,000 events, 50 bad: error ratio 1/120; burn (1/120) / 0.01 = 0.8333.
        assertThat(status.burnRate()).isCloseTo(1.0 / 120 / 0.01, CLOSE);
        // Time to exhaustion: remaining × P / burn = 0.5 × 30 d / (5/6) = 18 d (= 1,555,200 s; ceil may add a second).
        assertThat(status.timeToExhaustion().toSeconds()).isBetween(1_555_200L, 1_555_201L);
        assertThat(status.noData()).isFalse();
    }

    @Test
    void burnRateOverAnyWindow() {
        Slo slo = slo().target(0.99).rolling(Duration.ofDays(30)).build();
        // Minutes 0-59: 100 events, 1 bad each; minutes 60-119: 100 events, 4 bad each.
        ArrayBuckets buckets = new Minutes(T0, 120).fill(0, 60, 100, 1).fill(60, 120, 100, 4).buckets();

        // [0, 60): 1% errors / 1% budget = 1; [60, 120): 4%; [0, 120): 300 / 12,000 = 2.5%.
        assertThat(SloMath.burnRate(slo, buckets, List.of(), at(0), at(60))).isCloseTo(1.0, CLOSE);
        assertThat(SloMath.burnRate(slo, buckets, List.of(), at(60), at(120))).isCloseTo(4.0, CLOSE);
        assertThat(SloMath.burnRate(slo, buckets, List.of(), at(0), at(120))).isCloseTo(2.5, CLOSE);
        // No events: 0, not NaN.
        assertThat(SloMath.burnRate(slo, buckets, List.of(), at(200), at(260))).isZero();
        // An exclusion of minutes 60-119 leaves [0, 60).
        assertThat(SloMath.burnRate(slo, buckets, List.of(span(60, 120)), at(0), at(120))).isCloseTo(1.0, CLOSE);
    }

    @Test
    void noDataExcludedIgnoresEmptyMinutes() {
        // A 1 h rolling window, target 0.9: minutes 0-29 had 10 events with 1 bad each; minutes 30-59 had none.
        ArrayBuckets buckets = halfEmptyHour();
        Slo slo = slo().target(0.9).rolling(Duration.ofHours(1)).noData(NoDataPolicy.EXCLUDED).build();

        SloMath.Status status = SloMath.status(slo, buckets, List.of(), at(60));

        // 300 events, 30 bad; budget 0.1 × 300 = 30: consumed 1, remaining 0, exhausted now.
        assertThat(status.counts()).isEqualTo(new Counts(270, 300));
        assertThat(status.sli()).isCloseTo(0.9, CLOSE);
        assertThat(status.consumed()).isCloseTo(1.0, CLOSE);
        assertThat(status.remaining()).isCloseTo(0.0, CLOSE);
        assertThat(status.burnRate()).isCloseTo(1.0, CLOSE);
    }

    @Test
    void noDataGoodCountsEachEmptyMinuteAsOneGoodEvent() {
        ArrayBuckets buckets = halfEmptyHour();
        Slo slo = slo().target(0.9).rolling(Duration.ofHours(1)).noData(NoDataPolicy.GOOD).build();

        SloMath.Status status = SloMath.status(slo, buckets, List.of(), at(60));

        // good 270 + 30 empty minutes = 300, bad 30, total 330; budget 0.1 × 330 = 33: consumed 30/33 = 10/11.
        assertThat(status.counts()).isEqualTo(new Counts(270, 300));
        assertThat(status.sli()).isCloseTo(300.0 / 330, CLOSE);
        assertThat(status.consumed()).isCloseTo(10.0 / 11, CLOSE);
        assertThat(status.remaining()).isCloseTo(1.0 / 11, CLOSE);
        // Burn over the same hour: (30/330) / 0.1 = 10/11; time to exhaustion (1/11) × 3,600 s / (10/11) = 360 s.
        assertThat(status.burnRate()).isCloseTo(10.0 / 11, CLOSE);
        assertThat(status.timeToExhaustion().toSeconds()).isBetween(360L, 361L);
    }

    @Test
    void noDataBadCountsEachEmptyMinuteAsOneBadEvent() {
        ArrayBuckets buckets = halfEmptyHour();
        Slo slo = slo().target(0.9).rolling(Duration.ofHours(1)).noData(NoDataPolicy.BAD).build();

        SloMath.Status status = SloMath.status(slo, buckets, List.of(), at(60));

        // good 270, bad 30 + 30 empty minutes = 60, total 330; consumed 60/33, remaining 1 - 60/33 = -27/33.
        assertThat(status.sli()).isCloseTo(270.0 / 330, CLOSE);
        assertThat(status.consumed()).isCloseTo(60.0 / 33, CLOSE);
        assertThat(status.remaining()).isCloseTo(-27.0 / 33, CLOSE);
        assertThat(status.timeToExhaustion()).isEqualTo(Duration.ZERO);
        assertThat(status.burnRate()).isCloseTo(60.0 / 330 / 0.1, CLOSE);
    }

    @Test
    void noEventsAtAllUnderExcludedIsNoData() {
        Slo slo = slo().target(0.9).rolling(Duration.ofHours(1)).build();

        SloMath.Status status = SloMath.status(slo, new Minutes(T0, 60).buckets(), List.of(), at(60));

        assertThat(status.noData()).isTrue();
        assertThat(status.sli()).isNaN();
        assertThat(status.consumed()).isZero();
        assertThat(status.remaining()).isEqualTo(1.0);
        assertThat(status.burnRate()).isZero();
        // Nothing burns: never exhausted.
        assertThat(status.timeToExhaustion()).isNull();
    }

    @Test
    void minutesBeforeSinceNeverCount() {
        // Collection began at minute 30. Minute 5 holds 100 bad events (from before: ignored), minutes 6-29 are empty
        // (would be 24 bad events under noData=bad: ignored too); minutes 30-59 had 10 events, 1 bad each.
        ArrayBuckets buckets = new Minutes(T0, 60).set(5, 100, 100).fill(30, 60, 10, 1).buckets(at(30));
        Slo slo = slo().target(0.9).rolling(Duration.ofHours(1)).noData(NoDataPolicy.BAD).build();

        SloMath.Status status = SloMath.status(slo, buckets, List.of(), at(60));

        // Counted [30, 60): 300 events, 30 bad, no empty minutes: consumed 30 / (0.1 × 300) = 1.
        assertThat(status.countedFrom()).isEqualTo(at(30));
        assertThat(status.counts()).isEqualTo(new Counts(270, 300));
        assertThat(status.consumed()).isCloseTo(1.0, CLOSE);
        assertThat(SloMath.burnRate(slo, buckets, List.of(), at(0), at(60))).isCloseTo(1.0, CLOSE);
    }

    @Test
    void exclusionsRemoveCountsAndEmptyMinutes() {
        // Target 0.9, noData=bad. Minutes 0-49: 10 events each, all good but minutes 10-19, all bad (100 bad); 50-59 empty.
        ArrayBuckets buckets = new Minutes(T0, 60).fill(0, 50, 10, 0).fill(10, 20, 10, 10).buckets();
        Slo slo = slo().target(0.9).rolling(Duration.ofHours(1)).noData(NoDataPolicy.BAD).build();

        // Without exclusions: 500 events, 100 bad, + 10 empty minutes as bad: bad 110, total 510; consumed 110 / 51.
        assertThat(SloMath.status(slo, buckets, List.of(), at(60)).consumed()).isCloseTo(110.0 / 51, CLOSE);

        // Excluding [10, 20) and [50, 60): 400 events, none bad, no empty minutes left: consumed 0.
        SloMath.Status excluded = SloMath.status(slo, buckets, List.of(span(10, 20), span(50, 60)), at(60));
        assertThat(excluded.counts()).isEqualTo(new Counts(400, 400));
        assertThat(excluded.consumed()).isZero();
        assertThat(excluded.sli()).isEqualTo(1.0);

        // An exclusion of part-minutes covers the whole minutes it touches: 00:09:30-00:10:10 removes minutes 9 and 10
        // (10 good, 10 bad): 480 events with 90 bad, + 10 empty minutes as bad: 100 bad of 490; consumed 100 / 49.
        TimeWindow.Period ragged = new TimeWindow.Period(at(9).plusSeconds(30), at(10).plusSeconds(10));
        SloMath.Status partial = SloMath.status(slo, buckets, List.of(ragged), at(60));
        assertThat(partial.counts()).isEqualTo(new Counts(390, 480));
        assertThat(partial.consumed()).isCloseTo(100.0 / 49, CLOSE);
    }

    @Test
    void calendarMonthCountsFromItsStartToNow() {
        // A UTC month from 1 January 2026; now is minute 1,000. Minutes 0-99: 100 events each (10,000);
        // minutes 10-19: 2 bad each (20 bad). Target 0.99.
        Instant january = utc("2026-01-01T00:00:00Z");
        Slo slo = slo().target(0.99).window(utcMonth()).build();
        ArrayBuckets buckets = new Minutes(january, 1_440).fill(0, 100, 100, 0).fill(10, 20, 100, 2).buckets();

        SloMath.Status status = SloMath.status(slo, buckets, List.of(), plusMinutes(january, 1_000));

        assertThat(status.period()).isEqualTo(new TimeWindow.Period(january, utc("2026-02-01T00:00:00Z")));
        assertThat(status.countedTo()).isEqualTo(plusMinutes(january, 1_000));
        // 20 bad of a 0.01 × 10,000 = 100 budget: consumed 0.2, remaining 0.8.
        assertThat(status.consumed()).isCloseTo(0.2, CLOSE);
        assertThat(status.remaining()).isCloseTo(0.8, CLOSE);
        // Nothing in the last hour: burn 0, no exhaustion in sight.
        assertThat(status.burnRate()).isZero();
        assertThat(status.timeToExhaustion()).isNull();
    }

    @Test
    void consumedByAnIncidentInACalendarMonth() {
        Instant january = utc("2026-01-01T00:00:00Z");
        Slo slo = slo().target(0.99).window(utcMonth()).build();
        ArrayBuckets buckets = new Minutes(january, 1_440).fill(0, 100, 100, 0).fill(10, 20, 100, 2).buckets();
        Instant now = plusMinutes(january, 1_000);

        // The incident [10, 20): 20 bad of the period's budget so far, 0.01 × 10,000 = 100: 0.2.
        assertThat(SloMath.consumed(slo, buckets, List.of(), plusMinutes(january, 10), plusMinutes(january, 20), now)).isCloseTo(0.2, CLOSE);
        // From 00:09:30 the minute 9 is in too (no bad events in it): still 0.2.
        assertThat(SloMath.consumed(slo, buckets, List.of(), plusMinutes(january, 9).plusSeconds(30), plusMinutes(january, 20), now))
                .isCloseTo(0.2, CLOSE);
        // Still running at minute 15: [10, 15) spent 10 of the 0.01 × 1,500 = 15 budget so far: 2/3.
        assertThat(SloMath.consumed(slo, buckets, List.of(), plusMinutes(january, 10), plusMinutes(january, 5_000), plusMinutes(january, 15)))
                .isCloseTo(10.0 / 15, CLOSE);
        // Excluded, it cost nothing.
        TimeWindow.Period excluded = new TimeWindow.Period(plusMinutes(january, 10), plusMinutes(january, 20));
        assertThat(SloMath.consumed(slo, buckets, List.of(excluded), plusMinutes(january, 10), plusMinutes(january, 20), now)).isZero();
        // An empty span cost nothing.
        assertThat(SloMath.consumed(slo, buckets, List.of(), plusMinutes(january, 20), plusMinutes(january, 20), now)).isZero();
    }

    @Test
    void consumedByAnIncidentEndingNowInARollingWindowCountsItsLastMinute() {
        // A 1 h rolling window, target 0.9. Minutes 0-59: 10 good events each; minute 60: 100 events, 50 bad.
        // The incident is minute 60, ending now (minute 61): the window ending then is [1, 61):
        // 59 × 10 + 100 = 690 events, budget 0.1 × 690 = 69, spent 50: 50/69 (not 50/60 from the window [0, 60)).
        Slo slo = slo().target(0.9).rolling(Duration.ofHours(1)).build();
        ArrayBuckets buckets = new Minutes(T0, 61).fill(0, 60, 10, 0).set(60, 100, 50).buckets();

        double consumed = SloMath.consumed(slo, buckets, List.of(), at(60), at(61), at(61));

        assertThat(consumed).isCloseTo(50.0 / 69, CLOSE);
        // The same as the status now: every bad event of the window is the incident's.
        assertThat(SloMath.status(slo, buckets, List.of(), at(61)).consumed()).isCloseTo(consumed, CLOSE);
    }

    @Test
    void burnDownInACalendarMonth() {
        // As above, plus minutes 300-309 with 100 events, 3 bad each: 11,000 events, 50 bad in all. Now is minute 1,000.
        Instant january = utc("2026-01-01T00:00:00Z");
        Slo slo = slo().target(0.99).window(utcMonth()).build();
        ArrayBuckets buckets = new Minutes(january, 1_440).fill(0, 100, 100, 0).fill(10, 20, 100, 2).fill(300, 310, 100, 3).buckets();

        List<double[]> series = SloMath.burnDown(slo, buckets, List.of(), plusMinutes(january, 1_000), 4);

        // 5 points at minutes 0, 250, 500, 750, 1,000:
        // 0: nothing yet: 1; 250: 20 bad of 0.01 × 10,000 = 100: 0.8; 500 onwards: 50 of 110: 1 - 5/11 = 6/11.
        assertThat(series).hasSize(5);
        assertThat(series).extracting(point -> (long) point[0]).containsExactly(
                january.toEpochMilli(), plusMinutes(january, 250).toEpochMilli(), plusMinutes(january, 500).toEpochMilli(),
                plusMinutes(january, 750).toEpochMilli(), plusMinutes(january, 1_000).toEpochMilli());
        assertThat(series.get(0)[1]).isEqualTo(1.0);
        assertThat(series.get(1)[1]).isCloseTo(0.8, CLOSE);
        assertThat(series.get(2)[1]).isCloseTo(6.0 / 11, CLOSE);
        assertThat(series.get(3)[1]).isCloseTo(6.0 / 11, CLOSE);
        assertThat(series.get(4)[1]).isCloseTo(SloMath.status(slo, buckets, List.of(), plusMinutes(january, 1_000)).remaining(), CLOSE);
    }

    @Test
    void burnDownInARollingWindow() {
        // The half-empty hour with noData=good; 3 points at 0, 30 and 60 minutes.
        Slo slo = slo().target(0.9).rolling(Duration.ofHours(1)).noData(NoDataPolicy.GOOD).build();

        List<double[]> series = SloMath.burnDown(slo, halfEmptyHour(), List.of(), at(60), 2);

        // Minute 0: nothing collected yet: 1. Minute 30: [0, 30) is 300 events with 30 bad, budget 30: 0.
        // Minute 60: as the status, 1 - 30/33 = 1/11.
        assertThat(series).hasSize(3);
        assertThat(series).extracting(point -> (long) point[0]).containsExactly(at(0).toEpochMilli(), at(30).toEpochMilli(), at(60).toEpochMilli());
        assertThat(series.get(0)[1]).isEqualTo(1.0);
        assertThat(series.get(1)[1]).isCloseTo(0.0, CLOSE);
        assertThat(series.get(2)[1]).isCloseTo(1.0 / 11, CLOSE);
    }

    @Test
    void periodLengthIsPForAlerts() {
        assertThat(SloMath.periodLength(slo().rolling(Duration.ofDays(28)).build(), T0)).isEqualTo(Duration.ofDays(28));
        assertThat(SloMath.periodLength(slo().window(utcMonth()).build(), utc("2026-02-10T00:00:00Z"))).isEqualTo(Duration.ofDays(28));
    }

    @Test
    void errorBudgetIsOneMinusTarget() {
        assertThat(slo().target(0.999).build().errorBudget()).isCloseTo(0.001, CLOSE);
        assertThat(slo().target(0.0).build().errorBudget()).isEqualTo(1.0);
    }

    /** Minutes 0-29: 10 events, 1 bad each; minutes 30-59: no data. */
    private static ArrayBuckets halfEmptyHour() {
        return new Minutes(T0, 60).fill(0, 30, 10, 1).buckets();
    }

    private static TimeWindow utcMonth() {
        return new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.parse("2024-01-01T00:00"), ZoneOffset.UTC);
    }
}
