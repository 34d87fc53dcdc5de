package dev.andon.checks;

/**
 * The verdict on a check, for one location or for the check as a whole. UNKNOWN is our own failure
 * (the checker was overloaded, its database was down), so it never counts as the check being down.
 */
public enum CheckStatus {
    /** Not enough results for a verdict yet. */
    PENDING,
    UP,
    /** Working, but slower or closer to a limit than wanted, or down from some locations only. */
    DEGRADED,
    DOWN,
    /** The checker itself failed; says nothing about the thing being checked. */
    UNKNOWN,
    /** Someone paused the check; it is not run and raises nothing. */
    PAUSED
}
