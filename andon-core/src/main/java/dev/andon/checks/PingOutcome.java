package dev.andon.checks;

import java.time.Duration;
import java.util.Optional;

/**
 * The result of one ping: the state after it, how long the run took when the ping finished a run
 * whose start we saw, and whether the status changed (which is what raises or resolves an alert).
 */
public record PingOutcome(HeartbeatState state, Optional<Duration> runDuration, boolean statusChanged) {
}
