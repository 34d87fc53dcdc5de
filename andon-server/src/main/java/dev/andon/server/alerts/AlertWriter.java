package dev.andon.server.alerts;

import dev.andon.server.database.GroupCommitWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for inbound events: every ingestion endpoint queues its events here and answers 202
 * only once the batch holding them is committed. One writer thread takes whatever is queued, with
 * no added wait, and applies it in one transaction ({@link AlertIntake}); a full queue answers 429.
 * A batch of triggers only, the common case, is a single statement in autocommit.
 */
@Component
public class AlertWriter extends GroupCommitWriter<Intake> {
    private static final int MAX_BATCH = 1_000;

    private final TransactionTemplate transactions;
    private final AlertIntake intake;

    public AlertWriter(TransactionTemplate transactions, AlertIntake intake, Clock clock, MeterRegistry meters,
                       @Value("${andon.alerts.queue-capacity:20000}") int capacity) {
        super("alert event", "andon_alert_event", capacity, MAX_BATCH, clock, meters,
                Counter.builder("andon_alert_events_refused_total").description("Events refused with 429 because the queue was full").register(meters));
        this.transactions = transactions;
        this.intake = intake;
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
