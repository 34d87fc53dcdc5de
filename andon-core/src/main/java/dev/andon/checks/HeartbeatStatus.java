package dev.andon.checks;

/** Where a heartbeat check stands. New and paused checks never go down. */
public enum HeartbeatStatus {
    /** Created, no success or failure received yet. */
    NEW,
    UP,
    /** The next ping is due and has not come; still within the grace. */
    LATE,
    DOWN,
    PAUSED
}
