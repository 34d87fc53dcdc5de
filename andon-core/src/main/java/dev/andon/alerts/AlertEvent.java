package dev.andon.alerts;

import java.time.Instant;
import java.util.List;

/**
 * One inbound event, normalised from whatever sent it (a PagerDuty Events v2 call, one alert of an
 * Alertmanager webhook, a mapped generic webhook, a check's state change). Field meanings follow
 * PagerDuty's payload.
 *
 * @param dedupKey      null only for a trigger that came without one (the pipeline generates it)
 * @param summary       required for a trigger; may be null for acknowledge and resolve
 * @param severity      required for a trigger; null otherwise
 * @param timestamp     when the source saw it, if it said; null when absent
 * @param customDetails JSON text of an object (or any JSON value the source sent), or null
 * @param groupKey      Alertmanager's {@code groupKey} for alerts that came in a webhook, else null
 */
public record AlertEvent(AlertAction action, String dedupKey, String summary, String source, Severity severity, Instant timestamp,
                         String component, String group, String eventClass, String customDetails, List<AlertLink> links,
                         List<AlertImage> images, String client, String clientUrl, String groupKey) {

    public AlertEvent {
        links = links == null ? List.of() : List.copyOf(links);
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** The same event with the dedup key the pipeline chose for it. */
    public AlertEvent withDedupKey(String key) {
        return new AlertEvent(action, key, summary, source, severity, timestamp, component, group, eventClass, customDetails, links, images,
                client, clientUrl, groupKey);
    }
}
