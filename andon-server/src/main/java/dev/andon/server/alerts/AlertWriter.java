package dev.andon.server.alerts;

import dev.andon.server.database.GroupCommitWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for inbound events: every ingestion endpoint queues its events here and answers 202
 * only once the batch holding them is committed. Each lane's writer thread takes whatever is queued
 * in it, with no added wait, and applies it in one transaction ({@link AlertIntake}); a full queue
 * answers 429. A batch of triggers only, the common case, is a single statement in autocommit.
 *
 * <p>Lanes (default 2): while one lane's batch waits for its commit to reach the disk, the next is
 * built and sent on another, so a burst is not paced by one commit at a time. The events of one
 * alert stay in one lane, in order: a lane is chosen by (integration, dedup key), or for
 * Alertmanager by (integration, groupKey), since a resolved group resolves all its alerts.
 */
@Component
public class AlertWriter extends GroupCommitWriter<Intake> {
    private static final int MAX_BATCH = 1_000;

    private final TransactionTemplate transactions;
    private final AlertIntake intake;

    public AlertWriter(TransactionTemplate transactions, AlertIntake intake, Clock clock, MeterRegistry meters,
                       @Value("${andon.alerts.queue-capacity:20000}") int capacity,
                       @Value("${andon.alerts.writer-lanes:2}") int lanes) {
        super("alert event", "andon_alert_event", capacity, MAX_BATCH, lanes, clock, meters,
                Counter.builder("andon_alert_events_refused_total").description("Events refused with 429 because the queue was full").register(meters));
        this.transactions = transactions;
        this.intake = intake;
    }

    @Override
    protected int lane(Intake item) {
        return switch (item) {
            case Intake.Alert alert -> Objects.hash(alert.integrationId(),
                    alert.event().groupKey() != null ? alert.event().groupKey() : alert.event().dedupKey());
            case Intake.ResolveGroup group -> Objects.hash(group.integrationId(), group.groupKey());
            case Intake.Change change -> Long.hashCode(change.serviceId());
        };
    }

    /** A batch of triggers only is one statement, run on its own: its commit rides on the same round trip. */
    @Override
    public void write(List<Intake> batch) {
        if (AlertIntake.triggersOnly(batch)) {
            intake.apply(batch);
        } else {
            transactions.executeWithoutResult(status -> intake.apply(batch));
        }
    }
}
