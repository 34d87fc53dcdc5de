package dev.andon.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OnCallTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Set<DayOfWeek> WEEKDAYS =
            EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);

    // Monday 2 November 2026; Berlin is on CET (UTC+1) then, so 09:00 local is 08:00 UTC.
    private static final LocalDateTime MONDAY_NINE = LocalDateTime.parse("2026-11-02T09:00");

    @Test
    void weeklyRotationHandsOverInTurn() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice", "bob", "carol")));

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-11-02T08:00:00Z"), utc("2026-11-30T08:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end, Shift::layer, Shift::override).containsExactly(
                tuple("alice", utc("2026-11-02T08:00:00Z"), utc("2026-11-09T08:00:00Z"), 0, false),
                tuple("bob", utc("2026-11-09T08:00:00Z"), utc("2026-11-16T08:00:00Z"), 0, false),
                tuple("carol", utc("2026-11-16T08:00:00Z"), utc("2026-11-23T08:00:00Z"), 0, false),
                tuple("alice", utc("2026-11-23T08:00:00Z"), utc("2026-11-30T08:00:00Z"), 0, false));
    }

    @Test
    void dailyHandoffStaysAtNineInBerlinWhenClocksSpringForward() {
        Schedule schedule = schedule(BERLIN, layer("daily", LocalDateTime.parse("2026-03-27T09:00"), "1d", List.of("alice", "bob")));

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-03-27T08:00:00Z"), utc("2026-03-31T07:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("alice", utc("2026-03-27T08:00:00Z"), utc("2026-03-28T08:00:00Z")),
                tuple("bob", utc("2026-03-28T08:00:00Z"), utc("2026-03-29T07:00:00Z")),
                tuple("alice", utc("2026-03-29T07:00:00Z"), utc("2026-03-30T07:00:00Z")),
                tuple("bob", utc("2026-03-30T07:00:00Z"), utc("2026-03-31T07:00:00Z")));
        assertThat(shifts).extracting(shift -> hours(shift)).containsExactly(24L, 23L, 24L, 24L);
        assertThat(shifts).extracting(shift -> shift.start().atZone(BERLIN).toLocalTime()).containsOnly(LocalTime.of(9, 0));
    }

    @Test
    void dailyHandoffStaysAtNineInBerlinWhenClocksFallBack() {
        Schedule schedule = schedule(BERLIN, layer("daily", LocalDateTime.parse("2026-10-23T09:00"), "1d", List.of("alice", "bob")));

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-10-24T07:00:00Z"), utc("2026-10-26T08:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("bob", utc("2026-10-24T07:00:00Z"), utc("2026-10-25T08:00:00Z")),
                tuple("alice", utc("2026-10-25T08:00:00Z"), utc("2026-10-26T08:00:00Z")));
        assertThat(shifts).extracting(shift -> hours(shift)).containsExactly(25L, 24L);
    }

    @Test
    void dailyHandoffStaysAtNineInNewYorkAcrossBothChanges() {
        Schedule schedule = schedule(NEW_YORK, layer("daily", LocalDateTime.parse("2026-03-01T09:00"), "1d", List.of("alice", "bob")));

        List<Shift> spring = OnCall.shifts(schedule, List.of(), utc("2026-03-07T14:00:00Z"), utc("2026-03-09T13:00:00Z"));
        List<Shift> autumn = OnCall.shifts(schedule, List.of(), utc("2026-10-31T13:00:00Z"), utc("2026-11-02T14:00:00Z"));

        // 7 March 09:00 EST, 8 March 09:00 EDT: the clocks went forward at 02:00 that morning.
        assertThat(spring).extracting(Shift::start, Shift::end).containsExactly(
                tuple(utc("2026-03-07T14:00:00Z"), utc("2026-03-08T13:00:00Z")),
                tuple(utc("2026-03-08T13:00:00Z"), utc("2026-03-09T13:00:00Z")));
        assertThat(spring).extracting(shift -> hours(shift)).containsExactly(23L, 24L);
        assertThat(autumn).extracting(Shift::start, Shift::end).containsExactly(
                tuple(utc("2026-10-31T13:00:00Z"), utc("2026-11-01T14:00:00Z")),
                tuple(utc("2026-11-01T14:00:00Z"), utc("2026-11-02T14:00:00Z")));
        assertThat(autumn).extracting(shift -> hours(shift)).containsExactly(25L, 24L);
    }

    @Test
    void twelveHourShiftsKeepLocalHandoffsSoTheNightShiftAbsorbsTheChange() {
        Schedule schedule = schedule(BERLIN, layer("halves", LocalDateTime.parse("2026-03-01T09:00"), "12h", List.of("day", "night")));

        List<Shift> spring = OnCall.shifts(schedule, List.of(), utc("2026-03-28T20:00:00Z"), utc("2026-03-29T19:00:00Z"));
        List<Shift> autumn = OnCall.shifts(schedule, List.of(), utc("2026-10-24T19:00:00Z"), utc("2026-10-25T20:00:00Z"));

        assertThat(spring).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("night", utc("2026-03-28T20:00:00Z"), utc("2026-03-29T07:00:00Z")),
                tuple("day", utc("2026-03-29T07:00:00Z"), utc("2026-03-29T19:00:00Z")));
        assertThat(spring).extracting(shift -> hours(shift)).containsExactly(11L, 12L);
        assertThat(autumn).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("night", utc("2026-10-24T19:00:00Z"), utc("2026-10-25T08:00:00Z")),
                tuple("day", utc("2026-10-25T08:00:00Z"), utc("2026-10-25T20:00:00Z")));
        assertThat(autumn).extracting(shift -> hours(shift)).containsExactly(13L, 12L);
    }

    @Test
    void handoffAtASkippedLocalTimeMovesLaterByTheGap() {
        // 02:30 does not exist in Berlin on 29 March 2026; Java moves it to 03:30 CEST.
        Schedule schedule = schedule(BERLIN, layer("daily", LocalDateTime.parse("2026-03-27T02:30"), "1d", List.of("alice", "bob")));

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-03-28T01:30:00Z"), utc("2026-03-30T00:30:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("bob", utc("2026-03-28T01:30:00Z"), utc("2026-03-29T01:30:00Z")),
                tuple("alice", utc("2026-03-29T01:30:00Z"), utc("2026-03-30T00:30:00Z")));
    }

    @Test
    void handoffAtARepeatedLocalTimeTakesTheEarlierOffset() {
        // 02:30 happens twice in Berlin on 25 October 2026; the first, in CEST, is 00:30 UTC.
        Schedule schedule = schedule(BERLIN, layer("daily", LocalDateTime.parse("2026-10-23T02:30"), "1d", List.of("alice", "bob")));

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-10-24T00:30:00Z"), utc("2026-10-26T01:30:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("bob", utc("2026-10-24T00:30:00Z"), utc("2026-10-25T00:30:00Z")),
                tuple("alice", utc("2026-10-25T00:30:00Z"), utc("2026-10-26T01:30:00Z")));
        assertThat(shifts).extracting(shift -> hours(shift)).containsExactly(24L, 25L);
    }

    @Test
    void weekdayRestrictionLimitsTheLayerToBusinessHours() {
        Layer business = new Layer("business-hours", MONDAY_NINE, RotationLength.parseOrNull("1d"), List.of("dave"),
                List.of(new Restriction(WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(17, 0))), null);
        Schedule schedule = schedule(BERLIN, business);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-11-01T00:00:00Z"), utc("2026-11-09T00:00:00Z"));

        assertThat(shifts).extracting(Shift::start, Shift::end).containsExactly(
                tuple(utc("2026-11-02T08:00:00Z"), utc("2026-11-02T16:00:00Z")),
                tuple(utc("2026-11-03T08:00:00Z"), utc("2026-11-03T16:00:00Z")),
                tuple(utc("2026-11-04T08:00:00Z"), utc("2026-11-04T16:00:00Z")),
                tuple(utc("2026-11-05T08:00:00Z"), utc("2026-11-05T16:00:00Z")),
                tuple(utc("2026-11-06T08:00:00Z"), utc("2026-11-06T16:00:00Z")));
        assertThat(shifts).extracting(Shift::user).containsOnly("dave");
    }

    @Test
    void overnightRestrictionRunsIntoTheNextDay() {
        Layer nights = new Layer("weekend-nights", LocalDateTime.parse("2026-11-02T00:00"), RotationLength.parseOrNull("1w"),
                List.of("nina"), List.of(new Restriction(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY), LocalTime.of(22, 0),
                LocalTime.of(6, 0))), null);
        Schedule schedule = schedule(BERLIN, nights);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-11-02T00:00:00Z"), utc("2026-11-09T00:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("nina", utc("2026-11-06T21:00:00Z"), utc("2026-11-07T05:00:00Z")),
                tuple("nina", utc("2026-11-07T21:00:00Z"), utc("2026-11-08T05:00:00Z")));
    }

    @Test
    void overnightRestrictionKeepsTheHandoffInsideIt() {
        Layer nights = new Layer("nights", LocalDateTime.parse("2026-11-02T00:00"), RotationLength.parseOrNull("1d"),
                List.of("nina", "omar"), List.of(new Restriction(EnumSet.allOf(DayOfWeek.class), LocalTime.of(22, 0),
                LocalTime.of(6, 0))), null);
        Schedule schedule = schedule(BERLIN, nights);

        List<Shift> shifts = OnCall.layerShifts(schedule, 0, utc("2026-11-02T12:00:00Z"), utc("2026-11-03T12:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("nina", utc("2026-11-02T21:00:00Z"), utc("2026-11-02T23:00:00Z")),
                tuple("omar", utc("2026-11-02T23:00:00Z"), utc("2026-11-03T05:00:00Z")));
    }

    @Test
    void wholeDayRestrictionCoversMidnightToMidnight() {
        Layer weekend = new Layer("weekend", MONDAY_NINE, RotationLength.parseOrNull("1w"), List.of("wanda"),
                List.of(new Restriction(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)),
                null);
        Schedule schedule = schedule(BERLIN, weekend);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-11-02T08:00:00Z"), utc("2026-11-09T08:00:00Z"));

        assertThat(shifts).extracting(Shift::start, Shift::end)
                .containsExactly(tuple(utc("2026-11-06T23:00:00Z"), utc("2026-11-08T23:00:00Z")));
    }

    @Test
    void higherLayerWinsOnlyInsideItsRestriction() {
        Schedule schedule = twoLayers();

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-11-02T08:00:00Z"), utc("2026-11-04T08:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end, Shift::layer).containsExactly(
                tuple("dave", utc("2026-11-02T08:00:00Z"), utc("2026-11-02T16:00:00Z"), 1),
                tuple("alice", utc("2026-11-02T16:00:00Z"), utc("2026-11-03T08:00:00Z"), 0),
                tuple("dave", utc("2026-11-03T08:00:00Z"), utc("2026-11-03T16:00:00Z"), 1),
                tuple("alice", utc("2026-11-03T16:00:00Z"), utc("2026-11-04T08:00:00Z"), 0));
    }

    @Test
    void layerShiftsShowEachLayerOnItsOwn() {
        Schedule schedule = twoLayers();

        List<Shift> bottom = OnCall.layerShifts(schedule, 0, utc("2026-11-02T08:00:00Z"), utc("2026-11-04T08:00:00Z"));
        List<Shift> top = OnCall.layerShifts(schedule, 1, utc("2026-11-02T08:00:00Z"), utc("2026-11-04T08:00:00Z"));

        assertThat(bottom).extracting(Shift::user, Shift::start, Shift::end)
                .containsExactly(tuple("alice", utc("2026-11-02T08:00:00Z"), utc("2026-11-04T08:00:00Z")));
        assertThat(top).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("dave", utc("2026-11-02T08:00:00Z"), utc("2026-11-02T16:00:00Z")),
                tuple("dave", utc("2026-11-03T08:00:00Z"), utc("2026-11-03T16:00:00Z")));
    }

    @Test
    void layerIsNotInForceBeforeItStartsNorFromItsEnd() {
        Layer base = layer("base", MONDAY_NINE, "1w", List.of("alice"));
        Layer holiday = new Layer("holiday", LocalDateTime.parse("2026-11-04T09:00"), RotationLength.parseOrNull("1d"),
                List.of("bob"), List.of(), LocalDateTime.parse("2026-11-06T09:00"));
        Schedule schedule = schedule(BERLIN, base, holiday);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-10-30T00:00:00Z"), utc("2026-11-10T00:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end, Shift::layer).containsExactly(
                tuple("alice", utc("2026-11-02T08:00:00Z"), utc("2026-11-04T08:00:00Z"), 0),
                tuple("bob", utc("2026-11-04T08:00:00Z"), utc("2026-11-06T08:00:00Z"), 1),
                tuple("alice", utc("2026-11-06T08:00:00Z"), utc("2026-11-10T00:00:00Z"), 0));
    }

    @Test
    void overrideWithoutReplacesTakesOverWhoeverIsOnCall() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice", "bob", "carol")));
        ScheduleOverride dentist = override("erin", "2026-11-03T12:00:00Z", "2026-11-04T12:00:00Z", null);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(dentist), utc("2026-11-02T08:00:00Z"), utc("2026-11-09T08:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end, Shift::layer, Shift::override, Shift::covering)
                .containsExactly(
                        tuple("alice", utc("2026-11-02T08:00:00Z"), utc("2026-11-03T12:00:00Z"), 0, false, null),
                        tuple("erin", utc("2026-11-03T12:00:00Z"), utc("2026-11-04T12:00:00Z"), Shift.OVERRIDE, true, "alice"),
                        tuple("alice", utc("2026-11-04T12:00:00Z"), utc("2026-11-09T08:00:00Z"), 0, false, null));
    }

    @Test
    void overrideWithReplacesCoversOnlyThatPerson() {
        Schedule schedule = schedule(BERLIN, layer("daily", MONDAY_NINE, "1d", List.of("alice", "bob")));
        ScheduleOverride forBob = override("erin", "2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", "bob");
        ScheduleOverride forSomeoneElse = override("frank", "2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", "zoe");

        List<Shift> shifts = OnCall.shifts(schedule, List.of(forBob, forSomeoneElse), utc("2026-11-02T08:00:00Z"),
                utc("2026-11-05T08:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end, Shift::override, Shift::covering).containsExactly(
                tuple("alice", utc("2026-11-02T08:00:00Z"), utc("2026-11-03T08:00:00Z"), false, null),
                tuple("erin", utc("2026-11-03T08:00:00Z"), utc("2026-11-04T08:00:00Z"), true, "bob"),
                tuple("alice", utc("2026-11-04T08:00:00Z"), utc("2026-11-05T08:00:00Z"), false, null));
    }

    @Test
    void overrideWhereNobodyIsOnCallCoversNobody() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice")));
        ScheduleOverride early = override("erin", "2026-11-01T00:00:00Z", "2026-11-02T12:00:00Z", null);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(early), utc("2026-11-01T00:00:00Z"), utc("2026-11-03T00:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end, Shift::covering).containsExactly(
                tuple("erin", utc("2026-11-01T00:00:00Z"), utc("2026-11-02T08:00:00Z"), null),
                tuple("erin", utc("2026-11-02T08:00:00Z"), utc("2026-11-02T12:00:00Z"), "alice"),
                tuple("alice", utc("2026-11-02T12:00:00Z"), utc("2026-11-03T00:00:00Z"), null));
    }

    @Test
    void laterOverrideInTheListWinsWhereTheyOverlap() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice")));
        ScheduleOverride morning = override("erin", "2026-11-03T00:00:00Z", "2026-11-03T12:00:00Z", null);
        ScheduleOverride meeting = override("frank", "2026-11-03T06:00:00Z", "2026-11-03T09:00:00Z", null);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(morning, meeting), utc("2026-11-03T00:00:00Z"),
                utc("2026-11-03T12:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("erin", utc("2026-11-03T00:00:00Z"), utc("2026-11-03T06:00:00Z")),
                tuple("frank", utc("2026-11-03T06:00:00Z"), utc("2026-11-03T09:00:00Z")),
                tuple("erin", utc("2026-11-03T09:00:00Z"), utc("2026-11-03T12:00:00Z")));
    }

    @Test
    void laterOverrideThatDoesNotApplyLeavesTheEarlierOneInPlace() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice")));
        ScheduleOverride cover = override("erin", "2026-11-03T00:00:00Z", "2026-11-03T12:00:00Z", null);
        ScheduleOverride forBob = override("frank", "2026-11-03T00:00:00Z", "2026-11-03T12:00:00Z", "bob");

        List<Shift> shifts = OnCall.shifts(schedule, List.of(cover, forBob), utc("2026-11-03T00:00:00Z"),
                utc("2026-11-03T12:00:00Z"));

        assertThat(shifts).extracting(Shift::user).containsExactly("erin");
    }

    @Test
    void overrideAcrossAHandoffIsSplitByWhoItCovers() {
        Schedule schedule = schedule(BERLIN, layer("daily", MONDAY_NINE, "1d", List.of("alice", "bob")));
        ScheduleOverride night = override("erin", "2026-11-02T20:00:00Z", "2026-11-03T20:00:00Z", null);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(night), utc("2026-11-02T20:00:00Z"), utc("2026-11-03T20:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end, Shift::covering).containsExactly(
                tuple("erin", utc("2026-11-02T20:00:00Z"), utc("2026-11-03T08:00:00Z"), "alice"),
                tuple("erin", utc("2026-11-03T08:00:00Z"), utc("2026-11-03T20:00:00Z"), "bob"));
    }

    @Test
    void adjacentPiecesFromTheSameSourceAndUserAreMerged() {
        Schedule schedule = schedule(BERLIN, layer("daily", MONDAY_NINE, "1d", List.of("alice", "alice", "bob")));

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-11-02T08:00:00Z"), utc("2026-11-05T08:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("alice", utc("2026-11-02T08:00:00Z"), utc("2026-11-04T08:00:00Z")),
                tuple("bob", utc("2026-11-04T08:00:00Z"), utc("2026-11-05T08:00:00Z")));
    }

    @Test
    void adjacentPiecesFromDifferentSourcesStayApart() {
        Layer weekly = layer("weekly", MONDAY_NINE, "1w", List.of("alice"));
        Layer mornings = new Layer("mornings", MONDAY_NINE, RotationLength.parseOrNull("1d"), List.of("alice"),
                List.of(new Restriction(WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(12, 0))), null);
        Schedule schedule = schedule(BERLIN, weekly, mornings);
        ScheduleOverride first = override("erin", "2026-11-02T16:00:00Z", "2026-11-02T18:00:00Z", null);
        ScheduleOverride second = override("erin", "2026-11-02T18:00:00Z", "2026-11-02T20:00:00Z", null);

        List<Shift> shifts = OnCall.shifts(schedule, List.of(first, second), utc("2026-11-02T08:00:00Z"),
                utc("2026-11-02T20:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end, Shift::layer).containsExactly(
                tuple("alice", utc("2026-11-02T08:00:00Z"), utc("2026-11-02T11:00:00Z"), 1),
                tuple("alice", utc("2026-11-02T11:00:00Z"), utc("2026-11-02T16:00:00Z"), 0),
                tuple("erin", utc("2026-11-02T16:00:00Z"), utc("2026-11-02T18:00:00Z"), Shift.OVERRIDE),
                tuple("erin", utc("2026-11-02T18:00:00Z"), utc("2026-11-02T20:00:00Z"), Shift.OVERRIDE));
    }

    @Test
    void atAHandoffTheNewShiftIsOnCall() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice", "bob", "carol")));
        Instant handoff = utc("2026-11-09T08:00:00Z");

        assertThat(OnCall.at(schedule, List.of(), handoff)).hasValueSatisfying(shift -> {
            assertThat(shift.user()).isEqualTo("bob");
            assertThat(shift.start()).isEqualTo(handoff);
            assertThat(shift.end()).isEqualTo(utc("2026-11-16T08:00:00Z"));
        });
        assertThat(OnCall.at(schedule, List.of(), handoff.minusNanos(1))).map(Shift::user).hasValue("alice");
    }

    @Test
    void atSeesOverrides() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice", "bob", "carol")));
        ScheduleOverride cover = override("erin", "2026-11-03T12:00:00Z", "2026-11-04T12:00:00Z", "alice");

        assertThat(OnCall.at(schedule, List.of(cover), utc("2026-11-04T00:00:00Z"))).hasValueSatisfying(shift -> {
            assertThat(shift.user()).isEqualTo("erin");
            assertThat(shift.covering()).isEqualTo("alice");
            assertThat(shift.override()).isTrue();
        });
    }

    @Test
    void nobodyIsOnCallBeforeTheFirstLayerStarts() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice")));

        assertThat(OnCall.at(schedule, List.of(), utc("2026-11-02T07:59:59Z"))).isEmpty();
    }

    @Test
    void scheduleWithoutLayersHasNobodyOnCall() {
        Schedule schedule = new Schedule("empty", "Empty", null, "payments", BERLIN, List.of());

        assertThat(OnCall.shifts(schedule, List.of(), utc("2026-11-01T00:00:00Z"), utc("2026-12-01T00:00:00Z"))).isEmpty();
        assertThat(OnCall.at(schedule, List.of(), utc("2026-11-15T00:00:00Z"))).isEmpty();
    }

    @Test
    void emptyOrReversedRangeHasNoShifts() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice")));

        assertThat(OnCall.shifts(schedule, List.of(), utc("2026-11-10T00:00:00Z"), utc("2026-11-10T00:00:00Z"))).isEmpty();
        assertThat(OnCall.shifts(schedule, List.of(), utc("2026-11-11T00:00:00Z"), utc("2026-11-10T00:00:00Z"))).isEmpty();
    }

    @Test
    void distantTurnIsFoundByArithmeticFromTheLayerStart() {
        List<String> users = List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6");
        LocalDateTime start = LocalDateTime.parse("2016-01-01T00:00");
        Schedule schedule = schedule(ZoneOffset.UTC, layer("hourly", start, "1h", users));
        Instant from = utc("2026-11-02T10:00:00Z");

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), from, from.plus(Duration.ofHours(3)));

        long turn = ChronoUnit.HOURS.between(start, LocalDateTime.parse("2026-11-02T10:00"));
        assertThat(shifts).extracting(Shift::user).containsExactly(
                users.get((int) (turn % 7)), users.get((int) ((turn + 1) % 7)), users.get((int) ((turn + 2) % 7)));
    }

    @Test
    void twoWeeksOfHourlyShiftsOnSeveralLayersGiveEveryHour() {
        List<Layer> layers = new ArrayList<>();
        for (int index = 0; index < 5; index++) {
            layers.add(layer("hourly-" + index, MONDAY_NINE, "1h", List.of("a" + index, "b" + index, "c" + index)));
        }
        Schedule schedule = new Schedule("busy", "Busy", null, "payments", BERLIN, layers);
        Instant from = utc("2026-11-02T08:00:00Z");

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), from, from.plus(Duration.ofDays(14)));

        assertThat(shifts).hasSize(14 * 24);
        assertThat(shifts).extracting(Shift::layer).containsOnly(4);
        assertThat(shifts.getFirst().user()).isEqualTo("a4");
        assertThat(shifts.getLast().end()).isEqualTo(from.plus(Duration.ofDays(14)));
    }

    @Test
    void shiftsAreCutToTheRange() {
        Schedule schedule = schedule(BERLIN, layer("weekly", MONDAY_NINE, "1w", List.of("alice", "bob")));

        List<Shift> shifts = OnCall.shifts(schedule, List.of(), utc("2026-11-05T00:00:00Z"), utc("2026-11-10T00:00:00Z"));

        assertThat(shifts).extracting(Shift::user, Shift::start, Shift::end).containsExactly(
                tuple("alice", utc("2026-11-05T00:00:00Z"), utc("2026-11-09T08:00:00Z")),
                tuple("bob", utc("2026-11-09T08:00:00Z"), utc("2026-11-10T00:00:00Z")));
    }

    private static Schedule twoLayers() {
        Layer weekly = layer("weekly", MONDAY_NINE, "1w", List.of("alice", "bob", "carol"));
        Layer business = new Layer("business-hours", MONDAY_NINE, RotationLength.parseOrNull("1d"), List.of("dave"),
                List.of(new Restriction(WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(17, 0))), null);
        return schedule(BERLIN, weekly, business);
    }

    private static Schedule schedule(ZoneId zone, Layer... layers) {
        return new Schedule("payments-primary", "Payments primary", null, "payments", zone, List.of(layers));
    }

    private static Layer layer(String name, LocalDateTime start, String shift, List<String> users) {
        return new Layer(name, start, RotationLength.parseOrNull(shift), users, List.of(), null);
    }

    private static ScheduleOverride override(String user, String start, String end, String replaces) {
        return new ScheduleOverride(0, user, utc(start), utc(end), replaces, null);
    }

    private static long hours(Shift shift) {
        return Duration.between(shift.start(), shift.end()).toHours();
    }

    private static Instant utc(String text) {
        return Instant.parse(text);
    }
}
