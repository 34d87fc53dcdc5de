package dev.andon.oncall;

import java.time.Instant;

/**
 * A stretch of time when one user is on call for a schedule: from a layer (its index in the
 * schedule, higher wins), or from an override, in which case {@code covering} is who would have been
 * on call (null when nobody was).
 */
public record Shift(String user, Instant start, Instant end, int layer, boolean override, String covering) {
    /** The layer index of a shift that comes from an override. */
    public static final int OVERRIDE = -1;
}
