package dev.andon.server.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.probe.ProbeResult;
import dev.andon.server.alerts.AlertIntake;
import dev.andon.server.alerts.MaintenanceCalendar;
import dev.andon.server.events.JooqEventLog;
import dev.andon.server.support.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The result writer's own database goes away and comes back: results submitted meanwhile wait,
 * the writer reports itself unhealthy, nothing is acknowledged early, and everything is stored
 * once the database is back.
 */
class ResultWriterOutageTest {
    private final String url = TestPostgres.newDatabase();
    private final String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    private ResultWriter writer;

    @AfterEach
    void reopen() throws InterruptedException {
        TestPostgres.admin("alter database " + database + " allow_connections true");
        if (writer != null) {
            writer.stop();
        }
    }

    @Test
    void resultsSubmittedWhileTheDatabaseIsDownAreStoredWhenItReturns() throws Exception {
        DataSource dataSource = TestPostgres.dataSource(url);
        DSLContext sql = DSL.using(new TransactionAwareDataSourceProxy(dataSource), SQLDialect.POSTGRES);
        sql.execute("insert into services (slug, name) values ('svc', 'Service')");
        long checkId = sql.resultQuery("insert into checks (slug, name, service_id, type, spec, interval_ms, timeout_ms, locations) "
                + "select 'c', 'C', id, 'tcp', '{\"host\":\"127.0.0.1\",\"port\":9}', 60000, 5000, '{local}' from services returning id").fetchOne(0, Long.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AlertIntake alerts = new AlertIntake(sql, new MaintenanceCalendar(sql, Clock.systemUTC()), Clock.systemUTC(), meters);
        writer = new ResultWriter(sql, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new JooqEventLog(sql),
                alerts, Clock.systemUTC(), meters);
        writer.afterSingletonsInstantiated();
        writer.submit(List.of(result(checkId))).get(10, TimeUnit.SECONDS);
        assertThat(writer.health().healthy()).isTrue();

        TestPostgres.admin("alter database " + database + " allow_connections false");
        TestPostgres.admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            pending.add(writer.submit(List.of(result(checkId))));
        }
        Thread.sleep(1500);
        assertThat(pending).noneMatch(CompletableFuture::isDone);
        assertThat(writer.health().healthy()).isFalse();
        assertThat(writer.health().queued()).isPositive();

        TestPostgres.admin("alter database " + database + " allow_connections true");
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(writer.health().healthy()).isTrue();
        assertThat(sql.fetchCount(sql.selectFrom("check_results"))).isEqualTo(51);
        assertThat(sql.resultQuery("select status from checks").fetchOne(0, String.class)).isEqualTo("up");
    }

    private static ResultWriter.Submitted result(long checkId) {
        return new ResultWriter.Submitted(UUID.randomUUID(), checkId, "local", Instant.now(),
                new ProbeResult(ProbeResult.Status.UP, "connected", null, Map.of(), Map.of()), false);
    }
}
