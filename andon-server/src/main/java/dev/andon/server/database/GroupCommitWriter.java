package dev.andon.server.database;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Group commit: callers queue items and wait; a writer thread takes whatever is queued (no added
 * wait) and stores it in one transaction, then completes the callers' futures, only after the
 * commit. A writer may have several lanes, each a queue and a thread of its own, so one batch is
 * built and sent while another waits for its commit; {@link #lane} keeps the items that must
 * stay in order (one alert's events) in one lane. When the database is unreachable the batch is
 * kept and retried; an error that would come back on every retry (bad data) is isolated by
 * halving the batch until the bad item is alone, and only that item is refused. The queues are
 * bounded: a full one refuses new items at once.
 *
 * @param <T> one item to store
 */
public abstract class GroupCommitWriter<T> implements SmartInitializingSingleton {
    private final Logger log = LoggerFactory.getLogger(getClass());

    /** The queue is full: the writer is behind, usually because the database is down. Try again later. */
    public static final class QueueFullException extends RuntimeException {
        public QueueFullException(String what) {
            super("the " + what + " queue is full; try again later");
        }
    }

    /** Is the writer keeping up, and when did it last commit: for /readyz and /metrics. */
    public record Health(boolean healthy, int queued, Instant lastCommit, String lastError) {}

    /** @param deadline System.nanoTime() after which a waiting caller gives up; 0 for none */
    private record Pending<T>(T item, CompletableFuture<Void> done, long deadline) {}

    /** One queue and the thread that writes it. */
    private final class Lane {
        final BlockingQueue<Pending<T>> queue;
        /** Items taken from the queue and not yet committed: they count as queued. */
        final AtomicInteger inHand = new AtomicInteger();
        /** Failed attempts in a row at the batch in hand. */
        final AtomicInteger failing = new AtomicInteger();
        /** The batch being written, for the deadline thread (which must not iterate the writer's own list). */
        volatile List<Pending<T>> writing = List.of();
        Thread thread;

        Lane(int capacity) {
            queue = new ArrayBlockingQueue<>(capacity);
        }
    }

    private final String what;
    private final int maxBatch;
    private final List<Lane> lanes;
    private final Clock clock;
    private final Counter refused;
    private final Timer batches;
    private volatile Instant lastCommit;
    private volatile String lastError;
    private volatile boolean running = true;
    private static final long DEADLINE_CHECK_MILLIS = 100;

    /**
     * @param what     what the items are, for logs and errors ("probe result")
     * @param metric   the metric name prefix ({@code andon_check_result} gives {@code _batch_seconds}, {@code _queue})
     * @param capacity how many items may wait, shared equally by the lanes
     */
    protected GroupCommitWriter(String what, String metric, int capacity, int maxBatch, Clock clock, MeterRegistry meters, Counter refused) {
        this(what, metric, capacity, maxBatch, 1, clock, meters, refused);
    }

    protected GroupCommitWriter(String what, String metric, int capacity, int maxBatch, int lanes, Clock clock, MeterRegistry meters,
                                Counter refused) {
        if (lanes < 1) {
            throw new IllegalArgumentException("a " + what + " writer needs at least one lane, not " + lanes);
        }
        this.what = what;
        this.maxBatch = maxBatch;
        List<Lane> all = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            all.add(new Lane(Math.max(1, capacity / lanes)));
        }
        this.lanes = List.copyOf(all);
        this.clock = clock;
        this.refused = refused;
        this.batches = Timer.builder(metric + "_batch_seconds").description("Time to store one batch of " + what + "s").register(meters);
        meters.gauge(metric + "_queue", this, writer -> writer.health().queued());
    }

    /** Stores one batch in one transaction, on the calling thread. Throwing leaves nothing stored. */
    protected abstract void write(List<T> batch);

    /**
     * Which lane an item goes to, any int (taken modulo the lane count). Items whose order matters
     * must share a lane: lanes write concurrently, in separate transactions.
     */
    protected int lane(T item) {
        return 0;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String name = "andon-" + what.replace(' ', '-');
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            lane.thread = Thread.ofPlatform().name(name + "-writer" + (lanes.size() == 1 ? "" : "-" + i)).daemon(true).start(() -> run(lane));
        }
        Thread.ofPlatform().name(name + "-deadlines").daemon(true).start(this::cancelOverdue);
    }

    /** Queues items; the future completes once they are all committed. Throws QueueFullException when full, queuing none. */
    public CompletableFuture<Void> submit(List<T> items) {
        List<CompletableFuture<Void>> futures = enqueue(items, 0);
        return futures.size() == 1 ? futures.getFirst() : CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /** Queues all the items or, when a lane they go to has no room for them, none. */
    private List<CompletableFuture<Void>> enqueue(List<T> items, long deadline) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(items.size());
        int[] wanted = new int[lanes.size()];
        int[] laneOf = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            laneOf[i] = Math.floorMod(lanes.size() == 1 ? 0 : lane(items.get(i)), lanes.size());
            wanted[laneOf[i]]++;
        }
        synchronized (lanes) {
            for (int l = 0; l < wanted.length; l++) {
                if (lanes.get(l).queue.remainingCapacity() < wanted[l]) {
                    refused.increment(items.size());
                    throw new QueueFullException(what);
                }
            }
            for (int i = 0; i < items.size(); i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                lanes.get(laneOf[i]).queue.add(new Pending<>(items.get(i), done, deadline));
                futures.add(done);
            }
        }
        return futures;
    }

    /**
     * Queues items and waits for their commit. On timeout the items not yet taken by the writer are
     * withdrawn (so a client told to retry does not also get them stored), and TimeoutException is thrown.
     * The wait itself has no timer: the deadline thread cancels what is overdue, once for all
     * callers (a timed wait per request cost a tenth of a core at 10,000 requests a second).
     */
    public void submitAndWait(List<T> items, Duration timeout)
            throws java.util.concurrent.TimeoutException, java.util.concurrent.ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (deadline == 0) {
            deadline = 1;
        }
        List<CompletableFuture<Void>> futures = enqueue(items, deadline);
        try {
            for (CompletableFuture<Void> future : futures) {
                future.get();
            }
        } catch (java.util.concurrent.CancellationException e) {
            futures.forEach(future -> future.cancel(false));
            throw new java.util.concurrent.TimeoutException("not stored within " + timeout);
        }
    }

    /** Every 100 ms: cancels the futures of callers whose deadline passed, queued or in the batch being written. */
    private void cancelOverdue() {
        while (running || lanes.stream().anyMatch(lane -> !lane.queue.isEmpty() || !lane.writing.isEmpty())) {
            try {
                Thread.sleep(DEADLINE_CHECK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Lane lane : lanes) {
                for (Pending<T> pending : lane.queue) {
                    cancelIfOverdue(pending, now);
                }
                for (Pending<T> pending : lane.writing) {
                    cancelIfOverdue(pending, now);
                }
            }
        }
    }

    private static void cancelIfOverdue(Pending<?> pending, long now) {
        if (pending.deadline() != 0 && now - pending.deadline() > 0) {
            pending.done().cancel(false);
        }
    }

    public Health health() {
        boolean alive = lanes.stream().allMatch(lane -> lane.thread != null && lane.thread.isAlive());
        int queued = lanes.stream().mapToInt(lane -> lane.queue.size() + lane.inHand.get()).sum();
        return new Health(lanes.stream().allMatch(lane -> lane.failing.get() == 0) && alive, queued, lastCommit, lastError);
    }

    private void run(Lane lane) {
        List<Pending<T>> batch = new ArrayList<>();
        while (running || !lane.queue.isEmpty()) {
            try {
                Pending<T> first = lane.queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                lane.queue.drainTo(batch, maxBatch - 1);
                // Withdrawn by a caller that stopped waiting (it told its client to retry).
                batch.removeIf(pending -> pending.done().isCancelled());
                if (batch.isEmpty()) {
                    continue;
                }
                lane.inHand.set(batch.size());
                lane.writing = List.copyOf(batch);
                writeUntilDone(lane, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
                lane.writing = List.of();
                lane.inHand.set(0);
            }
        }
    }

    /**
     * An error that will come back on every retry (bad data, not a lost connection or a lost race
     * with another node): retrying the batch would stall everything queued behind one bad item.
     */
    public static boolean permanent(RuntimeException e) {
        return !(e instanceof org.springframework.dao.TransientDataAccessException
                || e instanceof org.springframework.dao.RecoverableDataAccessException
                || e instanceof org.springframework.dao.DataAccessResourceFailureException
                || e instanceof org.springframework.transaction.CannotCreateTransactionException
                || e instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                || e instanceof org.springframework.dao.PessimisticLockingFailureException
                || e instanceof org.springframework.dao.QueryTimeoutException
                // Two nodes opening the same alert at once: the loser sees the winner's row on retry.
                || e instanceof org.springframework.dao.DuplicateKeyException
                || (e instanceof org.springframework.dao.DataAccessException && !(e instanceof org.springframework.dao.NonTransientDataAccessException)));
    }

    private void writeSplitting(Lane lane, List<Pending<T>> batch) throws InterruptedException {
        if (batch.size() == 1) {
            Pending<T> only = batch.getFirst();
            try {
                write(List.of(only.item()));
                only.done().complete(null);
            } catch (RuntimeException e) {
                if (!permanent(e) && !(e instanceof org.springframework.dao.DuplicateKeyException)) {
                    writeUntilDone(lane, batch);
                    return;
                }
                log.warn("refusing {} {}: {}", what, only.item(), e.toString());
                refused.increment();
                only.done().completeExceptionally(e);
            }
            return;
        }
        int half = batch.size() / 2;
        writeUntilDone(lane, new ArrayList<>(batch.subList(0, half)));
        writeUntilDone(lane, new ArrayList<>(batch.subList(half, batch.size())));
    }

    private void writeUntilDone(Lane lane, List<Pending<T>> batch) throws InterruptedException {
        long backoff = 100;
        int duplicates = 0;
        while (true) {
            try {
                long start = System.nanoTime();
                write(batch.stream().map(Pending::item).toList());
                batches.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                lastCommit = clock.instant();
                lane.failing.set(0);
                batch.forEach(pending -> pending.done().complete(null));
                return;
            } catch (RuntimeException e) {
                // A lost race with another node clears on retry; one that keeps coming back is in the batch itself.
                if (permanent(e) || (e instanceof org.springframework.dao.DuplicateKeyException && ++duplicates > 3)) {
                    writeSplitting(lane, batch);
                    return;
                }
                // Keep the batch: nothing in it is acknowledged until it is committed.
                if (lane.failing.incrementAndGet() == 1 || lane.failing.get() % 20 == 0) {
                    log.warn("cannot store {} {}s (attempt {}), retrying: {}", batch.size(), what, lane.failing.get(), e.toString());
                }
                lastError = e.getMessage();
                if (!running) {
                    // Shutting down and the database is going: the callers were not told "stored",
                    // so they (agents, Alertmanager, PagerDuty clients) send these again.
                    log.warn("stopping with {} {}s not stored: {}", batch.size(), what, e.toString());
                    batch.forEach(pending -> pending.done().completeExceptionally(e));
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** Lets the writer finish what is queued (or give up after retries) before the database closes. */
    @PreDestroy
    public void stop() throws InterruptedException {
        running = false;
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Lane lane : lanes) {
            if (lane.thread != null) {
                lane.thread.join(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            }
        }
    }
}
