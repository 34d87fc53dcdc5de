package dev.andon.server.alerts;

import dev.andon.server.database.GroupCommitWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Group commit for inbound events: every ingestion endpoint queues its events here and answers 202
 * only once the batch holding them is committed to the inbox ({@link AlertInbox}), from where they
 * are applied to the alerts just after. Each lane's writer thread takes whatever is queued in it,
 * with no added wait, and stores it with one insert in autocommit. A full queue, or an inbox
 * backlog at its bound, answers 429.
 *
 * <p>Lanes (default 1): more lanes store several batches at once. The events of one alert stay in
 * one lane, in order: a lane is chosen by (integration, dedup key), or for Alertmanager by
 * (integration, groupKey), since a resolved group resolves all its alerts.
 */
@Component
public class AlertWriter extends GroupCommitWriter<AlertWriter.Encoded> {
    private static final int MAX_BATCH = 1_000;

    private final AlertInbox inbox;
    private final Counter refused;

    /** An item and its inbox text, written on the sender's thread: the writer thread only stores. */
    public record Encoded(Intake item, String json) {
        @Override
        public String toString() {
            return item.toString();
        }
    }

    public AlertWriter(AlertInbox inbox, Clock clock, MeterRegistry meters,
                       @Value("${andon.alerts.queue-capacity:20000}") int capacity,
                       @Value("${andon.alerts.writer-lanes:1}") int lanes) {
        super("alert event", "andon_alert_event", capacity, MAX_BATCH, lanes, clock, meters, refusedCounter(meters));
        this.inbox = inbox;
        this.refused = refusedCounter(meters);
    }

    private static Counter refusedCounter(MeterRegistry meters) {
        return Counter.builder("andon_alert_events_refused_total").description("Events refused with 429 because the queue was full")
                .register(meters);
    }

    /**
     * Queues the items and waits until they are stored, as {@link #submitAndWait}; refuses them all
     * at once (QueueFullException) while the inbox holds as many events as it may.
     */
    public void store(List<Intake> items, Duration timeout) throws TimeoutException, ExecutionException, InterruptedException {
        if (inbox.full()) {
            refused.increment(items.size());
            throw new QueueFullException("alert event");
        }
        submitAndWait(items.stream().map(item -> new Encoded(item, IntakeCodec.write(item))).toList(), timeout);
    }

    /** Stores the items in the inbox at once, on the calling thread, bypassing the queue (tests, and tools). */
    public void storeNow(List<? extends Intake> items) {
        inbox.store(items);
    }

    @Override
    protected int lane(Encoded encoded) {
        return switch (encoded.item()) {
            case Intake.Alert alert -> Objects.hash(alert.integrationId(),
                    alert.event().groupKey() != null ? alert.event().groupKey() : alert.event().dedupKey());
            case Intake.ResolveGroup group -> Objects.hash(group.integrationId(), group.groupKey());
            case Intake.Change change -> Long.hashCode(change.serviceId());
        };
    }

    /** One insert, in autocommit: durable when it returns. */
    @Override
    public void write(List<Encoded> batch) {
        String[] json = new String[batch.size()];
        for (int i = 0; i < json.length; i++) {
            json[i] = batch.get(i).json();
        }
        inbox.store(json);
    }
}
