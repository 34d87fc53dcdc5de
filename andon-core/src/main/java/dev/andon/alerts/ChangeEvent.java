package dev.andon.alerts;

import java.time.Instant;
import java.util.List;

/**
 * A change that is not a problem (a deploy, a config push, a merged pull request), sent to
 * PagerDuty's {@code POST /v2/change/enqueue}. Shown next to a service's alerts for context; it
 * never opens an alert or pages anyone.
 *
 * @param timestamp     when the source says the change happened; null when it did not say
 * @param customDetails JSON text of whatever {@code payload.custom_details} held, or null
 */
public record ChangeEvent(String routingKey, String summary, String source, Instant timestamp, String customDetails, List<AlertLink> links) {

    public ChangeEvent {
        links = links == null ? List.of() : List.copyOf(links);
    }
}
