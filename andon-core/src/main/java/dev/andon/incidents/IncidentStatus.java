package dev.andon.incidents;

import java.util.Locale;

/** Where the response stands, in Statuspage's words: investigating, identified, monitoring, resolved. */
public enum IncidentStatus {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown text, so the caller can say where it was. */
    public static IncidentStatus parse(String text) {
        for (IncidentStatus status : values()) {
            if (status.text().equals(text)) {
                return status;
            }
        }
        return null;
    }
}
