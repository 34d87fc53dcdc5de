package dev.andon.checks;

import dev.andon.probe.ProbeResult;

/**
 * One result seen from one location, as input to its {@link LocationState}. UNKNOWN means no
 * result: the checker failed, so the check itself was not observed.
 */
public enum Observation {
    UP, DEGRADED, DOWN, UNKNOWN;

    public static Observation of(ProbeResult.Status status) {
        return switch (status) {
            case UP -> UP;
            case DEGRADED -> DEGRADED;
            case DOWN -> DOWN;
        };
    }

    /** UP and DEGRADED both mean the check worked. */
    public boolean isSuccess() {
        return this == UP || this == DEGRADED;
    }

    CheckStatus asStatus() {
        return CheckStatus.valueOf(name());
    }
}
