package dev.andon.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The rules of heartbeat checks, after Healthchecks, as pure functions of a state, a ping or a
 * time, so the server decides when to call them and tests move time by passing instants.
 *
 * <ul>
 *   <li>A success makes the check UP, a failure (/fail or a non-zero exit status) DOWN at once.
 *       Both end a run: one with a run id ends the start with that id, one without ends the last
 *       start without an id, and the time between is the run's duration.
 *   <li>A start changes no status; a log ping changes nothing.
 *   <li>An UP check is LATE from the expected time of the next ping and DOWN when the grace after
 *       that has run out. A run that started after the last finish and has not finished is DOWN at
 *       its start plus the grace: the grace is also the longest allowed run.
 *   <li>NEW checks never go down, even with a run that never finishes; nor do PAUSED ones. A DOWN
 *       check stays down until a success.
 *   <li>A success or failure on a PAUSED check resumes it, as Healthchecks does: the job runs
 *       again, so the check watches it again. A start on a paused check is remembered (to time the
 *       run) but leaves it paused.
 * </ul>
 */
public final class HeartbeatMonitor {
    /** Open runs kept for pairing; beyond this the oldest are forgotten so a job that never finishes cannot grow the state. */
    static final int MAXIMUM_OPEN_RUNS = 100;

    private HeartbeatMonitor() {
    }

    public static PingOutcome onPing(HeartbeatState state, Ping ping) {
        return switch (ping.kind()) {
            case LOG -> new PingOutcome(state, Optional.empty(), false);
            case START -> new PingOutcome(started(state, ping), Optional.empty(), false);
            case SUCCESS, FAIL -> finished(state, ping);
        };
    }

    private static HeartbeatState started(HeartbeatState state, Ping ping) {
        if (ping.runId() == null) {
            return new HeartbeatState(state.status(), state.lastPing(), ping.at(), state.openRuns());
        }
        Map<UUID, Instant> openRuns = new HashMap<>(state.openRuns());
        openRuns.put(ping.runId(), ping.at());
        while (openRuns.size() > MAXIMUM_OPEN_RUNS) {
            openRuns.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).ifPresent(openRuns::remove);
        }
        return new HeartbeatState(state.status(), state.lastPing(), state.lastStart(), openRuns);
    }

    private static PingOutcome finished(HeartbeatState state, Ping ping) {
        Map<UUID, Instant> openRuns = new HashMap<>(state.openRuns());
        Instant lastStart = state.lastStart();
        Instant start;
        if (ping.runId() != null) {
            start = openRuns.remove(ping.runId());
        } else {
            start = lastStart;
            lastStart = null;
        }
        Optional<Duration> runDuration = start == null || ping.at().isBefore(start)
                ? Optional.empty()
                : Optional.of(Duration.between(start, ping.at()));
        HeartbeatStatus status = ping.kind() == PingKind.SUCCESS ? HeartbeatStatus.UP : HeartbeatStatus.DOWN;
        HeartbeatState after = new HeartbeatState(status, ping.at(), lastStart, openRuns);
        return new PingOutcome(after, runDuration, status != state.status());
    }

    /** The state at {@code now}: UP, LATE or DOWN for a check that is up or late; others unchanged. */
    public static HeartbeatState evaluate(HeartbeatState state, HeartbeatSchedule schedule, Instant now) {
        if (state.status() != HeartbeatStatus.UP && state.status() != HeartbeatStatus.LATE) {
            return state;
        }
        Optional<Instant> late = lateAt(state, schedule);
        Optional<Instant> down = earliest(late.map(lateAt -> lateAt.plus(schedule.grace())), runOverdueAt(state, schedule));
        HeartbeatStatus status;
        if (down.isPresent() && !now.isBefore(down.get())) {
            status = HeartbeatStatus.DOWN;
        } else if (late.isPresent() && !now.isBefore(late.get())) {
            status = HeartbeatStatus.LATE;
        } else {
            status = HeartbeatStatus.UP;
        }
        return status == state.status() ? state : state.withStatus(status);
    }

    /**
     * The next instant at which {@link #evaluate} changes the status, for scheduling the next look
     * and for showing when a check will be late or down; empty when only a ping can change it. It
     * can lie in the past when the state was not evaluated since: evaluate now.
     */
    public static Optional<Instant> nextDeadline(HeartbeatState state, HeartbeatSchedule schedule) {
        Optional<Instant> late = lateAt(state, schedule);
        Optional<Instant> runOverdue = runOverdueAt(state, schedule);
        return switch (state.status()) {
            case UP -> earliest(late, runOverdue);
            case LATE -> earliest(late.map(lateAt -> lateAt.plus(schedule.grace())), runOverdue);
            case NEW, DOWN, PAUSED -> Optional.empty();
        };
    }

    /** Stops watching: a paused check raises nothing, and running starts are forgotten. */
    public static HeartbeatState pause(HeartbeatState state) {
        return new HeartbeatState(HeartbeatStatus.PAUSED, state.lastPing(), null, Map.of());
    }

    /** Watches again from scratch: NEW until the next success or failure, running starts forgotten. */
    public static HeartbeatState resume(HeartbeatState state) {
        return new HeartbeatState(HeartbeatStatus.NEW, state.lastPing(), null, Map.of());
    }

    private static Optional<Instant> lateAt(HeartbeatState state, HeartbeatSchedule schedule) {
        return Optional.ofNullable(state.lastPing()).map(schedule::expectedAfter);
    }

    private static Optional<Instant> runOverdueAt(HeartbeatState state, HeartbeatSchedule schedule) {
        return state.earliestRunningStart().map(start -> start.plus(schedule.grace()));
    }

    @SafeVarargs
    private static Optional<Instant> earliest(Optional<Instant>... candidates) {
        return Stream.of(candidates).flatMap(Optional::stream).min(Comparator.naturalOrder());
    }
}
