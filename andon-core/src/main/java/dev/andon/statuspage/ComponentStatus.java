package dev.andon.statuspage;

import java.util.Locale;

/** A status page component's state, in Atlassian Statuspage's words; ordered from best to worst. */
public enum ComponentStatus {
    OPERATIONAL("Operational"),
    UNDER_MAINTENANCE("Under maintenance"),
    DEGRADED_PERFORMANCE("Degraded performance"),
    PARTIAL_OUTAGE("Partial outage"),
    MAJOR_OUTAGE("Major outage");

    private final String label;

    ComponentStatus(String label) {
        this.label = label;
    }

    /** The wire text: operational, degraded_performance, ... */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    /** Null for an unknown text, so the caller can say where it was. */
    public static ComponentStatus parse(String text) {
        for (ComponentStatus status : values()) {
            if (status.text().equals(text)) {
                return status;
            }
        }
        return null;
    }
}
