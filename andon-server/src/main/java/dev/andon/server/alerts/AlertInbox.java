package dev.andon.server.alerts;

import dev.andon.server.database.ArraySql;
import dev.andon.server.database.GroupCommitWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where accepted events wait to be applied. The ingestion endpoints answer 202 once their events
 * are committed here ({@link AlertWriter}: one narrow insert per batch); a thread of this class
 * then applies them to the alerts ({@link AlertIntake}: dedup, grouping, suppression, timelines) in
 * batches of whatever has arrived, oldest first, and deletes them in the same transaction. So an
 * accepted event is never lost (it is on disk before the 202) and is applied exactly once, also
 * across a crash, and the cost of applying, mostly per statement, is shared by hundreds of events
 * instead of the dozen a request's commit waits for.
 *
 * <p>Order: one node applies at a time (an advisory lock), in the order events were stored, so an
 * alert's acknowledge never overtakes its trigger. An event that fails to apply on its own, every
 * time (it should not happen: events are validated before they are accepted), is set aside with its
 * error ({@code failed_at}) and logged, and the events behind it go on.
 *
 * <p>The backlog is bounded ({@code andon.alerts.inbox-capacity}): past it, ingestion answers 429,
 * as it does when the in-memory queue is full.
 */
@Component
public class AlertInbox implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(AlertInbox.class);
    /** pg_try_advisory_xact_lock key ("andon-ib"): one node applies at a time. */
    private static final long APPLY_LOCK = 0x616e646f6e2d6962L;

    /** Is applying keeping up: for /readyz. */
    public record Health(boolean healthy, long waiting, long setAside, String lastError) {}

    private record Row(long id, String item) {}

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final AlertIntake intake;
    private final Clock clock;
    private final long capacity;
    private final int maxBatch;
    /** Events stored and not yet applied (by this node's count: stored here, or found at start). */
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong setAside = new AtomicLong();
    private final AtomicInteger failing = new AtomicInteger();
    private final Timer lag;
    private final Timer batches;
    private final Counter failedEvents;
    private final Object monitor = new Object();
    /** Guarded by monitor: something was stored since the applier last looked. */
    private boolean stored;
    private volatile boolean running = true;
    private volatile String lastError;
    private Thread thread;
    /** The planner settings lock() found, to put back (the applier thread's own). */
    private String seqscan = "on";
    private String sort = "on";

    public AlertInbox(DSLContext sql, TransactionTemplate transactions, AlertIntake intake, Clock clock, MeterRegistry meters,
                      @Value("${andon.alerts.inbox-capacity:200000}") long capacity, @Value("${andon.alerts.apply-batch:1000}") int maxBatch) {
        if (capacity < 1) {
            throw new IllegalArgumentException("andon.alerts.inbox-capacity must be at least 1, not " + capacity);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("andon.alerts.apply-batch must be at least 1, not " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.sql = sql;
        this.transactions = transactions;
        this.intake = intake;
        this.clock = clock;
        this.capacity = capacity;
        this.lag = Timer.builder("andon_alert_apply_lag_seconds").description("From an event's arrival to its application to the alerts")
                .register(meters);
        this.batches = Timer.builder("andon_alert_apply_batch_seconds").description("Time to apply one batch of stored events").register(meters);
        this.failedEvents = Counter.builder("andon_alert_events_set_aside_total")
                .description("Stored events that failed to apply on their own and were set aside").register(meters);
        meters.gauge("andon_alert_inbox_waiting", waiting);
    }

    @Override
    public void afterSingletonsInstantiated() {
        waiting.set(count("failed_at is null"));
        setAside.set(count("failed_at is not null"));
        if (setAside.get() > 0) {
            log.warn("{} stored alert events could not be applied and are set aside: see alert_inbox rows with failed_at", setAside.get());
        }
        thread = Thread.ofPlatform().name("andon-alert-apply").daemon(true).start(this::run);
    }

    private long count(String condition) {
        return ((Number) sql.fetchValue("select count(*) from alert_inbox where " + condition)).longValue();
    }

    /** Whether the backlog is at its bound: new events are refused (429) until it drains. */
    public boolean full() {
        return waiting.get() >= capacity;
    }

    /**
     * Stores the items, in order, in one statement: in autocommit (the alert writer), durable when
     * this returns. Wakes the applier.
     */
    void store(List<? extends Intake> items) {
        String[] json = new String[items.size()];
        for (int i = 0; i < json.length; i++) {
            json[i] = IntakeCodec.write(items.get(i));
        }
        store(json);
    }

    /** As {@link #store(List)}, for items already written by {@link IntakeCodec}. */
    void store(String[] json) {
        // Counted before the insert: the applier may apply them before this thread runs again.
        waiting.addAndGet(json.length);
        try {
            ArraySql.execute(sql, "insert into alert_inbox (item) select i from unnest(?::text[]) with ordinality as u(i, n) order by n", (Object) json);
        } catch (RuntimeException e) {
            waiting.addAndGet(-json.length);
            throw e;
        }
        synchronized (monitor) {
            stored = true;
            monitor.notifyAll();
        }
    }

    /** Waits until every event this node stored is applied (or set aside); false when the timeout came first. */
    public boolean awaitApplied(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (waiting.get() > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
        return true;
    }

    public Health health() {
        boolean alive = thread != null && thread.isAlive();
        return new Health(alive && failing.get() == 0, waiting.get(), setAside.get(), lastError);
    }

    private void run() {
        long backoff = 100;
        int limit = maxBatch;
        while (running) {
            try {
                int applied = applyNext(limit);
                if (failing.getAndSet(0) > 0) {
                    log.info("applying stored alert events again");
                }
                backoff = 100;
                if (applied > 0) {
                    // After isolating a bad event, grow back to full batches.
                    limit = Math.min(maxBatch, limit * 2);
                } else {
                    awaitStored();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (GroupCommitWriter.permanent(e)) {
                    // Some event of the batch fails every time: halve until it is alone, then set it aside.
                    if (limit > 1) {
                        limit = Math.max(1, limit / 2);
                    } else {
                        setAsideFirst(e);
                    }
                    continue;
                }
                // The database is unreachable or a race was lost: the events stay stored; try again.
                lastError = e.getMessage();
                if (failing.incrementAndGet() == 1 || failing.get() % 20 == 0) {
                    log.warn("cannot apply stored alert events (attempt {}), retrying: {}", failing.get(), e.toString());
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void awaitStored() throws InterruptedException {
        synchronized (monitor) {
            // Also look now and then without a signal: events another node stored, or stored before a restart.
            if (!stored && running) {
                monitor.wait(1_000);
            }
            stored = false;
        }
    }

    /** Applies up to limit of the oldest stored events in one transaction; how many (0 when none, or another node is applying). */
    private int applyNext(int limit) {
        long start = System.nanoTime();
        List<Intake> applied = transactions.execute(status -> {
            if (!lock()) {
                return List.of();
            }
            // Taken out of the inbox first, in the same transaction: if applying fails, they are back.
            List<Row> rows = new ArrayList<>();
            // "= any (array(...))", not "in (select ...)": planned on the statistics of an empty
            // inbox, the semi-join read the whole inbox for every batch (1.7 ms of PostgreSQL per
            // event with 40,000 waiting); primary-key lookups of the ids taken are the only plan here.
            ArraySql.query(sql, """
                    delete from alert_inbox
                    where id = any (array(select id from alert_inbox where failed_at is null order by id limit ?))
                    returning id, item""", row -> rows.add(new Row(row.getLong(1), row.getString(2))), limit);
            // The planner settings lock() changed are for the inbox only, not for applying.
            sql.fetchOne("select set_config('enable_seqscan', ?, true), set_config('enable_sort', ?, true)", seqscan, sort);
            if (rows.isEmpty()) {
                return List.of();
            }
            rows.sort(Comparator.comparingLong(Row::id));
            List<Intake> items = new ArrayList<>(rows.size());
            for (Row row : rows) {
                items.add(IntakeCodec.read(row.item()));
            }
            intake.apply(items);
            return items;
        });
        if (applied == null || applied.isEmpty()) {
            return 0;
        }
        batches.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        Instant now = clock.instant();
        for (Intake item : applied) {
            // Never negative: a sender's clock is not involved, but a test's movable one is.
            lag.record(Duration.ofNanos(Math.max(0, Duration.between(item.receivedAt(), now).toNanos())));
        }
        done(applied.size());
        return applied.size();
    }

    /**
     * Takes the apply lock for this transaction, or false when another node holds it. Also keeps
     * the planner on the primary key: statistics taken while the inbox was empty (the usual state)
     * make a sequential scan and a sort look cheapest, and with a backlog of a hundred thousand
     * events that is a sort of all of them for every batch, so the backlog grows instead of draining.
     */
    private boolean lock() {
        Record lock = sql.fetchOne("select current_setting('enable_seqscan'), current_setting('enable_sort'), "
                + "set_config('enable_seqscan', 'off', true), set_config('enable_sort', 'off', true), pg_try_advisory_xact_lock(" + APPLY_LOCK + ")");
        if (lock == null) {
            return false;
        }
        seqscan = lock.get(0, String.class);
        sort = lock.get(1, String.class);
        return Boolean.TRUE.equals(lock.get(4));
    }

    private List<Row> next(int limit) {
        List<Row> rows = new ArrayList<>();
        ArraySql.query(sql, "select id, item from alert_inbox where failed_at is null order by id limit ?",
                row -> rows.add(new Row(row.getLong(1), row.getString(2))), limit);
        return rows;
    }

    /** The oldest stored event failed on its own: keep it, marked, and go on with the rest. */
    private void setAsideFirst(RuntimeException e) {
        Long id = transactions.execute(status -> {
            if (!lock()) {
                return null;
            }
            List<Row> rows = next(1);
            if (rows.isEmpty()) {
                return null;
            }
            ArraySql.execute(sql, "update alert_inbox set failed_at = ?, error = ? where id = ?", AlertIntake.utc(clock.instant()),
                    AlertIntake.clean(e.toString()), rows.getFirst().id());
            return rows.getFirst().id();
        });
        if (id != null) {
            log.error("alert event {} in alert_inbox fails to apply on its own and is set aside: {}", id, e.toString());
            failedEvents.increment();
            setAside.incrementAndGet();
            done(1);
        }
    }

    private void done(int count) {
        waiting.updateAndGet(left -> Math.max(0, left - count));
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Stops after the batch in hand; what is still stored is applied at the next start. */
    @PreDestroy
    public void stop() throws InterruptedException {
        running = false;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
    }
}
