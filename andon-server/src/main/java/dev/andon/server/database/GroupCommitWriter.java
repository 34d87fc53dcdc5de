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
 * Group commit: callers queue items and wait; one writer thread takes whatever is queued (no added
 * wait) and stores it in one transaction, then completes the callers' futures, only after the
 * commit. When the database is unreachable the batch is kept and retried; an error that would come
 * back on every retry (bad data) is isolated by halving the batch until the bad item is alone, and
 * only that item is refused. The queue is bounded: a full queue refuses new items at once.
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

    private final String what;
    private final int maxBatch;
    private final BlockingQueue<Pending<T>> queue;
    private final Clock clock;
    private final Counter refused;
    private final Timer batches;
    private final AtomicInteger failing = new AtomicInteger();
    /** Items taken from the queue and not yet committed: they count as queued. */
    private final AtomicInteger inHand = new AtomicInteger();
    private volatile Instant lastCommit;
    private volatile String lastError;
    private volatile boolean running = true;
    private Thread thread;
    private static final long DEADLINE_CHECK_MILLIS = 100;
    /** The batch being written, for the deadline thread (which must not iterate the writer's own list). */
    private volatile List<Pending<T>> writing = List.of();

    /**
     * @param what    what the items are, for logs and errors ("probe result")
     * @param metric  the metric name prefix ({@code andon_check_result} gives {@code _batch_seconds}, {@code _queue})
     */
    protected GroupCommitWriter(String what, String metric, int capacity, int maxBatch, Clock clock, MeterRegistry meters, Counter refused) {
        this.what = what;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clock = clock;
        this.refused = refused;
        this.batches = Timer.builder(metric + "_batch_seconds").description("Time to store one batch of " + what + "s").register(meters);
        meters.gauge(metric + "_queue", this, writer -> writer.health().queued());
    }

    /** Stores one batch in one transaction, on the calling thread. Throwing leaves nothing stored. */
    protected abstract void write(List<T> batch);

    @Override
    public void afterSingletonsInstantiated() {
        thread = Thread.ofPlatform().name("andon-" + what.replace(' ', '-') + "-writer").daemon(true).start(this::run);
        Thread.ofPlatform().name("andon-" + what.replace(' ', '-') + "-deadlines").daemon(true).start(this::cancelOverdue);
    }

    /** Queues items; the future completes once they are all committed. Throws QueueFullException when full, queuing none. */
    public CompletableFuture<Void> submit(List<T> items) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(items.size());
        synchronized (queue) {
            if (queue.remainingCapacity() < items.size()) {
                refused.increment(items.size());
                throw new QueueFullException(what);
            }
            for (T item : items) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                queue.add(new Pending<>(item, done, 0));
                futures.add(done);
            }
        }
        return futures.size() == 1 ? futures.getFirst() : CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /**
     * Queues items and waits for their commit. On timeout the items not yet taken by the writer are
     * withdrawn (so a client told to retry does not also get them stored), and TimeoutException is thrown.
     * The wait itself has no timer: the deadline thread cancels what is overdue, once for all
     * callers (a timed wait per request cost a tenth of a core at 10,000 requests a second).
     */
    public void submitAndWait(List<T> items, Duration timeout)
            throws java.util.concurrent.TimeoutException, java.util.concurrent.ExecutionException, InterruptedException {
        List<CompletableFuture<Void>> futures = new ArrayList<>(items.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        if (deadline == 0) {
            deadline = 1;
        }
        synchronized (queue) {
            if (queue.remainingCapacity() < items.size()) {
                refused.increment(items.size());
                throw new QueueFullException(what);
            }
            for (T item : items) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                queue.add(new Pending<>(item, done, deadline));
                futures.add(done);
            }
        }
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
        while (running || !queue.isEmpty() || !writing.isEmpty()) {
            try {
                Thread.sleep(DEADLINE_CHECK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Pending<T> pending : queue) {
                cancelIfOverdue(pending, now);
            }
            for (Pending<T> pending : writing) {
                cancelIfOverdue(pending, now);
            }
        }
    }

    private static void cancelIfOverdue(Pending<?> pending, long now) {
        if (pending.deadline() != 0 && now - pending.deadline() > 0) {
            pending.done().cancel(false);
        }
    }

    public Health health() {
        return new Health(failing.get() == 0 && thread != null && thread.isAlive(), queue.size() + inHand.get(), lastCommit, lastError);
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                // Withdrawn by a caller that stopped waiting (it told its client to retry).
                batch.removeIf(pending -> pending.done().isCancelled());
                if (batch.isEmpty()) {
                    continue;
                }
                inHand.set(batch.size());
                writing = List.copyOf(batch);
                writeUntilDone(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
                writing = List.of();
                inHand.set(0);
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

    private void writeSplitting(List<Pending<T>> batch) throws InterruptedException {
        if (batch.size() == 1) {
            Pending<T> only = batch.getFirst();
            try {
                write(List.of(only.item()));
                only.done().complete(null);
            } catch (RuntimeException e) {
                if (!permanent(e) && !(e instanceof org.springframework.dao.DuplicateKeyException)) {
                    writeUntilDone(batch);
                    return;
                }
                log.warn("refusing {} {}: {}", what, only.item(), e.toString());
                refused.increment();
                only.done().completeExceptionally(e);
            }
            return;
        }
        int half = batch.size() / 2;
        writeUntilDone(new ArrayList<>(batch.subList(0, half)));
        writeUntilDone(new ArrayList<>(batch.subList(half, batch.size())));
    }

    private void writeUntilDone(List<Pending<T>> batch) throws InterruptedException {
        long backoff = 100;
        int duplicates = 0;
        while (true) {
            try {
                long start = System.nanoTime();
                write(batch.stream().map(Pending::item).toList());
                batches.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                lastCommit = clock.instant();
                failing.set(0);
                batch.forEach(pending -> pending.done().complete(null));
                return;
            } catch (RuntimeException e) {
                // A lost race with another node clears on retry; one that keeps coming back is in the batch itself.
                if (permanent(e) || (e instanceof org.springframework.dao.DuplicateKeyException && ++duplicates > 3)) {
                    writeSplitting(batch);
                    return;
                }
                // Keep the batch: nothing in it is acknowledged until it is committed.
                if (failing.incrementAndGet() == 1 || failing.get() % 20 == 0) {
                    log.warn("cannot store {} {}s (attempt {}), retrying: {}", batch.size(), what, failing.get(), e.toString());
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
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
    }
}
