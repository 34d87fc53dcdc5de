package dev.andon.server.ops;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A recurring db-scheduler task whose only job is to prove the scheduler runs: /readyz is not
 * ready when it has not run recently, because then no timer (escalations, deliveries) would fire.
 */
@Configuration(proxyBeanMethods = false)
public class SchedulerHeartbeat {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    private final AtomicReference<Instant> lastRun = new AtomicReference<>();

    @Bean
    RecurringTask<Void> schedulerHeartbeatTask(Clock clock) {
        return Tasks.recurring("scheduler-heartbeat", FixedDelay.of(INTERVAL))
                .execute((instance, context) -> lastRun.set(clock.instant()));
    }

    public Instant lastRun() {
        return lastRun.get();
    }
}
