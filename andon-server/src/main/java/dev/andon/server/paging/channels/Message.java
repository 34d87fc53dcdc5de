package dev.andon.server.paging.channels;

import java.util.List;
import java.util.Objects;

/**
 * What one notification says; built by the paging engine and rendered by each channel in its own way.
 * {@code acknowledgeUrl} and {@code resolveUrl} are null when the person cannot act on it (a "resolved"
 * follow-up, a test message); {@code details} are extra lines such as the source or a runbook link.
 */
public record Message(String idempotencyKey, String subject, String summary, String severity, String service,
                      String alertUrl, String acknowledgeUrl, String resolveUrl, List<String> details, boolean test) {

    public Message {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(subject, "subject");
        // Channels render these unconditionally; empty text reads better than "null" in a page.
        summary = summary == null ? "" : summary;
        severity = severity == null ? "" : severity;
        service = service == null ? "" : service;
        details = details == null ? List.of() : List.copyOf(details);
    }
}
