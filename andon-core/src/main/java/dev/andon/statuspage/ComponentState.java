package dev.andon.statuspage;

import dev.andon.checks.CheckStatus;
import java.util.Collection;

/**
 * A component's status from the checks of its service. A manual override wins, then an active
 * maintenance; otherwise the checks decide. Checks that say nothing about the service (pending,
 * paused, or unknown: our own checker failing) are left out, and no verdict at all is operational.
 */
public final class ComponentState {
    private ComponentState() {}

    public static ComponentStatus of(Collection<CheckStatus> checks, boolean inMaintenance, ComponentStatus override) {
        if (override != null) {
            return override;
        }
        if (inMaintenance) {
            return ComponentStatus.UNDER_MAINTENANCE;
        }
        int known = 0;
        int down = 0;
        int degraded = 0;
        for (CheckStatus status : checks) {
            switch (status) {
                case UP -> known++;
                case DEGRADED -> {
                    known++;
                    degraded++;
                }
                case DOWN -> {
                    known++;
                    down++;
                }
                case PENDING, UNKNOWN, PAUSED -> { }
            }
        }
        if (known == 0) {
            return ComponentStatus.OPERATIONAL;
        }
        if (down == known) {
            return ComponentStatus.MAJOR_OUTAGE;
        }
        if (down > 0) {
            return ComponentStatus.PARTIAL_OUTAGE;
        }
        return degraded > 0 ? ComponentStatus.DEGRADED_PERFORMANCE : ComponentStatus.OPERATIONAL;
    }
}
