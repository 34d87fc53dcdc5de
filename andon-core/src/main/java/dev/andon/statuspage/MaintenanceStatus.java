package dev.andon.statuspage;

import java.util.Locale;

/** Where a scheduled maintenance stands, in Statuspage's words. */
public enum MaintenanceStatus {
    SCHEDULED, IN_PROGRESS, VERIFYING, COMPLETED;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In progress or verifying: its components show as under maintenance. */
    public boolean active() {
        return this == IN_PROGRESS || this == VERIFYING;
    }

    /** Null for an unknown text, so the caller can say where it was. */
    public static MaintenanceStatus parse(String text) {
        for (MaintenanceStatus status : values()) {
            if (status.text().equals(text)) {
                return status;
            }
        }
        return null;
    }
}
