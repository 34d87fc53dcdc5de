package dev.andon.server.checks;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Notices heartbeats whose deadline passed without a ping. A db-scheduler task, so it runs on one
 * node at a time and survives restarts; it runs every few seconds, which bounds how late a DOWN is.
 */
@Configuration(proxyBeanMethods = false)
public class HeartbeatDeadlines {
    static final Duration INTERVAL = Duration.ofSeconds(5);

    @Bean
    RecurringTask<Void> heartbeatDeadlinesTask(HeartbeatService heartbeats) {
        return Tasks.recurring("heartbeat-deadlines", FixedDelay.of(INTERVAL))
                .execute((instance, context) -> {
                    // Work through a backlog (after downtime) 500 at a time, bounded so one run cannot spin.
                    for (int round = 0; round < 20 && heartbeats.evaluateDue() >= 500; round++) {
                        Thread.onSpinWait();
                    }
                });
    }
}
