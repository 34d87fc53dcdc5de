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
 * Multiwindow multi-burn-rate alerts and the no-data alert. Unless said otherwise: a 30-day rolling SLO, target 0.999
 * (budget 0.001), one alert "page 2% in 1h, short 5m" (threshold 0.02 × 720 h / 1 h = 14.4), 100 events a minute over
 * minutes 0-119, evaluated at minute 120: the long window is minutes 60-119, the short one 115-119.
 */
class SloAlertsTest {
    private static final Offset<Double> CLOSE = within(1e-9);
    private static final Instant T0 = utc("2026-01-05T00:00:00Z");
    private static final BurnAlert PAGE_1H = new BurnAlert("page", 0.02, Duration.ofHours(1), Duration.ofMinutes(5));

    private static Instant at(long minutes) {
        return plusMinutes(T0, minutes);
    }

    private static SloTestData.SloBuilder page() {
        return slo().target(0.999).rolling(Duration.ofDays(30)).alerts(PAGE_1H);
    }

    private static Minutes traffic() {
        return new Minutes(T0, 120).fill(0, 120, 100, 0);
    }

    private static SloMath.AlertState only(Slo slo, Buckets buckets, List<TimeWindow.Period> exclusions, Instant now) {
        List<SloMath.AlertState> states = SloMath.alerts(slo, buckets, exclusions, now);
        assertThat(states).hasSize(1);
        return states.getFirst();
    }

    @Test
    void firesWhenBothWindowsBurnOverTheThreshold() {
        // Minutes 60-119: 2 bad of 100: error ratio 2% in both windows; burn 0.02 / 0.001 = 20 ≥ 14.4.
        ArrayBuckets buckets = traffic().fill(60, 120, 100, 2).buckets();

        SloMath.AlertState state = only(page().build(), buckets, List.of(), at(120));

        assertThat(state.alert()).isEqualTo(PAGE_1H);
        assertThat(state.threshold()).isCloseTo(14.4, CLOSE);
        assertThat(state.longBurn()).isCloseTo(20.0, CLOSE);
        assertThat(state.shortBurn()).isCloseTo(20.0, CLOSE);
        // 60 minutes × 100 events.
        assertThat(state.longEvents()).isEqualTo(6_000);
        assertThat(state.firing()).isTrue();
        // Half a minute later it is the same minute: the same answer.
        assertThat(only(page().build(), buckets, List.of(), at(120).plusSeconds(30)).firing()).isTrue();
    }

    @Test
    void theShortWindowAloneDoesNotFire() {
        // Only minutes 115-119 are bad, 10 of 100: short burn 0.1 / 0.001 = 100; long 50 / 6,000 / 0.001 = 8.33 < 14.4.
        ArrayBuckets buckets = traffic().fill(115, 120, 100, 10).buckets();

        SloMath.AlertState state = only(page().build(), buckets, List.of(), at(120));

        assertThat(state.shortBurn()).isCloseTo(100.0, CLOSE);
        assertThat(state.longBurn()).isCloseTo(50.0 / 6_000 / 0.001, CLOSE);
        assertThat(state.firing()).isFalse();
    }

    @Test
    void aRecoveredShortWindowStopsFiring() {
        // Minutes 60-114: 3 bad of 100 (165 bad); 115-119 clean. Long: 165 / 6,000 = 2.75%, burn 27.5; short 0.
        ArrayBuckets buckets = traffic().fill(60, 115, 100, 3).buckets();

        SloMath.AlertState state = only(page().build(), buckets, List.of(), at(120));

        assertThat(state.longBurn()).isCloseTo(27.5, CLOSE);
        assertThat(state.shortBurn()).isZero();
        assertThat(state.firing()).isFalse();
        // Five minutes earlier, at minute 115, the short window [110, 115) still burned at 30: firing then.
        SloMath.AlertState before = only(page().build(), buckets, List.of(), at(115));
        assertThat(before.shortBurn()).isCloseTo(30.0, CLOSE);
        // Long window [55, 115): minutes 55-59 clean, 60-114 bad: 165 / 6,000: 27.5.
        assertThat(before.longBurn()).isCloseTo(27.5, CLOSE);
        assertThat(before.firing()).isTrue();
    }

