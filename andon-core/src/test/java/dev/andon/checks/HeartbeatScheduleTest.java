package dev.andon.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HeartbeatScheduleTest {
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Duration GRACE = Duration.ofMinutes(30);

    private static HeartbeatSchedule.Cron cron(String expression, ZoneId zone) {
        return new HeartbeatSchedule.Cron(expression, zone, GRACE);
    }

    private static void assertInvalid(Runnable build, String field) {
        assertThatThrownBy(build::run)
                .isInstanceOfSatisfying(InvalidCheckException.class, invalid -> assertThat(invalid.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    @Test
    void aSimpleScheduleExpectsThePingOnePeriodLater() {
        HeartbeatSchedule schedule = new HeartbeatSchedule.Simple(Duration.ofHours(1), Duration.ofMinutes(10));
        Instant lastPing = Instant.parse("2025-06-01T10:00:00Z");
        assertThat(schedule.expectedAfter(lastPing)).isEqualTo(Instant.parse("2025-06-01T11:00:00Z"));
        assertThat(schedule.downAfter(lastPing)).isEqualTo(Instant.parse("2025-06-01T11:10:00Z"));
    }

    @Test
    void aCronScheduleExpectsTheNextMatchOnTheWallClockOfItsZone() {
        HeartbeatSchedule schedule = cron("30 2 * * *", AMSTERDAM);
        // 02:31 in Amsterdam in winter is 01:31 UTC.
        assertThat(schedule.expectedAfter(Instant.parse("2025-01-15T01:31:00Z"))).isEqualTo(Instant.parse("2025-01-16T01:30:00Z"));
        assertThat(schedule.downAfter(Instant.parse("2025-01-15T01:31:00Z"))).isEqualTo(Instant.parse("2025-01-16T02:00:00Z"));
        // In summer the same wall-clock time is an hour earlier in UTC.
        assertThat(schedule.expectedAfter(Instant.parse("2025-07-15T00:31:00Z"))).isEqualTo(Instant.parse("2025-07-16T00:30:00Z"));
    }

    @Test
    void theNextMatchIsStrictlyAfterTheLastPing() {
        HeartbeatSchedule schedule = cron("30 2 * * *", ZoneId.of("UTC"));
        assertThat(schedule.expectedAfter(Instant.parse("2025-01-15T02:30:00Z"))).isEqualTo(Instant.parse("2025-01-16T02:30:00Z"));
        assertThat(schedule.expectedAfter(Instant.parse("2025-01-15T02:29:59.500Z"))).isEqualTo(Instant.parse("2025-01-15T02:30:00Z"));
    }

    @Test
    void weekdaysSkipTheWeekend() {
        HeartbeatSchedule schedule = cron("0 9 * * MON-FRI", AMSTERDAM);
        // Friday 2025-06-06 09:05 CEST.
        assertThat(schedule.expectedAfter(Instant.parse("2025-06-06T07:05:00Z"))).isEqualTo(Instant.parse("2025-06-09T07:00:00Z"));
    }

    @Test
    void aDailyJobKeepsItsWallClockTimeAcrossDaylightSavingTime() {
        HeartbeatSchedule schedule = cron("0 9 * * *", AMSTERDAM);
        // Saturday 09:00 CET, then Sunday 09:00 CEST: 23 hours later.
        assertThat(schedule.expectedAfter(Instant.parse("2025-03-29T08:00:00Z"))).isEqualTo(Instant.parse("2025-03-30T07:00:00Z"));
        // Saturday 09:00 CEST, then Sunday 09:00 CET: 25 hours later.
        assertThat(schedule.expectedAfter(Instant.parse("2025-10-25T07:00:00Z"))).isEqualTo(Instant.parse("2025-10-26T08:00:00Z"));
    }

    @Test
    void aTimeSkippedInSpringIsExpectedRightAfterTheGapInAmsterdam() {
        HeartbeatSchedule schedule = cron("30 2 * * *", AMSTERDAM);
        // Saturday 02:30 CET. Sunday 30 March has no 02:30: clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC).
        Instant sundayAfterTheGap = Instant.parse("2025-03-30T01:00:00Z");
        assertThat(schedule.expectedAfter(Instant.parse("2025-03-29T01:30:00Z"))).isEqualTo(sundayAfterTheGap);
        // The job ran at 03:00; the next one is Monday 02:30 CEST.
        assertThat(schedule.expectedAfter(sundayAfterTheGap.plusSeconds(5))).isEqualTo(Instant.parse("2025-03-31T00:30:00Z"));
    }

    @Test
    void aTimeSkippedInSpringIsExpectedRightAfterTheGapInNewYork() {
        HeartbeatSchedule schedule = cron("30 2 * * *", NEW_YORK);
        // Sunday 9 March 2025 jumps from 02:00 EST to 03:00 EDT, 07:00 UTC.
        assertThat(schedule.expectedAfter(Instant.parse("2025-03-08T07:30:00Z"))).isEqualTo(Instant.parse("2025-03-09T07:00:00Z"));
        assertThat(schedule.expectedAfter(Instant.parse("2025-03-09T07:00:05Z"))).isEqualTo(Instant.parse("2025-03-10T06:30:00Z"));
    }

    @Test
    void severalTimesInTheGapAreExpectedOnceAfterIt() {
        HeartbeatSchedule schedule = cron("*/20 2 * * *", AMSTERDAM);
        Instant afterTheGap = Instant.parse("2025-03-30T01:00:00Z");
        assertThat(schedule.expectedAfter(Instant.parse("2025-03-30T00:50:00Z"))).isEqualTo(afterTheGap);
        assertThat(schedule.expectedAfter(afterTheGap)).isEqualTo(Instant.parse("2025-03-31T00:00:00Z"));
    }

    @Test
    void aTimeRepeatedInAutumnIsExpectedOnceInAmsterdam() {
        HeartbeatSchedule schedule = cron("30 2 * * *", AMSTERDAM);
        // Sunday 26 October 2025 has 02:30 CEST (00:30 UTC) and, after clocks go back, 02:30 CET (01:30 UTC).
        Instant firstOccurrence = Instant.parse("2025-10-26T00:30:00Z");
        assertThat(schedule.expectedAfter(Instant.parse("2025-10-25T00:30:00Z"))).isEqualTo(firstOccurrence);
        Instant mondayAt0230 = Instant.parse("2025-10-27T01:30:00Z");
        assertThat(schedule.expectedAfter(firstOccurrence.plusSeconds(60))).isEqualTo(mondayAt0230);
        // A ping at 02:10 CET, in the repeated hour, after the first 02:30 has passed.
        assertThat(schedule.expectedAfter(Instant.parse("2025-10-26T01:10:00Z"))).isEqualTo(mondayAt0230);
    }

    @Test
    void aTimeRepeatedInAutumnIsExpectedOnceInNewYork() {
        HeartbeatSchedule schedule = cron("30 1 * * *", NEW_YORK);
        // Sunday 2 November 2025 has 01:30 EDT (05:30 UTC) and 01:30 EST (06:30 UTC).
        Instant firstOccurrence = Instant.parse("2025-11-02T05:30:00Z");
        assertThat(schedule.expectedAfter(Instant.parse("2025-11-01T05:30:00Z"))).isEqualTo(firstOccurrence);
        assertThat(schedule.expectedAfter(firstOccurrence.plusSeconds(60))).isEqualTo(Instant.parse("2025-11-03T06:30:00Z"));
    }

    @Test
    void nicknamesReadAsTheirExpressions() {
        HeartbeatSchedule schedule = cron("@daily", ZoneId.of("UTC"));
        assertThat(schedule.expectedAfter(Instant.parse("2025-01-15T10:00:00Z"))).isEqualTo(Instant.parse("2025-01-16T00:00:00Z"));
        assertThat(cron("@hourly", ZoneId.of("UTC")).expectedAfter(Instant.parse("2025-01-15T10:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-15T11:00:00Z"));
    }

    @Test
    void dayOfMonthOrDayOfWeekMatchesAsInUnixCron() {
        HeartbeatSchedule schedule = cron("0 0 13 * 5", ZoneId.of("UTC"));
        // Wednesday 1 January 2025: the next Friday (the 3rd) comes before the 13th.
        assertThat(schedule.expectedAfter(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2025-01-03T00:00:00Z"));
    }

    @Test
    void invalidSchedulesNameTheirField() {
        assertInvalid(() -> new HeartbeatSchedule.Simple(Duration.ZERO, GRACE), "period");
        assertInvalid(() -> new HeartbeatSchedule.Simple(Duration.ofDays(366), GRACE), "period");
        assertInvalid(() -> new HeartbeatSchedule.Simple(Duration.ofHours(1), Duration.ofMillis(500)), "grace");
        assertInvalid(() -> new HeartbeatSchedule.Simple(null, GRACE), "period");
        assertInvalid(() -> cron("30 2 * *", AMSTERDAM), "schedule");
        assertInvalid(() -> cron("61 * * * *", AMSTERDAM), "schedule");
        assertInvalid(() -> cron("0 0 30 2 *", AMSTERDAM), "schedule");
        assertInvalid(() -> cron(" ", AMSTERDAM), "schedule");
        assertInvalid(() -> cron("@reboot", AMSTERDAM), "schedule");
        assertInvalid(() -> cron("30 2 * * *", null), "timezone");
        assertInvalid(() -> new HeartbeatSchedule.Cron("30 2 * * *", AMSTERDAM, null), "grace");
        assertInvalid(() -> HeartbeatSchedule.Cron.of("30 2 * * *", "Mars/Olympus", GRACE), "timezone");
        assertInvalid(() -> HeartbeatSchedule.Cron.of("30 2 * * *", "", GRACE), "timezone");
        assertThat(HeartbeatSchedule.Cron.of(" 30 2 * * * ", "Europe/Amsterdam", GRACE))
                .isEqualTo(new HeartbeatSchedule.Cron("30 2 * * *", AMSTERDAM, GRACE));
    }
}
