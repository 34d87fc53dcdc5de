package dev.andon.server.checks;

import dev.andon.checks.Check;
import dev.andon.probe.ProbeScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
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
 * changes and every 30 s (another node may have changed one).
 */
@Component
public class LocalProber implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(LocalProber.class);

    private final CheckStore store;
    private final ResultWriter writer;
    private final ProbeScheduler scheduler;
    private final Timer lag;
    private final boolean enabled;
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("andon-check-reload").daemon(true).factory());

    public LocalProber(CheckStore store, ResultWriter writer, Clock clock, MeterRegistry meters,
                       @Value("${andon.checks.local.enabled:true}") boolean enabled,
                       @Value("${andon.checks.max-in-flight:4096}") int maxInFlight) {
        this.store = store;
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
        if (enabled) {
            reloads.execute(this::reload);
        }
    }

    void reload() {
        try {
            scheduler.replace(store.assignmentsFor(Check.LOCAL));
        } catch (RuntimeException e) {
            // The database may be down: keep running what we have, which is the safest guess.
            log.warn("cannot reload local check assignments; keeping the current ones: {}", e.toString());
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
        } catch (ResultWriter.QueueFullException e) {
            log.warn("result of check {} dropped: the result queue is full", outcome.assignment().slug());
        }
    }

    @PreDestroy
    void stop() {
        reloads.shutdownNow();
        scheduler.close();
    }
}
