package dev.andon.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.andon.alerts.MaintenanceWindow.Occurrence;
import dev.andon.checks.HeartbeatSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Occurrences of maintenance windows at fixed instants; every expectation is worked out by hand in the comments. */
class MaintenanceScheduleTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Occurrence occurrence(String start, String end) {
        return new Occurrence(at(start), at(end));
    }

    private static MaintenanceWindow oneOff(String start, String end) {
        return new MaintenanceWindow("db-upgrade", null, null, List.of("ledger"), false, at(start), at(end), null, null, null, null);
    }

    private static MaintenanceWindow cron(String cron, Duration duration, ZoneId zone) {
        return bounded(cron, null, duration, zone, null, null);
    }

    private static MaintenanceWindow rrule(String rrule, Duration duration, ZoneId zone) {
        return bounded(null, rrule, duration, zone, null, null);
    }

    private static MaintenanceWindow bounded(String cron, String rrule, Duration duration, ZoneId zone, String start, String end) {
        return new MaintenanceWindow("patching", null, null, List.of(), true, start == null ? null : at(start), end == null ? null : at(end),
                cron, rrule, duration, zone);
    }

    // --- one-off

    @Test
    void aOneOffWindowInTheFutureIsNotInEffectYet() {
        MaintenanceWindow window = oneOff("2026-03-10T22:00:00Z", "2026-03-11T02:00:00Z");

        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-01T00:00:00Z"), at("2026-03-08T00:00:00Z"))).isEmpty();
        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-01T00:00:00Z"))).isEmpty();
        assertThat(MaintenanceSchedule.next(window, at("2026-03-01T00:00:00Z")))
                .contains(occurrence("2026-03-10T22:00:00Z", "2026-03-11T02:00:00Z"));
    }

    @Test
    void aOneOffWindowIsInEffectFromItsStartUntilJustBeforeItsEnd() {
        MaintenanceWindow window = oneOff("2026-03-10T22:00:00Z", "2026-03-11T02:00:00Z");
        Occurrence only = occurrence("2026-03-10T22:00:00Z", "2026-03-11T02:00:00Z");

        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-10T22:00:00Z"))).contains(only);
        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-11T01:59:59Z"))).contains(only);
        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-11T02:00:00Z"))).isEmpty();
        // Started before the range, still running in it.
        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-11T01:00:00Z"), at("2026-03-12T00:00:00Z"))).containsExactly(only);
        // Once it has started, there is no next one.
        assertThat(MaintenanceSchedule.next(window, at("2026-03-10T22:00:00Z"))).isEmpty();
    }

    // --- cron

    @Test
    void aCronWindowEverySundayAtTwoForFourHoursFollowsLondonTime() {
        MaintenanceWindow window = cron("0 2 * * 0", Duration.ofHours(4), LONDON);

        // Sundays 15 and 22 March 2026 are in GMT (02:00 local is 02:00 UTC); British Summer Time starts
        // on 29 March at 01:00 UTC, so from then 02:00 local is 01:00 UTC.
        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-15T00:00:00Z"), at("2026-04-06T00:00:00Z"))).containsExactly(
                occurrence("2026-03-15T02:00:00Z", "2026-03-15T06:00:00Z"),
                occurrence("2026-03-22T02:00:00Z", "2026-03-22T06:00:00Z"),
                occurrence("2026-03-29T01:00:00Z", "2026-03-29T05:00:00Z"),
                occurrence("2026-04-05T01:00:00Z", "2026-04-05T05:00:00Z"));
        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-22T05:59:00Z")))
                .contains(occurrence("2026-03-22T02:00:00Z", "2026-03-22T06:00:00Z"));
        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-22T06:00:00Z"))).isEmpty();
        assertThat(MaintenanceSchedule.next(window, at("2026-03-22T02:00:00Z")))
                .contains(occurrence("2026-03-29T01:00:00Z", "2026-03-29T05:00:00Z"));
    }

    @Test
    void anOccurrenceThatStartedBeforeTheRangeIsIncluded() {
        MaintenanceWindow window = cron("0 2 * * 0", Duration.ofHours(4), LONDON);

        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-15T03:00:00Z"), at("2026-03-16T00:00:00Z")))
                .containsExactly(occurrence("2026-03-15T02:00:00Z", "2026-03-15T06:00:00Z"));
        // One that ended exactly at the start of the range does not overlap it.
        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-15T06:00:00Z"), at("2026-03-16T00:00:00Z"))).isEmpty();
    }

    @Test
    void aThreeDayWindowOverlapsTheDaysAfterItsStart() {
        MaintenanceWindow window = cron("0 0 1 * *", Duration.ofDays(3), ZoneOffset.UTC);

        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-02T12:00:00Z"), at("2026-03-02T13:00:00Z")))
                .containsExactly(occurrence("2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z"));
        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-03T23:59:59Z")))
                .contains(occurrence("2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z"));
        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-04T00:00:00Z"))).isEmpty();
    }

    @Test
    void overlappingOccurrencesAreAllListedAndTheLatestIsActive() {
        // Every midnight for three days: at noon on 5 March the ones of 3, 4 and 5 March all run.
        MaintenanceWindow window = cron("0 0 * * *", Duration.ofDays(3), ZoneOffset.UTC);

        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-05T12:00:00Z"), at("2026-03-05T13:00:00Z"))).containsExactly(
                occurrence("2026-03-03T00:00:00Z", "2026-03-06T00:00:00Z"),
                occurrence("2026-03-04T00:00:00Z", "2026-03-07T00:00:00Z"),
                occurrence("2026-03-05T00:00:00Z", "2026-03-08T00:00:00Z"));
        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-05T12:00:00Z")))
                .contains(occurrence("2026-03-05T00:00:00Z", "2026-03-08T00:00:00Z"));
    }

    @Test
    void startAndEndBoundWhenOccurrencesMayStart() {
        MaintenanceWindow window = bounded("0 2 * * *", null, Duration.ofHours(1), ZoneOffset.UTC, "2026-03-03T02:00:00Z",
                "2026-03-06T02:00:00Z");

        // 3 March at 02:00 is the start itself (counts); 6 March at 02:00 is the end (does not).
        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-01T00:00:00Z"), at("2026-03-10T00:00:00Z")))
                .extracting(Occurrence::start)
                .containsExactly(at("2026-03-03T02:00:00Z"), at("2026-03-04T02:00:00Z"), at("2026-03-05T02:00:00Z"));
        assertThat(MaintenanceSchedule.next(window, at("2026-03-05T02:00:00Z"))).isEmpty();
        assertThat(MaintenanceSchedule.next(window, at("2026-01-01T00:00:00Z")))
                .contains(occurrence("2026-03-03T02:00:00Z", "2026-03-03T03:00:00Z"));
    }

    @Test
    void anOccurrenceStartingBeforeStartDoesNotCountEvenIfItWouldStillRun() {
        // The 02:00 occurrence of 3 March would run until 05:00, past the start at 02:30; it is not one.
        MaintenanceWindow window = bounded("0 2 * * *", null, Duration.ofHours(3), ZoneOffset.UTC, "2026-03-03T02:30:00Z", null);

        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-03T03:00:00Z"))).isEmpty();
        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-03T00:00:00Z"), at("2026-03-05T00:00:00Z")))
                .extracting(Occurrence::start).containsExactly(at("2026-03-04T02:00:00Z"));
    }

    @Test
    void anOccurrenceStartingBeforeEndRunsItsFullLength() {
        MaintenanceWindow window = bounded("0 2 * * *", null, Duration.ofHours(3), ZoneOffset.UTC, null, "2026-03-03T03:00:00Z");

        assertThat(MaintenanceSchedule.activeAt(window, at("2026-03-03T04:30:00Z")))
                .contains(occurrence("2026-03-03T02:00:00Z", "2026-03-03T05:00:00Z"));
    }

    // --- RRULE

    @Test
    void aWeeklyRuleWithoutStartFallsOnItsWallClockTimeEachWeek() {
        // Sundays in January 2026: 4, 11, 18, 25; 02:00 in Berlin in winter (CET, +01:00) is 01:00 UTC.
        List<Occurrence> expected = List.of(
                occurrence("2026-01-04T01:00:00Z", "2026-01-04T04:00:00Z"),
                occurrence("2026-01-11T01:00:00Z", "2026-01-11T04:00:00Z"),
                occurrence("2026-01-18T01:00:00Z", "2026-01-18T04:00:00Z"),
                occurrence("2026-01-25T01:00:00Z", "2026-01-25T04:00:00Z"));

        for (String rule : List.of("FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0", "RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0",
                "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2")) {
            assertThat(MaintenanceSchedule.occurrences(rrule(rule, Duration.ofHours(3), BERLIN), at("2026-01-01T00:00:00Z"),
                    at("2026-02-01T00:00:00Z"))).as(rule).isEqualTo(expected);
        }
    }

    @Test
    void withoutStartWhatTheRuleLeavesOutFallsOnMondayTheFirstAtMidnight() {
        // The anchor is Monday 1 January 2001, 00:00: FREQ=WEEKLY alone means Mondays at midnight,
        // FREQ=MONTHLY alone the first of the month at midnight. 2 March 2026 is a Monday.
        assertThat(MaintenanceSchedule.next(rrule("FREQ=WEEKLY", Duration.ofHours(1), ZoneOffset.UTC), at("2026-03-01T00:00:00Z")))
                .contains(occurrence("2026-03-02T00:00:00Z", "2026-03-02T01:00:00Z"));
        assertThat(MaintenanceSchedule.next(rrule("FREQ=MONTHLY", Duration.ofHours(1), ZoneOffset.UTC), at("2026-03-01T00:00:00Z")))
                .contains(occurrence("2026-04-01T00:00:00Z", "2026-04-01T01:00:00Z"));
    }

    @Test
    void aRuleWithStartTakesItsTimeFromStart() {
        // Start: Wednesday 7 January 2026, 22:00 in Berlin (21:00 UTC). Without BYHOUR the Sundays are at 22:00 too;
        // the start itself is not a Sunday, so it is not an occurrence.
        MaintenanceWindow window = bounded(null, "FREQ=WEEKLY;BYDAY=SU", Duration.ofHours(2), BERLIN, "2026-01-07T21:00:00Z", null);

        assertThat(MaintenanceSchedule.occurrences(window, at("2026-01-01T00:00:00Z"), at("2026-01-19T00:00:00Z"))).containsExactly(
                occurrence("2026-01-11T21:00:00Z", "2026-01-11T23:00:00Z"),
                occurrence("2026-01-18T21:00:00Z", "2026-01-18T23:00:00Z"));
    }

    @Test
    void countEndsTheRuleAfterThatManyOccurrences() {
        // Daily at 09:00 in Berlin (08:00 UTC) from Monday 5 January 2026, three times.
        MaintenanceWindow window = bounded(null, "FREQ=DAILY;COUNT=3", Duration.ofHours(1), BERLIN, "2026-01-05T08:00:00Z", null);

        assertThat(MaintenanceSchedule.occurrences(window, at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z")))
                .extracting(Occurrence::start)
                .containsExactly(at("2026-01-05T08:00:00Z"), at("2026-01-06T08:00:00Z"), at("2026-01-07T08:00:00Z"));
        // Counting starts at start, not at the range asked about.
        assertThat(MaintenanceSchedule.occurrences(window, at("2026-01-06T12:00:00Z"), at("2026-02-01T00:00:00Z")))
                .extracting(Occurrence::start).containsExactly(at("2026-01-07T08:00:00Z"));
        assertThat(MaintenanceSchedule.next(window, at("2026-01-07T08:00:00Z"))).isEmpty();
    }

    @Test
    void untilIncludesItsOwnTimeWhetherInUtcFloatingOrADate() {
        // Daily at 22:00 in Berlin (21:00 UTC) from 5 January 2026, until the one of 7 January.
        for (String rule : List.of("FREQ=DAILY;BYHOUR=22;BYMINUTE=0;UNTIL=20260107T210000Z",
                "FREQ=DAILY;BYHOUR=22;BYMINUTE=0;UNTIL=20260107T220000", "FREQ=DAILY;BYHOUR=22;BYMINUTE=0;UNTIL=20260107")) {
            MaintenanceWindow window = bounded(null, rule, Duration.ofHours(1), BERLIN, "2026-01-04T23:00:00Z", null);

            assertThat(MaintenanceSchedule.occurrences(window, at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z")))
                    .as(rule).extracting(Occurrence::start)
                    .containsExactly(at("2026-01-05T21:00:00Z"), at("2026-01-06T21:00:00Z"), at("2026-01-07T21:00:00Z"));
        }
    }

    @Test
    void aRuleStartedLongAgoIsNotWalkedFromItsStart() {
        // Every 30 seconds since 2001: walking from the start would take some 26 million steps.
        MaintenanceWindow window = bounded(null, "FREQ=SECONDLY;INTERVAL=30", Duration.ofMinutes(1), ZoneOffset.UTC, "2001-01-01T00:00:15Z",
                null);

        List<Occurrence> found = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> MaintenanceSchedule.occurrences(window, at("2026-03-01T12:00:00Z"), at("2026-03-01T12:01:00Z")));

        // Occurrences at :15 and :45 past each minute; those from 11:59:15 on still run at 12:00:00.
        assertThat(found).extracting(Occurrence::start).containsExactly(at("2026-03-01T11:59:15Z"), at("2026-03-01T11:59:45Z"),
                at("2026-03-01T12:00:15Z"), at("2026-03-01T12:00:45Z"));
    }

    @Test
    void aCronWindowWithALongDurationLooksBackOnlyThatFar() {
        MaintenanceWindow window = cron("* * * * *", Duration.ofMinutes(2), ZoneOffset.UTC);

        List<Occurrence> found = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> MaintenanceSchedule.occurrences(window, at("2026-03-01T12:00:00Z"), at("2026-03-01T12:01:00Z")));

        assertThat(found).extracting(Occurrence::start).containsExactly(at("2026-03-01T11:59:00Z"), at("2026-03-01T12:00:00Z"));
    }

    // --- daylight saving time

    @Test
    void aTimeSkippedWhenClocksGoForwardStartsAtTheEndOfTheGap() {
        // Berlin, 29 March 2026: at 02:00 CET (01:00 UTC) clocks jump to 03:00 CEST; 02:30 does not exist.
        // The day before, 02:30 CET is 01:30 UTC; the day after, 02:30 CEST is 00:30 UTC.
        List<Occurrence> expected = List.of(
                occurrence("2026-03-28T01:30:00Z", "2026-03-28T02:30:00Z"),
                occurrence("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"),
                occurrence("2026-03-30T00:30:00Z", "2026-03-30T01:30:00Z"));

        for (MaintenanceWindow window : List.of(cron("30 2 * * *", Duration.ofHours(1), BERLIN),
                rrule("FREQ=DAILY;BYHOUR=2;BYMINUTE=30", Duration.ofHours(1), BERLIN))) {
            assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-28T00:00:00Z"), at("2026-03-31T00:00:00Z")))
                    .isEqualTo(expected);
        }
    }

    @Test
    void aTimeRepeatedWhenClocksGoBackStartsOnceAtItsFirstOccurrence() {
        // Berlin, 25 October 2026: at 03:00 CEST (01:00 UTC) clocks go back to 02:00 CET, so 02:30 is both
        // 00:30 UTC and 01:30 UTC. Only the first counts. On the 24th 02:30 CEST is 00:30 UTC; on the 26th
        // 02:30 CET is 01:30 UTC.
        List<Occurrence> expected = List.of(
                occurrence("2026-10-24T00:30:00Z", "2026-10-24T01:30:00Z"),
                occurrence("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"),
                occurrence("2026-10-26T01:30:00Z", "2026-10-26T02:30:00Z"));

        for (MaintenanceWindow window : List.of(cron("30 2 * * *", Duration.ofHours(1), BERLIN),
                rrule("FREQ=DAILY;BYHOUR=2;BYMINUTE=30", Duration.ofHours(1), BERLIN))) {
            assertThat(MaintenanceSchedule.occurrences(window, at("2026-10-24T00:00:00Z"), at("2026-10-27T00:00:00Z")))
                    .isEqualTo(expected);
            assertThat(MaintenanceSchedule.activeAt(window, at("2026-10-25T01:45:00Z"))).isEmpty();
        }
    }

    @Test
    void severalSkippedTimesMakeOneOccurrenceAndRepeatedOnesAreNotRepeated() {
        MaintenanceWindow window = cron("*/15 2 * * *", Duration.ofMinutes(10), BERLIN);

        // 02:00-02:45 do not exist on 29 March: one occurrence at 03:00 CEST (01:00 UTC).
        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-29T00:00:00Z"), at("2026-03-29T12:00:00Z")))
                .containsExactly(occurrence("2026-03-29T01:00:00Z", "2026-03-29T01:10:00Z"));
        // 02:00-02:45 happen twice on 25 October: only in CEST (00:00-00:45 UTC).
        assertThat(MaintenanceSchedule.occurrences(window, at("2026-10-25T00:00:00Z"), at("2026-10-25T12:00:00Z")))
                .extracting(Occurrence::start).containsExactly(at("2026-10-25T00:00:00Z"), at("2026-10-25T00:15:00Z"),
                        at("2026-10-25T00:30:00Z"), at("2026-10-25T00:45:00Z"));
    }

    @Test
    void aWindowStartsWhenTheHeartbeatOfTheSameCronIsExpected() {
        HeartbeatSchedule heartbeat = new HeartbeatSchedule.Cron("30 2 * * *", BERLIN, Duration.ofMinutes(30));
        MaintenanceWindow window = cron("30 2 * * *", Duration.ofHours(1), BERLIN);

        for (String after : List.of("2026-03-28T12:00:00Z", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z")) {
            assertThat(MaintenanceSchedule.next(window, at(after)).map(Occurrence::start)).as(after)
                    .contains(heartbeat.expectedAfter(at(after)));
        }
    }

    @Test
    void durationIsElapsedTimeNotWallClockTime() {
        // 02:00 CEST on 25 October 2026 is 00:00 UTC; four hours later is 04:00 UTC, 05:00 CET on the wall clock.
        MaintenanceWindow window = cron("0 2 * * *", Duration.ofHours(4), BERLIN);

        assertThat(MaintenanceSchedule.next(window, at("2026-10-24T12:00:00Z")))
                .contains(occurrence("2026-10-25T00:00:00Z", "2026-10-25T04:00:00Z"));
    }

    // --- arguments

    @Test
    void anEmptyRangeHasNoOccurrencesAndAReversedOneIsRefused() {
        MaintenanceWindow window = cron("0 0 * * *", Duration.ofDays(3), ZoneOffset.UTC);

        assertThat(MaintenanceSchedule.occurrences(window, at("2026-03-05T12:00:00Z"), at("2026-03-05T12:00:00Z"))).isEmpty();
        assertThatThrownBy(() -> MaintenanceSchedule.occurrences(window, at("2026-03-05T12:00:00Z"), at("2026-03-05T11:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
