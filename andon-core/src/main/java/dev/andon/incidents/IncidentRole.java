package dev.andon.incidents;

import java.util.Locale;

/**
 * The roles of a response: the incident commander coordinates, the operations lead fixes, the
 * communications lead talks to stakeholders and the status page, the scribe keeps the timeline.
 */
public enum IncidentRole {
    COMMANDER("Incident commander"), OPERATIONS("Operations lead"), COMMUNICATIONS("Communications lead"), SCRIBE("Scribe");

    private final String title;

    IncidentRole(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown text, so the caller can say where it was. */
    public static IncidentRole parse(String text) {
        for (IncidentRole role : values()) {
            if (role.text().equals(text)) {
                return role;
            }
        }
        return null;
    }
}
