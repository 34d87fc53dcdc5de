package dev.andon.alerts;

/** How events arrive through an integration. */
public enum IntegrationType {
    /** PagerDuty Events API v2: {@code POST /v2/enqueue} with the integration key as {@code routing_key}. */
    EVENTS_V2("events-v2"),
    /** Prometheus Alertmanager webhook (version 4) at {@code /ingest/alertmanager/{key}}. */
    ALERTMANAGER("alertmanager"),
    /** Any JSON, read through a {@link WebhookMapping}, at {@code /ingest/webhook/{key}}. */
    WEBHOOK("webhook");

    private final String text;

    IntegrationType(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The type as written in YAML and the API, or null when it is not one. */
    public static IntegrationType parse(String value) {
        for (IntegrationType type : values()) {
            if (type.text.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
