package dev.andon.server.checks;

import dev.andon.server.database.GroupCommitWriter;
import dev.andon.checks.Check;
import dev.andon.probe.ProbeScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The in-process vantage point, location "local": runs every check that names it, on virtual
 * threads, and hands each outcome to the {@link ResultWriter}. Assignments are reloaded when a check
 * changes and every 30 s (another node may have changed one). With several nodes on one database,
 * one of them runs the location at a time (an advisory-lock lease).
 */
@Component
public class LocalProber implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(LocalProber.class);

    /** The advisory lock key of the local prober lease ("andon-lp"). */
    static final long LEASE_KEY = 0x616e646f6e2d6c70L;
    private final CheckStore store;
    private final DataSource dataSource;
    private Connection lease;
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    private final ResultWriter writer;
    private final ProbeScheduler scheduler;
    private final Timer lag;
    private final boolean enabled;
    private final java.util.concurrent.atomic.AtomicBoolean reloadPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("andon-check-reload").daemon(true).factory());

    public LocalProber(CheckStore store, ResultWriter writer, Clock clock, MeterRegistry meters, DataSource dataSource,
                       @Value("${andon.checks.local.enabled:true}") boolean enabled,
                       @Value("${andon.checks.max-in-flight:4096}") int maxInFlight) {
        this.store = store;
        this.dataSource = dataSource;
        this.writer = writer;
        this.enabled = enabled;
        this.lag = Timer.builder("andon_check_schedule_lag_seconds").description("How late probe runs start after their planned time")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.scheduler = new ProbeScheduler(clock, maxInFlight, this::accept);
        meters.gauge("andon_checks_scheduled", scheduler, ProbeScheduler::size);
        meters.gauge("andon_probes_in_flight", scheduler, ProbeScheduler::inFlight);
        meters.more().counter("andon_probes_overloaded_total", List.of(), scheduler, ProbeScheduler::overloaded);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (enabled) {
            reloads.scheduleWithFixedDelay(this::reload, 0, 30, TimeUnit.SECONDS);
        }
    }

    @EventListener
    void onChecksChanged(ChecksChanged changed) {
        // Coalesced: creating 10,000 checks one by one must not reload the whole set 10,000 times.
        if (enabled && reloadPending.compareAndSet(false, true)) {
            reloads.schedule(() -> {
                reloadPending.set(false);
                reload();
            }, 500, TimeUnit.MILLISECONDS);
        }
    }

    void reload() {
        try {
            if (!holdsLease()) {
                // Another node runs the local location; probing here too would only double the load.
                scheduler.replace(List.of());
                return;
            }
            scheduler.replace(store.assignmentsFor(Check.LOCAL));
        } catch (RuntimeException e) {
            // The database may be down: keep running what we have, which is the safest guess.
            log.warn("cannot reload local check assignments; keeping the current ones: {}", e.toString());
        }
    }

    /**
     * One node at a time runs the "local" location: the one holding a PostgreSQL advisory lock on
     * its own connection. If that node dies its session ends, the lock is free, and another node
     * takes over at its next reload (within 30 s).
     */
    private synchronized boolean holdsLease() {
        try {
            if (lease != null && lease.isValid(2)) {
                return true;
            }
            closeLease();
            Connection connection = dataSource.getConnection();
            boolean taken = false;
            try (var statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, LEASE_KEY);
                try (var result = statement.executeQuery()) {
                    taken = result.next() && result.getBoolean(1);
                }
            } finally {
                if (!taken) {
                    connection.close();
                }
            }
            if (taken) {
                lease = connection;
                log.info("this node runs the checks of the local location");
            }
            return taken;
        } catch (SQLException e) {
            closeLease();
            throw new IllegalStateException("cannot take the local prober lease: " + e.getMessage(), e);
        }
    }

    private void closeLease() {
        if (lease != null) {
            try (var unlock = lease.prepareStatement("select pg_advisory_unlock(?)")) {
                // The connection goes back to the pool: it must not keep the lock with it.
                unlock.setLong(1, LEASE_KEY);
                unlock.execute();
            } catch (SQLException ignored) {
                // a dead session holds no lock
            }
            try {
                lease.close();
            } catch (SQLException ignored) {
                // the connection is gone already, and with it the lock
            }
            lease = null;
        }
    }

    public ProbeScheduler scheduler() {
        return scheduler;
    }

    private void accept(ProbeScheduler.Outcome outcome) {
        lag.record(outcome.lag());
        try {
            writer.submit(List.of(new ResultWriter.Submitted(UUID.randomUUID(), outcome.assignment().checkId(), Check.LOCAL,
                    outcome.startedAt(), outcome.result(), outcome.checkerFailure())));
        } catch (GroupCommitWriter.QueueFullException e) {
            if (dropped.getAndIncrement() % 1000 == 0) {
                log.warn("results are being dropped: the result queue is full (its database is slow or away); {} so far", dropped.get());
            }
        }
    }

    @PreDestroy
    void stop() {
        reloads.shutdownNow();
        scheduler.close();
        synchronized (this) {
            closeLease();
        }
    }
}
