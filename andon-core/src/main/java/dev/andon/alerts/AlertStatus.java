package dev.andon.alerts;

/** Where an alert is in its life: triggered (open, unacknowledged), acknowledged (open, someone has it), resolved. */
public enum AlertStatus {
    TRIGGERED, ACKNOWLEDGED, RESOLVED;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AlertStatus parse(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean open() {
        return this != RESOLVED;
    }
}
