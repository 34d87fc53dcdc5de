package dev.andon.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.probe.ProbeResult;
import org.junit.jupiter.api.Test;

class LocationStateTest {
    private static final Thresholds TWO_DOWN_ONE_UP = Thresholds.DEFAULT;
    private static final Thresholds THREE_DOWN_TWO_UP = new Thresholds(3, 2);

    private static LocationState after(Thresholds thresholds, Observation... observations) {
        LocationState state = LocationState.initial();
        for (Observation observation : observations) {
            state = state.next(observation, thresholds);
        }
        return state;
    }

    @Test
    void aNewLocationIsPendingWithNoCounts() {
        assertThat(LocationState.initial()).isEqualTo(new LocationState(CheckStatus.PENDING, 0, 0));
    }

    @Test
    void aSuccessFromPendingIsUpAtOnce() {
        assertThat(after(THREE_DOWN_TWO_UP, Observation.UP)).isEqualTo(new LocationState(CheckStatus.UP, 0, 1));
        assertThat(after(THREE_DOWN_TWO_UP, Observation.DEGRADED).status()).isEqualTo(CheckStatus.DEGRADED);
    }

    @Test
    void aSuccessFollowsTheObservationWhileNotDown() {
        assertThat(after(TWO_DOWN_ONE_UP, Observation.UP, Observation.DEGRADED).status()).isEqualTo(CheckStatus.DEGRADED);
        assertThat(after(TWO_DOWN_ONE_UP, Observation.DEGRADED, Observation.UP).status()).isEqualTo(CheckStatus.UP);
    }

    @Test
    void failuresBelowTheThresholdLeaveTheStatusAlone() {
        assertThat(after(THREE_DOWN_TWO_UP, Observation.DOWN, Observation.DOWN))
                .isEqualTo(new LocationState(CheckStatus.PENDING, 2, 0));
        assertThat(after(THREE_DOWN_TWO_UP, Observation.UP, Observation.DOWN, Observation.DOWN))
                .isEqualTo(new LocationState(CheckStatus.UP, 2, 0));
    }

    @Test
    void theLocationIsDownAtTheFailureThreshold() {
        assertThat(after(THREE_DOWN_TWO_UP, Observation.UP, Observation.DOWN, Observation.DOWN, Observation.DOWN))
                .isEqualTo(new LocationState(CheckStatus.DOWN, 3, 0));
        assertThat(after(TWO_DOWN_ONE_UP, Observation.DOWN, Observation.DOWN).status()).isEqualTo(CheckStatus.DOWN);
    }

    @Test
    void aSuccessBetweenFailuresStartsTheCountAgain() {
        assertThat(after(THREE_DOWN_TWO_UP, Observation.DOWN, Observation.DOWN, Observation.UP, Observation.DOWN, Observation.DOWN))
                .isEqualTo(new LocationState(CheckStatus.UP, 2, 0));
    }

    @Test
    void aDownLocationNeedsSuccessesInARowToComeBack() {
        LocationState down = after(THREE_DOWN_TWO_UP, Observation.DOWN, Observation.DOWN, Observation.DOWN);
        LocationState oneSuccess = down.next(Observation.UP, THREE_DOWN_TWO_UP);
        assertThat(oneSuccess.status()).isEqualTo(CheckStatus.DOWN);
        assertThat(oneSuccess.consecutiveSuccesses()).isEqualTo(1);
        assertThat(oneSuccess.next(Observation.DEGRADED, THREE_DOWN_TWO_UP)).isEqualTo(new LocationState(CheckStatus.DEGRADED, 0, 2));
    }

    @Test
    void aFailureWhileRecoveringStartsTheSuccessCountAgain() {
        LocationState state = after(THREE_DOWN_TWO_UP, Observation.DOWN, Observation.DOWN, Observation.DOWN,
                Observation.UP, Observation.DOWN, Observation.UP);
        assertThat(state.status()).isEqualTo(CheckStatus.DOWN);
        assertThat(state.consecutiveSuccesses()).isEqualTo(1);
        assertThat(state.next(Observation.UP, THREE_DOWN_TWO_UP).status()).isEqualTo(CheckStatus.UP);
    }

