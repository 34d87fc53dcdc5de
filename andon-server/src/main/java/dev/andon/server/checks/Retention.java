package dev.andon.server.checks;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deletes history past its retention, hourly and in small chunks so it never holds long locks:
 * raw results, minute roll-ups and heartbeat pings after {@code andon.checks.retention.raw}
 * (14 days), hour and day roll-ups after {@code andon.checks.retention.rollups} (400 days).
 */
@Configuration(proxyBeanMethods = false)
public class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int CHUNK = 10_000;

    @Bean
    RecurringTask<Void> checkRetentionTask(DSLContext sql, Clock clock,
                                           @Value("${andon.checks.retention.raw:14d}") Duration raw,
                                           @Value("${andon.checks.retention.rollups:400d}") Duration rollups) {
        return Tasks.recurring("check-retention", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> {
                    OffsetDateTime rawCutoff = clock.instant().minus(raw).atOffset(ZoneOffset.UTC);
                    OffsetDateTime rollupCutoff = clock.instant().minus(rollups).atOffset(ZoneOffset.UTC);
                    long deleted = deleteInChunks(sql, "delete from check_results where result_id in (select result_id from check_results where at < ?::timestamptz limit ?)", rawCutoff)
                            + deleteInChunks(sql, "delete from heartbeat_pings where id in (select id from heartbeat_pings where at < ?::timestamptz limit ?)", rawCutoff)
                            + deleteInChunks(sql, "delete from check_rollups where ctid in (select ctid from check_rollups where resolution = 'm' and bucket < ?::timestamptz limit ?)", rawCutoff)
                            + deleteInChunks(sql, "delete from check_rollups where ctid in (select ctid from check_rollups where resolution in ('h', 'd') and bucket < ?::timestamptz limit ?)", rollupCutoff);
                    if (deleted > 0) {
                        log.info("retention: deleted {} rows of check history", deleted);
                    }
                });
    }

    static long deleteInChunks(DSLContext sql, String statement, OffsetDateTime cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = sql.execute(statement, cutoff, CHUNK);
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }
}
