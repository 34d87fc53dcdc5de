package dev.andon.probe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one probe saw: its status, why, how long each phase took, the phase where a failure sits
 * and what it observed on the way (DNS answer, HTTP status, TLS protocol...). The observations
 * are what lets the server compare locations step by step.
 *
 * <p>Phase names are those in {@link Phase}; observation keys are dotted, lower case, and their
 * values short strings ({@code dns.answer=10.0.0.1,10.0.0.2}, {@code http.status=503}).
 */
public record ProbeResult(Status status, String message, String failedPhase, Map<String, Duration> phases,
                          Map<String, String> observations) {

    /** The verdict of one probe. DEGRADED means it worked, but slower or closer to a limit than wanted. */
    public enum Status { UP, DEGRADED, DOWN }

    public ProbeResult {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        message = message == null ? "" : message;
        phases = Map.copyOf(phases);
        observations = Map.copyOf(observations);
    }

    public boolean up() {
        return status != Status.DOWN;
    }

    /** Total time over all phases. */
    public Duration elapsed() {
        return phases.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects phases and observations while a probe runs, in the order they happen. */
    public static final class Builder {
        private final Map<String, Duration> phases = new LinkedHashMap<>();
        private final Map<String, String> observations = new LinkedHashMap<>();
        private long phaseStart = System.nanoTime();

        /** Ends the current phase now, records its time under {@code name} and starts the next one. */
        public Builder phase(String name) {
            long now = System.nanoTime();
            phases.merge(name, Duration.ofNanos(now - phaseStart), Duration::plus);
            phaseStart = now;
            return this;
        }

        public Builder phase(String name, Duration took) {
            phases.merge(name, took, Duration::plus);
            phaseStart = System.nanoTime();
            return this;
        }

        public Builder observe(String key, Object value) {
            if (value != null) {
                observations.put(key, String.valueOf(value));
            }
            return this;
        }

        public ProbeResult up(String message) {
            return new ProbeResult(Status.UP, message, null, phases, observations);
        }

        public ProbeResult degraded(String message) {
            return new ProbeResult(Status.DEGRADED, message, null, phases, observations);
        }

        /** A failure in {@code phase}; the time spent in that phase so far is recorded under its name. */
        public ProbeResult down(String phase, String message) {
            phase(phase);
            return new ProbeResult(Status.DOWN, message, phase, phases, observations);
        }

        /** A failure in a phase whose time was already recorded. */
        public ProbeResult downAfter(String phase, String message) {
            return new ProbeResult(Status.DOWN, message, phase, phases, observations);
        }
    }
}
