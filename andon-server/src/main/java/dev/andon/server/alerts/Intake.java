package dev.andon.server.alerts;

import dev.andon.alerts.AlertEvent;
import dev.andon.alerts.ChangeEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * One thing for the alert pipeline to store: an alert event, the end of an Alertmanager group, or a
 * change event. Stored in the inbox between its acceptance and its application
 * ({@link AlertInbox}, as {@link IntakeCodec} writes it).
 */
public sealed interface Intake {

    /** When Andon received it (what the apply lag is measured from). */
    Instant receivedAt();

    /**
     * An event about one alert.
     *
     * @param integrationId    null for alerts Andon raises itself ({@code origin} "check", later "slo")
     * @param originRef        what raised it inside Andon (the check's slug), else null
     * @param autoResolveAfter resolve the alert after this long without news; null for never
     * @param actor            who to name on the alert's timeline ("integration:prometheus", "check:api-health")
     */
    record Alert(Long integrationId, String origin, String originRef, long serviceId, AlertEvent event, Instant receivedAt,
                 Duration autoResolveAfter, String actor) implements Intake {
        @Override
        public String toString() {
            return event.action().text() + " " + event.dedupKey() + " from " + actor;
        }
    }

    /**
     * Alertmanager resolved a whole group: every open alert of it resolves, also those it left out
     * of the payload ({@code truncatedAlerts}).
     */
    record ResolveGroup(long integrationId, String groupKey, Instant receivedAt, String actor) implements Intake {}

    /** A change event (deploy, config change) against a service. */
    record Change(Long integrationId, long serviceId, ChangeEvent event, Instant receivedAt) implements Intake {
        @Override
        public String toString() {
            return "change event for service " + serviceId;
        }
    }
}
