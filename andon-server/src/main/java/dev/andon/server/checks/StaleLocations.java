package dev.andon.server.checks;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.andon.probe.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A location that stops reporting (its agent died, its node lost the lease) must not keep its last
 * state forever: after two intervals plus the timeout and 30 s of slack without a result, it gets
 * an UNKNOWN result saying so. A DOWN location stays DOWN (the outage is not over just because
 * nobody is looking), and the check's verdict follows through the usual path.
 */
@Configuration(proxyBeanMethods = false)
public class StaleLocations {
    private static final Logger log = LoggerFactory.getLogger(StaleLocations.class);

    @Bean
    RecurringTask<Void> staleLocationsTask(DSLContext sql, ResultWriter writer, Clock clock) {
        return Tasks.recurring("check-stale-locations", FixedDelay.of(Duration.ofSeconds(30)))
                .execute((instance, context) -> markStale(sql, writer, clock));
    }

    static int markStale(DSLContext sql, ResultWriter writer, Clock clock) {
        List<ResultWriter.Submitted> silent = new ArrayList<>();
        sql.resultQuery("""
                        select cl.check_id, cl.location, cl.last_result_at
                        from check_locations cl join checks c on c.id = cl.check_id
                        where not c.paused and cl.location = any(c.locations)
                          and cl.status in ('up', 'degraded')
                          and cl.last_result_at < now() - (c.interval_ms * 2 + c.timeout_ms + 30000) * interval '1 millisecond'
                        limit 5000""")
                .forEach(row -> silent.add(new ResultWriter.Submitted(UUID.randomUUID(), row.get(0, Long.class), row.get(1, String.class),
                        clock.instant(), ProbeResult.builder().downAfter(null, "no result from " + row.get(1, String.class) + " since "
                                + row.get(2, OffsetDateTime.class).toInstant() + ": its agent or prober is not running"), true)));
        if (!silent.isEmpty()) {
            log.warn("{} check locations stopped reporting; marking them unknown", silent.size());
            writer.submit(silent);
        }
        return silent.size();
    }
}