    @Test
    void burnExactlyAtTheThresholdFires() {
        // Target 0.5 (budget 0.5), a 2 h rolling window, alert 50% in 1 h: threshold 0.5 × 2 h / 1 h = 1.
        // Every minute 10 events, 5 bad: error ratio 0.5, burn 0.5 / 0.5 = 1 in both windows.
        BurnAlert half = new BurnAlert("page", 0.5, Duration.ofHours(1), Duration.ofMinutes(5));
        Slo slo = slo().target(0.5).rolling(Duration.ofHours(2)).alerts(half).build();
        ArrayBuckets buckets = new Minutes(T0, 120).fill(0, 120, 10, 5).buckets();

        SloMath.AlertState state = only(slo, buckets, List.of(), at(120));

        assertThat(state.threshold()).isEqualTo(1.0);
        assertThat(state.longBurn()).isEqualTo(1.0);
        assertThat(state.shortBurn()).isEqualTo(1.0);
        assertThat(state.firing()).isTrue();
    }

    @Test
    void minEventsIsCountedInTheLongWindowInclusive() {
        ArrayBuckets buckets = traffic().fill(60, 120, 100, 2).buckets();

        // The long window saw 6,000 events: at least 6,000 fires, at least 6,001 does not.
        assertThat(only(page().minEvents(6_000).build(), buckets, List.of(), at(120)).firing()).isTrue();
        SloMath.AlertState tooFew = only(page().minEvents(6_001).build(), buckets, List.of(), at(120));
        assertThat(tooFew.longBurn()).isCloseTo(20.0, CLOSE);
        assertThat(tooFew.firing()).isFalse();
    }

    @Test
    void noEventsNeverFireEvenWhenNoDataCountsAsBad() {
        // noData=bad, minEvents 0, no events at all: each empty minute is one bad event, so both windows burn at
        // 1 / 0.001 = 1,000; but the long window must have max(1, 0) = 1 real event.
        SloMath.AlertState state = only(page().noData(NoDataPolicy.BAD).build(), new Minutes(T0, 120).buckets(), List.of(), at(120));

        assertThat(state.longBurn()).isCloseTo(1_000.0, CLOSE);
        assertThat(state.shortBurn()).isCloseTo(1_000.0, CLOSE);
        assertThat(state.longEvents()).isZero();
        assertThat(state.firing()).isFalse();
    }

    @Test
    void eventsInExcludedTimeDoNotCountTowardsMinEvents() {
        // Minutes 60-89 excluded (3,000 good events); minutes 90-119: 3 bad of 100: burn 0.03 / 0.001 = 30 in both windows.
        // The long window counted 3,000 events: minEvents 3,000 fires, 3,001 does not.
        ArrayBuckets buckets = traffic().fill(90, 120, 100, 3).buckets();
        List<TimeWindow.Period> exclusions = List.of(new TimeWindow.Period(at(60), at(90)));

        SloMath.AlertState enough = only(page().minEvents(3_000).build(), buckets, exclusions, at(120));
        assertThat(enough.longBurn()).isCloseTo(30.0, CLOSE);
        assertThat(enough.longEvents()).isEqualTo(3_000);
        assertThat(enough.firing()).isTrue();
        assertThat(only(page().minEvents(3_001).build(), buckets, exclusions, at(120)).firing()).isFalse();
    }

    @Test
    void minutesBeforeSinceAreNotInTheLongWindow() {
        // Collection began at minute 90: the long window [60, 120) counts [90, 120): 3,000 events, 2% bad: burn 20.
        ArrayBuckets buckets = traffic().fill(60, 120, 100, 2).buckets(at(90));

        SloMath.AlertState state = only(page().noData(NoDataPolicy.GOOD).build(), buckets, List.of(), at(120));

        assertThat(state.longEvents()).isEqualTo(3_000);
        assertThat(state.longBurn()).isCloseTo(20.0, CLOSE);
        assertThat(state.firing()).isTrue();
    }

    @Test
    void defaultAlertsForThirtyDays() {
        // Minutes 0-119 all 2% bad: burn 20 in every window that has data. The 3-day ticket window [-4200, 120)
        // counts only [0, 120), where collection began: burn 20 too.
        Slo slo = slo().target(0.999).rolling(Duration.ofDays(30)).build();
        ArrayBuckets buckets = new Minutes(T0, 120).fill(0, 120, 100, 2).buckets();

        List<SloMath.AlertState> states = SloMath.alerts(slo, buckets, List.of(), at(120));

        assertThat(states).extracting(state -> state.alert().name()).containsExactly("page-1h", "page-6h", "ticket-3d");
        assertThat(states.get(0).threshold()).isCloseTo(14.4, CLOSE);
        assertThat(states.get(1).threshold()).isCloseTo(6.0, CLOSE);
        assertThat(states.get(2).threshold()).isCloseTo(1.0, CLOSE);
        assertThat(states).extracting(SloMath.AlertState::longEvents).containsExactly(6_000L, 12_000L, 12_000L);
        assertThat(states).allSatisfy(state -> assertThat(state.firing()).isTrue());
    }

