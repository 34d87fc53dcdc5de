package dev.andon.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs assigned probes on their intervals, each on a virtual thread. A check's runs sit at a fixed
 * offset inside its interval, derived from its id, so thousands of checks spread evenly instead of
 * firing together. When the scheduler itself cannot keep up (too many probes in flight, or a run
 * starting more than an interval late) the outcome is a checker failure, never a DOWN.
 *
 * <p>Used in-process by the server (location "local") and by remote agents.
 */
public final class ProbeScheduler implements AutoCloseable {

    /** One check to run here: what, how often, with what timeout and how many immediate retries. */
    public record Assignment(long checkId, String slug, ProbeSpec spec, Duration interval, Duration timeout, int retries) {
        public Assignment {
            Objects.requireNonNull(spec, "spec");
            if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("interval and timeout must be positive");
            }
        }
    }

    /**
     * What one run produced. {@code checkerFailure} is true when the probe did not run properly
     * because of us (overload, a bug), so the result says nothing about the target.
     */
    public record Outcome(Assignment assignment, Instant plannedAt, Instant startedAt, ProbeResult result, boolean checkerFailure) {
        /** How late the run started; a timer firing a millisecond early counts as on time. */
        public Duration lag() {
            Duration lag = Duration.between(plannedAt, startedAt);
            return lag.isNegative() ? Duration.ZERO : lag;
        }
    }

    private final Clock clock;
    private final Consumer<Outcome> sink;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService probes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("andon-probe-", 0).factory());
    private final Map<Long, Scheduled> scheduled = new HashMap<>();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong overloaded = new AtomicLong();
    private volatile boolean closed;

    private final class Scheduled {
        final Assignment assignment;
        ScheduledFuture<?> next;
        volatile boolean cancelled;

        Scheduled(Assignment assignment) {
            this.assignment = assignment;
        }
    }

    public ProbeScheduler(Clock clock, int maxInFlight, Consumer<Outcome> sink) {
        this.clock = clock;
        this.sink = sink;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "andon-probe-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Makes {@code assignments} the whole set to run: new ones start, gone ones stop, changed ones restart. */
    public synchronized void replace(Collection<Assignment> assignments) {
        Map<Long, Assignment> wanted = new HashMap<>();
        assignments.forEach(assignment -> wanted.put(assignment.checkId(), assignment));
        scheduled.entrySet().removeIf(entry -> {
            Assignment now = wanted.get(entry.getKey());
            if (now != null && now.equals(entry.getValue().assignment)) {
                return false;
            }
            cancel(entry.getValue());
            return true;
        });
        wanted.forEach((id, assignment) -> scheduled.computeIfAbsent(id, key -> start(assignment)));
    }

    public synchronized int size() {
        return scheduled.size();
    }

    /** Probes run since start. */
    public long runs() {
        return runs.get();
    }

    /** Runs refused or skipped because the scheduler could not keep up. */
    public long overloaded() {
        return overloaded.get();
    }

    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    private Scheduled start(Assignment assignment) {
        Scheduled entry = new Scheduled(assignment);
        scheduleAt(entry, firstSlot(assignment, clock.instant()));
        return entry;
    }

    private void cancel(Scheduled entry) {
        entry.cancelled = true;
        if (entry.next != null) {
            entry.next.cancel(false);
        }
    }

    /**
     * The first run at or after {@code now} on the check's own slot: slots sit at a fixed offset in
     * the interval, derived from the check id, so runs keep their place across restarts and spread.
     */
    static Instant firstSlot(Assignment assignment, Instant now) {
        long interval = assignment.interval().toMillis();
        long offset = Math.floorMod(mix(assignment.checkId()), interval);
        long millis = now.toEpochMilli();
        long slots = Math.floorDiv(millis - offset + interval - 1, interval);
        return Instant.ofEpochMilli(offset + slots * interval);
    }

    private static long mix(long value) {
        // SplitMix64's finalizer: consecutive ids land far apart in the interval.
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void scheduleAt(Scheduled entry, Instant plannedAt) {
        if (entry.cancelled || timer.isShutdown()) {
            return;
        }
        // Never wait longer than one interval: if the wall clock steps back, runs go on at their
        // pace instead of pausing for as long as the step.
        long delay = Math.min(Math.max(0, Duration.between(clock.instant(), plannedAt).toMillis()), entry.assignment.interval().toMillis());
        entry.next = timer.schedule(() -> fire(entry, plannedAt), delay, TimeUnit.MILLISECONDS);
    }

    private void fire(Scheduled entry, Instant plannedAt) {
        if (entry.cancelled) {
            return;
        }
        Assignment assignment = entry.assignment;
        Instant now = clock.instant();
        Instant next = plannedAt.plus(assignment.interval());
        if (!next.isAfter(now)) {
            // More than a whole interval late: skip to the next slot ahead and say we were late.
            overloaded.incrementAndGet();
            emit(new Outcome(assignment, plannedAt, now, failure("checker overloaded: run started "
                    + Duration.between(plannedAt, now).toMillis() + " ms late"), true));
            scheduleAt(entry, firstSlot(assignment, now.plusMillis(1)));
            return;
        }
        scheduleAt(entry, next);
        if (!inFlight.tryAcquire()) {
            overloaded.incrementAndGet();
            emit(new Outcome(assignment, plannedAt, now, failure("checker overloaded: " + maxInFlight + " probes already running"), true));
            return;
        }
        probes.execute(() -> {
            try {
                emit(run(assignment, plannedAt, now));
            } finally {
                inFlight.release();
            }
        });
    }

    private Outcome run(Assignment assignment, Instant plannedAt, Instant startedAt) {
        runs.incrementAndGet();
        try {
            ProbeResult result = assignment.spec().run(assignment.timeout());
            for (int retry = 0; retry < assignment.retries() && result.status() == ProbeResult.Status.DOWN && !Thread.currentThread().isInterrupted(); retry++) {
                Thread.sleep(retryPause(assignment));
                result = assignment.spec().run(assignment.timeout());
            }
            return new Outcome(assignment, plannedAt, startedAt, result, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(assignment, plannedAt, startedAt, failure("checker stopping"), true);
        } catch (RuntimeException | Error e) {
            // A probe must never throw; if one does, that is our fault, not the target's.
            return new Outcome(assignment, plannedAt, startedAt, failure("checker error: " + e), true);
        }
    }

    /** Retries come quickly but never use up the interval: at most a second, at most a tenth of it. */
    private static Duration retryPause(Assignment assignment) {
        Duration tenth = assignment.interval().dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? tenth : Duration.ofSeconds(1);
    }

    private static ProbeResult failure(String message) {
        return ProbeResult.builder().downAfter(null, message);
    }

    private void emit(Outcome outcome) {
        if (closed) {
            // Stopping interrupts probes in flight: what they report then is about us, not the target.
            return;
        }
        try {
            sink.accept(outcome);
        } catch (RuntimeException e) {
            System.getLogger(ProbeScheduler.class.getName()).log(System.Logger.Level.WARNING, "dropping a probe outcome: the sink failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            scheduled.values().forEach(this::cancel);
            scheduled.clear();
        }
        timer.shutdownNow();
        probes.shutdownNow();
    }
}
