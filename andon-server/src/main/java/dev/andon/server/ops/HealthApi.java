package dev.andon.server.ops;

import dev.andon.server.database.GroupCommitWriter;
import com.github.kagkarlsson.scheduler.Scheduler;
import dev.andon.server.alerts.AlertInbox;
import dev.andon.server.alerts.AlertWriter;
import dev.andon.server.checks.ResultWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Probes for load balancers and orchestrators. /livez: the process answers. /readyz: deep, it can
 * do its work: database reachable, migrations current, background scheduler running.
 */
@RestController
public class HealthApi {
    private static final Logger log = LoggerFactory.getLogger(HealthApi.class);
    private final DSLContext sql;
    private final MigrationState migrations;
    private final org.springframework.beans.factory.ObjectProvider<Scheduler> scheduler;
    private final SchedulerHeartbeat heartbeat;
    private final Clock clock;
    private final Instant startedAt;

    private final ResultWriter resultWriter;
    private final AlertWriter alertWriter;
    private final AlertInbox alertInbox;

    public HealthApi(DSLContext sql, MigrationState migrations, org.springframework.beans.factory.ObjectProvider<Scheduler> scheduler, SchedulerHeartbeat heartbeat, Clock clock,
                     ResultWriter resultWriter, AlertWriter alertWriter, AlertInbox alertInbox) {
        this.resultWriter = resultWriter;
        this.alertWriter = alertWriter;
        this.alertInbox = alertInbox;
        this.sql = sql;
        this.migrations = migrations;
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @GetMapping("/livez")
    public Map<String, String> live() {
        return Map.of("status", "ok");
    }

    @GetMapping("/readyz")
    public ResponseEntity<Map<String, Object>> ready() {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ready = true;
        try {
            sql.selectOne().fetch();
            checks.put("database", "ok");
        } catch (RuntimeException e) {
            log.warn("readiness: database unreachable", e);
            checks.put("database", "unreachable");
            ready = false;
        }
        try {
            String applied = sql.resultQuery("select version from flyway_schema_history where success and version is not null"
                    + " order by installed_rank desc limit 1").fetchOne(0, String.class);
            String expected = migrations.expectedVersion();
            // A newer node may already have migrated further (rolling upgrade): that schema is
            // compatible by our migration rules, so only a database behind this node is not ready.
            boolean current = expected != null && applied != null
                    && MigrationVersion.fromVersion(applied).isAtLeast(expected);
            checks.put("migrations", current ? "current (version " + applied + ")"
                    : "database at version " + applied + ", this node needs " + expected);
            ready &= current;
        } catch (RuntimeException e) {
            log.warn("readiness: cannot read the migration history", e);
            checks.put("migrations", "unknown");
            ready = false;
        }
        GroupCommitWriter.Health checker = resultWriter.health();
        // The checker's own trouble is reported here and as UNKNOWN results, never as a DOWN check.
        checks.put("checker", checker.healthy() ? "ok (" + checker.queued() + " results queued)"
                : "cannot store results (" + checker.queued() + " queued); see the server log");
        ready &= checker.healthy();
        GroupCommitWriter.Health ingestion = alertWriter.health();
        checks.put("ingestion", ingestion.healthy() ? "ok (" + ingestion.queued() + " events queued)"
                : "cannot store alert events (" + ingestion.queued() + " queued); see the server log");
        ready &= ingestion.healthy();
        AlertInbox.Health applying = alertInbox.health();
        String setAside = applying.setAside() == 0 ? "" : ", " + applying.setAside() + " set aside: see alert_inbox rows with failed_at";
        checks.put("alert-apply", applying.healthy() ? "ok (" + applying.waiting() + " events waiting" + setAside + ")"
                : "cannot apply alert events (" + applying.waiting() + " waiting" + setAside + "); see the server log");
        ready &= applying.healthy();
        String schedulerState = schedulerState();
        checks.put("scheduler", schedulerState);
        ready &= schedulerState.equals("running");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put("checks", checks);
        return ResponseEntity.status(ready ? 200 : 503).body(body);
    }

    private String schedulerState() {
        Scheduler scheduler = this.scheduler.getIfAvailable();
        if (scheduler == null) {
            return "disabled (db-scheduler.enabled=false)";
        }
        if (scheduler.getSchedulerState().isShuttingDown()) {
            return "shutting down";
        }
        if (!scheduler.getSchedulerState().isStarted()) {
            return "not started";
        }
        Instant lastRun = heartbeat.lastRun();
        Duration allowed = SchedulerHeartbeat.INTERVAL.multipliedBy(6);
        if (lastRun == null) {
            // Right after start the first heartbeat may not have run yet.
            return Duration.between(startedAt, clock.instant()).compareTo(allowed) < 0 ? "running" : "no heartbeat since start";
        }
        Duration since = Duration.between(lastRun, clock.instant());
        return since.compareTo(allowed) <= 0 ? "running" : "stalled: last heartbeat " + since.toSeconds() + " s ago";
    }
}
