package dev.andon.server.paging.channels;

import java.util.List;

/** Messages the channel tests send, shaped like the paging engine's. */
final class Messages {
    static final String ALERT_URL = "https://andon.example.com/alerts/42";
    static final String ACKNOWLEDGE_URL = "https://andon.example.com/a/ack-token-123";
    static final String RESOLVE_URL = "https://andon.example.com/a/resolve-token-456";

    private Messages() {
    }

    static Message page() {
        return new Message("page-42-1", "[CRITICAL] checkout: Error rate above 5%", "Error rate is 7.5% over 5 minutes",
                "critical", "checkout", ALERT_URL, ACKNOWLEDGE_URL, RESOLVE_URL,
                List.of("Source: prometheus", "Runbook: https://wiki.example.com/checkout"), false);
    }

    static Message test() {
        return new Message("test-7", "Andon test notification", "This is a test", "info", "", ALERT_URL, null, null,
                List.of(), true);
    }
}