    @Test
    void withOneSuccessToUpADownLocationComesBackAtOnce() {
        assertThat(after(TWO_DOWN_ONE_UP, Observation.DOWN, Observation.DOWN, Observation.UP))
                .isEqualTo(new LocationState(CheckStatus.UP, 0, 1));
    }

    @Test
    void unknownKeepsTheCountersSoAFlakyCheckerCannotTakeACheckDown() {
        LocationState state = after(THREE_DOWN_TWO_UP, Observation.UP, Observation.DOWN, Observation.DOWN, Observation.UNKNOWN);
        assertThat(state).isEqualTo(new LocationState(CheckStatus.UNKNOWN, 2, 0));
        for (int i = 0; i < 10; i++) {
            state = state.next(Observation.UNKNOWN, THREE_DOWN_TWO_UP);
        }
        assertThat(state).isEqualTo(new LocationState(CheckStatus.UNKNOWN, 2, 0));
    }

    @Test
    void afterUnknownFailuresContinueCounting() {
        LocationState state = after(THREE_DOWN_TWO_UP, Observation.DOWN, Observation.DOWN, Observation.UNKNOWN, Observation.DOWN);
        assertThat(state).isEqualTo(new LocationState(CheckStatus.DOWN, 3, 0));
    }

    @Test
    void afterUnknownASuccessIsUpAtOnce() {
        LocationState state = after(THREE_DOWN_TWO_UP, Observation.UP, Observation.DOWN, Observation.UNKNOWN, Observation.UP);
        assertThat(state).isEqualTo(new LocationState(CheckStatus.UP, 0, 1));
    }

    @Test
    void aDownLocationStaysDownThroughACheckerFailureAndStillNeedsItsSuccesses() {
        LocationState down = after(THREE_DOWN_TWO_UP, Observation.DOWN, Observation.DOWN, Observation.DOWN);
        LocationState throughFailure = down.next(Observation.UNKNOWN, THREE_DOWN_TWO_UP);
        // No UNKNOWN in between: the same outage is not announced twice.
        assertThat(throughFailure).isEqualTo(down);
        LocationState oneSuccess = throughFailure.next(Observation.UP, THREE_DOWN_TWO_UP);
        assertThat(oneSuccess.status()).isEqualTo(CheckStatus.DOWN);
        LocationState stillDown = oneSuccess.next(Observation.UNKNOWN, THREE_DOWN_TWO_UP);
        assertThat(stillDown.status()).isEqualTo(CheckStatus.DOWN);
        assertThat(stillDown.next(Observation.UP, THREE_DOWN_TWO_UP).status()).isEqualTo(CheckStatus.UP);
    }

    @Test
    void aPausedLocationIgnoresResultsStillInFlight() {
        LocationState paused = new LocationState(CheckStatus.PAUSED, 0, 0);
        assertThat(paused.next(Observation.DOWN, TWO_DOWN_ONE_UP)).isEqualTo(paused);
        assertThat(paused.next(Observation.UP, TWO_DOWN_ONE_UP)).isEqualTo(paused);
    }

    @Test
    void probeStatusesMapToObservations() {
        assertThat(Observation.of(ProbeResult.Status.UP)).isEqualTo(Observation.UP);
        assertThat(Observation.of(ProbeResult.Status.DEGRADED)).isEqualTo(Observation.DEGRADED);
        assertThat(Observation.of(ProbeResult.Status.DOWN)).isEqualTo(Observation.DOWN);
        assertThat(Observation.DEGRADED.isSuccess()).isTrue();
        assertThat(Observation.UNKNOWN.isSuccess()).isFalse();
    }

    @Test
    void thresholdsAreBetweenOneAndAHundred() {
        assertThat(Thresholds.DEFAULT).isEqualTo(new Thresholds(2, 1));
        assertThatThrownBy(() -> new Thresholds(0, 1))
                .isInstanceOfSatisfying(InvalidCheckException.class, invalid -> assertThat(invalid.field()).isEqualTo("failuresToDown"))
                .hasMessage("failuresToDown: must be between 1 and 100, was 0");
        assertThatThrownBy(() -> new Thresholds(1, 101))
                .isInstanceOfSatisfying(InvalidCheckException.class, invalid -> assertThat(invalid.field()).isEqualTo("successesToUp"));
    }
}
