package dev.andon.alerts;

/**
 * PagerDuty's dedup semantics, per (integration, dedup key): a trigger opens an alert or is
 * deduplicated into the open one (also when it is acknowledged); acknowledge and resolve apply to
 * the open alert; after a resolve the key is free and the next trigger opens a new alert; an
 * acknowledge or resolve for a key with no open alert is dropped (the caller still answers 202).
 */
public final class AlertRules {
    private AlertRules() {}

    /** What an event does to the alert currently open under its key. */
    public enum Outcome {
        /** A new alert. */
        OPEN,
        /** Counted on the open alert, which keeps its status; its details are refreshed. */
        DEDUPLICATE,
        ACKNOWLEDGE,
        RESOLVE,
        /** Nothing to apply to: no open alert under that key, or it is already acknowledged. */
        DROP
    }

    /** @param open the status of the alert open under the event's key, or null when none is open */
    public static Outcome apply(AlertStatus open, AlertAction action) {
        if (open == AlertStatus.RESOLVED) {
            open = null;
        }
        return switch (action) {
            case TRIGGER -> open == null ? Outcome.OPEN : Outcome.DEDUPLICATE;
            case ACKNOWLEDGE -> open == AlertStatus.TRIGGERED ? Outcome.ACKNOWLEDGE : Outcome.DROP;
            case RESOLVE -> open == null ? Outcome.DROP : Outcome.RESOLVE;
        };
    }

    /** The status an open alert has after the outcome. */
    public static AlertStatus after(AlertStatus open, Outcome outcome) {
        return switch (outcome) {
            case OPEN -> AlertStatus.TRIGGERED;
            case DEDUPLICATE, DROP -> open;
            case ACKNOWLEDGE -> AlertStatus.ACKNOWLEDGED;
            case RESOLVE -> AlertStatus.RESOLVED;
        };
    }
}
