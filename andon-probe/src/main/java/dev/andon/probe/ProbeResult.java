package dev.andon.probe;

import java.time.Duration;
import java.util.Map;

/**
 * What one probe saw: up or not, why, and how long each phase took (dns, connect, ...), so a
 * failure can be placed in the phase where it happened.
 */
public record ProbeResult(boolean up, String message, Map<String, Duration> phases) {
    public ProbeResult {
        phases = Map.copyOf(phases);
    }
}
