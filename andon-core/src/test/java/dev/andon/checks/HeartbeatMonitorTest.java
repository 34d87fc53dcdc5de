package dev.andon.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeartbeatMonitorTest {
    private static final HeartbeatSchedule HOURLY = new HeartbeatSchedule.Simple(Duration.ofHours(1), Duration.ofMinutes(10));
    private static final UUID RUN_A = UUID.fromString("0e5d8f1a-1111-4a2b-9c3d-000000000001");
    private static final UUID RUN_B = UUID.fromString("0e5d8f1a-2222-4a2b-9c3d-000000000002");

    /** 2025-06-01 at a UTC time of day, "10:05" or "10:05:30". */
    private static Instant at(String time) {
        return Instant.parse("2025-06-01T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    private static Ping ping(PingKind kind, String time) {
        return new Ping(kind, null, null, at(time));
    }

    private static Ping ping(PingKind kind, UUID run, String time) {
        return new Ping(kind, null, run, at(time));
    }

    private static HeartbeatState upAt(String time) {
        return HeartbeatMonitor.onPing(HeartbeatState.fresh(), ping(PingKind.SUCCESS, time)).state();
    }

    @Test
    void aFreshCheckIsNewAndNeverGoesDown() {
        HeartbeatState fresh = HeartbeatState.fresh();
        assertThat(fresh.status()).isEqualTo(HeartbeatStatus.NEW);
        assertThat(HeartbeatMonitor.evaluate(fresh, HOURLY, at("23:59"))).isEqualTo(fresh);
        assertThat(HeartbeatMonitor.nextDeadline(fresh, HOURLY)).isEmpty();
    }

    @Test
    void aSuccessMakesTheCheckUp() {
        PingOutcome outcome = HeartbeatMonitor.onPing(HeartbeatState.fresh(), ping(PingKind.SUCCESS, "10:00"));
        assertThat(outcome.state().status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(outcome.state().lastPing()).isEqualTo(at("10:00"));
        assertThat(outcome.statusChanged()).isTrue();
        assertThat(outcome.runDuration()).isEmpty();
        assertThat(HeartbeatMonitor.onPing(outcome.state(), ping(PingKind.SUCCESS, "10:30")).statusChanged()).isFalse();
    }

    @Test
    void anUpCheckIsLateAfterThePeriodAndDownAfterTheGrace() {
        HeartbeatState state = upAt("10:00");
        assertThat(HeartbeatMonitor.nextDeadline(state, HOURLY)).hasValue(at("11:00"));
        assertThat(HeartbeatMonitor.evaluate(state, HOURLY, at("10:59:59")).status()).isEqualTo(HeartbeatStatus.UP);

        Instant now = at("11:00");
        state = HeartbeatMonitor.evaluate(state, HOURLY, now);
        assertThat(state.status()).isEqualTo(HeartbeatStatus.LATE);
        assertThat(HeartbeatMonitor.nextDeadline(state, HOURLY)).hasValue(at("11:10"));

        now = now.plus(Duration.ofMinutes(9));
        assertThat(HeartbeatMonitor.evaluate(state, HOURLY, now).status()).isEqualTo(HeartbeatStatus.LATE);
        now = now.plus(Duration.ofMinutes(1));
        state = HeartbeatMonitor.evaluate(state, HOURLY, now);
        assertThat(state.status()).isEqualTo(HeartbeatStatus.DOWN);
        assertThat(HeartbeatMonitor.nextDeadline(state, HOURLY)).isEmpty();
        assertThat(HeartbeatMonitor.evaluate(state, HOURLY, at("23:00")).status()).isEqualTo(HeartbeatStatus.DOWN);
    }

    @Test
    void aLateCheckIsUpAgainOnASuccess() {
        HeartbeatState late = HeartbeatMonitor.evaluate(upAt("10:00"), HOURLY, at("11:05"));
        PingOutcome outcome = HeartbeatMonitor.onPing(late, ping(PingKind.SUCCESS, "11:06"));
        assertThat(outcome.state().status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(outcome.statusChanged()).isTrue();
        assertThat(HeartbeatMonitor.nextDeadline(outcome.state(), HOURLY)).hasValue(at("12:06"));
    }

    @Test
    void aFailureIsDownAtOnceUntilTheNextSuccess() {
        PingOutcome failed = HeartbeatMonitor.onPing(upAt("10:00"), ping(PingKind.FAIL, "10:30"));
        assertThat(failed.state().status()).isEqualTo(HeartbeatStatus.DOWN);
        assertThat(failed.statusChanged()).isTrue();
        assertThat(HeartbeatMonitor.evaluate(failed.state(), HOURLY, at("10:31")).status()).isEqualTo(HeartbeatStatus.DOWN);
        assertThat(HeartbeatMonitor.onPing(failed.state(), ping(PingKind.SUCCESS, "11:30")).state().status()).isEqualTo(HeartbeatStatus.UP);
    }

    @Test
    void aNewCheckThatFailsIsDown() {
        assertThat(HeartbeatMonitor.onPing(HeartbeatState.fresh(), ping(PingKind.FAIL, "10:00")).state().status())
                .isEqualTo(HeartbeatStatus.DOWN);
    }

    @Test
    void exitStatusesDecideBetweenUpAndDown() {
        HeartbeatState state = HeartbeatMonitor.onPing(upAt("10:00"), Ping.parse("3", null, at("10:30"))).state();
        assertThat(state.status()).isEqualTo(HeartbeatStatus.DOWN);
        state = HeartbeatMonitor.onPing(state, Ping.parse("0", null, at("11:30"))).state();
        assertThat(state.status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(state.lastPing()).isEqualTo(at("11:30"));
    }

    @Test
    void aLogPingChangesNothing() {
        HeartbeatState state = upAt("10:00");
        PingOutcome outcome = HeartbeatMonitor.onPing(state, ping(PingKind.LOG, "10:20"));
        assertThat(outcome.state()).isEqualTo(state);
        assertThat(outcome.statusChanged()).isFalse();
        assertThat(HeartbeatMonitor.onPing(HeartbeatState.fresh(), ping(PingKind.LOG, "10:20")).state()).isEqualTo(HeartbeatState.fresh());
    }

    @Test
    void aStartChangesNoStatusAndIsPairedWithTheNextFinish() {
        PingOutcome started = HeartbeatMonitor.onPing(upAt("09:00"), ping(PingKind.START, "10:00"));
        assertThat(started.state().status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(started.statusChanged()).isFalse();
        assertThat(started.state().running()).isTrue();

        PingOutcome finished = HeartbeatMonitor.onPing(started.state(), ping(PingKind.SUCCESS, "10:07"));
        assertThat(finished.runDuration()).hasValue(Duration.ofMinutes(7));
        assertThat(finished.state().lastStart()).isNull();
        assertThat(finished.state().running()).isFalse();
    }

    @Test
    void aFailedRunHasADurationToo() {
        HeartbeatState started = HeartbeatMonitor.onPing(upAt("09:00"), ping(PingKind.START, "10:00")).state();
        PingOutcome failed = HeartbeatMonitor.onPing(started, Ping.parse("2", null, at("10:03")));
        assertThat(failed.runDuration()).hasValue(Duration.ofMinutes(3));
        assertThat(failed.state().status()).isEqualTo(HeartbeatStatus.DOWN);
    }

    @Test
    void runIdsPairOverlappingRunsWithTheirOwnStarts() {
        HeartbeatState state = upAt("09:00");
        state = HeartbeatMonitor.onPing(state, ping(PingKind.START, RUN_A, "10:00")).state();
        state = HeartbeatMonitor.onPing(state, ping(PingKind.START, RUN_B, "10:02")).state();

        PingOutcome runBFinished = HeartbeatMonitor.onPing(state, ping(PingKind.SUCCESS, RUN_B, "10:05"));
        assertThat(runBFinished.runDuration()).hasValue(Duration.ofMinutes(3));
        assertThat(runBFinished.state().openRuns()).containsOnlyKeys(RUN_A);

        PingOutcome runAFinished = HeartbeatMonitor.onPing(runBFinished.state(), ping(PingKind.SUCCESS, RUN_A, "10:09"));
        assertThat(runAFinished.runDuration()).hasValue(Duration.ofMinutes(9));
        assertThat(runAFinished.state().openRuns()).isEmpty();
    }

    @Test
    void aFinishWithoutAKnownStartHasNoDuration() {
        assertThat(HeartbeatMonitor.onPing(upAt("09:00"), ping(PingKind.SUCCESS, "10:00")).runDuration()).isEmpty();
        HeartbeatState startedWithoutId = HeartbeatMonitor.onPing(upAt("09:00"), ping(PingKind.START, "10:00")).state();
        assertThat(HeartbeatMonitor.onPing(startedWithoutId, ping(PingKind.SUCCESS, RUN_A, "10:05")).runDuration()).isEmpty();
    }

    @Test
    void aRunLongerThanTheGraceIsDown() {
        HeartbeatState state = HeartbeatMonitor.onPing(upAt("09:00"), ping(PingKind.START, "09:55")).state();
        assertThat(HeartbeatMonitor.nextDeadline(state, HOURLY)).hasValue(at("10:00"));
        state = HeartbeatMonitor.evaluate(state, HOURLY, at("10:04"));
        assertThat(state.status()).isEqualTo(HeartbeatStatus.LATE);
        assertThat(HeartbeatMonitor.nextDeadline(state, HOURLY)).as("the run's grace ends first").hasValue(at("10:05"));
        assertThat(HeartbeatMonitor.evaluate(state, HOURLY, at("10:05")).status()).isEqualTo(HeartbeatStatus.DOWN);
    }

    @Test
    void aStuckRunDoesNotHoldTheCheckDownAfterALaterSuccess() {
        HeartbeatState state = HeartbeatMonitor.onPing(upAt("09:00"), ping(PingKind.START, RUN_A, "09:30")).state();
        state = HeartbeatMonitor.evaluate(state, HOURLY, at("09:40"));
        assertThat(state.status()).isEqualTo(HeartbeatStatus.DOWN);

        state = HeartbeatMonitor.onPing(state, ping(PingKind.SUCCESS, RUN_B, "10:00")).state();
        assertThat(state.status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(HeartbeatMonitor.evaluate(state, HOURLY, at("10:01")).status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(HeartbeatMonitor.onPing(state, ping(PingKind.SUCCESS, RUN_A, "10:02")).runDuration())
                .as("its late finish is still timed").hasValue(Duration.ofMinutes(32));
    }

    @Test
    void aNewCheckWithARunThatNeverFinishesStaysNew() {
        HeartbeatState state = HeartbeatMonitor.onPing(HeartbeatState.fresh(), ping(PingKind.START, "10:00")).state();
        assertThat(state.status()).isEqualTo(HeartbeatStatus.NEW);
        assertThat(HeartbeatMonitor.evaluate(state, HOURLY, at("23:00")).status()).isEqualTo(HeartbeatStatus.NEW);
        assertThat(HeartbeatMonitor.nextDeadline(state, HOURLY)).isEmpty();
    }

    @Test
    void aPausedCheckNeverChangesAndForgetsItsRuns() {
        HeartbeatState running = HeartbeatMonitor.onPing(upAt("09:00"), ping(PingKind.START, RUN_A, "09:30")).state();
        HeartbeatState paused = HeartbeatMonitor.pause(running);
        assertThat(paused.status()).isEqualTo(HeartbeatStatus.PAUSED);
        assertThat(paused.openRuns()).isEmpty();
        assertThat(paused.lastPing()).isEqualTo(at("09:00"));
        assertThat(HeartbeatMonitor.evaluate(paused, HOURLY, at("23:00"))).isEqualTo(paused);
        assertThat(HeartbeatMonitor.nextDeadline(paused, HOURLY)).isEmpty();
    }

    @Test
    void aSuccessOrFailureResumesAPausedCheck() {
        HeartbeatState paused = HeartbeatMonitor.pause(upAt("09:00"));
        PingOutcome success = HeartbeatMonitor.onPing(paused, ping(PingKind.SUCCESS, "12:00"));
        assertThat(success.state().status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(success.statusChanged()).isTrue();
        assertThat(HeartbeatMonitor.onPing(paused, ping(PingKind.FAIL, "12:00")).state().status()).isEqualTo(HeartbeatStatus.DOWN);
        assertThat(HeartbeatMonitor.onPing(paused, ping(PingKind.LOG, "12:00")).state()).isEqualTo(paused);
    }

    @Test
    void aStartLeavesAPausedCheckPausedButTimesTheRun() {
        PingOutcome started = HeartbeatMonitor.onPing(HeartbeatMonitor.pause(upAt("09:00")), ping(PingKind.START, "12:00"));
        assertThat(started.state().status()).isEqualTo(HeartbeatStatus.PAUSED);
        assertThat(started.statusChanged()).isFalse();
        PingOutcome finished = HeartbeatMonitor.onPing(started.state(), ping(PingKind.SUCCESS, "12:20"));
        assertThat(finished.state().status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(finished.runDuration()).hasValue(Duration.ofMinutes(20));
    }

    @Test
    void resumingStartsAgainAsNewWithoutRuns() {
        HeartbeatState running = HeartbeatMonitor.onPing(HeartbeatMonitor.pause(upAt("09:00")), ping(PingKind.START, "10:00")).state();
        HeartbeatState resumed = HeartbeatMonitor.resume(running);
        assertThat(resumed.status()).isEqualTo(HeartbeatStatus.NEW);
        assertThat(resumed.running()).isFalse();
        assertThat(HeartbeatMonitor.evaluate(resumed, HOURLY, at("23:00")).status()).isEqualTo(HeartbeatStatus.NEW);
    }

    @Test
    void openRunsAreCappedSoAJobThatNeverFinishesCannotGrowTheState() {
        HeartbeatState state = HeartbeatState.fresh();
        Instant start = at("00:00");
        for (int i = 0; i < HeartbeatMonitor.MAXIMUM_OPEN_RUNS + 5; i++) {
            state = HeartbeatMonitor.onPing(state, new Ping(PingKind.START, null, UUID.randomUUID(), start.plusSeconds(i))).state();
        }
        assertThat(state.openRuns()).hasSize(HeartbeatMonitor.MAXIMUM_OPEN_RUNS);
        assertThat(state.earliestRunningStart()).hasValue(start.plusSeconds(5));
    }

    @Test
    void aCronCheckIsLateAtTheNextMatchInItsZone() {
        HeartbeatSchedule nineInAmsterdam = new HeartbeatSchedule.Cron("0 9 * * *", ZoneId.of("Europe/Amsterdam"), Duration.ofMinutes(30));
        // Saturday 29 March 09:00:30 CET; Sunday's 09:00 is CEST, 07:00 UTC.
        HeartbeatState state = HeartbeatMonitor.onPing(HeartbeatState.fresh(),
                new Ping(PingKind.SUCCESS, null, null, Instant.parse("2025-03-29T08:00:30Z"))).state();
        assertThat(HeartbeatMonitor.nextDeadline(state, nineInAmsterdam)).hasValue(Instant.parse("2025-03-30T07:00:00Z"));
        assertThat(HeartbeatMonitor.evaluate(state, nineInAmsterdam, Instant.parse("2025-03-30T06:59:59Z")).status()).isEqualTo(HeartbeatStatus.UP);
        assertThat(HeartbeatMonitor.evaluate(state, nineInAmsterdam, Instant.parse("2025-03-30T07:29:59Z")).status()).isEqualTo(HeartbeatStatus.LATE);
        assertThat(HeartbeatMonitor.evaluate(state, nineInAmsterdam, Instant.parse("2025-03-30T07:30:00Z")).status()).isEqualTo(HeartbeatStatus.DOWN);
    }

    @Test
    void aJobSkippedBySpringForwardIsDownAfterTheGraceFromTheGap() {
        HeartbeatSchedule halfPastTwo = new HeartbeatSchedule.Cron("30 2 * * *", ZoneId.of("Europe/Amsterdam"), Duration.ofMinutes(30));
        HeartbeatState state = HeartbeatMonitor.onPing(HeartbeatState.fresh(),
                new Ping(PingKind.SUCCESS, null, null, Instant.parse("2025-03-29T01:30:00Z"))).state();
        assertThat(HeartbeatMonitor.nextDeadline(state, halfPastTwo)).hasValue(Instant.parse("2025-03-30T01:00:00Z"));
        assertThat(HeartbeatMonitor.evaluate(state, halfPastTwo, Instant.parse("2025-03-30T01:30:00Z")).status()).isEqualTo(HeartbeatStatus.DOWN);
    }
}
