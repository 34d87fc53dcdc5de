package dev.andon.statuspage;

import static dev.andon.checks.CheckStatus.DEGRADED;
import static dev.andon.checks.CheckStatus.DOWN;
import static dev.andon.checks.CheckStatus.PAUSED;
import static dev.andon.checks.CheckStatus.PENDING;
import static dev.andon.checks.CheckStatus.UNKNOWN;
import static dev.andon.checks.CheckStatus.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.incidents.IncidentSeverity;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPageStateTest {

    @Test
    void allChecksUpIsOperational() {
        assertThat(ComponentState.of(List.of(UP, UP), false, null)).isEqualTo(ComponentStatus.OPERATIONAL);
    }

    @Test
    void anyDegradedCheckIsDegradedPerformance() {
        assertThat(ComponentState.of(List.of(UP, DEGRADED), false, null)).isEqualTo(ComponentStatus.DEGRADED_PERFORMANCE);
    }

    @Test
    void someChecksDownIsPartialOutageAndAllDownIsMajor() {
        assertThat(ComponentState.of(List.of(UP, DOWN, DEGRADED), false, null)).isEqualTo(ComponentStatus.PARTIAL_OUTAGE);
        assertThat(ComponentState.of(List.of(DOWN, DOWN), false, null)).isEqualTo(ComponentStatus.MAJOR_OUTAGE);
    }

    @Test
    void checksThatSayNothingAreLeftOut() {
        assertThat(ComponentState.of(List.of(DOWN, PAUSED, PENDING, UNKNOWN), false, null)).isEqualTo(ComponentStatus.MAJOR_OUTAGE);
        assertThat(ComponentState.of(List.of(UNKNOWN, PENDING), false, null)).isEqualTo(ComponentStatus.OPERATIONAL);
        assertThat(ComponentState.of(List.of(), false, null)).isEqualTo(ComponentStatus.OPERATIONAL);
    }

    @Test
    void activeMaintenanceShowsUnderMaintenanceAndAnOverrideWins() {
        assertThat(ComponentState.of(List.of(DOWN), true, null)).isEqualTo(ComponentStatus.UNDER_MAINTENANCE);
        assertThat(ComponentState.of(List.of(DOWN), true, ComponentStatus.DEGRADED_PERFORMANCE)).isEqualTo(ComponentStatus.DEGRADED_PERFORMANCE);
        assertThat(ComponentState.of(List.of(UP), false, ComponentStatus.MAJOR_OUTAGE)).isEqualTo(ComponentStatus.MAJOR_OUTAGE);
    }

    @Test
    void severityMapsToImpact() {
        assertThat(Impact.of(IncidentSeverity.SEV1)).isEqualTo(Impact.CRITICAL);
        assertThat(Impact.of(IncidentSeverity.SEV2)).isEqualTo(Impact.MAJOR);
        assertThat(Impact.of(IncidentSeverity.SEV3)).isEqualTo(Impact.MINOR);
        assertThat(Impact.of(IncidentSeverity.SEV4)).isEqualTo(Impact.NONE);
        assertThat(Impact.of(IncidentSeverity.SEV5)).isEqualTo(Impact.NONE);
    }

    @Test
    void indicatorFromComponents() {
        assertThat(PageIndicator.of(List.of(ComponentStatus.OPERATIONAL), List.of()))
                .isEqualTo(new PageIndicator(Impact.NONE, "All Systems Operational"));
        assertThat(PageIndicator.of(List.of(ComponentStatus.OPERATIONAL, ComponentStatus.DEGRADED_PERFORMANCE), List.of()))
                .isEqualTo(new PageIndicator(Impact.MINOR, "Minor Service Outage"));
        assertThat(PageIndicator.of(List.of(ComponentStatus.OPERATIONAL, ComponentStatus.PARTIAL_OUTAGE), List.of()))
                .isEqualTo(new PageIndicator(Impact.MAJOR, "Partial System Outage"));
        assertThat(PageIndicator.of(List.of(ComponentStatus.OPERATIONAL, ComponentStatus.MAJOR_OUTAGE), List.of()))
                .isEqualTo(new PageIndicator(Impact.MAJOR, "Partial System Outage"));
        assertThat(PageIndicator.of(List.of(ComponentStatus.MAJOR_OUTAGE, ComponentStatus.MAJOR_OUTAGE), List.of()))
                .isEqualTo(new PageIndicator(Impact.CRITICAL, "Major System Outage"));
        assertThat(PageIndicator.of(List.of(ComponentStatus.UNDER_MAINTENANCE), List.of()))
                .isEqualTo(new PageIndicator(Impact.NONE, "Service Under Maintenance"));
    }

    @Test
    void anUnresolvedIncidentRaisesTheIndicator() {
        assertThat(PageIndicator.of(List.of(ComponentStatus.OPERATIONAL), List.of(Impact.CRITICAL)))
                .isEqualTo(new PageIndicator(Impact.CRITICAL, "Major System Outage"));
        assertThat(PageIndicator.of(List.of(ComponentStatus.OPERATIONAL), List.of(Impact.NONE, Impact.MINOR)))
                .isEqualTo(new PageIndicator(Impact.MINOR, "Minor Service Outage"));
        assertThat(PageIndicator.of(List.of(ComponentStatus.MAJOR_OUTAGE), List.of(Impact.MINOR)))
                .isEqualTo(new PageIndicator(Impact.CRITICAL, "Major System Outage"));
    }
}
