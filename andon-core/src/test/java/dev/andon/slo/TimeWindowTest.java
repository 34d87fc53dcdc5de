package dev.andon.slo;

import static dev.andon.slo.SloTestData.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Rolling and calendar windows: boundaries in a zone's local time, DST, month ends, and rolling windows cut to the minute. */
class TimeWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    // 2024-01-01 is a Monday and a month, quarter and year start: SloFields' default origin.
    private static final LocalDateTime ORIGIN = LocalDateTime.parse("2024-01-01T00:00");

    private static TimeWindow.Calendar month(ZoneId zone) {
        return new TimeWindow.Calendar(1, ChronoUnit.MONTHS, ORIGIN, zone);
    }

    private static TimeWindow.Period period(String start, String end) {
        return new TimeWindow.Period(utc(start), utc(end));
    }

    @Test
    void berlinMarchSpansTheSpringForwardAndIs743Hours() {
        // 1 March 00:00 CET (UTC+1) = 28 Feb 23:00Z; 1 April 00:00 CEST (UTC+2) = 31 March 22:00Z.
        // 31 days × 24 h = 744 h, less the hour skipped on 29 March (02:00 → 03:00) = 743 h.
        TimeWindow.Period march = month(BERLIN).periodAt(utc("2026-03-15T12:00:00Z"));

        assertThat(march).isEqualTo(period("2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z"));
        assertThat(march.length()).isEqualTo(Duration.ofHours(743));
        assertThat(march.start().atZone(BERLIN).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-01T00:00"));
        assertThat(march.end().atZone(BERLIN).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-04-01T00:00"));
        // Either side of the change itself (01:00Z: 02:00 CET becomes 03:00 CEST) is the same month.
        assertThat(month(BERLIN).periodAt(utc("2026-03-29T00:59:59Z"))).isEqualTo(march);
        assertThat(month(BERLIN).periodAt(utc("2026-03-29T01:00:00Z"))).isEqualTo(march);
    }

    @Test
    void berlinMonthBoundariesAreLocalMidnightsInclusiveAtTheStart() {
        TimeWindow.Calendar month = month(BERLIN);

        // The first instant of March belongs to March; the one before it to February (28 × 24 = 672 h, all CET).
        assertThat(month.periodAt(utc("2026-02-28T23:00:00Z")).start()).isEqualTo(utc("2026-02-28T23:00:00Z"));
        TimeWindow.Period february = month.periodAt(utc("2026-02-28T22:59:59Z"));
        assertThat(february).isEqualTo(period("2026-01-31T23:00:00Z", "2026-02-28T23:00:00Z"));
        assertThat(february.length()).isEqualTo(Duration.ofHours(672));
        // 31 March 23:59:59 CEST is still March; 00:00 on 1 April (22:00Z) is April: 30 × 24 = 720 h, all CEST.
        assertThat(month.periodAt(utc("2026-03-31T21:59:59Z")).end()).isEqualTo(utc("2026-03-31T22:00:00Z"));
        TimeWindow.Period april = month.periodAt(utc("2026-03-31T22:00:00Z"));
        assertThat(april).isEqualTo(period("2026-03-31T22:00:00Z", "2026-04-30T22:00:00Z"));
        assertThat(april.length()).isEqualTo(Duration.ofHours(720));
        assertThat(april.contains(utc("2026-03-31T22:00:00Z"))).isTrue();
        assertThat(april.contains(utc("2026-04-30T22:00:00Z"))).isFalse();
    }

    @Test
    void berlinOctoberSpansTheFallBackAndIs745Hours() {
        // 1 Oct 00:00 CEST = 30 Sep 22:00Z; 1 Nov 00:00 CET = 31 Oct 23:00Z: 31 × 24 + 1 (02:00-03:00 twice on 25 Oct) = 745 h.
        TimeWindow.Period october = month(BERLIN).periodAt(utc("2026-10-10T00:00:00Z"));

        assertThat(october).isEqualTo(period("2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z"));
        assertThat(october.length()).isEqualTo(Duration.ofHours(745));
        // 02:30 local happens twice on 25 October (00:30Z in CEST, 01:30Z in CET): both are October.
        assertThat(month(BERLIN).periodAt(utc("2026-10-25T00:30:00Z"))).isEqualTo(october);
        assertThat(month(BERLIN).periodAt(utc("2026-10-25T01:30:00Z"))).isEqualTo(october);
    }

    @Test
    void utcMonthsAreWholeDays() {
        // February 2026: 28 × 24 = 672 h; a leap February (2028) 29 × 24 = 696 h.
        assertThat(month(ZoneOffset.UTC).periodAt(utc("2026-02-14T09:30:00Z"))).isEqualTo(period("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"));
        assertThat(month(ZoneOffset.UTC).periodAt(utc("2028-02-29T23:59:00Z")).length()).isEqualTo(Duration.ofHours(696));
        // Before the origin too: December 2023.
        assertThat(month(ZoneOffset.UTC).periodAt(utc("2023-12-31T23:59:59Z"))).isEqualTo(period("2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z"));
    }

    @Test
    void weekIsAlignedToMondayMidnightInTheZone() {
        TimeWindow.Calendar week = new TimeWindow.Calendar(1, ChronoUnit.WEEKS, ORIGIN, BERLIN);

        // Sunday 29 March 2026 14:00 CEST is in the week from Monday 23 March 00:00 CET (22 Mar 23:00Z)
        // to Monday 30 March 00:00 CEST (29 Mar 22:00Z): 7 × 24 - 1 = 167 h.
        TimeWindow.Period period = week.periodAt(utc("2026-03-29T12:00:00Z"));

        assertThat(period).isEqualTo(period("2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z"));
        assertThat(period.length()).isEqualTo(Duration.ofHours(167));
        assertThat(period.start().atZone(BERLIN).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(period.start().atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
        // The next instant after Sunday ends starts the next week, an ordinary 168 h one.
        TimeWindow.Period next = week.periodAt(utc("2026-03-29T22:00:00Z"));
        assertThat(next).isEqualTo(period("2026-03-29T22:00:00Z", "2026-04-05T22:00:00Z"));
        assertThat(next.length()).isEqualTo(Duration.ofHours(168));
    }

    @Test
    void twoWeekWindowsCountFromTheOrigin() {
        TimeWindow.Calendar fortnight = new TimeWindow.Calendar(2, ChronoUnit.WEEKS, ORIGIN, ZoneOffset.UTC);

        // 2024-01-01 + 2w × k: 1 Jan, 15 Jan, 29 Jan; 20 January is in [15 Jan, 29 Jan).
        assertThat(fortnight.periodAt(utc("2024-01-20T00:00:00Z"))).isEqualTo(period("2024-01-15T00:00:00Z", "2024-01-29T00:00:00Z"));
        // Before the origin: [18 Dec 2023, 1 Jan 2024).
        assertThat(fortnight.periodAt(utc("2023-12-25T00:00:00Z"))).isEqualTo(period("2023-12-18T00:00:00Z", "2024-01-01T00:00:00Z"));
    }

    @Test
    void quartersAreThreeMonthsInTheZone() {
        TimeWindow.Calendar berlin = new TimeWindow.Calendar(3, ChronoUnit.MONTHS, ORIGIN, BERLIN);
        TimeWindow.Calendar utc = new TimeWindow.Calendar(3, ChronoUnit.MONTHS, ORIGIN, ZoneOffset.UTC);

        // Q1 2026 in Berlin: 1 Jan 00:00 CET (31 Dec 23:00Z) to 1 Apr 00:00 CEST (31 Mar 22:00Z):
        // (31 + 28 + 31) × 24 = 2160 h, less the spring-forward hour = 2159 h.
        TimeWindow.Period q1 = berlin.periodAt(utc("2026-02-10T00:00:00Z"));
        assertThat(q1).isEqualTo(period("2025-12-31T23:00:00Z", "2026-03-31T22:00:00Z"));
        assertThat(q1.length()).isEqualTo(Duration.ofHours(2159));
        // Q4 2026 in Berlin: (31 + 30 + 31) × 24 + 1 = 2209 h.
        TimeWindow.Period q4 = berlin.periodAt(utc("2026-11-15T00:00:00Z"));
        assertThat(q4).isEqualTo(period("2026-09-30T22:00:00Z", "2026-12-31T23:00:00Z"));
        assertThat(q4.length()).isEqualTo(Duration.ofHours(2209));
        // Q2 2026 in UTC: (30 + 31 + 30) × 24 = 2184 h.
        TimeWindow.Period q2 = utc.periodAt(utc("2026-05-01T00:00:00Z"));
        assertThat(q2).isEqualTo(period("2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z"));
        assertThat(q2.length()).isEqualTo(Duration.ofHours(2184));
    }

    @Test
    void newYorkMonthChangesOffsetInMarch() {
        // 1 Mar 2026 00:00 EST (UTC-5) = 05:00Z; 1 Apr 00:00 EDT (UTC-4) = 04:00Z; 31 × 24 - 1 = 743 h (DST from 8 March).
        TimeWindow.Period march = month(NEW_YORK).periodAt(utc("2026-03-20T00:00:00Z"));

        assertThat(march).isEqualTo(period("2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z"));
        assertThat(march.length()).isEqualTo(Duration.ofHours(743));
        // 1 Mar 03:00Z is still 28 Feb 22:00 EST: February.
        assertThat(month(NEW_YORK).periodAt(utc("2026-03-01T03:00:00Z")).end()).isEqualTo(utc("2026-03-01T05:00:00Z"));
    }

    @Test
    void monthsStartingOnThe31stFallBackToTheLastDayOfShorterMonths() {
        // Origin 31 January: origin + 1M = 28 Feb, + 2M = 31 Mar, + 3M = 30 Apr (each from the origin, so never drifting to the 28th).
        TimeWindow.Calendar month = new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.parse("2026-01-31T00:00"), ZoneOffset.UTC);

        assertThat(month.periodAt(utc("2026-02-27T12:00:00Z"))).isEqualTo(period("2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z"));
        assertThat(month.periodAt(utc("2026-02-28T00:00:00Z"))).isEqualTo(period("2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"));
        assertThat(month.periodAt(utc("2026-03-30T23:59:59Z"))).isEqualTo(period("2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"));
        assertThat(month.periodAt(utc("2026-03-31T00:00:00Z"))).isEqualTo(period("2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z"));
        assertThat(month.periodAt(utc("2026-05-30T23:00:00Z"))).isEqualTo(period("2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z"));
        // Before the origin: origin - 2M = 30 Nov 2025, origin - 1M = 31 Dec 2025.
        assertThat(month.periodAt(utc("2025-12-15T00:00:00Z"))).isEqualTo(period("2025-11-30T00:00:00Z", "2025-12-31T00:00:00Z"));
        assertThat(month.periodAt(utc("2025-12-31T00:00:00Z"))).isEqualTo(period("2025-12-31T00:00:00Z", "2026-01-31T00:00:00Z"));
    }

    @Test
    void monthsStartingOnThe30th() {
        // Origin 30 January: + 1M = 28 Feb, + 2M = 30 Mar.
        TimeWindow.Calendar month = new TimeWindow.Calendar(1, ChronoUnit.MONTHS, LocalDateTime.parse("2026-01-30T00:00"), ZoneOffset.UTC);

        assertThat(month.periodAt(utc("2026-03-29T00:00:00Z"))).isEqualTo(period("2026-02-28T00:00:00Z", "2026-03-30T00:00:00Z"));
        assertThat(month.periodAt(utc("2026-03-30T00:00:00Z"))).isEqualTo(period("2026-03-30T00:00:00Z", "2026-04-30T00:00:00Z"));
    }

    @Test
    void calendarDaysInBerlinAre23And25HoursOnChangeDays() {
        TimeWindow.Calendar day = new TimeWindow.Calendar(1, ChronoUnit.DAYS, ORIGIN, BERLIN);

        assertThat(day.periodAt(utc("2026-03-29T12:00:00Z"))).isEqualTo(period("2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"));
        assertThat(day.periodAt(utc("2026-03-29T12:00:00Z")).length()).isEqualTo(Duration.ofHours(23));
        assertThat(day.periodAt(utc("2026-10-25T12:00:00Z")).length()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void rollingWindowEndsAtTheStartOfTheCurrentMinute() {
        // 10:15:42.5 truncates to 10:15:00; 28 d back is 1 March 10:15 (a fixed 672 h, whatever the DST change on 29 March).
        TimeWindow.Period period = new TimeWindow.Rolling(Duration.ofDays(28)).periodAt(utc("2026-03-29T10:15:42.500Z"));

        assertThat(period).isEqualTo(period("2026-03-01T10:15:00Z", "2026-03-29T10:15:00Z"));
        assertThat(period.length()).isEqualTo(Duration.ofHours(672));
        assertThat(new TimeWindow.Rolling(Duration.ofDays(7)).periodAt(utc("2026-03-29T10:15:00Z")))
                .isEqualTo(period("2026-03-22T10:15:00Z", "2026-03-29T10:15:00Z"));
        assertThat(new TimeWindow.Rolling(Duration.ofDays(30)).periodAt(utc("2026-03-29T10:15:59.999Z")))
                .isEqualTo(period("2026-02-27T10:15:00Z", "2026-03-29T10:15:00Z"));
    }

    @Test
    void durationTextIsOpenSlosSpelling() {
        assertThat(new TimeWindow.Rolling(Duration.ofDays(28)).durationText()).isEqualTo("28d");
        assertThat(new TimeWindow.Rolling(Duration.ofDays(7)).durationText()).isEqualTo("7d");
        assertThat(new TimeWindow.Rolling(Duration.ofHours(36)).durationText()).isEqualTo("36h");
        assertThat(month(BERLIN).durationText()).isEqualTo("1M");
        assertThat(new TimeWindow.Calendar(1, ChronoUnit.WEEKS, ORIGIN, BERLIN).durationText()).isEqualTo("1w");
        assertThat(new TimeWindow.Calendar(3, ChronoUnit.MONTHS, ORIGIN, BERLIN).durationText()).isEqualTo("1Q");
        assertThat(new TimeWindow.Calendar(6, ChronoUnit.MONTHS, ORIGIN, BERLIN).durationText()).isEqualTo("2Q");
        assertThat(new TimeWindow.Calendar(2, ChronoUnit.MONTHS, ORIGIN, BERLIN).durationText()).isEqualTo("2M");
        assertThat(new TimeWindow.Calendar(1, ChronoUnit.YEARS, ORIGIN, BERLIN).durationText()).isEqualTo("1Y");
        assertThat(new TimeWindow.Calendar(1, ChronoUnit.DAYS, ORIGIN, BERLIN).durationText()).isEqualTo("1d");
    }

    @Test
    void invalidWindowsAreRefused() {
        assertThatThrownBy(() -> new TimeWindow.Rolling(Duration.ofSeconds(59))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeWindow.Rolling(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeWindow.Calendar(0, ChronoUnit.MONTHS, ORIGIN, BERLIN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeWindow.Calendar(1, ChronoUnit.HOURS, ORIGIN, BERLIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
