package dev.andon.server.checks;

import static dev.andon.server.jooq.Tables.CHECKS;
import static dev.andon.server.jooq.Tables.CHECK_LOCATIONS;
import static dev.andon.server.jooq.Tables.HEARTBEATS;
import static dev.andon.server.jooq.Tables.SERVICES;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Check and heartbeat state on /metrics, refreshed from the database every 15 s (so every node
 * shows the same numbers): status and up per check, latency and certificate days left per check
 * and location, and whether the checker itself is healthy.
 */
@Component
public class CheckMetrics implements SmartInitializingSingleton, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(CheckMetrics.class);

    private final DSLContext sql;
    private final MultiGauge status;
    private final MultiGauge up;
    private final MultiGauge latency;
    private final MultiGauge certificateDays;
    private final MultiGauge heartbeatUp;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("andon-check-metrics").daemon(true).factory());

    public CheckMetrics(DSLContext sql, MeterRegistry registry, ResultWriter writer) {
        this.sql = sql;
        this.status = MultiGauge.builder("andon_check_status").description("1 for each check's current status (label status)").register(registry);
        this.up = MultiGauge.builder("andon_check_up").description("1 when the check is up or degraded, 0 when down; absent while unknown, pending or paused")
                .register(registry);
        this.latency = MultiGauge.builder("andon_check_latency_seconds").description("Duration of the latest probe, per check and location")
                .baseUnit("seconds").register(registry);
        this.certificateDays = MultiGauge.builder("andon_check_certificate_days_left")
                .description("Days until the TLS certificate seen by the latest probe expires").register(registry);
        this.heartbeatUp = MultiGauge.builder("andon_heartbeat_up").description("1 when the heartbeat is up or late, 0 when down; absent while new or paused")
                .register(registry);
        Gauge.builder("andon_checker_healthy", () -> writer.health().healthy() ? 1 : 0)
                .description("1 while the result writer commits; 0 when it cannot (its database unreachable)").register(registry);
    }

    @Override
    public void afterSingletonsInstantiated() {
        refresher.scheduleWithFixedDelay(this::refresh, 0, 15, TimeUnit.SECONDS);
    }

    void refresh() {
        try {
            List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
            List<MultiGauge.Row<?>> upRows = new ArrayList<>();
            sql.select(CHECKS.SLUG, SERVICES.SLUG, CHECKS.STATUS, CHECKS.TYPE).from(CHECKS).join(SERVICES).on(SERVICES.ID.eq(CHECKS.SERVICE_ID))
                    .forEach(row -> {
                        Tags tags = Tags.of("check", row.value1(), "service", row.value2(), "type", row.value4());
                        statusRows.add(MultiGauge.Row.of(tags.and("status", row.value3()), 1));
                        switch (row.value3()) {
                            case "up", "degraded" -> upRows.add(MultiGauge.Row.of(tags, 1));
                            case "down" -> upRows.add(MultiGauge.Row.of(tags, 0));
                            default -> { }
                        }
                    });
            List<MultiGauge.Row<?>> latencyRows = new ArrayList<>();
            List<MultiGauge.Row<?>> certificateRows = new ArrayList<>();
            sql.select(CHECKS.SLUG, CHECK_LOCATIONS.LOCATION, CHECK_LOCATIONS.LAST_RESULT).from(CHECK_LOCATIONS)
                    .join(CHECKS).on(CHECKS.ID.eq(CHECK_LOCATIONS.CHECK_ID)).where(CHECK_LOCATIONS.LAST_RESULT.isNotNull())
                    .forEach(row -> {
                        Tags tags = Tags.of("check", row.value1(), "location", row.value2());
                        JsonNode result = ResultJson.JSON.readTree(row.value3().data());
                        double seconds = 0;
                        for (JsonNode phase : result.path("phases")) {
                            seconds += phase.asDouble() / 1000.0;
                        }
                        if (!result.path("checkerFailure").asBoolean(false)) {
                            latencyRows.add(MultiGauge.Row.of(tags, seconds));
                        }
                        JsonNode days = result.path("observations").path("tls.days_left");
                        if (!days.isMissingNode()) {
                            try {
                                certificateRows.add(MultiGauge.Row.of(tags, Double.parseDouble(days.asString())));
                            } catch (NumberFormatException ignored) {
                                // an observation we cannot read is left out rather than shown as zero days
                            }
                        }
                    });
            List<MultiGauge.Row<?>> heartbeatRows = new ArrayList<>();
            sql.select(HEARTBEATS.SLUG, SERVICES.SLUG, HEARTBEATS.STATUS).from(HEARTBEATS).join(SERVICES).on(SERVICES.ID.eq(HEARTBEATS.SERVICE_ID))
                    .forEach(row -> {
                        Tags tags = Tags.of("heartbeat", row.value1(), "service", row.value2());
                        switch (row.value3()) {
                            case "up", "late" -> heartbeatRows.add(MultiGauge.Row.of(tags, 1));
                            case "down" -> heartbeatRows.add(MultiGauge.Row.of(tags, 0));
                            default -> { }
                        }
                    });
            status.register(statusRows, true);
            up.register(upRows, true);
            latency.register(latencyRows, true);
            certificateDays.register(certificateRows, true);
            heartbeatUp.register(heartbeatRows, true);
        } catch (RuntimeException e) {
            log.debug("cannot refresh check metrics: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