    @Test
    void defaultAlertsOnABerlinMonthUseThatMonthsLength() {
        // March 2026 in Berlin is 743 h: thresholds 0.02 × 743 = 14.86, 0.05 × 743 / 6 = 6.1917, 0.1 × 743 / 72 = 1.0319.
        // October 2026 is 745 h: 0.02 × 745 = 14.9.
        TimeWindow month = new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.parse("2024-01-01T00:00"), ZoneId.of("Europe/Berlin"));
        Slo slo = slo().target(0.999).window(month).build();
        ArrayBuckets none = new Minutes(utc("2026-03-01T00:00:00Z"), 0).buckets();

        List<SloMath.AlertState> march = SloMath.alerts(slo, none, List.of(), utc("2026-03-29T12:00:00Z"));
        List<SloMath.AlertState> october = SloMath.alerts(slo, none, List.of(), utc("2026-10-29T12:00:00Z"));

        assertThat(march.get(0).threshold()).isCloseTo(14.86, CLOSE);
        assertThat(march.get(1).threshold()).isCloseTo(0.05 * 743 / 6, CLOSE);
        assertThat(march.get(2).threshold()).isCloseTo(0.1 * 743 / 72, CLOSE);
        assertThat(october.getFirst().threshold()).isCloseTo(14.9, CLOSE);
        assertThat(march).noneMatch(SloMath.AlertState::firing);
    }

    @Test
    void timeslicesAlertsFireBetweenSliceBoundaries() {
        // Timeslices of 5 minutes, target 0.99 (budget 0.01): every slice from minute 60 on is all bad, so the
        // burn is 1 / 0.01 = 100 ≥ 14.4. Evaluated at minute 122, between slice boundaries: the short window
        // [117, 122) holds the slice [115, 120) that ended in it; the long one the 12 slices that ended in [62, 122).
        Slo slo = slo().target(0.99).rolling(Duration.ofDays(30)).timeslices(Duration.ofMinutes(5), 0.95).alerts(PAGE_1H).build();
        ArrayBuckets buckets = new Minutes(T0, 125).fill(0, 60, 20, 0).fill(60, 125, 20, 20).buckets();

        for (int minute = 120; minute < 125; minute++) {
            SloMath.AlertState state = only(slo, buckets, List.of(), at(minute));
            assertThat(state.shortBurn()).as("short burn at minute %d", minute).isCloseTo(100.0, CLOSE);
            assertThat(state.longBurn()).as("long burn at minute %d", minute).isCloseTo(100.0, CLOSE);
            // The 12 slices [60, 120): 60 minutes × 20 events.
            assertThat(state.longEvents()).as("events at minute %d", minute).isEqualTo(1_200);
            assertThat(state.firing()).as("firing at minute %d", minute).isTrue();
        }
    }

    @Test
    void noDataAlertAfterTheInterval() {
        // The newest data is minute 100, so data stopped arriving at minute 101; the alert is 10 minutes after that.
        Slo slo = slo().noDataAlertAfter(Duration.ofMinutes(10)).build();
        ArrayBuckets buckets = new Minutes(T0, 120).fill(0, 101, 10, 0).buckets();

        assertThat(SloMath.noDataAlert(slo, buckets, at(110).plusSeconds(59))).isFalse();
        assertThat(SloMath.noDataAlert(slo, buckets, at(111))).isTrue();
        assertThat(SloMath.noDataAlert(slo, buckets, at(500))).isTrue();
        // Never any data: counted from since (minute 0).
        ArrayBuckets empty = new Minutes(T0, 120).buckets();
        assertThat(SloMath.noDataAlert(slo, empty, at(9).plusSeconds(59))).isFalse();
        assertThat(SloMath.noDataAlert(slo, empty, at(10))).isTrue();
        // Without an interval: never.
        assertThat(SloMath.noDataAlert(slo().build(), empty, at(10_000))).isFalse();
    }
}
