package dev.andon.checks;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What a heartbeat check remembers between pings: its status, its last finish (success or failure),
 * and the runs that started and have not finished: the last start without a run id, and starts
 * with a run id keyed by it. {@link HeartbeatMonitor} moves it; it holds no rules of its own.
 */
public record HeartbeatState(HeartbeatStatus status, Instant lastPing, Instant lastStart, Map<UUID, Instant> openRuns) {

    public HeartbeatState {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        openRuns = openRuns == null ? Map.of() : Map.copyOf(openRuns);
    }

    /** A check that has just been created. */
    public static HeartbeatState fresh() {
        return new HeartbeatState(HeartbeatStatus.NEW, null, null, Map.of());
    }

    /**
     * The starts still running: those at or after the last finish. Older open starts are kept only
     * to pair a late finish with its duration; a newer finish shows the job is not stuck.
     */
    public Stream<Instant> runningStarts() {
        Stream<Instant> starts = Stream.concat(Stream.ofNullable(lastStart), openRuns.values().stream());
        return starts.filter(start -> lastPing == null || !start.isBefore(lastPing));
    }

    public boolean running() {
        return runningStarts().findAny().isPresent();
    }

    /** The start of the longest-running run, the one whose grace runs out first. */
    public Optional<Instant> earliestRunningStart() {
        return runningStarts().min(Instant::compareTo);
    }

    HeartbeatState withStatus(HeartbeatStatus newStatus) {
        return new HeartbeatState(newStatus, lastPing, lastStart, openRuns);
    }
}
